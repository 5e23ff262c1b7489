"""CRM imports on disk (``funnel/imports/<as-of>-<source>.csv``): the stored files and their
names, reading an export's bytes, storing a parsed export (all or nothing; the same export
imported twice leaves the file byte-identical) and reading a stored import back.
``usecases.imports.import_export`` is the whole import a user runs.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import hashlib
import io
import os
import re
import secrets
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, overload

from salescoach import crm, deal_columns, import_cache, store, writer
from salescoach.crm import sheets
from salescoach.crm.stored_text import StoredText
from salescoach.diagnostics import Diagnostic
from salescoach.errors import InvalidRepo, UsageError, WriteError, refuse_errors
from salescoach.formats import number
from salescoach.i18n import _
from salescoach.models import Deal, Settings

_IMPORT_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)\.csv$")
MAX_IMPORT_BYTES = 512 * 1024 * 1024
"""The largest stored import read back, and so the largest one an import writes (it refuses
an export whose stored form would be larger): what the tool writes, it can always read."""
MAX_EXPORT_BYTES = 4 * 1024 * 1024 * 1024
"""The largest CSV export read (it is streamed: memory does not grow with it)."""
READ_CHUNK = 1024 * 1024
WRITTEN_IN_MEMORY = 64 * 1024 * 1024
"""A stored import up to this size is put in place by ``writer.write_new_or_same`` like any
other file; a larger one is linked into place from its temporary file (not read into memory)."""


# ---------------------------------------------------------------- the stored files


def import_files(layout: store.Layout) -> list[tuple[date, Path]]:
    """The stored imports, oldest first, by the date in their file name (nothing is read)."""
    out: list[tuple[date, Path]] = []
    try:
        entries = list(os.scandir(layout.imports_dir))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        m = _IMPORT_FILE.match(entry.name)
        if not m:
            continue
        try:
            out.append((date.fromisoformat(m.group(1)), Path(entry.path)))
        except ValueError:
            continue
    return sorted(out)


def import_path(layout: store.Layout, as_of: date, source_name: str) -> Path:
    """Where the import of ``source_name`` as of ``as_of`` is stored."""
    stem = Path(source_name).stem
    return layout.imports_dir / f"{as_of.isoformat()}-{crm.slugify(stem)}.csv"


def load_import(
    layout: store.Layout, path: Path, settings: Settings, use_cache: bool = True
) -> crm.StoredImport:
    """A stored import, or ``InvalidRepo`` naming its bad lines: from its cache when it holds
    this very file's deals (``import_cache``), else read (and cached if clean)."""
    rel = layout.rel(path)
    refuse_errors(store.folder_problems(layout, path.parent))
    cache = import_cache.Entry(layout.root, path) if use_cache else None
    if cache and (cached := cache.load(settings.funnel.stages, MAX_IMPORT_BYTES)) is not None:
        return cached
    data, problems = store.read_bytes(layout, path, limit=MAX_IMPORT_BYTES)
    refuse_errors(problems)
    assert data is not None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRepo([crm.problem(rel, 0, "not-utf8", _("is not UTF-8"))]) from None
    with crm.paused_gc():
        stored, problems = crm.read_normalised(text, rel, settings.funnel.stages)
        refuse_errors(problems)
        assert stored is not None
        if cache:
            cache.save_read(data, stored)
    return stored


def check_imports(
    layout: store.Layout, settings: Settings, *, use_cache: bool = True
) -> list[Diagnostic]:
    """Every problem of the stored imports (for ``salescoach check``), read as ``funnel
    review`` reads them; a file unchanged since a clean check comes from the cache."""
    files = [(layout.rel(path), path) for _day, path in import_files(layout)]

    def check(path: Path) -> list[Diagnostic]:
        try:
            load_import(layout, path, settings, use_cache)
        except InvalidRepo as error:
            return list(error.diagnostics)
        return []

    salt = ",".join(settings.funnel.stages) + ":" + _reader_version()
    return store.checked_files(layout.root, "imports", files, check, salt=salt, use_cache=use_cache)


