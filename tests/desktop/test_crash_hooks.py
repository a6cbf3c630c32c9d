"""The crash hooks themselves: sys.excepthook (the main thread) and faulthandler (a hard
fault in a child process) each leave a report without patient data, which is then pending."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import crash, logs, paths
from tests.helpers.full_disk import fill, small_disk

CANARY = "Zqxcanary Vemulapalli 9876543210"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hooks(profile: paths.Locations) -> Iterator[tuple[paths.Locations, list[Path]]]:
    logs.setup(profile.logs)
    offered: list[Path] = []
    crash.install(profile.crash, on_crash=offered.append)
    yield profile, offered
    crash.uninstall()
    logs.shutdown()


def _patient_save(name: str) -> None:
    raise RuntimeError(f"cannot save {name}")


@pytest.mark.expected_errors("uncaught .* crash report written")
def test_sys_excepthook_writes_a_report_without_the_message(
    hooks: tuple[paths.Locations, list[Path]],
) -> None:
    profile, offered = hooks
    assert sys.excepthook is not sys.__excepthook__
    try:
        _patient_save(CANARY)
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    [report] = crash.pending(profile.crash)
    assert offered == [report]
    text = report.read_text(encoding="utf-8")
    assert "builtins.RuntimeError" in text and "in _patient_save" in text
    assert "thread: MainThread" in text and "message: (withheld" in text
    for part in CANARY.split():
        assert part not in text
    crash.mark_seen(profile.crash, [report])
    assert crash.pending(profile.crash) == []


def test_keyboard_interrupt_is_not_a_crash(
    hooks: tuple[paths.Locations, list[Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    profile, offered = hooks
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert crash.pending(profile.crash) == [] and offered == []
    assert "KeyboardInterrupt" in capsys.readouterr().err


CHILD = textwrap.dedent(
    """
    import faulthandler, sys
    from pathlib import Path
    from desktop import crash

    def save_patient(record):
        faulthandler._sigsegv()

    crash.install(Path(sys.argv[1]))
    save_patient({"name": sys.argv[2], "mobile": "9876543210"})
    """
)


def test_a_segfault_leaves_a_fault_log_offered_at_next_start(tmp_path: Path) -> None:
    crash_dir = tmp_path / "crash"
    crash_dir.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(crash_dir), CANARY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == -signal.SIGSEGV, result.stderr
    [fault] = crash.pending(crash_dir)
    assert fault.name == "fault.log"
    text = fault.read_text(encoding="utf-8")
    assert "Segmentation fault" in text and "save_patient" in text
    for part in CANARY.split():
        assert part not in text
    crash.mark_seen(crash_dir, [fault])
    assert crash.pending(crash_dir) == []
    assert [p.name.endswith("fault.log") for p in (crash_dir / "seen").iterdir()] == [True]


def test_a_crash_on_a_full_disk_leaves_no_empty_report(tmp_path: Path) -> None:
    """On a full disk the report is not written at all (an empty file would be offered as a
    report at next start); once there is room again, reports are written as before."""
    with small_disk(tmp_path / "disk", "1m") as disk:
        crash_dir = disk / "crash"
        crash_dir.mkdir()
        crash.install(crash_dir)
        try:
            ballast = fill(disk)
            try:
                _patient_save(CANARY)
            except RuntimeError as exc:
                assert crash.write_report(type(exc), exc.__traceback__, "db-writer") is None
            assert sorted(p.name for p in crash_dir.iterdir()) == ["fault.log"]
            assert crash.pending(crash_dir) == []
            ballast.unlink()
            try:
                _patient_save(CANARY)
            except RuntimeError as exc:
                written = crash.write_report(type(exc), exc.__traceback__, "db-writer")
            assert written is not None and crash.pending(crash_dir) == [written]
            assert "in _patient_save" in written.read_text(encoding="utf-8")
            assert sorted(p.name for p in crash_dir.iterdir()) == sorted(
                ["fault.log", written.name]
            )
        finally:
            crash.uninstall()
