"""``sdgkit serve [PATH]``: preview the website on this computer, rebuilt whenever a file is saved.

The site is built in memory with the same pipeline as ``sdgkit build --keep-going`` and
nothing is written into the repository. The server itself is started by
:func:`start_server`, the one function tests replace.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import socket
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdgkit.scaffold import DEMO_COUNTRY, ScaffoldError, demo_repository
from sdgkit.validate.issues import Issue

if TYPE_CHECKING:  # the server's modules are imported when serving, so other commands start as fast as before
    from starlette.types import ASGIApp

    from sdgkit.server import RebuildResult

EXIT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "serve", help="preview the website on this computer, rebuilt when a file is saved",
        description="Build the website in memory and serve it on this computer; pages reload by themselves "
                    "when a file of the repository is saved. Nothing is written into the repository.")
    parser.add_argument("path", nargs="?", default=None, help="repository folder (default: current folder)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                        help=f"port to listen on (default: {DEFAULT_PORT})")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default: {DEFAULT_HOST}, this computer only)")
    parser.add_argument("--config", metavar="FILE", help="configuration file, relative to the repository")
    parser.add_argument("--demo", action="store_true",
                        help=f"serve the built-in demo site ({DEMO_COUNTRY}) instead of a repository")
    parser.add_argument("--no-watch", action="store_true", help="do not rebuild when files change")
    parser.add_argument("--edit", action="store_true",
                        help="also serve the browser editor at /_editor/ (accounts: sdgkit users add)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="with --edit, allow a --host other computers can reach (put TLS in front)")
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    if options.demo and options.path is not None:
        return _fail("--demo serves the built-in demo: leave out PATH")
    refused = _edit_problem(options)
    if refused:
        return _fail(refused)
    problem = _listen_problem(options.host, options.port)  # before a build that can take a while
    if problem:
        return _fail(problem)
    if not is_loopback(options.host):
        _warn(editor_exposure_warning(options.host) if getattr(options, "edit", False)
              else exposure_warning(options.host))
    try:
        return _serve_demo(options) if options.demo else serve(Path(options.path or "."), options)
    except KeyboardInterrupt:  # Ctrl+C during the first build: no traceback
        _warn("sdgkit serve: stopped")
        return EXIT_INTERRUPTED


def _edit_problem(options: argparse.Namespace) -> str | None:
    """Why ``--edit`` may not start as asked: the demo, a remote address without --allow-remote, no account."""
    if not getattr(options, "edit", False):
        return None
    if options.demo:
        return "--edit edits a repository: give its folder instead of --demo"
    if not is_loopback(options.host) and not getattr(options, "allow_remote", False):
        return (f"{editor_exposure_warning(options.host)} Refusing to start: add --allow-remote once the editor "
                "sits behind a TLS reverse proxy.")
    from sdgkit.editor.accounts import AccountError, Accounts, default_accounts_path

    repository = Path(options.path or ".")
    try:
        users = Accounts(default_accounts_path(repository)).list_users()
    except AccountError as error:
        return str(error)
    if not users:
        return (f"nobody can sign in to the editor yet: add a user first, for example "
                f"sdgkit users add NAME --role publisher --repo {repository}")
    return None


def editor_exposure_warning(host: str) -> str:
    return (f"Warning: with --host {host} other computers can reach the editor. It speaks plain HTTP: passwords "
            "and session cookies would cross the network readable by anyone on the way. The editor must sit "
            "behind TLS (a reverse proxy such as nginx or Caddy that serves https and forwards to this address).")


def start_server(app: ASGIApp, host: str, port: int) -> None:
    """Serve ``app`` until Ctrl+C."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def serve(path: Path, options: argparse.Namespace) -> int:
    """Build ``path`` in memory, then serve it (and rebuild it) until stopped."""
    from sdgkit.server import Background, Preview, create_app

    if not path.is_dir():
        return _fail(f"{path} is not a folder (give the repository's folder, or --demo)")
    _say(f"Building {path} …")
    preview = Preview(path, options.config)
    first = preview.build()
    if first.kind == "failed":
        return _fail(f"{_describe(first.problem)} (sdgkit check {path} lists every problem)")
    _say(rebuild_line(first, initial=True))
    with Background(preview, _log_rebuild, _log_error, watch=not options.no_watch):
        watching = "rebuilt when a file is saved" if not options.no_watch else "not watching for changes"
        _say(f"Preview of {path} at {address(options.host, options.port, preview.site.base)} "
             f"({watching}; Ctrl+C to stop)")
        if getattr(options, "edit", False):
            from sdgkit.editor.app import create_editor
            from sdgkit.editor.routes import editor_routes

            editor = editor_routes(create_editor(path, preview, config_file=options.config))
            _say(f"Editor at {address(options.host, options.port, '/_editor/')}")
        else:
            editor = None
        with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl+C while stopping
            start_server(create_app(preview, editor), options.host, options.port)
    return EXIT_OK