def _reader_version() -> str:
    """The size and time of the code that reads a stored import (a change re-checks all)."""
    from salescoach.crm import cells, stored

    sources = (Path(__file__), Path(stored.__file__ or ""), Path(cells.__file__ or ""))
    parts = []
    for source in sources:
        try:
            st = os.stat(source)
        except OSError:
            continue
        parts.append(f"{source.name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)


def store_import(layout: store.Layout, parsed: crm.ParsedExport) -> tuple[Path, str]:
    """Write a parsed export under ``funnel/imports/``; its path and what happened:
    'created', 'unchanged' (the same bytes were there already) or 'replaced'."""
    target = import_path(layout, parsed.as_of, parsed.source)
    return target, store_csv(layout, target, crm.normalised_csv(parsed))


def store_csv(layout: store.Layout, target: Path, content: bytes) -> str:
    """Write a stored import (or activities import) under its folder's lock: 'created',
    'unchanged' or 'replaced'. A folder that is a link (out of the repository or not) is
    refused, as a linked meetings folder is; a killed import's temporary file is removed."""
    refuse_errors(store.folder_problems(layout, target.parent))
    with writer.locked_new_folder(target.parent, shown=layout.rel(target.parent)):
        existed = target.exists()
        written = writer.write_new_or_same(target, content)
    return "replaced" if written and existed else "created" if written else "unchanged"


# ---------------------------------------------------------------- the export


STDIN = "-"
"""The export's name that means standard input (``funnel import -``)."""
STDIN_SOURCE = "stdin"
"""The source name of an export read from standard input (diagnostics, stored file)."""


def export_source(export: Path) -> str:
    """The export as diagnostics name it: its path as given, or ``stdin`` for '-'."""
    return STDIN_SOURCE if str(export) == STDIN else str(export)


def read_export(export: Path, limit: int = MAX_IMPORT_BYTES, name: str | None = None) -> bytes:
    """The bytes of a CRM export (anywhere on disk, or standard input for '-'), at most
    ``limit``; one that cannot be read is an ``InvalidExport`` naming it as the user gave it
    (``name``, else the export's own)."""
    name = name or export_source(export)
    with _export_opened(export, name) as handle:
        data = _read(handle, limit + 1, name)
    if len(data) > limit:
        raise _too_large(name, limit)
    return data


def _read(handle: BinaryIO, size: int, name: str) -> bytes:
    """At most ``size`` bytes of an export; a read that fails is an ``InvalidExport``."""
    try:
        return handle.read(size)
    except OSError as exc:
        reason = _("cannot be read ({reason})").format(reason=exc.strerror)
        hint = _("name the CSV file exported from the CRM")
        raise crm.refusal(name, 0, "unreadable", reason, hint=hint) from None


def _too_large(name: str, limit: int) -> crm.InvalidExport:
    return crm.refusal(
        name,
        0,
        "too-large",
        _("larger than {limit} bytes").format(limit=number(limit)),
        hint=_("split the export by date"),
    )


@contextlib.contextmanager
def _export_opened(export: Path, name: str) -> Iterator[BinaryIO]:
    """The export opened for reading (standard input for '-'); one that cannot be is an
    ``InvalidExport`` naming it as the user gave it."""
    hint = _("name the CSV file exported from the CRM")
    try:
        handle = sys.stdin.buffer if str(export) == STDIN else open(export, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise crm.refusal(name, 0, "missing-file", _("no such file"), hint=hint) from None
    except IsADirectoryError:
        folder = _("is a folder, not a CSV file")
        raise crm.refusal(name, 0, "not-a-file", folder, hint=hint) from None
    except OSError as exc:
        reason = _("cannot be read ({reason})").format(reason=exc.strerror)
        raise crm.refusal(name, 0, "unreadable", reason, hint=hint) from None
    try:
        yield handle
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def export_csv(data: bytes, source: str, sheet: str | None = None) -> tuple[bytes, bool]:
    """The export as CSV bytes and whether it was an .xlsx workbook (told by its bytes, not
    its name): a workbook's sheet (the first, or ``sheet``) becomes the CSV it would have
    been; an old .xls or another zip is refused; ``--sheet`` with a CSV file is a usage error."""
    if sheets.is_workbook(data):
        with crm.paused_gc():  # a sheet is read as many small objects (a tenth faster)
            return sheets.workbook_csv(data, source, sheet), True
    sheets.refuse_other_spreadsheets(data, source)
    if sheet is not None:
        raise UsageError(
            _("--sheet {sheet}: {file} is a CSV file, not an Excel workbook").format(
                sheet=sheet, file=source
            )
        )
    return data, False


@dataclasses.dataclass(frozen=True)
class ExportBytes:
    """An export as read: the file's own bytes (whose checksum a stored import records), the
    CSV they are (a workbook's sheet converted), and whether they were a workbook."""

    raw: bytes
    csv: bytes
    workbook: bool


def export_bytes(export: Path, sheet: str | None = None, name: str | None = None) -> ExportBytes:
    """Read an export (``-``: standard input) and, for a workbook, convert its sheet: once, for
    whoever reads it next (telling activities from deals, then importing); ``name`` is the
    export as the user named it (a copy of standard input is read under its own name)."""
    name = name or export_source(export)
    raw = read_export(export, name=name)
    data, workbook = export_csv(raw, name, sheet)
    return ExportBytes(raw, data, workbook)


def of_workbook(parsed: crm.ParsedExport, workbook: bytes) -> crm.ParsedExport:
    """The parsed export with the checksum of the workbook's own bytes (the stored import's
    ``sha256`` is of the file the user has, not of the CSV read from it)."""
    return dataclasses.replace(parsed, sha256=hashlib.sha256(workbook).hexdigest())


# ---------------------------------------------------------------- a CSV export streamed


@contextlib.contextmanager
def export_on_disk(export: Path) -> Iterator[Path]:
    """The export as a file that can be read more than once: the file itself, or standard
    input copied to a temporary file (removed afterwards), at most ``MAX_EXPORT_BYTES``."""
    if str(export) != STDIN:
        yield export
        return
    with tempfile.TemporaryDirectory(prefix="salescoach-stdin-") as folder:
        path = Path(folder) / "stdin.csv"
        with open(path, "wb") as out:
            copied = 0
            while chunk := _read(sys.stdin.buffer, READ_CHUNK, STDIN_SOURCE):
                copied += len(chunk)
                if copied > MAX_EXPORT_BYTES:
                    raise _too_large(STDIN_SOURCE, MAX_EXPORT_BYTES)
                out.write(chunk)
        yield path


def is_spreadsheet(path: Path, name: str) -> bool:
    """Whether the export is a zip or an old Excel file by its first bytes (read whole and
    converted, or refused, by ``export_csv``), rather than a CSV file (streamed)."""
    with _export_opened(path, name) as handle:
        head = _read(handle, 8, name)
    return head.startswith((sheets.ZIP_MAGIC, sheets.OLE2_MAGIC))


@dataclasses.dataclass(frozen=True)
class ExportText:
    """A CSV export on disk whose bytes were checked once (size, text encoding, checksum):
    its text is then read, as lines, as often as the import needs."""

    path: Path
    encoding: str
    sha256: str

    def lines(self) -> Iterator[str]:
        """The export's lines with their endings, a leading byte-order mark dropped."""
        with (
            open(self.path, "rb") as raw,
            io.TextIOWrapper(raw, encoding=self.encoding, newline="") as text,
        ):
            first = text.readline()
            yield first.removeprefix("\ufeff")
            yield from text


def export_text(path: Path, name: str, encoding: str | None) -> ExportText:
    """Check an export's bytes in one pass (at most ``MAX_EXPORT_BYTES``, text in
    ``encoding``, else UTF-8 or UTF-16 with a byte-order mark) and compute their checksum; a
    file that is not text in its encoding is refused as ``crm.decode`` refuses it."""
    digest, size = hashlib.sha256(), 0
    with _export_opened(path, name) as handle:
        chunk = _read(handle, READ_CHUNK, name)
        codec = encoding or _codec_of(chunk, name)
        decoder = codecs.getincrementaldecoder(codec)()
        try:
            while chunk:
                size += len(chunk)
                if size > MAX_EXPORT_BYTES:
                    raise _too_large(name, MAX_EXPORT_BYTES)
                digest.update(chunk)
                decoder.decode(chunk)
                chunk = _read(handle, READ_CHUNK, name)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            handle.seek(0)
            crm.decode(handle.read(), name, encoding)  # the refusal naming the line
            raise
    return ExportText(path, codec, digest.hexdigest())


def _codec_of(head: bytes, name: str) -> str:
    """The codec of a file without ``--encoding``: UTF-16 with its byte-order mark, else
    UTF-8 (with or without one); UTF-16 without a mark is refused (``crm.decode``)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if crm.values.utf16_without_bom(head) is not None:
        crm.decode(head, name)  # the refusal saying which UTF-16 it looks like
    return "utf-8"  # a byte-order mark is dropped by ``ExportText.lines``


def stream_import(
    layout: store.Layout,
    text: ExportText,
    name: str,
    parse: Callable[[crm.export.TextSource, str, crm.export.DealSink], crm.ParsedExport],
) -> tuple[crm.ParsedExport, Path, str]:
    """Import a CSV export as it is read: ``parse`` (``crm.stream_export`` with the
    repository's settings) hands its deals to a temporary file in ``funnel/imports/``, put in
    place at the end (all or nothing, under the folder's lock); the parsed export, the stored
    file and what happened ('created', 'unchanged' or 'replaced')."""
    folder = layout.imports_dir
    refuse_errors(store.folder_problems(layout, folder))
    with (
        writer.locked_new_folder(folder, shown=layout.rel(folder)),
        StoredImportWriter(folder, name, cache_root=layout.root) as out,
    ):
        parsed = parse(text.lines, text.sha256, out)
        target = import_path(layout, parsed.as_of, parsed.source)
        status = out.finish(parsed, target)
    parsed.deals = DealsOnDisk(layout, target, parsed.rows)
    return parsed, target, status


class StoredImportWriter:
    """A stored import written while its export is read: the deals into a temporary file
    beside the stored imports, the banner and metadata above them at the end (``finish``),
    which puts the file in place; a stored import larger than ``MAX_IMPORT_BYTES`` (what
    salescoach reads back) is refused as soon as it is. Any failure removes the temporary
    files (a killed import's are removed by the next one, under the folder's lock). With
    ``cache_root`` (the repository), the deals are also kept for its cache (``import_cache``)."""

    def __init__(self, folder: Path, source: str, *, cache_root: Path | None = None) -> None:
        self.folder, self.source = folder, source
        self.limit = MAX_IMPORT_BYTES
        self.body = self._temp("deals")
        self.handle = open(self.body, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self.text = StoredText()
        self.temps = [self.body]
        self.cache_root = cache_root
        self.columns = deal_columns.Columns(written=True)

    def _temp(self, name: str) -> Path:
        path = self.folder / f"{writer.TEMP_PREFIX}{name}.{secrets.token_hex(4)}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        os.close(os.open(path, flags, 0o644))
        return path

    def __enter__(self) -> StoredImportWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.handle.close()
        for temp in self.temps:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()

    def write(self, deals: list[Deal]) -> None:
        """The next deals, in the stored layout."""
        self.handle.write(self.text.rows(deals))
        if self.handle.tell() > self.limit:
            raise self._too_large()
        if self.cache_root is not None:
            self.columns.add(deals)

    def restart(self) -> None:
        """Forget the deals written so far."""
        self.handle.seek(0)
        self.handle.truncate()
        self.columns = deal_columns.Columns(written=True)

    def finish(self, parsed: crm.ParsedExport, target: Path) -> str:
        """Put the stored import at ``target`` (metadata, then the deals); 'created',
        'unchanged' (it held the same bytes) or 'replaced'."""
        head = crm.stored.stored_head(parsed).encode("utf-8")
        self.handle.flush()
        if len(head) + os.fstat(self.handle.fileno()).st_size > self.limit:
            raise self._too_large()
        size = len(head) + os.fstat(self.handle.fileno()).st_size
        if size <= WRITTEN_IN_MEMORY:
            with open(self.body, "rb") as deals:
                data = head + deals.read()
            existed = target.exists()
            written = writer.write_new_or_same(target, data)
            self._cache(head, target, hashlib.sha256(data))
            return "replaced" if written and existed else "created" if written else "unchanged"
        return self._placed(head, target)

    def _cache(self, head: bytes, target: Path, digest: hashlib._Hash) -> None:
        if self.cache_root is not None:  # the file just put in place, hashed as ``digest``
            import_cache.save_written(self.cache_root, target, head, digest, self.columns)

    def _placed(self, head: bytes, target: Path) -> str:
        """A large stored import put in place from a temporary file (its bytes are not read
        into memory): linked as a new file, or replacing the old one."""
        whole = self._temp(target.name)
        self.temps.append(whole)
        digest = hashlib.sha256(head)
        try:
            with open(whole, "wb") as out, open(self.body, "rb") as deals:
                out.write(head)
                while chunk := deals.read(READ_CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                out.flush()
                os.fsync(out.fileno())
            status = writer.place_file(whole, target)
        except OSError as exc:
            raise WriteError(
                _("cannot write {file}: {reason}; nothing was changed").format(
                    file=target.name, reason=exc.strerror
                )
            ) from None
        self._cache(head, target, digest)
        return status

    def _too_large(self) -> crm.InvalidExport:
        return crm.refusal(
            self.source,
            0,
            "too-large",
            _(
                "its stored import would be larger than {limit} bytes, the most salescoach "
                "reads back"
            ).format(limit=number(self.limit)),
            hint=_("split the export by date"),
        )


class DealsOnDisk(Sequence[Deal]):
    """The deals of an import just stored, read back from its file when they are looked at
    (a large import's deals are not kept in memory); their number is known."""

    def __init__(self, layout: store.Layout, path: Path, count: int) -> None:
        self.layout, self.path, self.size = layout, path, count

    def __len__(self) -> int:
        return self.size

    def _deals(self) -> list[Deal]:
        settings = store.require_settings(self.layout)
        return load_import(self.layout, self.path, settings).deals

    def __iter__(self) -> Iterator[Deal]:
        return iter(self._deals())

    @overload
    def __getitem__(self, index: int) -> Deal: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Deal]: ...

    def __getitem__(self, index: int | slice) -> Deal | Sequence[Deal]:
        return self._deals()[index]
