"""Which missing files the editor may create, and what they start as.

Only two kinds, so that the editor never makes a file the build would not read: the
translation of an indicator's metadata into a site language (``meta/fr/1-2-1.md`` beside an
existing ``meta/1-2-1.md``), and the first data file of an indicator that has none, at the
path the configured inputs read. The file page, ``api/file`` and ``api/form`` all ask here.
"""

from __future__ import annotations

from sdgkit.config.models import SiteConfig
from sdgkit.editor.app import Editor
from sdgkit.editor.forms import translation_base
from sdgkit.editor.security import editable_kind
from sdgkit.server.changes import indicator_of, input_patterns

#: a new data file: the two columns every indicator's data has
NEW_DATA = b"Year,Value\n"


def new_data_path(config: SiteConfig, slug: str) -> str | None:
    """Where the data file of indicator ``slug`` goes so that the configured inputs read it (``None``: nowhere).

    The folder of the first CSV input, with the name the existing files have (``indicator_1-2-1.csv``
    as in the UK, or ``1-2-1.csv``); the candidate must map back to the indicator.
    """
    for spec, pattern, _language in input_patterns(config):
        if spec.format != "csv-data":
            continue
        folder = pattern.rpartition("/")[0]
        for name in (f"indicator_{slug}.csv", f"{slug}.csv"):
            candidate = f"{folder}/{name}" if folder else name
            if indicator_of(candidate, config) == slug and editable_kind(candidate) == "data":
                return candidate
    return None


def start_of_new_file(editor: Editor, relative: str) -> bytes | None:
    """What a missing file the editor may create starts as; ``None`` when it may not be created.

    Two kinds: a translation of metadata (``meta/<lang>/<name>`` of a site language whose
    default-language file exists) starts empty; the data file of an indicator that has none
    (at the place :func:`new_data_path` gives) starts with the two columns every data file has.
    """
    built = editor.preview.last_build if editor.preview is not None else None
    if built is None:
        return None
    config = built.project.config
    translated = translation_base(relative, config.languages)
    if translated is not None:
        language, base = translated
        return b"" if language in config.languages and (editor.root / base).is_file() else None
    slug = indicator_of(relative, config)
    indicator = built.project.indicators.get(slug) if slug is not None else None
    if indicator is not None and indicator.data is None and new_data_path(config, slug or "") == relative:
        return NEW_DATA
    return None
