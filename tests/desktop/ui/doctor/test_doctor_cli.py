"""The demo's second command: ``--doctor`` only with ``--demo``, and its profile sits inside
the demo's (its own keyring folder too, for scripts/run.sh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import __main__ as cli
from desktop import launch, paths


def test_doctor_needs_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--doctor"]) == 2
    assert "--doctor works only together with --demo" in capsys.readouterr().err


def test_doctor_profile_is_inside_the_demo_profile(tmp_path: Path) -> None:
    try:
        demo = paths.init(tmp_path / "demo")
        doctor = cli.init_paths(str(tmp_path / "demo"), doctor=True)
        assert doctor.data == demo.data / "demo-doctor" / "data"
        assert launch.demo_keyring_dir(doctor) != launch.demo_keyring_dir(demo)
        assert cli.parse_args(["--demo", "--doctor"]).doctor
    finally:
        paths._current = None
