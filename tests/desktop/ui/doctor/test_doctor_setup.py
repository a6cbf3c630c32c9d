"""The set-up wizard's "Hub (doctors)": an encrypted profile with no local account, enrolled
with the hub's one-time code (a refused code is said in words and can be typed again), the
recovery code shown once; then the hub's doctor signs in from this PC."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QWizard

from desktop import paths
from desktop.services.doctor import installation_kind
from desktop.storage.keys import KeyStore
from desktop.sync.doctor_api import DoctorApi
from desktop.sync.tokens import TokenStore
from desktop.ui.setup_wizard import SetupWizard
from tests.sync_support.hubctl import PASSWORD, LiveHub


def test_wizard_sets_up_and_enrolls_a_doctor_pc(  # type: ignore[no-untyped-def]
    profile: paths.Locations, hub: LiveHub, qtbot
) -> None:
    keystore = KeyStore(service=f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
    tokens = TokenStore()  # the profile's own entries, as the app uses them
    wizard = SetupWizard(profile, keystore)
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        wizard.facility_page.name.setText("Zonal Hub (synthetic)")
        kind = wizard.facility_page.kind
        kind.setCurrentIndex(kind.findData("hub"))
        wizard.next()
        assert wizard.currentPage() is wizard.enroll_page  # no local account for doctors
        form = wizard.enroll_page.form
        form.url.setText(hub.base_url)
        form.code.setText("WRONG-CODE-123")
        wizard.next()
        qtbot.waitUntil(lambda: "did not accept this code" in form.message.text(), timeout=30_000)
        assert wizard.storage is not None and wizard.currentPage() is wizard.enroll_page
        form.code.setText(hub.enrollment_code("hub"))
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=30_000)
        assert len(wizard.recovery_page.code.text()) > 10
        wizard.recovery_page.confirmed.setChecked(True)
        wizard.button(QWizard.WizardButton.FinishButton).click()
        storage = wizard.storage
        assert installation_kind(storage) == "hub"
        creds = tokens.device()
        assert creds is not None and creds.facility_id == hub.ids["hub"]
        api = DoctorApi.open(tokens)
        try:
            assert api.sign_in("doctor", PASSWORD).role == "hub_doctor"
        finally:
            api.close()
    finally:
        if wizard.storage is not None:
            keystore.delete(wizard.storage.device)
            wizard.storage.close()
        tokens.forget_all()
