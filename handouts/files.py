"""Write output files whole or not at all, and turn every way that fails into one line naming the path."""

import errno
import os
import secrets
import time
from pathlib import Path

from handouts.errors import HandoutsError

# Temporary files are `.NAME.<pid>-<random>.part` beside their target; a crashed run can leave one behind.
_PART_SUFFIX = ".part"
# Leftovers are only ever files from before this process started, so a part another run is writing now survives.
_STARTED = time.time()


def check_output_folder(path: Path) -> None:
    """Raise HandoutsError unless `path` is, or can become, a folder to write into; call it before any rendering."""
    for folder in (path, *path.parents):
        try:
            is_dir = folder.is_dir()
            exists = is_dir or folder.exists()
        except OSError as exc:
            raise HandoutsError(f"{path}: cannot use this output folder: {_reason(exc)}") from None
        if not exists:
            continue
        if not is_dir:
            if folder == path:
                raise HandoutsError(f"{path}: is a file, not a folder; give --out a folder")
            raise HandoutsError(f"{path}: cannot make this output folder: {folder} is a file")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise HandoutsError(f"{path}: cannot write into {folder}: permission denied")
        return


def write_atomically(target: Path, data: bytes, *, private: bool = False) -> None:
    """Write `data` to `target` through a temporary file in the same folder, so a crash leaves no partial file.

    The file gets the mode the umask gives any new file (0644 under the usual 022), so a pack can be shared
    like any other document; `private` keeps it to its owner (0600). Any OSError (permission denied, disk full,
    read-only folder, a file where a folder should be) is raised as one HandoutsError naming `target`.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HandoutsError(f"{target}: cannot make its folder {target.parent}: {_reason(exc)}") from None
    remove_stale_parts(target)
    temp = target.parent / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}{_PART_SUFFIX}"
    try:
        # os.open applies the umask to 0o666 as any new file gets it; mkstemp would force 0600.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise HandoutsError(f"{target}: cannot write: {_reason(exc)}") from None


def remove_stale_parts(target: Path) -> None:
    """Delete temporary files for `target` that an earlier, crashed run left behind; never another live run's."""
    try:
        leftovers = list(target.parent.glob(f".{_glob_escape(target.name)}.*{_PART_SUFFIX}"))
    except OSError:
        return
    for part in leftovers:
        try:
            if part.stat().st_mtime >= _STARTED or _writer_alive(part, target.name):
                continue
            part.unlink()
        except OSError:
            continue  # a leftover we cannot remove does no harm; the write itself reports real problems


def _writer_alive(part: Path, name: str) -> bool:
    # `.NAME.<pid>-<random>.part`: a part whose writer is still running belongs to that run, however old.
    middle = part.name[len(name) + 2 : -len(_PART_SUFFIX)]
    pid = middle.split("-", 1)[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def _glob_escape(name: str) -> str:
    return "".join(f"[{char}]" if char in "*?[" else char for char in name)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the folder is on a read-only disk"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return "a file is in the way where a folder should be"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)
