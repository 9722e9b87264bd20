"""The editor's refusals in the user's language: the ``errors`` catalogue, told where the answer is made.

English answers must stay the messages they always were (scripts and people rely on them);
every other language gets the same refusal with the same variable parts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sdgkit.editor import proposals
from sdgkit.editor.app import ApiError, Editor, known_error
from sdgkit.editor.i18n import Translator, languages, texts
from sdgkit.editor.proposals import ProposalError
from sdgkit.editor.security import PathRefused, Refusal, UploadRefused, check_upload, refusal, resolve_inside
from tests.test_editor_app import DATA, clock, editor, read, repo, save, signed_in  # noqa: F401  # fixtures
from tests.test_editor_pages import token_in

MB = 1024 * 1024


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


# --- the catalogue --------------------------------------------------------------------------------


def test_every_language_has_every_refusal_with_the_same_placeholders() -> None:
    english = texts("en")["errors"]
    assert len(english) > 50
    for language in languages():
        own = Translator(language)
        for key, text in english.items():
            translated = own(f"errors.{key}")
            assert translated.strip() and translated != f"errors.{key}", (language, key)
            assert _placeholders(translated) == _placeholders(text), (language, key)


def test_a_refusal_falls_back_to_english_and_never_raises() -> None:
    assert ApiError(400, "x", "plain text").told(Translator("fr")) == "plain text"
    assert refusal("errors.no_such_key").told(Translator("fr")) == "errors.no_such_key"
    assert Refusal("errors.forbidden", {"who": "x"}).told(Translator("ar")) == "errors.forbidden"  # no {role}
    assert str(refusal("errors.forbidden", role="viewer")) == "a viewer may not do this"
    assert known_error(ProposalError("a damaged proposal file: x")).told(Translator("fr")) == \
        "a damaged proposal file: x"  # a plain message stays as it is


def test_guards_keep_their_english_reason_for_logs() -> None:
    with pytest.raises(UploadRefused) as refused:
        check_upload("big.csv", b"1" * int(6.2 * MB), 5 * MB)
    assert refused.value.reason == "the file is 6.2 MB; the limit is 5.0 MB"
    assert refused.value.refusal is not None
    assert refused.value.refusal.told(Translator("fr")) == "le fichier fait 6.2 Mo ; la limite est de 5.0 Mo"
    assert known_error(refused.value).message == refused.value.reason


def test_proposal_and_history_refusals_are_translated() -> None:
    with pytest.raises(ProposalError) as raised:
        proposals.get(Path("/nonexistent"), "0" * 32)
    error = known_error(raised.value)
    assert error.message == "no proposal " + "0" * 32 and error.refusal is not None
    assert error.told(Translator("es")) == "no hay ninguna propuesta " + "0" * 32


# --- answers in the user's language ---------------------------------------------------------------


def test_a_viewers_save_is_refused_in_french_with_the_role(editor: Editor) -> None:
    viewer, token = signed_in(editor, "val")
    current = read(viewer, DATA)
    english = save(viewer, token, DATA, current["content"] + "2017,,,,12\n", current["version"])
    assert english.json() == {"error": "forbidden", "message": "a viewer may not do this"}
    viewer.headers["Accept-Language"] = "fr"
    french = save(viewer, token, DATA, current["content"] + "2017,,,,12\n", current["version"])
    assert french.status_code == 403
    assert french.json() == {"error": "forbidden", "message": "le rôle « lecteur » ne permet pas de faire cela"}


def test_a_traversal_is_refused_in_spanish_and_arabic(editor: Editor) -> None:
    client, _token = signed_in(editor, "pat")
    url = "/_editor/api/file"
    english = client.get(url, params={"path": "../secret.txt"}).json()
    assert english == {"error": "refused", "message": "the path holds a '..' segment"}
    spanish = client.get(url, params={"path": "../secret.txt", "lang": "es"}).json()
    assert spanish == {"error": "refused", "message": "la ruta contiene un segmento '..'"}
    arabic = client.get(url, params={"path": "%2e%2e/secret.txt"}, headers={"Accept-Language": "ar"}).json()
    assert arabic["message"] == "يحوي المسار مقطع '..' (بعد فك ترميز % مرة واحدة)"
    hidden = client.get(url, params={"path": ".git/config", "lang": "es"}).json()
    assert hidden["message"] == "los archivos y carpetas ocultos (.git, .sdgkit …) no se pueden abrir"
    with pytest.raises(PathRefused) as outside:
        resolve_inside(editor.root, "data/../../x")
    assert outside.value.reason == "the path holds a '..' segment"


def test_uploads_too_large_or_of_the_wrong_type_are_refused_in_spanish_and_arabic(editor: Editor) -> None:
    client, token = signed_in(editor, "eve")
    url, headers = "/_editor/api/upload", {"X-CSRF-Token": token}
    oversized = ("x.csv", b"1" * (5 * MB + 10_000), "text/csv")  # over the file's limit, within the request's
    english = client.post(url, headers=headers, data={"path": DATA}, files={"file": oversized})
    assert english.json()["message"] == "the file is 5.0 MB; the limit is 5.0 MB"
    spanish = client.post(url, headers={**headers, "Accept-Language": "es"}, data={"path": DATA},
                          files={"file": oversized})
    assert spanish.status_code == 400 and spanish.json()["message"] == "el archivo ocupa 5.0 MB; el límite es 5.0 MB"
    wrong = ("x.exe", b"MZ...", "application/octet-stream")
    assert client.post(url, headers=headers, data={"path": DATA}, files={"file": wrong}).json()["message"] == \
        "only .csv and .xlsx files can be uploaded"
    arabic = client.post(f"{url}?lang=ar", headers=headers, data={"path": DATA}, files={"file": wrong})
    assert arabic.json() == {"error": "refused", "message": "لا يمكن رفع إلا ملفات ‎.csv و‎.xlsx"}
    columns = client.post(f"{url}?lang=es", headers=headers, data={"path": DATA, "mode": "append"},
                          files={"file": ("x.csv", b"A,B\n1,2\n", "text/csv")})
    assert columns.json()["message"].startswith("las columnas cargadas (A, B) no son las del archivo (Year,")
    request = client.post(f"{url}?lang=fr", headers=headers, data={"path": DATA},
                          files={"file": ("x.csv", b"1" * (6 * MB), "text/csv")})
    assert request.status_code == 413 and request.json()["message"] == "la requête dépasse 5184 Ko"


def test_a_conflict_in_french_keeps_its_fields(editor: Editor) -> None:
    first, first_token = signed_in(editor, "pat")
    second, second_token = signed_in(editor, "pia")
    loaded = read(first, DATA)
    mine, theirs = loaded["content"] + "2017,,,,12\n", loaded["content"] + "2018,,,,13\n"
    assert save(first, first_token, DATA, mine, loaded["version"]).status_code == 200
    english = save(second, second_token, DATA, theirs, loaded["version"]).json()
    mine_version = english["current_version"]
    assert english["message"] == (f"{DATA} changed since it was loaded: expected at version "
                                  f"{loaded['version'][:12]}, found at version {mine_version[:12]}")
    second.cookies.set("sdgkit_editor_lang", "fr")
    refused = save(second, second_token, DATA, theirs, loaded["version"])
    assert refused.status_code == 409
    body = refused.json()
    assert set(body) == {"error", "message", "path", "expected_version", "current_version", "current", "proposed"}
    assert body["error"] == "conflict" and body["current"] == mine and body["proposed"] == theirs
    assert body["expected_version"] == loaded["version"] and body["current_version"] == mine_version
    assert body["message"] == (f"{DATA} a changé depuis son chargement : attendu en version "
                               f"{loaded['version'][:12]}, trouvé en version {mine_version[:12]}")


def test_a_refused_form_is_a_page_in_french(editor: Editor) -> None:
    client, _token = signed_in(editor, "pat")
    token = token_in(client.get("/_editor/review").text)
    missing = "0" * 32
    english = client.post(f"/_editor/review/{missing}/approve", data={"csrf_token": token})
    assert english.status_code == 404 and f"no proposal {missing}" in english.text
    french = client.post(f"/_editor/review/{missing}/approve?lang=fr", data={"csrf_token": token})
    assert french.status_code == 404 and french.headers["content-type"].startswith("text/html")
    assert '<html lang="fr"' in french.text and f"aucune proposition {missing}" in french.text
    stale = client.post("/_editor/review/whatever/approve", data={"csrf_token": "0" * 64},
                        headers={"Accept-Language": "fr"})
    assert stale.status_code == 403 and "la page n&#39;est plus à jour" in stale.text.replace("&#x27;", "&#39;")
