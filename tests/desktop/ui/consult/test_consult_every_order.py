"""Consults of three patients opened in every order -- a new one, an existing draft, a locked
(sent) one, a child's with the guardian's consent -- and after each, every panel of the
consult screen (heading, complaints and history, referral, vitals, consent, attachments and
their thumbnails, addendum, status line; on the Camera page the target and recordings; the
hub status line) shows the current consult's data and nothing of any other."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QWidget,
)

from desktop.changes import ChangeBus
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Priority, Status
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.core.vitals import Vitals
from desktop.media import journal
from desktop.media.journal import Journal, SegmentInfo
from desktop.services.hub_news import HubNewsService, announcer
from desktop.settings import Settings
from desktop.storage import consult_repo, patient_repo
from desktop.storage.hub_news import HubNews
from desktop.sync.news import StorageSink
from desktop.ui import consult_camera, messages
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.binding import ConsultPanel
from desktop.ui.media.capture_panel import CapturePanel
from desktop.ui.patients.workspace import SpokeWorkspace
from desktop.ui.sync.notify import HubNotifier
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.desktop.ui.consult.consult_screen import (
    COLOURS,
    adult,
    child,
    picture_bytes,
    screen_text,
)

_ = ctx
KINDS = ("new", "draft", "locked", "child")


@dataclass
class Seeded:
    """One consult to open and what must (and only it may) show of it."""

    patient: Patient
    consult_id: str | None  # None: a new consult, made when opened
    marks: set[str]
    status: Status = Status.DRAFT
    colour: str = ""  # of its one attachment's picture
    recordings: list[str] = field(default_factory=list)
    guardian: str = ""
    hub: str = ""  # what the hub status line says while it is shown


def _recording(consult_id: str, ctx: ClinicContext, seconds: float) -> str:
    with ctx.services.clinic.blobs.create("recording-segment") as writer:
        writer.write(b"\x00" * 512)
    ref = writer.ref
    rec = Journal.start(journal.recordings_dir(), "low", 480, 360, 15, 48000, consult_id)
    rec.segment(SegmentInfo(0, ref.blob_id, ref.sha256, ref.size, 0.0, seconds, 10, 100))
    return rec.end().recording_id


def _consult(
    ctx: ClinicContext,
    p: Patient,
    tag: str,
    vitals: Vitals,
    colour: str,
    operator: str,
    guardian: str = "",
) -> str:
    c = ctx.services.clinic.writer.run(
        lambda s: consult_repo.create_draft(s, p.id, ctx.services.clinic.actor)
    )
    c.complaints, c.complaint_text = ["fever"], f"{tag} words"
    c.conditions, c.allergies = f"{tag.lower()}-conditions", f"{tag.lower()}-allergies"
    c.medicines, c.duration_value = f"{tag.lower()}-medicines", 4
    c.vitals, c.specialty, c.priority = vitals, "general_medicine", Priority.URGENT
    ctx.services.clinic.writer.run(lambda s: consult_repo.autosave(s, c, ctx.services.clinic.actor))
    by = GivenBy.GUARDIAN if guardian else GivenBy.PATIENT
    for kind in ConsentKind:
        given = Consent(kind, True, by, operator, datetime.now(UTC), guardian, "father")
        ctx.services.clinic.writer.run(
            lambda s, g=given: consult_repo.record_consent(
                s, c.id, g, p, TODAY, ctx.services.clinic.actor
            )
        )
    ref, thumb = consult_repo.store_attachment_blobs(
        ctx.services.clinic.blobs, picture_bytes(colour), "image/png"
    )
    title = f"{tag.lower()}-{colour}.png"
    ctx.services.clinic.writer.run(
        lambda s: consult_repo.attach(
            s, c.id, ref, thumb, "image/png", title, ctx.services.clinic.actor
        )
    )
    return c.id


def _seed(ctx: ClinicContext) -> dict[str, Seeded]:
    asha, bhola = adult("Asha", "Verma"), adult("Bhola", "Prasad", sex="male")
    chotu = child("Chotu", "Kumar", guardian="Suresh Kumar")
    for p in (asha, bhola, chotu):
        ctx.services.clinic.writer.run(
            lambda s, p=p: patient_repo.register(
                s, p, ctx.services.clinic.actor, TODAY, Decision.NEW_PATIENT
            )
        )
    draft = _consult(ctx, asha, "ASHA-DRAFT", Vitals(pulse=71, weight_kg=41.3), "red", "op.asha")
    locked = _consult(ctx, bhola, "BHOLA-LOCKED", Vitals(weight_kg=57.9), "blue", "op.bhola")
    ctx.services.clinic.writer.run(
        lambda s: consult_repo.mark_ready(s, locked, bhola, TODAY, ctx.services.clinic.actor)
    )
    ctx.services.clinic.writer.run(
        lambda s: consult_repo.add_addendum(
            s, locked, "BHOLA-ADDENDUM swelling", ctx.services.clinic.actor, datetime.now(UTC)
        )
    )
    kid = _consult(
        ctx, chotu, "CHOTU-CHILD", Vitals(weight_kg=23.6), "green", "op.chotu", "Suresh Kumar"
    )
    common = {"-conditions", "-allergies", "-medicines", " words"}
    return {
        "new": Seeded(asha, None, {"Asha Verma"}),
        "draft": Seeded(
            asha,
            draft,
            {"Asha Verma", "op.asha", "41.3", "asha-draft-red.png"}
            | {f"{'asha-draft' if m != ' words' else 'ASHA-DRAFT'}{m}" for m in common},
            colour="red",
            recordings=[_recording(draft, ctx, 11.0)],
            hub="Hub: waiting for a doctor, position 3",
        ),
        "locked": Seeded(
            bhola,
            locked,
            {"Bhola Prasad", "op.bhola", "57.9", "bhola-locked-blue.png", "BHOLA-ADDENDUM"}
            | {f"{'bhola-locked' if m != ' words' else 'BHOLA-LOCKED'}{m}" for m in common},
            status=Status.ASSIGNED,  # the hub said "assigned": the local consult followed,
            colour="blue",
            recordings=[_recording(locked, ctx, 22.0), _recording(locked, ctx, 5.0)],
            hub="Hub: a doctor has taken this consultation",
        ),
        "child": Seeded(
            chotu,
            kid,
            {"Chotu Kumar", "op.chotu", "23.6", "chotu-child-green.png", "Suresh Kumar"}
            | {f"{'chotu-child' if m != ' words' else 'CHOTU-CHILD'}{m}" for m in common},
            colour="green",
            guardian="Suresh Kumar",
        ),
    }


@pytest.fixture
def screen(ctx: ClinicContext, qtbot):  # type: ignore[no-untyped-def]
    """The intake page, the Camera page and the window's hub status line, as the app joins
    them (without a camera)."""
    ws = SpokeWorkspace(ctx)  # the intake page with the patient summary above it
    page = ws.intake
    capture = CapturePanel(ctx.services.clinic.blobs, Settings(), cameras=[], microphones=[])
    camera = consult_camera.CameraPage(page, capture, ctx)
    window = QMainWindow()
    clinic, bus = ctx.services.clinic, ChangeBus()
    notifier = HubNotifier(window, HubNewsService(clinic.db), bus)
    page.binding.register(notifier)
    sink = StorageSink(clinic.writer, announcer(bus))  # what the puller stores
    for w in (ws, camera, window):
        qtbot.addWidget(w)
    ws.resize(1366, 768)
    ws.setCurrentWidget(page)
    ws.show()
    yield page, camera, notifier, sink
    capture.stop_capture()


def _colour_of(icon) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    image = icon.pixmap(48, 48).toImage()
    c = image.pixelColor(image.width() // 2, image.height() // 2)
    return c.blue(), c.green(), c.red()


def _near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(x - y) < 40 for x, y in zip(a, b, strict=True))


def _check(page, camera, notifier, seeded, kind, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Every panel shows the bound consult of ``kind`` and nothing of the others."""
    s, c = seeded[kind], page.consult
    assert c is not None
    for op in (page.attachments.loading, camera.listing):
        if op is not None:
            qtbot.waitUntil(op.finished.is_set, timeout=10_000)

    text = screen_text(page, camera)
    others = set().union(*(seeded[k].marks for k in KINDS if k != kind)) - s.marks
    assert [m for m in s.marks if m not in text] == []
    assert [m for m in others if m in text] == [], kind
    # Attachments: this consult's, with this consult's thumbnails.
    items = page.attachments.model.items
    assert [a.id for a, _icon in items] == [a.id for a in c.attachments]
    assert len(items) == (0 if kind == "new" else 1)
    for _a, icon in items:
        assert _near(_colour_of(icon), COLOURS[s.colour])
    # Consent: who answers, as recorded (or by default for a new consult).
    consent = page.consent
    want_by = GivenBy.GUARDIAN if s.guardian else GivenBy.PATIENT
    assert consent.given_by.currentData() == want_by.value
    assert consent.guardian_name.text() == s.guardian
    assert consent.teleconsultation.isChecked() is (kind != "new")
    assert (consent.summary.text() == "") is (kind == "new")
    # Vitals, status line, locking, addendum.
    assert page.vitals.vitals() == c.vitals
    assert page.status.text() == messages.label(s.status.value)
    locked = s.status is not Status.DRAFT
    assert page.conditions.isReadOnly() is locked and page.ready_button.isEnabled() is not locked
    assert page.addendum_group.isVisibleTo(page) is locked
    assert page.addendum_group.text.toPlainText() == ""
    # Camera page: names this patient; lists this consult's recordings only.
    assert s.patient.full_name in camera.target.text() and s.patient.code in camera.target.text()
    listed = [m.recording_id for m in camera.recordings.model.recordings]
    assert sorted(listed) == sorted(s.recordings)
    # Hub status line: this consult's, or none.
    assert notifier.queue_label.text() == s.hub
    assert notifier.queue_label.isVisibleTo(notifier.window) is bool(s.hub)


