"""The theme's static files, copied under ``assets/``, with the licences of what the site contains."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources

FOLDER = "assets"
DEFAULT_STATIC = ("sdgkit.css", "sdgkit.js")


def theme_assets(own: Mapping[str, bytes]) -> dict[str, bytes]:
    """Default style sheet and script, the licences file, then the site's own static files (which win)."""
    static = resources.files("sdgkit") / "themes" / "default" / "static"
    files = {f"{FOLDER}/{name}": (static / name).read_bytes() for name in DEFAULT_STATIC if (static / name).is_file()}
    files[f"{FOLDER}/licences.txt"] = _licences(static)
    files.update({f"{FOLDER}/{name}": content for name, content in own.items()})
    return files


def _licences(static: resources.abc.Traversable) -> bytes:
    translations = resources.files("sdgkit") / "framework" / "translations" / "LICENSE"
    return (static / "licences.txt").read_bytes() + b"\n--- open-sdg/sdg-translations ---\n" + translations.read_bytes()
