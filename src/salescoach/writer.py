"""Writing files so that nothing is ever half-written or overwritten by accident.

Every write goes to a temporary file in the target's own folder, is flushed to disk, and
then takes the target's place with ``os.replace`` (or ``os.link`` for a new file, which
refuses to overwrite). Killing the process at any moment leaves the old file or the new
one, never a torn one; leftover temporary files are ignored by the loader and cleaned here.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from salescoach.errors import WriteError
from salescoach.formats import number
from salescoach.i18n import N_, _

TEMP_PREFIX = ".salescoach-tmp-"
STALE_TEMP_SECONDS = 3600
LOCK_NAME = ".salescoach-lock"
AGAIN = N_("run the command again")
"""The hint of a write that lost a race: the command can simply be run again."""
LOCK_TIMEOUT_SECONDS = 15.0
"""How long a command waits for another salescoach command writing in the same folder."""


def _temp_path(target: Path) -> Path:
    return target.with_name(f"{TEMP_PREFIX}{target.name}.{secrets.token_hex(4)}")


def _write_temp(target: Path, data: bytes, mode: int) -> Path:
    """Write ``data`` to a new temporary file beside ``target`` and flush it to disk."""
    temp = _temp_path(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(temp, flags, mode)
    except OSError as exc:
        raise WriteError(
            _("cannot write in {folder}: {reason}").format(
                folder=target.parent, reason=exc.strerror
            )
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise WriteError(
            _("cannot write {file}: {reason}; nothing was changed").format(
                file=target.name, reason=exc.strerror
            )
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def place_file(temp: Path, target: Path) -> str:
    """Put a finished, synced temporary file (in ``target``'s folder) in place, its bytes
    never read into memory: ``unchanged`` when ``target`` holds the same bytes, ``replaced``
    (atomically) or ``created`` (linked, never over a file made meanwhile); the folder synced.
    Raises ``OSError`` for the caller to word."""
    import filecmp

    if target.exists() and filecmp.cmp(temp, target, shallow=False):
        return "unchanged"
    status = "replaced" if target.exists() else "created"
    if status == "replaced":
        os.replace(temp, target)
    else:
        os.link(temp, target)
    _fsync_dir(target.parent)
    return status


def replace_file(target: Path, data: bytes, *, expected: bytes | None = None) -> None:
    """Atomically replace ``target`` with ``data``, keeping its permission bits.

    With ``expected``, the write is refused if the file no longer holds exactly those
    bytes (someone else changed it since it was read).
    """
    if target.is_symlink():
        raise WriteError(
            _("{file} is a symbolic link; salescoach does not write through links").format(
                file=target.name
            )
        )
    try:
        st = os.stat(target)
        mode = stat.S_IMODE(st.st_mode)
    except FileNotFoundError:
        if expected is not None:
            raise WriteError(
                _("{file} was deleted while being edited; nothing was written").format(
                    file=target.name
                )
            ) from None
        mode = 0o644
    temp = _write_temp(target, data, mode)
    try:
        if expected is not None and target.read_bytes() != expected:
            raise WriteError(
                _(
                    "{file} was changed by someone else while salescoach was editing it; "
                    "nothing was written, their change is kept"
                ).format(file=target.name),
                hint=_(AGAIN),
            )
        os.replace(temp, target)
    except OSError as exc:
        raise WriteError(
            _("cannot replace {file}: {reason}; nothing was changed").format(
                file=target.name, reason=exc.strerror
            )
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    _fsync_dir(target.parent)


def create_file(target: Path, data: bytes) -> None:
    """Create ``target`` with ``data``; refuse if it already exists (nothing is overwritten).

    Missing folders are created; if the write then fails, they are removed again."""
    created = _make_folders(target.parent)
    try:
        temp = _write_temp(target, data, 0o644)
        try:
            os.link(temp, target)
        except FileExistsError:
            raise WriteError(
                _("{file} already exists; it was left as it is").format(file=target.name)
            ) from None
        except OSError as exc:
            raise WriteError(
                _("cannot create {file}: {reason}").format(file=target.name, reason=exc.strerror)
            ) from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    except BaseException:
        _remove_folders(created)
        raise
    _fsync_dir(target.parent)


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, deepest last."""
    missing: list[Path] = []
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    created: list[Path] = []
    for path in reversed(missing):
        try:
            os.mkdir(path)
        except FileExistsError:
            continue
        except OSError as exc:
            _remove_folders(created)
            raise WriteError(
                _("cannot create the folder {folder}: {reason}; nothing was written").format(
                    folder=path.name, reason=exc.strerror
                )
            ) from None
        created.append(path)
    return created


@contextlib.contextmanager
def locked_new_folder(folder: Path, *, shown: str | None = None) -> Iterator[Path]:
    """Create ``folder`` if it is missing and hold its lock (``folder_lock``); if the block
    fails, the folders this created are removed again, with their lock file, so a failed
    write leaves the repository as it was. Temporary files a killed writer left there are
    removed first (no other writer can be running in the folder while the lock is held)."""
    created = _make_folders(folder)
    try:
        with folder_lock(folder, shown=shown) as lock:
            clean_temp_files(folder, older_than=0)
            try:
                yield lock
            except BaseException:
                if created:  # nobody else can have written in a folder made just now
                    with contextlib.suppress(OSError):
                        lock.unlink()
                raise
    except BaseException:
        _remove_folders(created)
        raise


def _remove_folders(created: list[Path]) -> None:
    """Remove folders made for a write that failed (only while empty)."""
    for path in reversed(created):
        with contextlib.suppress(OSError):
            os.rmdir(path)


def write_new_or_same(target: Path, data: bytes) -> bool:
    """Write ``target`` unless it already holds ``data``; True if it was written."""
    try:
        if target.read_bytes() == data:
            return False
    except FileNotFoundError:
        create_file(target, data)
        return True
    replace_file(target, data)
    return True


def clean_temp_files(
    folder: Path, *, older_than: float = STALE_TEMP_SECONDS, target: Path | None = None
) -> int:
    """Remove temporary files left by a killed writer; returns how many were removed.

    With ``target``, only that file's temporary files are considered (a caller holding the
    folder's lock knows no other writer of ``target`` is running and passes ``older_than=0``).
    """
    removed = 0
    now = time.time()
    prefix = TEMP_PREFIX + (f"{target.name}." if target is not None else "")
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if entry.name.startswith(prefix) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime >= older_than:
                    os.unlink(entry.path)
                    removed += 1
    return removed


def remove_file(target: Path, *, expected: bytes) -> None:
    """Delete ``target`` if it still holds exactly ``expected`` (used when a file is moved)."""
    try:
        if target.read_bytes() != expected:
            raise WriteError(
                _(
                    "{file} was changed by someone else while salescoach was editing it; "
                    "it was left as it is"
                ).format(file=target.name),
                hint=_(AGAIN),
            )
        target.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteError(
            _("cannot remove {file}: {reason}").format(file=target.name, reason=exc.strerror)
        ) from None
    _fsync_dir(target.parent)


@contextlib.contextmanager
def folder_lock(
    folder: Path, *, timeout: float | None = None, shown: str | None = None
) -> Iterator[Path]:
    """Hold the lock of ``folder`` (the hidden file ``.salescoach-lock`` in it) for a whole
    read-modify-write, so concurrent salescoach commands writing there take turns.

    The operating system releases the lock when its process ends, even when it is killed.
    The lock file stays after the lock is released and is reused: removing it while held
    would let a command waiting on the old file and one creating a new file hold the lock
    at once (issue 17; ``.gitignore`` leaves it out of git). ``shown`` is the folder as the
    user knows it (relative to the repository) for the timeout message.
    """
    import filelock

    lock_path = folder / LOCK_NAME
    wait = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    lock = filelock.FileLock(str(lock_path), timeout=wait)
    where = shown or str(folder)
    lock_shown = f"{where.rstrip('/')}/{LOCK_NAME}"
    try:
        lock.acquire()
    except filelock.Timeout:
        raise WriteError(
            _(
                "another salescoach command has been writing in {folder} for more than "
                "{seconds} seconds (it holds the lock {lock}); nothing was written"
            ).format(folder=where, seconds=number(wait), lock=lock_shown),
            hint=_(
                "wait for it to finish; if no salescoach command is running, the lock is "
                "stale: delete {lock} and run the command again"
            ).format(lock=lock_shown),
        ) from None
    except OSError as exc:
        raise WriteError(
            _("cannot lock {lock}: {reason}; nothing was written").format(
                lock=lock_shown, reason=exc.strerror
            )
        ) from None
    try:
        yield lock_path
    finally:
        lock.release()
