"""Output files: whole or not at all, shared like any new file, crash leftovers cleared, every failure one line."""

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handouts.errors import HandoutsError
from handouts.files import check_output_folder, write_atomically


@pytest.fixture
def umask():
    """Set the process umask for one test and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path, umask, mask, mode):
    umask(mask)
    target = tmp_path / "pack.pdf"
    write_atomically(target, b"%PDF-")
    assert target.read_bytes() == b"%PDF-"
    assert target.stat().st_mode & 0o777 == mode


def test_a_private_file_is_its_owners_only(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "ledger.jsonl"
    write_atomically(target, b"{}\n", private=True)
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_crashed_runs_leftovers_are_removed_and_a_live_runs_part_is_kept(tmp_path):
    target = tmp_path / "pack.pdf"
    an_hour_ago = time.time() - 3600
    # A part from mkstemp (older versions) and one whose writer has exited: both left by crashed runs.
    old_style = tmp_path / ".pack.pdf.k2j4h1.part"
    exited = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f".pack.pdf.{exited.stdout.strip()}-0a1b2c3d.part"
    # A part another run is still writing (this pytest's parent process stands in for it), and another file's part.
    live = tmp_path / f".pack.pdf.{os.getppid()}-0a1b2c3d.part"
    other = tmp_path / ".other.pdf.k2j4h1.part"
    for part in (old_style, dead, live, other):
        part.write_bytes(b"half")
        os.utime(part, (an_hour_ago, an_hour_ago))
    fresh = tmp_path / ".pack.pdf.fresh1.part"
    fresh.write_bytes(b"started after this run began")
    write_atomically(target, b"%PDF-")
    assert not old_style.exists() and not dead.exists()
    assert live.exists() and other.exists() and fresh.exists()
    assert target.read_bytes() == b"%PDF-"


def test_a_file_where_the_folder_should_be_is_one_line(tmp_path):
    (tmp_path / "build").write_text("not a folder")
    target = tmp_path / "build" / "hip-strength" / "hip-strength.pdf"
    with pytest.raises(HandoutsError) as caught:
        write_atomically(target, b"%PDF-")
    message = str(caught.value)
    assert message.startswith(f"{target}: cannot make its folder ")
    assert "a file is in the way" in message and "\n" not in message


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "the folder is on a read-only disk"),
        (errno.EACCES, "permission denied"),
        (errno.EDQUOT, "Disk quota exceeded"),
    ],
)
def test_a_failed_write_is_one_line_and_leaves_the_old_file_and_no_part(tmp_path, monkeypatch, code, reason):
    # The disk filling up or turning read-only mid-write cannot be staged portably, so fsync reports it here.
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"the earlier, complete pack")

    def failing_fsync(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(HandoutsError) as caught:
        write_atomically(target, b"%PDF- new")
    assert str(caught.value) == f"{target}: cannot write: {reason}"
    assert target.read_bytes() == b"the earlier, complete pack"
    assert [path.name for path in tmp_path.iterdir()] == ["pack.pdf"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_a_folder_without_write_permission_is_one_line(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(HandoutsError, match=r": cannot write: permission denied$"):
            write_atomically(folder / "pack.pdf", b"%PDF-")
        with pytest.raises(HandoutsError, match=r"cannot write into .*locked: permission denied$"):
            check_output_folder(folder / "packs")
    finally:
        folder.chmod(0o755)


def test_output_folder_check(tmp_path):
    check_output_folder(tmp_path)
    check_output_folder(tmp_path / "new" / "deeper")
    (tmp_path / "file.pdf").write_bytes(b"%PDF-")
    with pytest.raises(HandoutsError, match=r"file\.pdf: is a file, not a folder; give --out a folder$"):
        check_output_folder(tmp_path / "file.pdf")
    with pytest.raises(HandoutsError, match=r"cannot make this output folder: .*file\.pdf is a file$"):
        check_output_folder(tmp_path / "file.pdf" / "packs")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["file.pdf"]


def test_built_pdf_is_readable_by_the_group_and_others(runner, tmp_path, umask, fake_renderer):
    from handouts.cli import app

    umask(0o022)
    result = runner.invoke(app, ["build", "--class", "hip-strength", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = Path(tmp_path / "hip-strength" / "hip-strength.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-") and len(fake_renderer) == 1
    assert pdf.stat().st_mode & 0o777 == 0o644
