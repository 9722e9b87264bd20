"""Review: an editor proposes a change, a publisher approves or rejects it.

Only approved changes reach the repository's files, and so the published build: a proposal
waits in ``.sdgkit/proposals/<id>.json`` (the path, the version of the file it was made from,
the proposed bytes, who, why, when) and touches nothing else. Approving it is an ordinary
:func:`sdgkit.editor.store.save` from the proposal's base version, so a proposal made on a
file that has changed since is refused with :class:`~sdgkit.editor.store.Conflict` and stays
pending: nobody's later work is overwritten by an old proposal. The editor shows both
versions, and the editor who proposed can make a new proposal on the current file.

Proposal ids are random (unguessable, so a link to one reveals nothing about the others) and
are checked against their exact form before they become a file name, so an id from a URL
can never name a file outside the proposals folder. Who may approve is the web layer's rule
(roles); this module records who did.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any, Literal

from sdgkit.editor import store
from sdgkit.editor.history import History
from sdgkit.editor.security import Refused, refusal

Status = Literal["pending", "approved", "rejected"]
_ID = re.compile(r"[0-9a-f]{32}")
_STATUSES: tuple[Status, ...] = ("pending", "approved", "rejected")


class ProposalError(Refused, ValueError):
    """A proposal id that is malformed or unknown, or a proposal that is no longer pending."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """A change waiting for review, or the record of its review."""

    id: str
    path: str
    #: the version of the file the change was made from (``None``: a new file)
    base_version: str | None
    content: bytes
    author: str
    message: str
    created: datetime
    status: Status = "pending"
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str = ""
    #: the history entry of the save, once approved
    entry_id: str | None = None


def propose(root: Path, relative: str | PurePath, content: bytes, *, base_version: str | None, author: str,
            message: str) -> Proposal:
    """Record a proposed change of a file, made from ``base_version``; the file itself is not touched.

    Refused at once with :class:`~sdgkit.editor.store.Conflict` when the file is no longer at
    ``base_version`` (better now than at review), and with
    :class:`~sdgkit.editor.store.UnchangedError` when nothing would change.
    """
    clean = store.clean_relative(relative)
    with store.repository_lock(root):
        _check_current(root, clean, base_version, content)
        proposal = Proposal(id=secrets.token_hex(16), path=clean, base_version=base_version, content=content,
                            author=author, message=message.strip(), created=datetime.now(UTC))
        _write(root, proposal)
    return proposal


def pending(root: Path) -> list[Proposal]:
    """The proposals waiting for review, oldest first."""
    return proposals(root, "pending")


def proposals(root: Path, status: Status | None = None) -> list[Proposal]:
    """Every proposal (or those with ``status``), oldest first: an author's view of their reviews."""
    folder = root / store.STATE_FOLDER / "proposals"
    if not folder.is_dir():
        return []
    found = (_read_quietly(path) for path in folder.glob("*.json") if _ID.fullmatch(path.stem))
    return sorted((proposal for proposal in found if proposal is not None and status in (None, proposal.status)),
                  key=lambda proposal: (proposal.created, proposal.id))


def get(root: Path, proposal_id: str) -> Proposal:
    """The proposal with this id; :class:`ProposalError` when the id is malformed or unknown."""
    path = _path(root, proposal_id)
    try:
        proposal = _load(path.read_bytes())
    except FileNotFoundError:
        raise ProposalError(refusal("errors.no_proposal", id=proposal_id)) from None
    if proposal.id != proposal_id:
        raise ProposalError(refusal("errors.proposal_mismatch", id=proposal_id))
    return proposal


def approve(root: Path, proposal_id: str, publisher: str, history: History) -> Proposal:
    """Apply a pending proposal (a save from its base version, by its author) and mark it approved.

    :class:`~sdgkit.editor.store.Conflict` when the file changed since the proposal was made:
    nothing is written and the proposal stays pending.
    """
    with store.repository_lock(root):
        proposal = _pending(root, proposal_id)
        message = f"{proposal.message or f'Edit {proposal.path}'}\n\nApproved-by: {publisher}"
        entry = store.save(root, proposal.path, proposal.content, expected_version=proposal.base_version,
                           author=proposal.author, message=message, history=history)
        decided = replace(proposal, status="approved", decided_by=publisher, decided_at=datetime.now(UTC),
                          entry_id=entry.id)
        _write(root, decided)
    return decided


