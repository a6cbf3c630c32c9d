"""The sync worker on a really full disk: the hub takes the record, but marking it sent cannot
be written. The worker says so in one log line (no traceback), backs off instead of retrying
every second, and says once that it works again when space is freed."""

from __future__ import annotations

import errno
import logging
import time
from pathlib import Path
from typing import Any, cast

import pytest

from desktop import logs, paths
from desktop.storage.errors import StorageFullError
from desktop.sync.client import HubClient
from desktop.sync.enroll import enroll
from desktop.sync.worker import LOCAL_RETRY_CAP, SyncWorker, WorkerConfig
from tests.helpers.full_disk import fill, small_disk
from tests.sync_support.hubctl import PASSWORD, LiveHub
from tests.sync_support.spoke import Spoke


def wait_for(cond, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def _log_lines(profile: paths.Locations) -> list[str]:
    for handler in logs.get("sync").parent.handlers:  # type: ignore[union-attr]
        handler.flush()
    return (profile.logs / logs.LOG_FILE).read_text(encoding="utf-8").splitlines()


@pytest.mark.expected_errors("write failed: StorageFullError")
def test_a_full_disk_is_logged_once_and_retried_with_backoff(
    hub: LiveHub, profile: paths.Locations, tmp_path: Path
) -> None:
    logs.setup(profile.logs)
    with small_disk(tmp_path / "disk", "8m") as disk:
        spoke = Spoke.create(disk / "spoke")
        try:
            enroll(hub.base_url, hub.enrollment_code(), spoke.tokens, name="test PC")
            with HubClient(hub.base_url, spoke.tokens) as client:
                client.sign_in("operator", PASSWORD)
            spoke.add_patient()
            engine = spoke.engine()
            attempts: list[int] = []
            mark_done = engine.queue.mark_done_many

            def counted(done: Any) -> None:
                attempts.append(len(done))
                mark_done(done)

            engine.queue.mark_done_many = counted  # type: ignore[method-assign]
            ballast = fill(disk)
            engine.start()
            wait_for(lambda: len(attempts) >= 5)
            assert spoke.states() == {"pending": 1}  # sent, but it could not be marked so
            sync_lines = [line for line in _log_lines(profile) if "[spoke-sync]" in line]
            assert len(sync_lines) == 1, sync_lines
            assert "disk is full (StorageFullError)" in sync_lines[0]
            assert "Traceback" not in "\n".join(_log_lines(profile))

            ballast.unlink()  # the operator frees some space
            wait_for(lambda: spoke.states() == {"done": 1})
            assert hub.patients() == 1  # every retry was the same record
            wait_for(lambda: any("sync works again" in line for line in _log_lines(profile)))
            sync_lines = [line for line in _log_lines(profile) if "[spoke-sync]" in line]
            assert len(sync_lines) == 2, sync_lines
        finally:
            spoke.close()
            logs.shutdown()


def test_failing_steps_back_off_to_a_minute_and_log_each_kind_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    worker = SyncWorker(
        cast(Any, None), cast(Any, None), lambda event: None, blob_path=Path, config=WorkerConfig()
    )
    with caplog.at_level(logging.INFO, logger="spoke.sync"):
        delays = [worker._step_failed(StorageFullError("SQLITE_FULL")) for _ in range(12)]
        assert 1.0 <= delays[0] <= 4.0  # was a fixed second, forever
        assert max(delays) <= LOCAL_RETRY_CAP and min(delays[-4:]) >= LOCAL_RETRY_CAP / 2
        full = OSError(errno.ENOSPC, "No space left on device")
        worker._step_failed(full)  # another kind of failure: one more line
        worker._step_failed(full)
        worker._step_worked()
        worker._step_worked()
    lines = [r.getMessage() for r in caplog.records if r.name == "spoke.sync"]
    assert lines == [
        "sync paused: the disk is full (StorageFullError); retrying with backoff",
        "sync paused: the disk is full (OSError); retrying with backoff",
        "sync works again (14 steps failed: OSError)",
    ]
    assert not any(r.exc_info for r in caplog.records)
    assert worker._step_failed(StorageFullError()) <= 4.0  # the backoff starts over
