"""Disk full, for real: the profile on a tiny tmpfs (we run as root in CI; without root the
database half falls back to SQLite's max_page_count). Clear message, earlier data intact, no
orphan partial files, and writing works again once space is freed."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop import paths
from desktop.services.accounts import AccountService
from desktop.storage.errors import StorageFullError
from desktop.storage.keys import KeyStore, ProfileKeys
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.startup import MANIFEST, Manifest, open_storage
from tests.helpers.full_disk import fill


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path | None]:
    """A 6 MiB tmpfs, or None when we may not mount (not root)."""
    if os.geteuid() != 0:
        yield None
        return
    mount = tmp_path / "small-disk"
    mount.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m,mode=0700", "tmpfs", str(mount)], check=True
    )
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.fixture
def full_profile(
    small_disk: Path | None,
    tmp_path: Path,
    keystore: KeyStore,
    storage_template: tuple[Path, ProfileKeys, str],
) -> Iterator[paths.Locations]:
    root = (small_disk or tmp_path) / f"profile-{uuid.uuid4().hex[:6]}"
    locs = paths.init(root)
    data, keys, _ = storage_template
    shutil.copytree(data, locs.data, dirs_exist_ok=True)
    keystore.save(Manifest.load(locs.data / MANIFEST).profile_id, keys)
    yield locs
    paths._current = None


def _add(n: int, size: int):
    def write(session) -> None:
        session.add(
            OutboxEntry(
                entity_type="test",
                entity_id=f"row-{n}",
                operation="create",
                payload={"blob": os.urandom(size // 2).hex()},
            )
        )

    return write


@pytest.mark.expected_errors("write failed")
def test_disk_full(full_profile: paths.Locations, keystore: KeyStore, small_disk) -> None:
    locs = full_profile
    storage = open_storage(
        locs,
        keystore,
        max_page_count=None if small_disk else 1200,  # ~4.8 MB of pages
    )
    # Other files on the same disk, which "the user" deletes to free space.
    ballast = [locs.cache / "ballast-a", locs.cache / "ballast-b"]
    if small_disk is not None:
        for path in ballast:
            path.write_bytes(os.urandom(1024 * 1024))
    try:
        storage.writer.run(_add(0, 1000))
        blobs = []
        if small_disk is not None:
            # Blobs until the disk is full: the failing one leaves nothing behind.
            with pytest.raises(StorageFullError) as info:
                for _ in range(100):
                    blobs.append(storage.blobs.put("recording-segment", os.urandom(400_000)))
            assert info.value.code == "storage_full"
            assert list(storage.blobs.partial_dir.iterdir()) == []
            assert len(list(locs.blobs.glob("*/*.age"))) == len(blobs) > 0
            for ref in blobs:
                storage.blobs.verify(ref.blob_id, ref.sha256)
            ballast[0].unlink()  # some room for the database part
        written = 1
        with pytest.raises(StorageFullError) as info:
            for n in range(1, 10_000):
                storage.writer.run(_add(n, 60_000))
                written += 1
        assert info.value.code == "storage_full"
        assert written > 3
        with storage.db.read_session() as s:
            assert s.scalar(select(func.count()).select_from(OutboxEntry)) == written
        assert storage.db.integrity_check() == "ok"
        assert list(storage.blobs.partial_dir.iterdir()) == []
        for ref in blobs:
            assert len(storage.blobs.read_all(ref.blob_id, ref.sha256)) == 400_000
    finally:
        storage.close()
    # Space freed, app restarted: everything is still there and writing works again.
    ballast[1].unlink(missing_ok=True)
    storage = open_storage(locs, keystore, max_page_count=None if small_disk else 4000)
    try:
        storage.writer.run(_add(99_999, 1000))
        with storage.db.read_session() as s:
            ids = set(s.scalars(select(OutboxEntry.entity_id)))
        assert ids == {f"row-{n}" for n in range(written)} | {"row-99999"}
        assert storage.db.integrity_check() == "ok"
        for ref in blobs:
            storage.blobs.verify(ref.blob_id, ref.sha256)
    finally:
        storage.close()


@pytest.mark.expected_errors("write failed: StorageFullError")
def test_sign_in_on_a_full_disk_says_the_disk_is_full(
    full_profile: paths.Locations, keystore: KeyStore, small_disk: Path | None, qtbot
) -> None:
    """Signing in is audited, so a full disk refuses it: the screen says the disk is full and
    what to do (not "the data could not be read"); nobody counts as signed in; after space is
    freed the same screen signs in. The lock screen's unlock says the same."""
    if small_disk is None:
        pytest.skip("a full disk needs the tmpfs (root)")
    from PySide6.QtWidgets import QWidget

    from desktop.storage.session import UserSession
    from desktop.ui.lock_screen import LockScreen
    from desktop.ui.login_dialog import LoginDialog

    storage = open_storage(full_profile, keystore)
    try:
        session = UserSession(storage)
        dialog = LoginDialog(AccountService(session))
        qtbot.addWidget(dialog)
        dialog.show()
        ballast = fill(small_disk)
        dialog.username.setText("asha")
        dialog.password.setText("correct horse 1")
        dialog.on_sign_in_clicked()
        qtbot.waitUntil(dialog.sign_in.isEnabled, timeout=20_000)
        text = dialog.message.text()
        assert "disk is full" in text and "Free some space" in text, text
        assert "sign in again" in text and "could not be read" not in text
        assert session.current is None and dialog.isVisible()
        label = dialog.message  # three wrapped lines, none cut off
        assert label.height() >= label.heightForWidth(label.width())

        ballast.unlink()
        dialog.password.setText("correct horse 1")
        with qtbot.waitSignal(dialog.accepted, timeout=20_000):
            dialog.on_sign_in_clicked()
        assert session.current is not None

        window = QWidget()
        qtbot.addWidget(window)
        window.resize(640, 480)
        window.show()
        lock = LockScreen(AccountService(session), window)
        lock.lock()
        ballast = fill(small_disk)
        lock.password.setText("correct horse 1")
        lock.on_unlock_clicked()
        qtbot.waitUntil(lock.unlock_button.isEnabled, timeout=20_000)
        assert "disk is full" in lock.message.text() and session.locked
        ballast.unlink()
    finally:
        storage.close()
