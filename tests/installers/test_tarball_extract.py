"""The tarball test's extraction works on every supported Python (3.11.2 has no tarfile
filters): the launcher keeps its executable bit, and a member outside the folder is refused."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from installer_helpers import extract_all


def _tarball(path: Path, names: list[str]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name in names:
            info = tarfile.TarInfo(name)
            data = b"#!/bin/sh\necho hi\n"
            info.size, info.mode = len(data), 0o755
            tar.addfile(info, io.BytesIO(data))
    return path


def test_extracts_a_folder_with_an_executable(tmp_path: Path) -> None:
    tarball = _tarball(tmp_path / "ok.tar.gz", ["spoke-clinic/spoke-clinic"])
    with tarfile.open(tarball) as tar:
        extract_all(tar, tmp_path / "x")
    launcher = tmp_path / "x" / "spoke-clinic" / "spoke-clinic"
    assert launcher.read_bytes().startswith(b"#!") and launcher.stat().st_mode & 0o111


@pytest.mark.parametrize("name", ["../outside", "/abs/path", "spoke-clinic/../../outside"])
def test_a_member_outside_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    tarball = _tarball(tmp_path / "bad.tar.gz", ["spoke-clinic/ok", name])
    with tarfile.open(tarball) as tar, pytest.raises(ValueError, match="outside"):
        extract_all(tar, tmp_path / "x")
    assert not (tmp_path / "x").exists() and not (tmp_path / "outside").exists()