def reject(root: Path, proposal_id: str, publisher: str, reason: str) -> Proposal:
    """Mark a pending proposal rejected, with the reason shown to its author; no file changes."""
    with store.repository_lock(root):
        proposal = _pending(root, proposal_id)
        decided = replace(proposal, status="rejected", decided_by=publisher, decided_at=datetime.now(UTC),
                          reason=reason.strip())
        _write(root, decided)
    return decided


def _check_current(root: Path, clean: str, base_version: str | None, content: bytes) -> None:
    """Raise as a save would if the file is not at ``base_version`` or already holds ``content``."""
    try:
        current, version = store.read(root, clean)
    except FileNotFoundError:
        current, version = None, None
    if version != base_version:
        raise store.Conflict(clean, base_version, current, content)
    if current == content:
        raise store.UnchangedError(clean)


def _pending(root: Path, proposal_id: str) -> Proposal:
    """The proposal, which must still be pending."""
    proposal = get(root, proposal_id)
    if proposal.status != "pending":
        raise ProposalError(refusal("errors.proposal_decided", id=proposal_id, status=proposal.status))
    return proposal


def _path(root: Path, proposal_id: str) -> Path:
    """The file of a proposal; the id is checked first, so it can only name a file in the folder."""
    if not isinstance(proposal_id, str) or not _ID.fullmatch(proposal_id):
        raise ProposalError(refusal("errors.not_a_proposal_id", id=repr(proposal_id)))
    return root / store.STATE_FOLDER / "proposals" / f"{proposal_id}.json"


def _write(root: Path, proposal: Proposal) -> None:
    """Write the proposal's file (all or nothing)."""
    folder = store.state_folder(root, "proposals")
    store.write_atomically(folder / f"{proposal.id}.json", _dump(proposal))


def _dump(proposal: Proposal) -> bytes:
    """The proposal as JSON: the content as text when it is UTF-8 (readable), else base64."""
    data: dict[str, Any] = {
        "id": proposal.id, "path": proposal.path, "base_version": proposal.base_version,
        "author": proposal.author, "message": proposal.message, "created": proposal.created.isoformat(),
        "status": proposal.status, "decided_by": proposal.decided_by,
        "decided_at": proposal.decided_at.isoformat() if proposal.decided_at else None,
        "reason": proposal.reason, "entry_id": proposal.entry_id,
    }
    try:
        data["content_text"] = proposal.content.decode("utf-8")
    except UnicodeDecodeError:
        data["content_base64"] = base64.b64encode(proposal.content).decode("ascii")
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def _load(raw: bytes) -> Proposal:
    """A proposal from its JSON; :class:`ProposalError` when the file is damaged."""
    try:
        data = json.loads(raw)
        content = data["content_text"].encode("utf-8") if "content_text" in data \
            else base64.b64decode(data["content_base64"], validate=True)
        status = data["status"]
        if status not in _STATUSES or not _ID.fullmatch(data["id"]):
            raise ValueError(f"unknown status {status!r} or id")
        return Proposal(id=data["id"], path=store.clean_relative(data["path"]), base_version=data["base_version"],
                        content=content, author=data["author"], message=data["message"],
                        created=datetime.fromisoformat(data["created"]), status=status,
                        decided_by=data.get("decided_by"),
                        decided_at=datetime.fromisoformat(data["decided_at"]) if data.get("decided_at") else None,
                        reason=data.get("reason") or "", entry_id=data.get("entry_id"))
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as error:
        raise ProposalError(f"a damaged proposal file: {error}") from error


def _read_quietly(path: Path) -> Proposal | None:
    """The proposal in ``path``, ``None`` when it vanished or is damaged (a listing must not fail)."""
    try:
        proposal = _load(path.read_bytes())
    except (OSError, ProposalError):
        return None
    return proposal if proposal.id == path.stem else None
