"""Log canary: clinical code paths fail with a patient's data inside their exceptions (a write
refused by the database with the record bound to it, the same after logout, a hub refusal that
quotes the record, an uncaught error in a worker thread), each logged the way the app logs it.
No line of any log file or crash report may then hold any of the patient's values, including
values no screen ever registered for redaction: exception messages are never formatted."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from desktop import crash, logs, paths, redact
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.storage import consult_repo, patient_repo
from desktop.storage.keys import KeyStore
from desktop.storage.session import UserSession
from desktop.storage.startup import open_storage
from desktop.sync.client import HubClient
from desktop.sync.engine import SyncEngine
from desktop.sync.enroll import enroll
from desktop.sync.events import ItemFailed, SyncEvent
from desktop.sync.tokens import TokenStore
from tests.sync_support.hubctl import PASSWORD as HUB_PASSWORD
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import FAST

TODAY = date(2026, 11, 25)
# Each value unique enough to be found anywhere it lands.
GIVEN, FAMILY, GUARDIAN = "Zqxgiven", "Vqxfamily", "Wqxguardian"
DISTRICT, LOCALITY, LANE, PIN = "Qxdistrictpur", "Qxvillage", "Qxlane", "845417"
COMPLAINT, CONDITION, ALLERGY, MEDICINE = "Qxcomplaint", "Qxcondition", "Qxallergy", "Qxmedicine"
UNSEEN = "Qxunseenperson"  # in an exception only: no screen ever registered it
CANARIES = [GIVEN, FAMILY, GUARDIAN, DISTRICT, LOCALITY, LANE, PIN]
CANARIES += [COMPLAINT, CONDITION, ALLERGY, MEDICINE, UNSEEN]


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    h = LiveHub.create(tmp_path / "hub").start()
    yield h
    h.close()


class QuotingHub(httpx.BaseTransport):
    """The real hub, except that it refuses patients with a detail quoting the record (as a
    hub's validation error may: FastAPI's echoes the input)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT" and "/patients/" in request.url.path:
            body = json.loads(request.read())
            detail = f"{UNSEEN}: invalid {json.dumps(body)}"
            return httpx.Response(422, json={"detail": detail}, request=request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def _patient() -> Patient:
    return Patient(
        given_name=GIVEN,
        family_name=FAMILY,
        sex="female",
        birth_date=date(1990, 1, 2),
        no_mobile_reason="none_owned",
        state_lgd=10,
        district=DISTRICT,
        locality=LOCALITY,
        address_line=f"House 7, {LANE} Road",
        pin=PIN,
        guardian_name=GUARDIAN,
        guardian_relation="mother",
    )


def _log_files(locs: paths.Locations) -> dict[Path, str]:
    for name in ("spoke", "sqlalchemy", "hub"):
        for handler in logging.getLogger(name).handlers:
            handler.flush()
    files = [p for folder in (locs.logs, locs.crash) for p in folder.rglob("*") if p.is_file()]
    return {p: p.read_text(encoding="utf-8", errors="replace") for p in files}


@pytest.mark.expected_errors()
def test_no_log_line_carries_patient_data(
    ready: tuple[paths.Locations, KeyStore, str], hub: LiveHub, tmp_path: Path
) -> None:
    locs, keystore, _ = ready
    logs.setup(locs.logs, level=logging.DEBUG)
    crash.install(locs.crash)
    storage = open_storage(locs, keystore)
    tokens = TokenStore(f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
    events: list[SyncEvent] = []
    engine: SyncEngine | None = None
    storage_log, ui_log = logs.get("storage"), logs.get("ui")
    try:
        session = UserSession(storage)
        assert session.login("asha", "correct horse 1").result(10).ok
        assert session.current is not None
        actor = session.current.actor(storage.device)
        patient = _patient()
        storage.writer.run(
            lambda s: patient_repo.register(s, patient, actor, TODAY, Decision.NEW_PATIENT)
        )
        draft = storage.writer.run(lambda s: consult_repo.create_draft(s, patient.id, actor))
        draft.complaint_text = f"{COMPLAINT} burning since morning"
        draft.conditions, draft.allergies = f"{CONDITION} for years", ALLERGY
        draft.medicines = f"{MEDICINE} 500 mg twice daily"
        storage.writer.run(lambda s: consult_repo.autosave(s, draft, actor))

        # 1. The database refuses a write with the patient bound to it (registered twice).
        def register_again() -> None:
            storage.writer.run(
                lambda s: patient_repo.register(s, patient, actor, TODAY, Decision.NEW_PATIENT)
            )

        with pytest.raises(Exception) as refused:
            register_again()
        storage_log.error("registration failed: %s", refused.value, exc_info=refused.value)

        # 2. A write of the consult's free text on a connection that refuses writes.
        with pytest.raises(Exception) as read_only, storage.db.read_session() as s:
            consult_repo.autosave(s, draft, actor)
        storage_log.exception("autosave failed", exc_info=read_only.value)

        # 3. The same refusal after logout, when nothing of the patient is on screen.
        session.logout().result(10)
        with pytest.raises(Exception) as after:
            register_again()
        ui_log.exception("background operation failed", exc_info=after.value)

        # 4. The hub refuses the patient, quoting the record; the sync worker logs refusals.
        enroll(hub.base_url, hub.enrollment_code(), tokens, name="test PC")
        with HubClient(hub.base_url, tokens) as client:
            client.sign_in("operator", HUB_PASSWORD)
        engine = SyncEngine(
            storage.db,
            storage.writer,
            events.append,
            tokens=tokens,
            blob_root=locs.blobs,
            state_file=tmp_path / "sync-state.json",
            config=FAST,
            hub_url=hub.base_url,
            transport=QuotingHub(),
        )
        engine.start()
        deadline = time.monotonic() + 30
        while not any(isinstance(e, ItemFailed) for e in list(events)):
            assert time.monotonic() < deadline, "the hub's refusal never came"
            time.sleep(0.02)

        # 5. An uncaught error in a worker thread, its message full of the patient.
        def worker() -> None:
            raise RuntimeError(f"cannot save {UNSEEN} of {DISTRICT} {PIN} ({MEDICINE})")

        thread = threading.Thread(target=worker, name="db-writer-test")
        thread.start()
        thread.join()
    finally:
        if engine is not None:
            engine.stop()
        storage.close()
        crash.uninstall()
        texts = _log_files(locs)
        logs.shutdown()
        redact.forget_all()
        try:
            tokens.forget_all()
        except Exception:
            pass

    leaks = [
        f"{path.name}:{number}: {[c for c in CANARIES if c.lower() in line.lower()]}"
        for path, text in texts.items()
        for number, line in enumerate(text.splitlines(), 1)
        if any(c.lower() in line.lower() for c in CANARIES)
    ]
    assert leaks == []
    # The failures are there, by type, code and stack: the log still helps support.
    log_text = texts[locs.logs / logs.LOG_FILE]
    assert "registration failed: sqlalchemy.exc.IntegrityError" in log_text
    assert "(message withheld)" in log_text and "in register_again" in log_text
    assert "sync: desktop.sync.errors.RejectedError [HTTP 422]" in log_text
    assert "uncaught RuntimeError in thread db-writer-test" in log_text
    assert any(p.name.startswith("crash-") for p in texts)
