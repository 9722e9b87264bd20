"""What the editor's browser tests share: ``sdgkit serve --edit`` on a copy of a repository, and signing in.

The starlette app runs with uvicorn in a thread on 127.0.0.1, with publishers ``pat`` and ``kim``,
an editor ``eve`` and a viewer ``val`` made through the Accounts API (a cheap hasher: tests only).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from argon2 import PasswordHasher
from playwright.sync_api import Page, expect

from sdgkit.editor.accounts import Accounts, default_accounts_path
from sdgkit.editor.app import create_editor
from sdgkit.editor.routes import editor_routes
from sdgkit.server import Preview, create_app

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
PASSWORD = "correct horse battery"  # noqa: S105  # a test account


class Served:
    """The editor's origin and the repository it edits."""

    def __init__(self, origin: str, repo: Path, preview: Preview) -> None:
        self.origin, self.repo, self.preview = origin, repo, preview


@contextmanager
def serve_editor(source: Path, copy_to: Path, prepare: Callable[[Path], None] | None = None) -> Iterator[Served]:
    """The editor of a copy of ``source`` (at ``copy_to``), built once and served until the block ends.

    ``prepare`` changes the copy before the editor starts (makes it a git repository, say).
    """
    shutil.copytree(source, copy_to)
    if prepare is not None:
        prepare(copy_to)
    accounts = Accounts(default_accounts_path(copy_to),
                        hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    accounts.add_user("pat", "publisher", PASSWORD)
    accounts.add_user("eve", "editor", PASSWORD)
    accounts.add_user("val", "viewer", PASSWORD)
    accounts.add_user("kim", "publisher", PASSWORD)
    preview = Preview(copy_to)
    assert preview.build().kind == "full"
    time.sleep(1)  # sessions start after the accounts were made
    app = create_app(preview, editor_routes(create_editor(copy_to, preview, accounts=accounts)))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="editor", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the editor did not start"
        time.sleep(0.05)
    try:
        yield Served(f"http://127.0.0.1:{sock.getsockname()[1]}", copy_to, preview)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def sign_in(page: Page, origin: str, name: str = "pat") -> None:
    """Sign in through the form and wait for the dashboard."""
    page.goto(f"{origin}/_editor/sign-in")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Indicators")).to_be_visible()
