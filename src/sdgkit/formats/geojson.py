"""Map layer boundary files: which region codes a layer can draw."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sdgkit.config.models import MapLayer
from sdgkit.formats.files import RepoFiles
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue


@dataclass(slots=True)
class LayerCodes:
    """Region ids of one map layer, with the file they came from and its parsed content."""

    layer: MapLayer
    file: str
    ids: set[str] = field(default_factory=set)
    #: the parsed boundary file, kept so the build need not read it twice; shared, so never mutated
    collection: dict[str, Any] = field(default_factory=dict)

    @property
    def features(self) -> list[Any]:
        """The boundary's features as parsed (a broken file has none)."""
        found = self.collection.get("features")
        return found if isinstance(found, list) else []


def read_layer_codes(files: RepoFiles, layer: MapLayer, path: str) -> tuple[LayerCodes | None, list[Issue]]:
    """Ids of the layer's features; features lacking id or name are reported."""
    text_file, issues = files.read_text(path)
    if text_file is None:
        return None, issues
    try:
        data = json.loads(text_file.text)
    except json.JSONDecodeError as error:
        return None, [*issues, make_issue("geojson-invalid", file=path, line=error.lineno, column=error.colno,
                                          problem=f"it is not valid JSON ({error.msg})")]
    except RecursionError:
        return None, [*issues, make_issue("geojson-invalid", file=path, problem="it is nested too deeply")]
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        return None, [*issues, make_issue("geojson-invalid", file=path, problem="it has no list of features")]
    properties = [_properties(f) for f in features if isinstance(f, dict)]
    for prop, role, setting in ((layer.id_property, "id", "id_property"),
                                (layer.name_property, "name", "name_property")):
        missing = sum(1 for p in properties if prop not in p)
        if missing:
            issues.append(make_issue("geojson-missing-property", file=path, count=missing, property=prop,
                                     role=role, setting=setting))
    ids = {str(p[layer.id_property]) for p in properties if layer.id_property in p}
    return LayerCodes(layer, path, ids, data), issues


def _properties(feature: dict[str, Any]) -> dict[str, Any]:
    """A feature's properties; anything but an object counts as none."""
    found = feature.get("properties")
    return found if isinstance(found, dict) else {}
