"""The home worklist: open consults of every kind from storage, in the operator's order,
through a model checked by qtmodeltester; a row opens its consult."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from desktop.core.consult import Status
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.storage import consult_repo, daybook, patient_repo
from desktop.storage.models.audit import AuditEntry
from desktop.storage.models.clinical import ConsultRecord
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.home_page import HomePage
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx

_ = ctx


def _patient(ctx: ClinicContext, given: str, mobile: str) -> Patient:
    p = Patient(
        given,
        "Devi",
        "female",
        date(1980, 1, 1),
        mobile=mobile,
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
    )
    ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(s, p, ctx.actor, TODAY, Decision.NEW_PATIENT)
    )
    return p


def _consult(ctx: ClinicContext, p: Patient, status: Status) -> str:
    c = ctx.services.clinic.writer.run(lambda s: consult_repo.create_draft(s, p.id, ctx.actor))
    if status is not Status.DRAFT:  # set up the state directly: the lifecycle has its tests
        ctx.services.clinic.writer.run(
            lambda s: s.execute(
                update(ConsultRecord).where(ConsultRecord.id == c.id).values(status=status.value)
            )
        )
    return c.id


def _world(ctx: ClinicContext) -> dict[Status, str]:
    made = {}
    for i, status in enumerate(
        [
            Status.DRAFT,
            Status.READY,
            Status.WITH_HUB,
            Status.PRESCRIBED,
            Status.CLOSED,
            Status.ASSIGNED,
            Status.IN_PROGRESS,
        ]
    ):
        made[status] = _consult(ctx, _patient(ctx, f"Asha{'abcdefg'[i]}", f"98765432{i}0"), status)
    return made


def test_the_worklist_lists_open_consults_to_print_first(
    ctx: ClinicContext, qtbot, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    made = _world(ctx)
    items = ctx.services.clinic.writer.run(lambda s: daybook.worklist(s, ctx.actor))
    assert [i.status for i in items] == [
        Status.PRESCRIBED,
        Status.DRAFT,
        Status.READY,
        Status.WITH_HUB,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
    ]  # closed consults are done, not work
    assert made[Status.CLOSED] not in {i.consult_id for i in items}
    with ctx.services.clinic.db.read_session() as s:
        assert s.query(AuditEntry).filter_by(entity_type=daybook.WORKLIST).count() == 1
    home = HomePage()
    qtbot.addWidget(home)
    home.show_worklist(items)
    qtmodeltester.check(home.worklist_model)
    texts = [home.worklist_model.index(r, 0).data() for r in range(6)]
    assert texts == [
        "Prescription received: print it",
        "Draft: finish and send",
        "Waiting for the hub",
        "Waiting for a hub doctor",
        "A doctor has taken it",
        "With a doctor",
    ]
    assert home.worklist_model.index(0, 1).data().startswith("Ashad Devi (")
    with qtbot.waitSignal(home.open_consult) as opened:
        home.worklist.activated.emit(home.worklist_model.index(2, 1))
    assert opened.args == [made[Status.READY]]
    # A "prescription received" row opens the prescription, not the consult form.
    with qtbot.waitSignal(home.open_prescription) as shown:
        home.worklist.activated.emit(home.worklist_model.index(0, 1))
    assert shown.args == [made[Status.PRESCRIBED]]


def test_an_empty_worklist_says_so(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    home = HomePage()
    qtbot.addWidget(home)
    home.show()
    home.show_worklist([])
    assert home.worklist_empty.isVisible() and not home.worklist.isVisible()
    assert home.worklist_empty.text().startswith("Nothing open")


def test_a_worklist_row_opens_its_consult(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    made = _world(ctx)
    workspace = SpokeWorkspace(ctx)
    qtbot.addWidget(workspace)
    workspace.open_consult(made[Status.WITH_HUB])
    qtbot.waitUntil(
        lambda: (
            workspace.intake.consult is not None
            and workspace.intake.consult.id == made[Status.WITH_HUB]
        )
    )
    assert workspace.currentWidget() is workspace.intake
    assert workspace.intake.patient is not None and workspace.intake.patient.given_name == "Ashac"
