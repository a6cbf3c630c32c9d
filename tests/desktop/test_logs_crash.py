"""Logs and crash reports never carry patient data; a worker crash is offered at next start."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest

from desktop import crash, logs, paths, redact

CANARY = "Zqxcanary Vemulapalli"


@pytest.fixture
def logging_setup(profile: paths.Locations) -> Iterator[paths.Locations]:
    logs.setup(profile.logs)
    crash.install(profile.crash)
    yield profile
    crash.uninstall()
    logs.shutdown()
    redact.forget_all()


def _all_text(profile: paths.Locations) -> str:
    chunks = []
    for path in profile.data.parent.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            chunks.append(raw.decode("utf-8", errors="ignore"))
            chunks.append(raw.decode("utf-16-le", errors="ignore"))
    return "\n".join(chunks)


def test_redaction_of_identifiers() -> None:
    text = redact.scrub("mobile 9876543210 abha 12-3456-7890-1234 addr ramesh.k@abdm रमेश कुमार")
    for secret in ("9876543210", "12-3456-7890-1234", "ramesh.k@abdm", "रमेश", "कुमार"):
        assert secret not in text
    assert "mobile" in text and "abha" in text


@pytest.mark.expected_errors("write failed")
def test_registered_values_never_reach_the_log(logging_setup: paths.Locations) -> None:
    redact.register(CANARY)
    logs.get("storage").warning("saving patient %s failed", CANARY)
    try:
        raise ValueError(f"bad record {CANARY}")
    except ValueError:
        logs.get("storage").exception("write failed")
    for handler in logging.getLogger("spoke").handlers:
        handler.flush()
    text = (logging_setup.logs / logs.LOG_FILE).read_text(encoding="utf-8")
    assert "write failed" in text and "saving patient" in text
    assert "Zqxcanary" not in text and "Vemulapalli" not in text


@pytest.mark.expected_errors("uncaught .* crash report written")
def test_worker_thread_crash_writes_report_without_patient_data(
    logging_setup: paths.Locations,
) -> None:
    # Not registered with redact on purpose: the report must withhold messages entirely.
    def worker() -> None:
        raise RuntimeError(f"cannot save {CANARY} mobile 9876543210")

    thread = threading.Thread(target=worker, name="db-writer")
    thread.start()
    thread.join()
    reports = crash.pending(logging_setup.crash)
    assert len(reports) == 1
    report = reports[0].read_text(encoding="utf-8")
    assert "RuntimeError" in report and "db-writer" in report and "in worker" in report
    assert "Zqxcanary" not in _all_text(logging_setup)
    assert "9876543210" not in _all_text(logging_setup)


@pytest.mark.expected_errors("uncaught .* crash report written")
def test_next_start_offers_the_report(logging_setup: paths.Locations, qtbot) -> None:  # type: ignore[no-untyped-def]
    thread = threading.Thread(target=lambda: 1 / 0, name="recorder")
    thread.start()
    thread.join()
    assert crash.pending(logging_setup.crash)

    from desktop.settings import Settings
    from desktop.ui.app import build_shell

    shell = build_shell(Settings())
    qtbot.addWidget(shell.window)
    dialog = shell.offer_crash_reports()
    assert dialog is not None and dialog.isVisible()
    assert "ZeroDivisionError" in dialog.text.toPlainText()
    dialog.close()
    # Offered once: the next start does not nag again.
    assert crash.pending(logging_setup.crash) == []
    assert shell.offer_crash_reports() is None
