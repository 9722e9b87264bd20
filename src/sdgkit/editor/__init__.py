"""The browser editor's building blocks (``sdgkit serve --edit``).

Accounts and roles, signed sessions, CSRF tokens, sign-in rate limiting, the paths and
uploads a user may touch, and the saving, history and review of changes. The web routes
are built on top of these modules; nothing here prints or knows about HTTP requests, so
each rule can be tested on its own.
"""
