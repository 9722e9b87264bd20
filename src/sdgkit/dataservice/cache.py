"""Rendered indicators kept between builds, keyed by everything they are made from.

An indicator's files depend only on its own data and metadata, the configuration, the
translations and the sdgkit version. The key is a hash of all of those, so a cached entry is
used only when rendering again would give the same bytes; anything else is rendered anew.
Entries live beside the output folder (``.{out}.sdgkit-cache/``), one file per indicator;
a damaged or foreign entry is simply rendered again.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from sdgkit import __version__
from sdgkit.config.models import SiteConfig
from sdgkit.dataservice.indicator_files import IndicatorOutput
from sdgkit.formats.geojson import LayerCodes
from sdgkit.i18n.catalog import Catalog
from sdgkit.model.indicator import Indicator


def cache_folder(out: Path) -> Path:
    return out.parent / f".{out.name}.sdgkit-cache"


def build_fingerprint(config: SiteConfig, catalog: Catalog, layers: Sequence[LayerCodes] = (), site: str = "") -> bytes:
    """What every indicator's output depends on besides the indicator itself (boundaries and,
    for a site build, everything the indicator pages share)."""
    text = json.dumps([__version__, config.model_dump(mode="json"), catalog.texts,
                       [layer.collection for layer in layers], site], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).digest()


def indicator_key(indicator: Indicator, fingerprint: bytes) -> str:
    digest = hashlib.sha256(fingerprint)
    digest.update(json.dumps([indicator.id.slug, indicator.metadata, indicator.translations],
                             sort_keys=True, default=str).encode("utf-8"))
    if indicator.data is not None:
        frame = indicator.data.frame
        digest.update(json.dumps([str(c) for c in frame.columns]).encode("utf-8"))
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError)


class RenderCache:
    """Read and write cached outputs; every failure means "not cached".

    Each entry holds its key, then its outputs, as two pickles one after the other, so that
    :meth:`matches` reads only the key and the outputs are loaded one indicator at a time.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def matches(self, slug: str, key: str) -> bool:
        """True when the stored entry of the indicator was made from the same inputs."""
        try:
            with (self.folder / f"{slug}.pickle").open("rb") as stream:
                return bool(pickle.load(stream) == key)  # noqa: S301 - our own files, beside our own output
        except _UNREADABLE:
            return False

    def get(self, slug: str, key: str) -> list[IndicatorOutput] | None:
        try:
            with (self.folder / f"{slug}.pickle").open("rb") as stream:
                stored_key = pickle.load(stream)  # noqa: S301 - our own files, beside our own output
                outputs = pickle.load(stream) if stored_key == key else None  # noqa: S301
        except _UNREADABLE:
            outputs = None
        if outputs is None:
            self.misses += 1
            return None
        self.hits += 1
        return list(outputs)

    def put(self, slug: str, key: str, outputs: Sequence[IndicatorOutput]) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{slug}.pickle.tmp"
            with temporary.open("wb") as stream:
                pickle.dump(key, stream, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(list(outputs), stream, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(self.folder / f"{slug}.pickle")
        except OSError:
            return  # a cache that cannot be written only costs time

    def prune(self, keep: set[str]) -> None:
        """Forget indicators that no longer exist."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.pickle"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)
