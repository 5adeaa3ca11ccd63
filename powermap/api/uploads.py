"""Uploaded files → the same import core the CLI uses (powermap.importers)."""

from __future__ import annotations

import io
import json
import logging
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from werkzeug.datastructures import FileStorage

from powermap import users
from powermap.errors import ImportConflict, NotFound, PowermapError, Problem, ValidationError
from powermap.graph.store import Graph
from powermap.i18n import _, ngettext
from powermap.importers.plan import apply_plan, conflict_lines, preview_plan

SOURCES = ("native", "salesforce", "linkedin", "ics")
MAX_FILES = 20
#: the longest file name taken (most file systems stop at 255 bytes)
MAX_NAME = 255
#: sources that read exactly one file
_ONE_FILE = ("linkedin", "ics")

log = logging.getLogger(__name__)


def run_upload(graph: Graph, source: str, files: list[FileStorage], staff_id: str | None,
               username: str, check: bool = False, overwrite: bool = False) -> dict:
    """Parse uploaded files with the importer of ``source``; write them unless ``check``, and
    record the import as a change set of ``username`` (via "web") from the files' names.

    ``check`` previews instead: what would be created, each update field by field, and the
    conflicts. Raises ``ValidationError`` (naming file, line and column) when anything is
    wrong, ``ImportConflict`` when a native export would overwrite values changed after it was
    exported (unless ``overwrite``); then nothing is written.
    """
    if source not in SOURCES:
        raise ValidationError(Problem("", "source", _(
            "%(source)s is not allowed; expected one of %(sources)s",
            source=repr(source), sources=", ".join(SOURCES))))
    files = [f for f in files if f and f.filename]
    if not files:
        raise ValidationError(Problem("", "file", _("choose a file to upload")))
    if len(files) > MAX_FILES:
        raise ValidationError(Problem("", "file", _("at most %(n)s files at once",
                                                    n=MAX_FILES)))
    names = file_names(files)
    if source in _ONE_FILE and len(files) > 1:
        raise ValidationError(Problem(", ".join(names), "file", _(
            "a %(source)s import reads one file; upload them one at a time", source=source)))
    try:
        plan = _parse(graph, source, files, names, staff_id)
    except PowermapError:
        raise
    except Exception as e:  # a reader met input it does not expect: the user's file, not a 500
        log.exception("upload of %s could not be read", names)
        raise ValidationError(Problem(", ".join(names), "", _(
            "the file could not be read (%(error)s); check that it is a valid %(source)s file",
            error=type(e).__name__, source=source))) from None
    if check:
        preview = preview_plan(graph, plan)
        totals = preview.load.totals()
        return {**preview.as_dict(), "checked_only": True, "records": plan.total_rows(),
                "summary_line": _("%(records)s records are valid: %(created)s would be "
                                  "created, %(updated)s updated, %(unchanged)s are "
                                  "unchanged; nothing written",
                                  records=plan.total_rows(), created=totals["created"],
                                  updated=totals["updated"], unchanged=totals["unchanged"]),
                "conflict_lines": conflict_lines(preview.load.conflicts)}
    summary = apply_plan(graph, plan, who=username, via="web", file=", ".join(names),
                         overwrite=overwrite)
    users.audit(graph, username, "import", source, summary.lines()[0])
    return {"checked_only": False, **summary.as_dict(), "summary_line": summary.lines()[0]}


# --- the confirmation step of an upload with conflicts ---------------------------------------

#: where uploads wait for their confirmation (one private folder per upload)
PENDING_DIR = Path(tempfile.gettempdir()) / "powermap-pending-uploads"
#: how long an upload waits for its confirmation
PENDING_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def run_upload_or_ask(graph: Graph, source: str, files: list[FileStorage],
                      staff_id: str | None, username: str, check: bool = False) -> dict:
    """``run_upload`` for the upload page: when the file conflicts with newer values, keep the
    upload for a while and answer the conflicts with a token that ``confirm_upload`` takes."""
    data = [(f.filename or "", f.read()) for f in files if f and f.filename]
    def storages():
        return [FileStorage(stream=io.BytesIO(b), filename=n) for n, b in data]
    try:
        return run_upload(graph, source, storages(), staff_id, username, check=check)
    except ImportConflict as e:
        token = _stash(data, {"username": username, "source": source, "staff_id": staff_id})
        return {"checked_only": False, "needs_confirmation": True, "confirm_token": token,
                "conflicts": e.conflicts, "conflict_lines": conflict_lines(e.conflicts),
                "summary_line": ngettext(
                    "%(n)s value in this file is older than the graph's; nothing was imported "
                    "yet.", "%(n)s values in this file are older than the graph's; nothing was "
                    "imported yet.", len(e.conflicts))}


