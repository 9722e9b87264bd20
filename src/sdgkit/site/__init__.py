"""The static website: page plan, templates, charts, search and assets.

Rendering is pure (pages are ``(path, bytes)`` pairs); :mod:`sdgkit.write` writes them and
the preview server keeps them in memory.
"""
