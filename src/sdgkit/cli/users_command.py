"""``sdgkit users``: the accounts of the browser editor (``sdgkit serve --edit``).

Passwords are typed at a hidden prompt, twice, or read from standard input for scripts
(``--password-stdin``); never from the command line, where other users of the computer
and the shell history would see them.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # argon2 is imported when the command runs, so other commands start as fast as before
    from sdgkit.editor.accounts import Accounts, User

EXIT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130
ROLES = ("viewer", "editor", "publisher")


class _UsageError(Exception):
    """A usage problem found by this module (not by the accounts library)."""


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "users", help="manage the accounts of the browser editor (sdgkit serve --edit)",
        description="Add, remove and list the people who may sign in to the browser editor, "
                    "and set their passwords and roles: viewer (reads), editor (proposes changes), "
                    "publisher (approves and publishes).")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--repo", default=".", metavar="PATH", help="repository folder (default: current folder)")
    common.add_argument("--file", metavar="FILE",
                        help="accounts file (default: .sdgkit/users.json in the repository)")
    stdin = argparse.ArgumentParser(add_help=False)
    stdin.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of standard input instead of a prompt")
    add = actions.add_parser("add", parents=[common, stdin], help="add a user")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES, help="what the user may do")
    add.set_defaults(do=_add)
    remove = actions.add_parser("remove", parents=[common], help="remove a user")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(do=_remove)
    passwd = actions.add_parser("passwd", parents=[common, stdin], help="set a user's password")
    passwd.add_argument("name", metavar="NAME")
    passwd.set_defaults(do=_passwd)
    role = actions.add_parser("role", parents=[common], help="set a user's role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", metavar="ROLE", choices=ROLES, help=", ".join(ROLES))
    role.set_defaults(do=_role)
    listing = actions.add_parser("list", parents=[common], help="list the users and their roles")
    listing.set_defaults(do=_list)
    parser.set_defaults(run=run)


def _add(options: argparse.Namespace, accounts: Accounts) -> str:
    from sdgkit.editor.accounts import check_name

    check_name(options.name)
    if accounts.get_user(options.name):  # before asking for a password that would be thrown away
        raise _UsageError(f"a user named {options.name!r} already exists")
    user = accounts.add_user(options.name, options.role, _password(options))
    return f"Added {user.name} ({user.role}) to {accounts.path}.\n"


def _remove(options: argparse.Namespace, accounts: Accounts) -> str:
    user = accounts.remove_user(options.name)
    return f"Removed {user.name} ({user.role}); their open sessions end at their next request.\n"


def _passwd(options: argparse.Namespace, accounts: Accounts) -> str:
    user = _existing(accounts, options.name)
    accounts.set_password(user.name, _password(options, user.name))
    return f"Changed the password of {user.name}; their open sessions end at their next request.\n"


def _role(options: argparse.Namespace, accounts: Accounts) -> str:
    user = accounts.set_role(options.name, options.role)
    return f"{user.name} is now {'an' if user.role == 'editor' else 'a'} {user.role}.\n"


def _list(options: argparse.Namespace, accounts: Accounts) -> str:
    users = accounts.list_users()
    if not users:
        return f"No users in {accounts.path}. Add one with: sdgkit users add NAME --role publisher\n"
    width = max(len("NAME"), *(len(u.name) for u in users))
    lines = [f"{'NAME':<{width}}  {'ROLE':<9}  CHANGED"]
    lines += [f"{u.name:<{width}}  {u.role:<9}  {u.changed:%Y-%m-%d %H:%M} UTC" for u in users]
    return "\n".join(lines) + "\n"


def run(options: argparse.Namespace) -> int:
    """Open the accounts file, do the action, print one line (or the list); errors exit 2."""
    from sdgkit.editor.accounts import AccountError, Accounts

    try:
        accounts = Accounts(_accounts_path(options))
        sys.stdout.write(options.do(options, accounts))
    except (AccountError, _UsageError) as error:
        sys.stderr.write(f"sdgkit users: {error}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("\nsdgkit users: cancelled; nothing was changed\n")
        return EXIT_INTERRUPTED
    return EXIT_OK


def _accounts_path(options: argparse.Namespace) -> Path:
    from sdgkit.editor.accounts import default_accounts_path

    if options.file:
        return Path(options.file)
    repository = Path(options.repo)
    if not repository.is_dir():
        raise _UsageError(f"{repository} is not a folder (give the repository's folder with --repo)")
    return default_accounts_path(repository)


def _existing(accounts: Accounts, name: str) -> User:
    user = accounts.get_user(name)
    if user is None:
        raise _UsageError(f"there is no user named {name!r}")
    return user


def _password(options: argparse.Namespace, name: str | None = None) -> str:
    """The new password, checked against the rules before it is asked a second time."""
    from sdgkit.editor.accounts import check_password

    name = name or options.name
    if options.password_stdin:
        return check_password(name, sys.stdin.readline().rstrip("\r\n"))
    try:
        first = check_password(name, getpass.getpass(f"New password for {name}: "))
        second = getpass.getpass("Type it again: ")
    except EOFError:
        raise _UsageError("no password was typed (use --password-stdin in scripts)") from None
    if first != second:
        raise _UsageError("the two passwords differ; nothing was changed")
    return first