@pytest.mark.parametrize("order", list(itertools.permutations(KINDS)), ids="-".join)
def test_every_panel_shows_only_the_consult_opened(
    ctx: ClinicContext,
    screen,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
    order: tuple[str, ...],
) -> None:
    page, camera, notifier, sink = screen
    seeded = _seed(ctx)
    for kind in ("draft", "locked"):  # the hub's word on two of them
        s = seeded[kind]
        status, position = ("queued", 3) if kind == "draft" else ("assigned", None)
        sink(HubNews(str(s.consult_id), status, position=position))
    opened: dict[str, str] = {}
    for kind in order:
        s = seeded[kind]
        page.open_for(s.patient, s.consult_id)
        qtbot.waitUntil(
            lambda s=s: (
                page.consult is not None
                and page.consult.patient_id == s.patient.id
                and (s.consult_id is None or page.consult.id == s.consult_id)
            ),
            timeout=10_000,
        )
        assert page.consult is not None and page.consult.id not in opened.values()
        opened[kind] = page.consult.id  # "new" is a consult of its own
        _check(page, camera, notifier, seeded, kind, qtbot)
    # Bound again in the same order straight from the store, with no clearing in between
    # (as after "ready" or an addendum): each panel's bind() alone sets everything.
    for kind in order:
        stored = ctx.services.clinic.writer.run(lambda s, k=kind: consult_repo.load(s, opened[k]))
        page.binding.bind(stored, seeded[kind].patient, TODAY)
        _check(page, camera, notifier, seeded, kind, qtbot)

    page.on_close()
    assert page.consult is None
    assert screen_text(page).strip() == screen_text(SpokeWorkspace(ctx).intake).strip()
    assert "No consult selected" in camera.target.text()
    assert camera.recordings.model.recordings == [] and notifier.queue_label.text() == ""


