"""Background work started for one consult finishes after another consult is on screen:
its result is stored where it belongs and never shown on the consult now open. The
database writer is held at a gate to make "after" certain (no timing)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Consult
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.storage import consult_repo, patient_repo
from desktop.ui import tasks
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.intake_page import ConsultIntakePage
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.desktop.ui.consult.consult_screen import (
    COLOURS,
    adult,
    child,
    picture_bytes,
    screen_text,
)

_ = ctx


def _register(ctx: ClinicContext, p: Patient) -> Patient:
    ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(
            s, p, ctx.services.clinic.actor, TODAY, Decision.NEW_PATIENT
        )
    )
    return p


def _draft(ctx: ClinicContext, p: Patient, words: str, colour: str = "") -> Consult:
    c = ctx.services.clinic.writer.run(
        lambda s: consult_repo.create_draft(s, p.id, ctx.services.clinic.actor)
    )
    c.complaint_text = words
    ctx.services.clinic.writer.run(lambda s: consult_repo.autosave(s, c, ctx.services.clinic.actor))
    if colour:
        ref, thumb = consult_repo.store_attachment_blobs(
            ctx.services.clinic.blobs, picture_bytes(colour), "image/png"
        )
        title = f"{colour}.png"
        ctx.services.clinic.writer.run(
            lambda s: consult_repo.attach(
                s, c.id, ref, thumb, "image/png", title, ctx.services.clinic.actor
            )
        )
    return ctx.services.clinic.writer.run(lambda s: consult_repo.load(s, c.id))


def _settled(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Every write queued so far is done and every background result has been delivered."""
    ctx.services.clinic.writer.run(lambda s: None)
    qtbot.waitUntil(lambda: not tasks._live, timeout=10_000)


class Gate:
    """Holds the database writer until ``release()``: work queued behind it waits."""

    def __init__(self, ctx: ClinicContext) -> None:
        self.open = threading.Event()
        self.entered = threading.Event()

        def hold(_session: object) -> None:
            self.entered.set()
            self.open.wait(30)

        ctx.services.clinic.writer.submit(hold)
        assert self.entered.wait(10)

    def release(self) -> None:
        self.open.set()


@pytest.fixture
def page(ctx: ClinicContext, qtbot) -> Iterator[ConsultIntakePage]:  # type: ignore[no-untyped-def]
    page = ConsultIntakePage(ctx)
    qtbot.addWidget(page)
    page.show()
    yield page


@pytest.fixture
def two(ctx: ClinicContext) -> tuple[Patient, Patient]:
    return _register(ctx, adult("Asha", "Verma")), _register(
        ctx, child("Chotu", "Kumar", guardian="Suresh Kumar")
    )


def _open(page: ConsultIntakePage, qtbot, p: Patient, c: Consult | None = None) -> None:  # type: ignore[no-untyped-def]
    page.open_for(p, c.id if c else None)
    qtbot.waitUntil(
        lambda: (
            page.consult is not None
            and page.consult.patient_id == p.id
            and (c is None or page.consult.id == c.id)
        ),
        timeout=10_000,
    )