def _serve_demo(options: argparse.Namespace) -> int:
    """The demo repository in a temporary folder, removed when the preview stops."""
    with tempfile.TemporaryDirectory(prefix="sdgkit-demo-") as folder:
        repository = Path(folder) / "demo"
        try:
            demo_repository(repository)
        except ScaffoldError as error:
            return _fail(str(error))
        _say(f"The built-in demo ({DEMO_COUNTRY}) is in {repository}; it is removed when the preview stops.")
        return serve(repository, options)


# --- what is printed ------------------------------------------------------------------------------

def is_loopback(host: str) -> bool:
    """Only this computer can connect (``127.0.0.1``, ``::1``, ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str:
    return (f"Warning: with --host {host} other computers can open this preview. It has no authentication "
            "and no TLS (plain HTTP): anyone who can reach this address can read every page and data file, "
            "including unpublished data. Use it only on a network you trust.")


def address(host: str, port: int, base: str = "/") -> str:
    """The address to open in a browser (this computer's, when listening on every address)."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "localhost", "": "127.0.0.1"}.get(host, host)  # noqa: S104
    if ":" in shown:
        shown = f"[{shown.strip('[]')}]"
    return f"http://{shown}:{port}{base}"


def rebuild_line(result: RebuildResult, *, initial: bool = False) -> str:
    """One line per rebuild: what was rebuilt, how long it took, and the errors."""
    if result.kind == "failed":
        return f"Could not rebuild: {_describe(result.problem)}; still serving the last site that was built."
    if result.kind == "indicators":
        count = len(result.indicators)
        named = f" ({', '.join(result.indicators)})" if count > 1 else f" ({result.indicators[0]})"
        what = f"Rebuilt {count} indicator{'s' if count != 1 else ''}{named}"
    elif initial:
        what = "Built the site"
    else:
        what = "Rebuilt the whole site" + (f" ({result.reason} changed)" if result.reason else "")
    line = f"{what} in {result.seconds:.1f} s"
    if result.errors:
        left_out = f"; left out: {', '.join(result.skipped)}" if result.skipped else ""
        line += f" – {result.errors} error{'s' if result.errors != 1 else ''}{left_out} (shown on every page)"
    return line


def _log_rebuild(result: RebuildResult) -> None:
    _say(rebuild_line(result))


def _log_error(what: str, failure: BaseException) -> None:
    _warn(f"sdgkit serve: {what} failed: {type(failure).__name__}: {failure}; still serving the last site built.")


def _describe(issue: Issue | None) -> str:
    if issue is None:
        return "the repository could not be read"
    where = ":".join(str(part) for part in (issue.file, issue.line) if part)
    return f"{where}: {issue.message}" if where else issue.message


def _listen_problem(host: str, port: int) -> str | None:
    """Why the server could not listen there, if it cannot."""
    if not 0 < port <= 65535:
        return f"--port {port} is not a port number (1–65535)"
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.create_server((host, port), family=family):
            pass
    except OSError as error:
        return f"cannot listen on {host}:{port}: {error.strerror or error} (try another --port)"
    return None


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _warn(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _fail(message: str) -> int:
    _warn(f"sdgkit serve: {message}")
    return EXIT_USAGE
