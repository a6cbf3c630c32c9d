"""The consult screen's Prescription button is a binding panel: shown only for a prescribed
(or then closed) consult, naming that consult; hidden for any other and when cleared."""

from __future__ import annotations

import dataclasses
from datetime import date

from desktop.core.consult import Consult, Status
from desktop.ui.consult.binding import ConsultView, Ticket
from desktop.ui.prescriptions.consult_button import PrescriptionButton
from tests.helpers.clinical import person


def test_shown_only_for_a_prescribed_consult(qtbot) -> None:  # type: ignore[no-untyped-def]
    button = PrescriptionButton()
    qtbot.addWidget(button)
    patient = person("Sita", "Devi", sex="female")
    draft = Consult(patient_id=patient.id, created_by="cho.meena")
    prescribed = dataclasses.replace(draft, status=Status.PRESCRIBED)
    button.bind(ConsultView(prescribed, patient, date(2026, 12, 5), Ticket(prescribed.id)))
    assert not button.isHidden()
    with qtbot.waitSignal(button.open_prescription) as got:
        button.click()
    assert got.args == [prescribed.id]
    button.bind(ConsultView(draft, patient, date(2026, 12, 5), Ticket(draft.id)))
    assert button.isHidden()
    button.bind(ConsultView(prescribed, patient, date(2026, 12, 5), Ticket(prescribed.id)))
    button.clear()
    assert button.isHidden()
