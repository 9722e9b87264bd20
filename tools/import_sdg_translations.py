"""Refresh sdgkit's built-in SDG translations from a local sdg-translations checkout.

Usage: python tools/import_sdg_translations.py ../shared/fixtures/sdg-translations

Writes src/sdgkit/framework/translations/<lang>.json ({group: {key: text}}) and the
licence. JSON rather than YAML because it loads about ten times faster, and a check
loads every configured language. Non-text values are dropped, as the site ignores them.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import yaml

TARGET = Path(__file__).resolve().parent.parent / "src" / "sdgkit" / "framework" / "translations"


def load_language(folder: Path) -> dict[str, dict[str, str]]:
    groups: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader) or {}
        groups[path.stem] = {str(k): v for k, v in data.items() if isinstance(v, str)}
    return groups


def main(source: Path) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for folder in sorted((source / "translations").iterdir()):
        if folder.is_dir():
            text = json.dumps(load_language(folder), ensure_ascii=False, sort_keys=True, indent=0)
            (TARGET / f"{folder.name}.json").write_text(text + "\n", encoding="utf-8")
    shutil.copyfile(source / "LICENSE", TARGET / "LICENSE")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