def confirm_upload(graph: Graph, token: str, username: str) -> dict:
    """Import a kept upload, overwriting the newer values it conflicted with (the history keeps
    them). Only the user who uploaded it may confirm it."""
    folder = _pending(token)
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    if meta["username"] != username:
        raise NotFound(_("No upload waits for your confirmation under this token."))
    files = [FileStorage(stream=io.BytesIO((folder / f"{i}.bin").read_bytes()), filename=name)
             for i, name in enumerate(meta["names"])]
    try:
        return run_upload(graph, meta["source"], files, meta["staff_id"], username,
                          overwrite=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _stash(data: list[tuple[str, bytes]], meta: dict) -> str:
    _forget_old()
    PENDING_DIR.mkdir(mode=0o700, exist_ok=True)
    token = secrets.token_urlsafe(24)
    folder = PENDING_DIR / token
    folder.mkdir(mode=0o700)
    for i, (_, body) in enumerate(data):
        (folder / f"{i}.bin").write_bytes(body)
    (folder / "meta.json").write_text(json.dumps({**meta, "names": [n for n, _ in data],
                                                  "at": time.time()}), "utf-8")
    return token


def _pending(token: str) -> Path:
    folder = PENDING_DIR / token
    if not _TOKEN.match(token or "") or not (folder / "meta.json").is_file():
        raise NotFound(_("This upload is no longer waiting for confirmation (it was imported, "
                         "or more than an hour passed); upload the file again."))
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    if time.time() - meta["at"] > PENDING_SECONDS:
        shutil.rmtree(folder, ignore_errors=True)
        raise NotFound(_("This upload waited more than an hour for confirmation; upload the "
                         "file again."))
    return folder


def _forget_old() -> None:
    """Remove uploads nobody confirmed within ``PENDING_SECONDS``."""
    if not PENDING_DIR.is_dir():
        return
    for folder in PENDING_DIR.iterdir():
        try:
            if time.time() - folder.stat().st_mtime > PENDING_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def file_names(files: list[FileStorage]) -> list[str]:
    """The base name of each uploaded file (browsers may send a folder path).

    Raises ``ValidationError`` for a name with a control character (a NUL byte, say), an
    empty or overlong name, and for two files of the same name: they would be one table, and
    one of them would be lost.
    """
    names, seen, problems = [], {}, []
    for f in files:
        raw = f.filename or ""
        shown = raw if len(raw) <= 80 else raw[:80] + "…"
        bad = re.search(r"[\x00-\x1f\x7f]", raw)
        if bad:
            problems.append(Problem(repr(shown), "file", _(
                "the file name contains the control character %(character)s; rename the file",
                character=f"U+{ord(bad.group()):04X}")))
            continue
        name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
        if name in ("", ".", "..") or len(name.encode()) > MAX_NAME:
            problems.append(Problem(shown, "file", _(
                "expected a file name of 1 to %(n)s bytes", n=MAX_NAME)))
            continue
        if name.lower() in seen:
            problems.append(Problem(name, "file", _(
                "two files for one table: %(first)s and %(second)s; put the rows into one file",
                first=repr(seen[name.lower()]), second=repr(shown))))
            continue
        seen[name.lower()] = shown
        names.append(name)
    if problems:
        raise ValidationError(problems)
    return names


def _parse(graph: Graph, source: str, files: list[FileStorage], names: list[str],
           staff_id: str | None):
    if source == "native":
        if len(files) == 1 and not names[0].lower().endswith(".csv"):
            from powermap.importers.native import parse_native_upload
            return parse_native_upload(names[0], files[0].read())
        from powermap.importers.native import parse_native
        return _in_folder(files, names, parse_native)
    if source == "salesforce":
        from powermap.importers.matching import own_organization
        from powermap.importers.salesforce import parse_salesforce
        return _in_folder(files, names,
                          lambda folder: parse_salesforce(folder, own_organization(graph)))
    if source == "linkedin":
        if not staff_id:
            raise ValidationError(Problem("", "staff_id", _(
                "choose the staff member whose connections these are")))
        from powermap.importers.linkedin import parse_linkedin_text
        from powermap.importers.tables import decode
        return parse_linkedin_text(graph, decode(files[0].read(), names[0]), names[0], staff_id)
    from powermap.importers.ics import parse_ics_bytes
    return parse_ics_bytes(graph, files[0].read(), names[0])


def _in_folder(files: list[FileStorage], names: list[str], parse):
    """Save the files in a temporary folder (by their base names only) and parse it."""
    with tempfile.TemporaryDirectory(prefix="powermap-upload-") as tmp:
        folder = Path(tmp)
        for f, name in zip(files, names):
            if not name.lower().endswith(".csv"):
                raise ValidationError(Problem(name, "", _("expected .csv files")))
            f.save(folder / name)
        return parse(folder)
