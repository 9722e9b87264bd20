"""The theme's static files, copied under ``assets/``, with the licences of what the site contains.

The explorer and the map are bundled from the npm registry by ``npm run build`` into the
theme's ``static/vendor/`` folder (git-ignored, shipped in the package). Without the bundle
the site is still complete: indicator pages keep their static charts and tables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from importlib import resources

FOLDER = "assets"
DEFAULT_STATIC = ("sdgkit.css", "sdgkit.js")
VENDOR = "vendor"
#: the bundles ``npm run build`` writes (``frontend/build.mjs``)
VENDOR_FILES = ("explorer.js", "explorer.css", "map.js", "map.css")


def _static() -> resources.abc.Traversable:
    return resources.files("sdgkit") / "themes" / "default" / "static"


def theme_assets(own: Mapping[str, bytes]) -> dict[str, bytes]:
    """Default style sheet and script, the bundles, the licences file, then the site's own static files (which win)."""
    static = _static()
    files = {f"{FOLDER}/{name}": (static / name).read_bytes() for name in DEFAULT_STATIC if (static / name).is_file()}
    files.update({f"{FOLDER}/{VENDOR}/{name}": content for name, content in _bundles().items()})
    files[f"{FOLDER}/licences.txt"] = _licences(static)
    files.update({f"{FOLDER}/{name}": content for name, content in own.items()})
    return files


@cache
def _bundles() -> dict[str, bytes]:
    vendor = _static() / VENDOR
    return {name: (vendor / name).read_bytes() for name in VENDOR_FILES if (vendor / name).is_file()}


def explorer_installed() -> bool:
    """Whether indicator pages can load the explorer (the bundle was built)."""
    return "explorer.js" in _bundles()


def bundle_digest() -> str:
    """Changes when the bundles change, so cached indicator pages are rendered again."""
    digest = hashlib.sha256()
    for name, content in sorted(_bundles().items()):
        digest.update(name.encode() + hashlib.sha256(content).digest())
    return digest.hexdigest()


def _licences(static: resources.abc.Traversable) -> bytes:
    translations = resources.files("sdgkit") / "framework" / "translations" / "LICENSE"
    text = (static / "licences.txt").read_bytes() + b"\n--- open-sdg/sdg-translations ---\n" + translations.read_bytes()
    bundled = _bundle_licences()
    return text + b"\n" + bundled if bundled else text


@cache
def _bundle_licences() -> bytes:
    """The licence texts of the libraries in the bundles (written by ``npm run build``)."""
    vendor = _static() / VENDOR / "licences.txt"
    return vendor.read_bytes() if vendor.is_file() else b""
