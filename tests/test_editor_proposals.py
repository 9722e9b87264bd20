"""Review: proposals wait, approved ones are saved from their base version, stale ones conflict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdgkit.editor import proposals, store
from sdgkit.editor.history import FolderHistory

CSV = "data/indicator_1-1-1.csv"
OLD = b"Year,Value\n2015,1\n"
NEW = b"Year,Value\n2015,1.5\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / CSV).write_bytes(OLD)
    return tmp_path


def test_propose_then_approve_applies_the_change(repo: Path) -> None:
    proposal = proposals.propose(repo, CSV, NEW, base_version=store.version_of(OLD), author="Ana",
                                 message="Fix 2015")
    assert (repo / CSV).read_bytes() == OLD  # nothing reaches the files before approval
    assert proposals.pending(repo) == [proposal]
    assert proposals.get(repo, proposal.id) == proposal
    history = FolderHistory(repo)
    approved = proposals.approve(repo, proposal.id, "Pat", history)
    assert (repo / CSV).read_bytes() == NEW
    assert (approved.status, approved.decided_by, approved.entry_id) == ("approved", "Pat", history.entries(CSV)[0].id)
    entry = history.entries(CSV)[0]
    assert entry.author == "Ana" and entry.message == "Fix 2015\n\nApproved-by: Pat"
    assert proposals.pending(repo) == []
    assert proposals.get(repo, proposal.id) == approved
    with pytest.raises(proposals.ProposalError, match="already approved"):
        proposals.approve(repo, proposal.id, "Pat", history)


def test_a_stale_proposal_conflicts_and_stays_pending(repo: Path) -> None:
    first = proposals.propose(repo, CSV, NEW, base_version=store.version_of(OLD), author="Ana", message="a")
    second = proposals.propose(repo, CSV, OLD + b"2016,2\n", base_version=store.version_of(OLD), author="Bo",
                               message="b")
    proposals.approve(repo, first.id, "Pat", FolderHistory(repo))
    with pytest.raises(store.Conflict) as refused:
        proposals.approve(repo, second.id, "Pat", FolderHistory(repo))
    assert refused.value.current == NEW and refused.value.proposed == OLD + b"2016,2\n"
    assert (repo / CSV).read_bytes() == NEW
    assert proposals.pending(repo) == [second]


def test_a_proposal_on_an_already_changed_file_is_refused_at_once(repo: Path) -> None:
    with pytest.raises(store.Conflict):
        proposals.propose(repo, CSV, NEW, base_version=store.version_of(b"what the editor loaded"), author="Ana",
                          message="m")
    with pytest.raises(store.UnchangedError):
        proposals.propose(repo, CSV, OLD, base_version=store.version_of(OLD), author="Ana", message="m")
    assert proposals.pending(repo) == []


def test_reject_keeps_the_file_and_records_the_reason(repo: Path) -> None:
    proposal = proposals.propose(repo, CSV, NEW, base_version=store.version_of(OLD), author="Ana", message="m")
    rejected = proposals.reject(repo, proposal.id, "Pat", "  The source says 1.  ")
    assert (rejected.status, rejected.decided_by, rejected.reason) == ("rejected", "Pat", "The source says 1.")
    assert (repo / CSV).read_bytes() == OLD
    assert proposals.pending(repo) == []
    assert proposals.proposals(repo, "rejected") == [rejected]
    with pytest.raises(proposals.ProposalError):
        proposals.approve(repo, proposal.id, "Pat", FolderHistory(repo))


def test_a_proposed_new_file(repo: Path) -> None:
    proposal = proposals.propose(repo, "meta/1-1-1.md", b"---\ntitle: x\n---\n", base_version=None, author="Ana",
                                 message="new")
    assert not (repo / "meta").exists()
    proposals.approve(repo, proposal.id, "Pat", FolderHistory(repo))
    assert (repo / "meta/1-1-1.md").read_bytes() == b"---\ntitle: x\n---\n"


def test_text_is_stored_readable_and_other_bytes_in_base64(repo: Path) -> None:
    text = proposals.propose(repo, CSV, "Year,Valeur\r\n2015,1\r\n\ufeff".encode(),
                             base_version=store.version_of(OLD), author="Ana", message="m")
    binary = proposals.propose(repo, CSV, b"\xff\xfe\x00bytes", base_version=store.version_of(OLD), author="Ana",
                               message="m")
    folder = repo / ".sdgkit" / "proposals"
    assert json.loads((folder / f"{text.id}.json").read_text())["content_text"] == "Year,Valeur\r\n2015,1\r\n\ufeff"
    assert "content_base64" in json.loads((folder / f"{binary.id}.json").read_text())
    assert proposals.get(repo, text.id).content == text.content
    assert proposals.get(repo, binary.id).content == b"\xff\xfe\x00bytes"


@pytest.mark.parametrize("bad", ["../../etc/passwd", "../proposals/x", "0" * 31, "0" * 33, "G" * 32, "", "/etc/x",
                                 "0123456789abcdef0123456789abcdef.json", "0123456789abcdef0123456789abcdef\n",
                                 "0123456789ABCDEF0123456789ABCDEF"])
def test_malformed_ids_are_refused_before_any_file_is_touched(repo: Path, bad: str) -> None:
    for action in (lambda: proposals.get(repo, bad), lambda: proposals.reject(repo, bad, "Pat", "no"),
                   lambda: proposals.approve(repo, bad, "Pat", FolderHistory(repo))):
        with pytest.raises(proposals.ProposalError, match="not a proposal id"):
            action()


def test_unknown_and_damaged_proposals(repo: Path) -> None:
    with pytest.raises(proposals.ProposalError, match="no proposal"):
        proposals.get(repo, "0" * 32)
    proposal = proposals.propose(repo, CSV, NEW, base_version=store.version_of(OLD), author="Ana", message="m")
    path = repo / ".sdgkit" / "proposals" / f"{proposal.id}.json"
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "path": "../../outside.csv"}))
    with pytest.raises(proposals.ProposalError, match="damaged"):
        proposals.get(repo, proposal.id)
    assert proposals.pending(repo) == []  # a damaged file is left out of the list, not fatal
    (repo / ".sdgkit" / "proposals" / f"{'1' * 32}.json").write_text(json.dumps({**data}))  # another's content
    with pytest.raises(proposals.ProposalError, match="another proposal"):
        proposals.get(repo, "1" * 32)


def test_ids_are_random(repo: Path) -> None:
    ids = {proposals.propose(repo, CSV, NEW + str(n).encode(), base_version=store.version_of(OLD), author="Ana",
                             message="m").id for n in range(20)}
    assert len(ids) == 20
