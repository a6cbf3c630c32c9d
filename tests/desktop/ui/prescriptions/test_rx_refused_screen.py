"""The consult screen of a consult whose prescription did not verify: not Prescribed, a
warning in the operator's language says not to print or dispense it, its prescription view
refuses both with the reason; once a copy that verifies arrives the warning goes and the
consult is Prescribed."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop.core.consult import Status
from desktop.storage import consult_repo, hub_news, patient_repo
from desktop.storage.audit import Actor
from desktop.ui import i18n
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.intake_page import ConsultIntakePage
from desktop.ui.prescriptions.view import PrescriptionView
from tests.desktop.storage.test_hub_news import _ready
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.helpers.rx import Doctor

_ = ctx
HUB = Actor("hub", "system", "sync")
# Set to a folder to also write the screenshots there (docs/screenshots).
SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")


def _arrive(ctx: ClinicContext, cid: str, rx: dict) -> None:
    news = hub_news.HubNews(cid, "completed", prescriptions=[rx])
    ctx.services.clinic.writer.run(lambda s: hub_news.apply(s, news, HUB))


def _page(qtbot, ctx: ClinicContext, cid: str, size: tuple[int, int]) -> ConsultIntakePage:  # type: ignore[no-untyped-def]
    page = ConsultIntakePage(ctx)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    patient = ctx.services.clinic.read(
        lambda s: patient_repo.get(s, consult_repo.load(s, cid).patient_id)
    )
    assert patient is not None
    page.open_for(patient, cid)
    qtbot.waitUntil(lambda: page.consult is not None and page.consult.id == cid, timeout=10_000)
    return page


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_a_tampered_prescription_is_flagged_and_refused(
    qtbot, ctx: ClinicContext, lang: str
) -> None:  # type: ignore[no-untyped-def]
    writer = ctx.services.clinic.writer
    cid = _ready(SimpleNamespace(writer=writer))  # type: ignore[arg-type]
    doc = Doctor()
    good = doc.prescription(cid)
    bad = {**good, "content": {**good["content"], "advice": "Take double the dose."}}
    _arrive(ctx, cid, bad)
    i18n.install(lang)
    try:
        page = _page(qtbot, ctx, cid, (1366, 768))
        assert page.consult is not None and page.consult.status is Status.IN_PROGRESS
        qtbot.waitUntil(page.rx_refused.isVisible)
        warning = page.rx_refused.text()
        if lang == "en":
            assert "could not be verified" in warning and "dispense" in warning
        else:
            assert "सत्यापित" in warning and "could not" not in warning
        assert page.prescription_button.isVisible()  # to see the prescription and why
        if SCREENSHOT_DIR:
            page.grab().save(str(Path(SCREENSHOT_DIR) / f"rx-refused-consult-{lang}.png"))
            page.resize(1920, 1080)
            qtbot.waitUntil(lambda: page.width() == 1920)
            page.grab().save(str(Path(SCREENSHOT_DIR) / f"rx-refused-consult-{lang}-1920.png"))
        view = PrescriptionView(ctx.services.prescriptions, lambda: TODAY, stock=ctx.services.stock)
        qtbot.addWidget(view)
        view.resize(1366, 768)
        view.show()
        view.show_consult(cid)
        qtbot.waitUntil(lambda: view.status.text() != "")
        for button in (view.print_button, view.preview_button, view.save_button):
            assert not button.isEnabled()
        assert not view.dispense_button.isEnabled()
        if lang == "en":
            assert "no medicine may be dispensed" in view.status.text()
        if SCREENSHOT_DIR:
            view.grab().save(str(Path(SCREENSHOT_DIR) / f"rx-refused-view-{lang}.png"))

        # The hub sends it again, intact: Prescribed, the warning gone.
        _arrive(ctx, cid, good)
        page.open_for(page.patient, cid)  # type: ignore[arg-type]
        qtbot.waitUntil(
            lambda: page.consult is not None and page.consult.status is Status.CLOSED,
            timeout=10_000,
        )
        assert not page.rx_refused.isVisible() and page.prescription_button.isVisible()
        view.show_consult(cid)
        qtbot.waitUntil(view.print_button.isEnabled)
    finally:
        i18n.install("en")