def test_every_widget_showing_consult_data_belongs_to_a_bound_panel(
    ctx: ClinicContext,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """A panel that is not reset cannot exist: each label, input and list on the page sits
    in a panel the binding finds (and so rebuilds) on every change of consult."""
    ws = SpokeWorkspace(ctx)  # as the app builds it: the patient summary joins the page
    qtbot.addWidget(ws)
    page = ws.intake
    panels = page.binding.panels()
    assert sorted(type(p).__name__ for p in panels) == sorted(
        [
            "AddendumBox",
            "AttachmentsPanel",
            "CallButton",
            "CallChatBox",
            "ConsentPanel",
            "ConsultHeading",
            "ConsultStatusLine",
            "HistoryPanel",
            "PatientSummary",
            "PrescriptionButton",
            "ReferralPanel",
            "RxRefusedNotice",
            "VitalsEditor",
        ]
    )
    assert all(isinstance(p, ConsultPanel) for p in panels)
    showing = (QLabel, QLineEdit, QPlainTextEdit, QAbstractItemView, QComboBox, QAbstractSpinBox)
    outside = []
    for w in page.findChildren(QWidget):
        if not isinstance(w, showing) and not (isinstance(w, QAbstractButton) and w.isCheckable()):
            continue
        if w.parent() is not None and type(w.parent()).__name__ == "QScrollArea":
            continue  # the scroll area's own scroll bars
        ancestor: QWidget | None = w
        while ancestor is not None and ancestor not in panels:
            ancestor = ancestor.parentWidget()
        if ancestor is None:
            outside.append(f"{type(w).__name__}:{w.objectName()}")
    assert outside == []
