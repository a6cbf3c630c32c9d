"""Logs and crash reports never carry patient data; a worker crash is offered at next start."""

from __future__ import annotations

import ast
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

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
    from desktop.ui.shell import build_shell

    shell = build_shell(Settings())
    qtbot.addWidget(shell.window)
    dialog = shell.offer_crash_reports()
    assert dialog is not None and dialog.isVisible()
    assert "ZeroDivisionError" in dialog.text.toPlainText()
    dialog.close()
    # Offered once: the next start does not nag again.
    assert crash.pending(logging_setup.crash) == []
    assert shell.offer_crash_reports() is None


def _log_text(profile: paths.Locations) -> str:
    for handler in logging.getLogger("spoke").handlers:
        handler.flush()
    return (profile.logs / logs.LOG_FILE).read_text(encoding="utf-8")


def _save_patient(name: str) -> None:
    try:
        {}[name]  # noqa: B018 (a lookup that fails with the name in its message)
    except KeyError as exc:
        raise ValueError(f"cannot save {name}") from exc


@pytest.mark.expected_errors()
def test_no_exception_message_reaches_the_log(logging_setup: paths.Locations) -> None:
    """Structural: whatever an exception carries is never formatted, registered or not; its
    type, code and stack frames are. Also when another handler formatted the record first."""
    other = logging.Handler()
    other.format = logging.Formatter().format  # type: ignore[method-assign]
    other.emit = lambda record: other.format(record) and None  # type: ignore[method-assign]
    logging.getLogger("spoke").addHandler(other)  # caches exc_text with the message
    try:
        try:
            _save_patient(CANARY)
        except ValueError as exc:
            logs.get("storage").exception("write failed")
            logs.get("sync").error("step failed: %s", exc)
            logs.get("sync").error(exc)
        try:
            open(f"/nonexistent/{CANARY}.txt")  # noqa: SIM115
        except OSError as exc:
            logs.get("media").warning("export failed: %s", exc, exc_info=exc)
    finally:
        logging.getLogger("spoke").removeHandler(other)
    text = _log_text(logging_setup)
    assert "Zqxcanary" not in text and "Vemulapalli" not in text
    assert "ValueError: (message withheld)" in text and "KeyError: (message withheld)" in text
    assert "The above exception was the direct cause" in text
    assert "in _save_patient" in text and "step failed: ValueError" in text
    assert "export failed: FileNotFoundError [ENOENT]" in text


def test_every_field_of_a_patient_and_a_consult_is_masked_until_exit() -> None:
    """District, PIN and the consult's free text are masked like names; after logout too."""
    from desktop.core.consult import Consult
    from desktop.core.patient import Patient
    from desktop.storage import consult_repo, patient_repo

    patient = Patient(
        given_name="Zqxgiven",
        family_name="Vqxfamily",
        district="Qxdistrictpur",
        locality="Qxvillage",
        address_line="House 7, Qxlane Road",
        pin="845417",
    )
    consult = Consult(
        patient_id=patient.id,
        created_by="asha",
        complaint_text="Qxcomplaint burning since morning",
        conditions="Qxcondition",
        allergies="Qxallergy",
        medicines="Qxmedicine 500 mg",
    )
    words = ["Zqxgiven", "Vqxfamily", "Qxdistrictpur", "Qxvillage", "Qxlane", "845417"]
    words += ["Qxcomplaint", "Qxcondition", "Qxallergy", "Qxmedicine"]
    line = " / ".join(words + [w.upper() for w in words])
    try:
        patient_repo.remember(patient)
        consult_repo.remember(consult)
        scrubbed = redact.scrub(line)
        assert not any(w.lower() in scrubbed.lower() for w in words), scrubbed
        assert (
            redact.scrub("retry in 3 days: the step failed") == "retry in 3 days: the step failed"
        )
        assert redact.scrub("PIN 845 418 noted") == f"PIN {redact.MASK} noted"
    finally:
        redact.forget_all()
    assert redact.scrub("Qxdistrictpur") == "Qxdistrictpur"  # forget_all: for tests only


LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def _formats_text_itself(node: ast.AST) -> str | None:
    for sub in ast.walk(node):
        if isinstance(sub, ast.JoinedStr):
            return "an f-string"
        called = sub.func if isinstance(sub, ast.Call) else None
        if isinstance(called, ast.Name) and called.id in ("str", "repr", "format"):
            return f"{called.id}()"
        if isinstance(sub, ast.Attribute) and sub.attr in ("detail", "args", "orig", "params"):
            return f".{sub.attr}"
    return None


def test_log_calls_leave_exceptions_to_the_formatter() -> None:
    """A log call passes values as arguments (an exception as itself, so the formatter can
    withhold its message); it never formats text itself: no f-string, str(), repr(), and no
    exception detail or arguments (a hub's detail or a driver's may echo patient data)."""
    root = Path(__file__).resolve().parents[2]
    found = []
    for package in ("desktop", "hub"):
        for path in sorted((root / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                target = node.func.value
                if node.func.attr not in LOG_METHODS or not isinstance(target, ast.Name):
                    continue
                if target.id not in ("log", "logger", "logging"):
                    continue
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    why = _formats_text_itself(arg)
                    if why:
                        found.append(f"{path.relative_to(root)}:{node.lineno} {why}")
    assert found == []
