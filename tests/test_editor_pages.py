"""The editor's pages for people: languages, the history and review screens, and their plain forms (no JavaScript).

Forms carry the CSRF token as a hidden field; each test that attacks also checks that nothing changed.
"""

from __future__ import annotations

import re
from pathlib import Path

from sdgkit.editor import proposals
from sdgkit.editor.app import Editor
from sdgkit.editor.i18n import Translator, accepted_languages, choose_language, languages, texts
from sdgkit.editor.store import version_of
from tests.test_editor_app import DATA, clock, editor, repo, save, signed_in  # noqa: F401  # fixtures

FR_META = "meta/fr/1-1-1.md"


def token_in(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


# --- languages ------------------------------------------------------------------------------


def test_every_language_has_every_text_of_english() -> None:
    assert set(languages()) >= {"en", "fr", "es", "ar"}
    english = texts("en")
    for language in languages():
        own = Translator(language)
        for group, entries in english.items():
            for key, text in entries.items():
                translated = own(f"{group}.{key}")
                assert translated, (language, group, key)
                used, wanted = set(re.findall(r"{(\w+)}", translated)), set(re.findall(r"{(\w+)}", text))
                # a plural form may leave the number out ("one row"); nothing else may drop or add a placeholder
                plural = key.rsplit("_", 1)[-1] in ("zero", "one", "two", "few", "many")
                assert used <= wanted if plural else used == wanted, (language, key)


def test_the_language_is_the_users_choice_then_the_browsers() -> None:
    assert accepted_languages("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5, de;q=0") == ["fr-CH", "fr", "en"]
    assert choose_language(None, None, "fr-CH, fr;q=0.9") == "fr"
    assert choose_language(None, None, "de, ar;q=0.5") == "ar"
    assert choose_language(None, None, "de") == "en" and choose_language(None, None, None) == "en"
    assert choose_language("es", "fr", "ar") == "es" and choose_language(None, "fr", "ar") == "fr"
    assert choose_language("xx", None, None) == "en"  # an unknown choice is ignored
    assert Translator("ar").direction == "rtl" and Translator("fr").direction == "ltr"
    assert Translator("fr")("pages.no.such.key") == "pages.no.such.key"


def test_pages_speak_the_chosen_language_and_remember_it(editor: Editor) -> None:
    client, _token = signed_in(editor, "pat")
    french = client.get("/_editor/", params={"lang": "fr"})
    assert '<html lang="fr" dir="ltr">' in french.text and "Indicateurs" in french.text
    assert "sdgkit_editor_lang=fr" in french.headers["set-cookie"]
    assert "Indicateurs" in client.get("/_editor/").text  # remembered
    arabic = client.get("/_editor/file", params={"path": DATA, "lang": "ar"}).text
    assert '<html lang="ar" dir="rtl">' in arabic and "السجل" in arabic
    assert 'data-lang="ar"' in arabic
    links = re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+"', arabic)
    assert ("/_editor/file?path=data%2Findicator_1-1-1.csv&lang=fr", "fr") in [(h.replace("&amp;", "&"), c)
                                                                               for h, c in links]


def test_sign_in_page_follows_the_browsers_language(editor: Editor) -> None:
    from tests.test_editor_app import client_of

    client = client_of(editor)
    page = client.get("/_editor/sign-in", headers={"Accept-Language": "es-MX,es;q=0.9"}).text
    assert "Iniciar sesión" in page and "Contraseña" in page
    wrong = client.post("/_editor/sign-in", data={"name": "pat", "password": "nope"},
                        headers={"Accept-Language": "fr"})
    assert wrong.status_code == 401 and "mot de passe est incorrect" in wrong.text


# --- the dashboard and files ----------------------------------------------------------------


def test_dashboard_lists_pages_and_configuration(editor: Editor) -> None:
    (editor.root / "pages").mkdir()
    (editor.root / "pages" / "about.md").write_text("---\ntitle: About\n---\nWho we are.\n", encoding="utf-8")
    client, _token = signed_in(editor, "val")
    page = client.get("/_editor/").text
    assert 'href="/_editor/file?path=pages/about.md"' in page
    assert 'href="/_editor/file?path=config_data.yml"' in page


def test_a_missing_translation_opens_empty_to_be_created(editor: Editor) -> None:
    client, _token = signed_in(editor, "pat")
    page = client.get("/_editor/file", params={"path": FR_META})
    assert page.status_code == 200 and 'data-version=""' in page.text and "does not exist yet" in page.text
    assert client.get("/_editor/file", params={"path": "meta/de/1-1-1.md"}).status_code == 404  # not a site language
    assert client.get("/_editor/file", params={"path": "meta/fr/9-9-9.md"}).status_code == 404  # no such indicator
    assert not (editor.root / FR_META).exists()


# --- history without JavaScript -----------------------------------------------------------------


def test_history_page_shows_a_changes_diff_and_reverts_it_with_a_form(editor: Editor) -> None:
    client, token = signed_in(editor, "pat")
    original = (editor.root / DATA).read_text(encoding="utf-8")
    changed = original.replace("10.5", "10.75")
    assert save(client, token, DATA, changed, version_of(original.encode()), "<b>fix</b> 2015").status_code == 200
    listing = client.get("/_editor/history", params={"path": DATA}).text
    assert "&lt;b&gt;fix&lt;/b&gt; 2015" in listing and "<b>fix</b>" not in listing
    entry = re.search(r"entry=([0-9a-f]+)", listing)
    assert entry
    shown = client.get("/_editor/history", params={"path": DATA, "entry": entry.group(1)}).text
    assert "<ins>+" in shown and "10.75" in shown and "<del>-" in shown
    assert "</ins> 2016,,,Provisional,11\n 2015,female" in shown  # context lines keep their line breaks
    form_token = token_in(shown)
    refused = client.post("/_editor/history/revert", data={"path": DATA, "entry": entry.group(1)})
    assert refused.status_code == 403 and "text/html" in refused.headers["content-type"]  # no token
    assert "10.75" in (editor.root / DATA).read_text(encoding="utf-8")
    done = client.post("/_editor/history/revert", data={"path": DATA, "entry": entry.group(1),
                                                         "csrf_token": form_token})
    assert done.status_code == 303 and "done=reverted" in done.headers["location"]
    assert (editor.root / DATA).read_text(encoding="utf-8") == original
    assert "The change was reverted." in client.get(done.headers["location"]).text


def test_only_a_publisher_sees_and_may_use_the_revert_form(editor: Editor) -> None:
    publisher, token = signed_in(editor, "pat")
    original = (editor.root / DATA).read_text(encoding="utf-8")
    save(publisher, token, DATA, original.replace("10.5", "10.25"), version_of(original.encode()))
    entry = editor.history.entries(DATA, 1)[0]
    viewer, _ = signed_in(editor, "val")
    page = viewer.get("/_editor/history", params={"path": DATA, "entry": entry.id}).text
    assert "/history/revert" not in page
    answer = viewer.post("/_editor/history/revert", data={"path": DATA, "entry": entry.id,
                                                          "csrf_token": token_in(page)})
    assert answer.status_code == 403 and "may not do this" in answer.text
    assert "10.25" in (editor.root / DATA).read_text(encoding="utf-8")


def test_history_page_refuses_paths_outside_the_editable_files(editor: Editor) -> None:
    client, _token = signed_in(editor, "val")
    for path in ("../etc/passwd", ".sdgkit/users.json", "%2e%2e/x.csv", "/etc/passwd"):
        answer = client.get("/_editor/history", params={"path": path})
        assert answer.status_code in (400, 403) and "text/html" in answer.headers["content-type"], path
        assert "root:" not in answer.text


# --- review without JavaScript ------------------------------------------------------------------


def _propose(editor: Editor, message: str = "a better 2015") -> proposals.Proposal:
    client, token = signed_in(editor, "eve")
    original = (editor.root / DATA).read_text(encoding="utf-8")
    answer = save(client, token, DATA, original.replace("10.5", "10.6"), version_of(original.encode()), message)
    assert answer.status_code == 202
    return proposals.pending(editor.root)[-1]


def test_review_page_approves_with_a_form(editor: Editor) -> None:
    proposal = _propose(editor, "<script>alert(1)</script>")
    client, _token = signed_in(editor, "pat")
    page = client.get("/_editor/review").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "<ins>+2015,,,,10.6</ins>" in page
    done = client.post(f"/_editor/review/{proposal.id}/approve", data={"csrf_token": token_in(page)})
    assert done.status_code == 303
    assert "10.6" in (editor.root / DATA).read_text(encoding="utf-8")
    after = client.get(done.headers["location"]).text
    assert "approved and saved" in after and "approved</strong> (pat" in after
    again = client.post(f"/_editor/review/{proposal.id}/approve", data={"csrf_token": token_in(page)})
    assert again.status_code == 404 and "already approved" in again.text


def test_review_page_rejects_with_a_reason_shown_to_the_author(editor: Editor) -> None:
    proposal = _propose(editor)
    client, _token = signed_in(editor, "pat")
    page = client.get("/_editor/review").text
    done = client.post(f"/_editor/review/{proposal.id}/reject",
                       data={"csrf_token": token_in(page), "reason": "the source says 10.5"})
    assert done.status_code == 303
    assert "10.6" not in (editor.root / DATA).read_text(encoding="utf-8")
    author, _ = signed_in(editor, "eve")
    seen = author.get("/_editor/review").text
    assert "rejected</strong>" in seen and "the source says 10.5" in seen
    assert "/approve" not in seen  # an editor has no review buttons


def test_review_forms_need_a_publisher_and_the_token(editor: Editor) -> None:
    proposal = _propose(editor)
    author, _ = signed_in(editor, "eve")
    token = token_in(author.get("/_editor/review").text)
    assert author.post(f"/_editor/review/{proposal.id}/approve", data={"csrf_token": token}).status_code == 403
    publisher, _ = signed_in(editor, "pat")
    assert publisher.post(f"/_editor/review/{proposal.id}/approve", data={"csrf_token": token}).status_code == 403
    assert publisher.post(f"/_editor/review/{proposal.id}/approve",
                          headers={"Origin": "https://evil.example"}).status_code == 403
    assert proposals.get(editor.root, proposal.id).status == "pending"


def test_review_warns_when_the_file_changed_since_the_proposal(editor: Editor) -> None:
    _propose(editor)
    path: Path = editor.root / DATA
    path.write_text(path.read_text(encoding="utf-8").replace("10.5", "10.55"), encoding="utf-8")
    client, _token = signed_in(editor, "pat")
    assert "has changed since this proposal" in client.get("/_editor/review").text


# --- the first data of an indicator ---------------------------------------------------------------


NEW_DATA = "data/indicator_2-1-1.csv"  # tiny's 2-1-1 has metadata and no data; named like tiny's other data


def test_an_indicator_without_data_gets_a_first_data_file(editor: Editor) -> None:
    client, token = signed_in(editor, "pat")
    dashboard = client.get("/_editor/").text
    assert f'href="/_editor/file?path={NEW_DATA}">Add data' in dashboard
    page = client.get("/_editor/file", params={"path": NEW_DATA})
    assert page.status_code == 200 and 'data-version=""' in page.text and "does not exist yet" in page.text
    answer = client.get("/_editor/api/file", params={"path": NEW_DATA}).json()
    assert answer["version"] is None and answer["table"] == {"columns": ["Year", "Value"], "rows": []}
    assert not (editor.root / NEW_DATA).exists()  # opening it wrote nothing

    saved = save(client, token, NEW_DATA, "Year,Value\n2020,5.5\n2021,6\n", None, "first figures of 2.1.1")
    assert saved.status_code == 200, saved.text
    assert (editor.root / NEW_DATA).read_text(encoding="utf-8") == "Year,Value\n2020,5.5\n2021,6\n"
    assert saved.json()["rebuild"] in ("indicators", "full")
    assert editor.preview is not None and editor.preview.last_build is not None
    assert editor.preview.last_build.project.indicators["2-1-1"].data is not None  # the site has it now
    assert "Add data" not in client.get("/_editor/").text.split("2.1.1", 1)[1].split("</tr>", 1)[0]


def test_only_the_data_file_the_inputs_would_read_can_be_created(editor: Editor) -> None:
    client, _token = signed_in(editor, "pat")
    for path in ("data/9-9-9.csv", "data/2-1-1.csv", "data/2-1-1-extra.csv"):  # 2-1-1's goes to indicator_2-1-1
        assert client.get("/_editor/file", params={"path": path}).status_code == 404, path
        assert client.get("/_editor/api/file", params={"path": path}).status_code == 404, path
    assert client.get("/_editor/file", params={"path": "data/1-1-1.csv"}).status_code == 404  # 1-1-1 has its data


def test_an_editor_proposes_the_first_data_file(editor: Editor) -> None:
    client, token = signed_in(editor, "eve")
    answer = save(client, token, NEW_DATA, "Year,Value\n2020,5.5\n", None, "first figure")
    assert answer.status_code == 202 and answer.json()["proposal"]["base_version"] is None
    assert not (editor.root / NEW_DATA).exists()


# --- finding indicators and their problems -------------------------------------------------------


def _numbers(page: str) -> list[str]:
    return re.findall(r"<tr><td>(\d+\.\d+\.\d+)</td>", page)


def test_dashboard_finds_indicators_by_number_title_or_file(editor: Editor) -> None:
    client, _token = signed_in(editor, "val")
    assert _numbers(client.get("/_editor/").text) == ["1.1.1", "1.2.1", "2.1.1"]
    assert _numbers(client.get("/_editor/", params={"q": "POVERTY LINE"}).text) == ["1.1.1"]
    assert _numbers(client.get("/_editor/", params={"q": "2-1-1"}).text) == ["2.1.1"]
    assert _numbers(client.get("/_editor/", params={"q": "1.2"}).text) == ["1.2.1"]
    found = client.get("/_editor/", params={"q": "<script>x"}).text
    assert _numbers(found) == [] and "&lt;script&gt;x" in found and "<script>x" not in found
    assert "0 of 3 indicators." in found


def test_dashboard_counts_each_indicators_issues_and_can_show_only_those_with_errors(editor: Editor) -> None:
    path = editor.root / DATA
    path.write_text(path.read_text(encoding="utf-8").replace("2016,,,Provisional,11", "2016,,,Provisional,abc"),
                    encoding="utf-8")
    assert editor.preview is not None
    editor.preview.rebuild([DATA])
    client, _token = signed_in(editor, "val")
    page = client.get("/_editor/").text
    row = page.split("<tr><td>1.1.1</td>", 1)[1].split("</tr>", 1)[0]
    assert '<strong class="error">Errors: 1</strong>' in row
    assert _numbers(client.get("/_editor/", params={"errors": "1"}).text) == ["1.1.1"]
    assert "Erreurs : 1" in client.get("/_editor/", params={"errors": "1", "lang": "fr"}).text
