"""Load on the preview server: ``wrk`` with 200 connections on indicator pages for 30 s.

Starts ``sdgkit serve`` (the real command, with ``--edit`` so the editor's routes are mounted
too) on a temporary copy of the UK fixture, waits until the site is built, then runs ``wrk``
(Debian package ``wrk``) on loopback against a rotation of indicator pages, and prints
requests per second, latency percentiles and every error wrk counted (connect, read, write,
timeout, non-2xx). ../shared is never written.

Usage: python bench/serve_load.py [path-to-uk-sdg-data] [--connections 200] [--seconds 30]
Prints figures; never fails on them (an error count above zero is printed as such).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build_uk import DEFAULT, local_copy  # the benchmark next door prepares the copy

from sdgkit.editor.accounts import Accounts, default_accounts_path

#: a small indicator page, the largest ones, and one with a map
PAGES = ("1-2-1", "3-4-1", "8-5-1", "2-c-1", "8-10-1", "17-19-1")
#: wrk picks the next page for every request, so all connections share the rotation
ROTATION = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_served(origin: str, timeout: float = 300.0) -> float:
    """Seconds until the first indicator page answers 200 (the preview builds before it serves)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(f"{origin}/en/{PAGES[0]}/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer within {timeout:.0f} s")


def run_wrk(origin: str, connections: int, seconds: int, folder: Path) -> str:
    script = folder / "rotation.lua"
    script.write_text(ROTATION % ", ".join(f'"/en/{page}/"' for page in PAGES), encoding="utf-8")
    threads = min(connections, max(2, os.cpu_count() or 2))
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
               "-s", str(script), origin]
    return subprocess.run(command, check=False, capture_output=True, text=True).stdout


def summary(output: str) -> list[str]:
    """The figures that matter, from wrk's report."""
    lines = []
    for label, pattern in (("requests/s", r"Requests/sec:\s+([\d.]+)"), ("requests", r"(\d+) requests in"),
                           ("p50", r"50%\s+(\S+)"), ("p75", r"75%\s+(\S+)"), ("p90", r"90%\s+(\S+)"),
                           ("p99", r"99%\s+(\S+)"), ("transfer/s", r"Transfer/sec:\s+(\S+)")):
        found = re.search(pattern, output)
        lines.append(f"{label:<12}{found.group(1) if found else '?'}")
    errors = re.search(r"Socket errors: (.*)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    lines.append(f"{'errors':<12}{errors.group(1) if errors else 'none'}; "
                 f"non-2xx/3xx: {non_2xx.group(1) if non_2xx else 0}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("uk", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=30)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        repo = local_copy(options.uk, folder)
        Accounts(default_accounts_path(repo)).add_user("bench", "publisher", "a long bench password")
        origin = f"http://127.0.0.1:{free_port()}"
        server = subprocess.Popen([sys.executable, "-m", "sdgkit", "serve", str(repo), "--edit",
                                   "--port", origin.rsplit(":", 1)[1]],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            ready = wait_until_served(origin)
            print(f"server ready after {ready:.1f} s (first build in memory)")
            print(f"wrk: {options.connections} connections, {options.seconds} s, pages {', '.join(PAGES)}")
            for line in summary(run_wrk(origin, options.connections, options.seconds, folder)):
                print("  " + line)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
