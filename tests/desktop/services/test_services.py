"""The use-case services over real storage: each write is one transaction, returns a typed
result, and is announced only after its commit (a listener reading storage on the
announcement finds the change); a failed write announces nothing."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop import paths
from desktop import settings as settings_file
from desktop.changes import Change, ChangeBus, Kind
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Status
from desktop.core.issues import ValidationError
from desktop.services.accounts import AccountError, AccountService
from desktop.services.bundle import Services
from desktop.services.patients import OpenedPatient, Registration
from desktop.services.settings import SettingsService
from desktop.settings import Settings
from desktop.storage import patient_repo
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.session import UserSession
from desktop.storage.startup import Storage
from tests.helpers.clinical import person

TODAY = date(2026, 11, 25)


def _outbox_rows(services: Services) -> int:
    return services.clinic.read(lambda s: s.scalar(select(func.count(OutboxEntry.id))) or 0)


def test_register_returns_the_registration_and_announces_it_after_the_commit(
    services: Services, bus: ChangeBus, heard: list[Change]
) -> None:
    seen_in_storage: list[bool] = []

    def on_change(change: Change) -> None:  # reads storage the moment it hears
        if change.kind is Kind.PATIENT:
            pid = change.ids[0]
            found = services.clinic.read(lambda s: patient_repo.get(s, pid))
            seen_in_storage.append(found is not None)

    bus.subscribe(on_change)
    result = services.patients.register(person("Sunita", "Devi", sex="female"), TODAY).result(10)
    assert isinstance(result, Registration) and result.saved
    assert heard == [
        Change(Kind.PATIENT, (result.patient.id,), "registered"),
        Change(Kind.OUTBOX),
    ]
    assert seen_in_storage == [True]
    assert _outbox_rows(services) == 1


def test_a_registration_waiting_for_the_operators_choice_announces_nothing(
    services: Services, heard: list[Change]
) -> None:
    services.patients.register(person("Ramesh", "Kumar", mobile="9876543210"), TODAY).result(10)
    heard.clear()
    twin = services.patients.register(person("Ramesh", "Kumar", mobile="9876543210"), TODAY)
    outcome = twin.result(10)
    assert not outcome.saved and outcome.candidates
    assert heard == []


def test_open_gives_the_patient_and_their_draft(services: Services) -> None:
    reg = services.patients.register(person("Kamla"), TODAY).result(10)
    pid = reg.patient.id
    assert services.patients.open(pid).result(10) == OpenedPatient(reg.patient, None)
    draft = services.consults.create_draft(pid).result(10)
    opened = services.patients.open(pid).result(10)
    assert opened is not None and opened.consult_id == draft.id
    assert services.patients.open_of_consult(draft.id).result(10) == OpenedPatient(
        opened.patient, draft.id
    )
    assert services.patients.open_draft(pid) == draft.id
    assert services.patients.name_of_consult(draft.id).result(10) == opened.patient.full_name
    assert services.patients.name_of_consult("0" * 32).result(10) == ""


def test_a_consult_from_draft_to_ready_announces_each_step(
    services: Services, heard: list[Change]
) -> None:
    p = services.patients.register(person("Kamla"), TODAY).result(10).patient
    heard.clear()
    c = services.consults.create_draft(p.id).result(10)
    c.complaints, c.specialty = ["cough"], "general_medicine"
    version = services.consults.autosave(c).result(10)
    assert isinstance(version, int)
    yes = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "asha", datetime.now(UTC))
    stored = services.consults.record_consents(c.id, [yes], p, TODAY).result(10)
    assert [k.kind for k in stored.consents] == [ConsentKind.TELECONSULTATION]
    rows_before = _outbox_rows(services)
    ready = services.consults.mark_ready(c, p, TODAY).result(10)
    assert ready.status is Status.READY
    assert _outbox_rows(services) > rows_before  # queued in the same transaction
    assert [(ch.kind, ch.reason) for ch in heard] == [
        (Kind.CONSULT, "created"),
        (Kind.CONSULT, "saved"),
        (Kind.CONSULT, "consent"),
        (Kind.CONSULT, "ready"),
        (Kind.OUTBOX, "queued"),
    ]
    assert all(ch.ids == (c.id,) for ch in heard if ch.kind is Kind.CONSULT)
    worklist = services.consults.worklist().result(10)
    assert [item.consult_id for item in worklist] == [c.id]


def test_a_failed_write_announces_nothing_and_changes_nothing(
    services: Services, heard: list[Change]
) -> None:
    p = services.patients.register(person("Kamla"), TODAY).result(10).patient
    c = services.consults.create_draft(p.id).result(10)
    heard.clear()
    rows = _outbox_rows(services)
    with pytest.raises(ValidationError):  # no complaint, no consent: not ready
        services.consults.mark_ready(c, p, TODAY).result(10)
    assert heard == []
    assert _outbox_rows(services) == rows


def test_attachments_are_encrypted_then_linked(
    services: Services, heard: list[Change], tmp_path: Path
) -> None:
    p = services.patients.register(person("Kamla"), TODAY).result(10).patient
    c = services.consults.create_draft(p.id).result(10)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 synthetic")
    stored = services.media.store_file(pdf, "application/pdf")
    assert stored.thumb is None and stored.thumb_png is None
    assert services.media.blobs.read_all(stored.ref.blob_id) == b"%PDF-1.4 synthetic"
    heard.clear()
    attachment = services.consults.attach(
        c.id, stored.ref, None, "application/pdf", "report.pdf"
    ).result(10)
    assert attachment.title == "report.pdf"
    assert heard == [Change(Kind.CONSULT, (c.id,), "attached")]


def test_accounts_are_managed_through_the_service(storage: Storage) -> None:
    accounts = AccountService(UserSession(storage))
    assert accounts.sign_in("asha", "correct horse 1").result(10).ok
    assert accounts.current is not None and accounts.current.is_admin
    accounts.add_account("rekha", "Dr Rekha", "doctor", "long enough 2").result(10)
    names = [a.username for a in accounts.accounts().result(10)]
    assert sorted(names) == ["asha", "rekha"]
    me = next(a for a in accounts.accounts().result(10) if a.username == "asha")
    with pytest.raises(AccountError) as refused:
        accounts.set_active(me.account_id, False).result(10)
    assert refused.value.code == "own_account"
    accounts.lock()
    assert accounts.locked
    assert accounts.unlock("correct horse 1").result(10).ok and not accounts.locked


def test_settings_are_validated_announced_at_once_and_saved_off_the_calling_thread(
    profile: paths.Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    bus = ChangeBus()
    live = Settings()
    heard: list[tuple[int, str]] = []  # what a listener reads from the live object
    bus.subscribe(lambda _c: heard.append((live.idle_lock_minutes, live.temperature_unit)))
    saved_on: list[str] = []
    real_save = settings_file.save

    def save(values: Settings, path: Path) -> None:
        saved_on.append(threading.current_thread().name)
        real_save(values, path)

    monkeypatch.setattr(settings_file, "save", save)
    store = SettingsService(live, profile.settings_file, bus)
    try:
        live.idle_lock_minutes = 3
        live.temperature_unit = "F"
        first = store.apply()
        assert heard == [(3, "F")]  # announced at once, before the disk
        assert first.result(10).idle_lock_minutes == 3
        assert settings_file.load(profile.settings_file).temperature_unit == "F"
        second = store.apply(Settings(idle_lock_minutes=0, language="xx"))
        assert second.result(10).idle_lock_minutes == Settings.idle_lock_minutes
    finally:
        store.close()
    # Out-of-range values fell back to the defaults, on the live object itself.
    assert live.idle_lock_minutes == Settings.idle_lock_minutes and live.language == "en"
    assert heard[1] == (Settings.idle_lock_minutes, "C")
    assert saved_on == ["settings-save_0", "settings-save_0"]
    assert settings_file.load(profile.settings_file).idle_lock_minutes == 10
