"""JSON Schemas (draft 2020-12) of the data service's JSON files.

Each file the data service writes in a language folder (``en/``, ``fr/``, ...) and in
``untranslated/`` has a published schema in ``schemas/dataservice/<name>.schema.json``;
``docs/data-service.md`` describes them for partners. :data:`SCHEMAS` maps a path
relative to a language folder (``meta/all.json``) to the schema name (``meta-all``).
"""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from importlib.resources import files
from typing import Any, Final

#: ``$id`` of a schema is ``BASE_ID + name + ".schema.json"``.
BASE_ID: Final = "https://sdgkit.org/schemas/dataservice/"

#: (glob relative to a language folder, schema name). The first match wins, so the
#: specific names come before the ``*`` patterns of the same folder. ``*`` never matches ``/``.
SCHEMAS: Final[list[tuple[str, str]]] = [
    ("data/*.json", "data"),
    ("edges/*.json", "edges"),
    ("headline/all.json", "headline-all"),
    ("headline/*.json", "headline"),
    ("comb/*.json", "comb"),
    ("explorer/*.json", "explorer"),
    ("meta/all.json", "meta-all"),
    ("meta/schema.json", "meta-schema"),
    ("meta/*.json", "meta"),
    ("stats/reporting.json", "stats-reporting"),
    ("stats/disaggregation.json", "stats-disaggregation"),
    ("stats/progress.json", "stats-progress"),
    ("indicator_calculation_components.json", "indicator-calculation-components"),
    ("translations/translations.json", "translations"),
    ("zip/*.json", "zip-info"),
    ("data-packages/all.json", "data-packages-all"),
    ("data-packages/*/datapackage.json", "data-package"),
    ("geojson/*/*.geojson", "geojson"),
    ("downloads/indicator-downloads.json", "downloads"),
]


def schema_names() -> list[str]:
    """Every schema name, in the order of :data:`SCHEMAS`."""
    return list(dict.fromkeys(name for _, name in SCHEMAS))


def schema_file(name: str) -> str:
    """File name of a schema inside ``schemas/dataservice/``."""
    return f"{name}.schema.json"


def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema called ``name`` (``data``, ``meta-all``, ...); a fresh copy each time."""
    if name not in schema_names():
        raise KeyError(f"no data service schema called {name!r}")
    resource = files("sdgkit.schemas").joinpath("dataservice", schema_file(name))
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return schema


def schema_for(relative_path: str) -> str | None:
    """Name of the schema of a file, given its path relative to a language folder.

    ``schema_for("meta/1-1-1.json") == "meta"``; ``None`` for files without a schema
    (CSV files, the zip itself, documentation pages).
    """
    parts = _parts(relative_path)
    for pattern, name in SCHEMAS:
        wanted = pattern.split("/")
        if len(wanted) == len(parts) and all(fnmatchcase(part, glob) for part, glob in zip(parts, wanted, strict=True)):
            return name
    return None


def _parts(path: str) -> list[str]:
    """Path segments, accepting ``\\`` separators and a leading ``./``."""
    return [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")]