def test_consent_stored_after_the_screen_moved_on_stays_with_its_consult(
    ctx: ClinicContext,
    page: ConsultIntakePage,
    two,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    asha, chotu = two
    a, b = _draft(ctx, asha, "asha words"), _draft(ctx, chotu, "chotu words")
    _open(page, qtbot, asha, a)
    gate = Gate(ctx)
    page.consent.teleconsultation.setChecked(True)
    page.consent.on_record()  # queued behind the gate
    page.open_for(chotu, b.id)  # the screen moves on at once
    assert page.consult is None and page.consent.summary.text() == ""
    gate.release()
    qtbot.waitUntil(lambda: page.consult is not None and page.consult.id == b.id, timeout=10_000)
    _settled(ctx, qtbot)
    assert page.consent.summary.text() == "" and not page.consent.teleconsultation.isChecked()
    assert page.consult.consents == [] and page.status.text() == "Draft"
    with ctx.services.clinic.db.read_session() as s:
        stored = consult_repo.load(s, a.id)
    assert [(c.kind, c.granted) for c in stored.consents] == [
        (ConsentKind.TELECONSULTATION, True),
        (ConsentKind.RECORDING, False),
    ]


def test_attachment_stored_after_the_screen_moved_on_goes_to_its_consult(
    ctx: ClinicContext,
    page: ConsultIntakePage,
    two,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asha, chotu = two
    a, b = _draft(ctx, asha, "asha words"), _draft(ctx, chotu, "chotu words")
    _open(page, qtbot, asha, a)
    gate = Gate(ctx)
    submitted: list[object] = []
    submit = ctx.services.clinic.writer.submit
    monkeypatch.setattr(
        ctx.services.clinic.writer, "submit", lambda fn: submitted.append(fn) or submit(fn)
    )
    ref, thumb = consult_repo.store_attachment_blobs(
        ctx.services.clinic.blobs, picture_bytes("red"), "image/png"
    )
    page.attach_stored(ref, thumb, "image/png", "asha-snapshot")
    # The thumbnail is read on a pool thread, then the link waits behind the gate.
    qtbot.waitUntil(lambda: len(submitted) == 1, timeout=10_000)
    page.open_for(chotu, b.id)
    gate.release()
    qtbot.waitUntil(lambda: page.consult is not None and page.consult.id == b.id, timeout=10_000)
    _settled(ctx, qtbot)
    assert page.status.text() == "Draft"
    assert page.attachments.model.rowCount() == 0 and page.consult.attachments == []
    assert "asha-snapshot" not in screen_text(page)
    with ctx.services.clinic.db.read_session() as s:
        assert [x.title for x in consult_repo.load(s, a.id).attachments] == ["asha-snapshot"]
        assert consult_repo.load(s, b.id).attachments == []
    _open(page, qtbot, asha, a)  # and it is there when A is opened again
    assert [x.title for x, _icon in page.attachments.model.items] == ["asha-snapshot"]


def test_thumbnails_decrypted_for_a_consult_no_longer_shown_are_dropped(
    ctx: ClinicContext,
    page: ConsultIntakePage,
    two,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asha, chotu = two
    a = _draft(ctx, asha, "asha words", colour="red")
    b = _draft(ctx, chotu, "chotu words", colour="blue")
    held = a.attachments[0].thumbnail_blob_id
    reading, release = threading.Event(), threading.Event()
    read_all = ctx.services.clinic.blobs.read_all

    def slow_for_a(blob_id: str, expected_sha256: str | None = None) -> bytes:
        if blob_id == held:
            reading.set()
            release.wait(30)
        return read_all(blob_id, expected_sha256)

    monkeypatch.setattr(ctx.services.clinic.blobs, "read_all", slow_for_a)
    _open(page, qtbot, asha, a)
    late = page.attachments.loading
    assert late is not None
    qtbot.waitUntil(reading.is_set, timeout=10_000)
    _open(page, qtbot, chotu, b)
    b_loading = page.attachments.loading
    assert b_loading is not None and b_loading is not late
    qtbot.waitUntil(b_loading.finished.is_set, timeout=10_000)
    release.set()
    qtbot.waitUntil(late.finished.is_set, timeout=10_000)  # delivered (and dropped)
    ((attachment, icon),) = page.attachments.model.items
    assert attachment.id == b.attachments[0].id
    image = icon.pixmap(48, 48).toImage()
    colour = image.pixelColor(24, 24)
    assert (
        abs(colour.blue() - COLOURS["blue"][0]) < 40 and abs(colour.red() - COLOURS["blue"][2]) < 40
    )


def test_typing_not_yet_saved_goes_to_the_consult_it_was_typed_in(
    ctx: ClinicContext,
    page: ConsultIntakePage,
    two,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    asha, chotu = two
    a, b = _draft(ctx, asha, "asha words"), _draft(ctx, chotu, "chotu words")
    _open(page, qtbot, asha, a)
    page.conditions.setText("asthma since childhood")  # the autosave timer is running
    assert page._timer.isActive()
    _open(page, qtbot, chotu, b)
    assert not page._timer.isActive()
    assert page.conditions.text() == "" and page.complaint_text.toPlainText() == "chotu words"
    _settled(ctx, qtbot)
    assert page.status.text() == "Draft"  # A's "Draft saved." is not B's news
    with ctx.services.clinic.db.read_session() as s:
        assert consult_repo.load(s, a.id).conditions == "asthma since childhood"
        assert consult_repo.load(s, b.id).conditions == ""


def test_a_ready_consult_queued_after_the_screen_moved_on_is_announced_not_shown(
    ctx: ClinicContext,
    page: ConsultIntakePage,
    two,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    asha, chotu = two
    a, b = _draft(ctx, asha, "asha words"), _draft(ctx, chotu, "chotu words")
    yes = Consent(
        ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", datetime.now(UTC)
    )
    ctx.services.clinic.writer.run(
        lambda s: consult_repo.record_consent(s, a.id, yes, asha, TODAY, ctx.services.clinic.actor)
    )
    _open(page, qtbot, asha, a)
    page.specialty.setCurrentIndex(page.specialty.findData("general_medicine"))
    gate = Gate(ctx)
    with qtbot.waitSignal(page.ready, timeout=10_000) as sent:
        page.on_mark_ready()  # saved and queued behind the gate
        page.open_for(chotu, b.id)
        gate.release()
    assert sent.args[0].id == a.id
    qtbot.waitUntil(lambda: page.consult is not None and page.consult.id == b.id, timeout=10_000)
    assert page.ready_button.isEnabled() and not page.conditions.isReadOnly()
    assert page.status.text() == "Draft" and not page.addendum_group.isVisibleTo(page)


def test_only_the_newest_open_request_is_shown(
    ctx: ClinicContext,
    page: ConsultIntakePage,
    two,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    asha, chotu = two
    a, b = _draft(ctx, asha, "asha words"), _draft(ctx, chotu, "chotu words")
    shown: list[str | None] = []
    page.binding.changed.connect(lambda: shown.append(page.patient.id if page.patient else None))
    page.open_for(asha, a.id)
    page.open_for(chotu, b.id)
    qtbot.waitUntil(lambda: page.consult is not None, timeout=10_000)
    _settled(ctx, qtbot)
    assert [p for p in shown if p is not None] == [chotu.id]


@pytest.mark.expected_errors("a consult was offered with another patient")
def test_a_consult_offered_with_another_patient_is_refused(
    ctx: ClinicContext,
    page: ConsultIntakePage,
    two,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    asha, chotu = two
    a = _draft(ctx, asha, "asha words")
    page.open_for(chotu, a.id)
    qtbot.waitUntil(lambda: page.status.text() == "This consult could not be opened.")
    assert page.consult is None and "asha words" not in screen_text(page)
