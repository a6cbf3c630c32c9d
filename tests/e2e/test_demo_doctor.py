"""Both roles in the demo: the operator's demo app runs the embedded hub and leaves its address
and a hub enrollment code in its demo folder; the second command's app (``--demo --doctor``)
sets up its own encrypted doctor profile inside, enrolls, signs in as the hub's demo doctor
and shows the doctor's pages only, online at the hub."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop import paths
from desktop.settings import Settings
from desktop.sync.tokens import TokenStore
from desktop.ui.clinic_app import ClinicApp
from desktop.ui.doctor import demo_doctor
from hub.models import User


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_demo_doctor_window_against_the_running_demo_hub(  # type: ignore[no-untyped-def]
    profile: paths.Locations, qtbot
) -> None:
    operator = ClinicApp(Settings(), demo_mode=True)
    doctor: ClinicApp | None = None
    enrollment = profile.data / "demo-hub" / demo_doctor.ENROLLMENT_FILE
    try:
        assert operator.open_storage()
        assert operator.sign_in(unattended=True)
        shell = operator.build_window()
        qtbot.addWidget(shell.window)
        # Pages by role: the operator's here, the doctor's below; neither sees the other's.
        operator_pages = [
            "home",
            "patients",
            "camera",
            "prescriptions",
            "stock",
            "sync",
            "settings",
        ]
        assert shell.window.page_keys() == operator_pages
        qtbot.waitUntil(lambda: operator.hub is not None and enrollment.exists(), timeout=60_000)
        hub = operator.hub
        assert hub is not None

        # The second command: its own profile inside the demo's (as __main__ --doctor does).
        paths.init(Path(demo_doctor.doctor_profile(profile)))
        doctor = ClinicApp(Settings(), demo_mode=True, doctor_demo=True)
        assert doctor.open_storage()
        assert doctor.installation == "hub"
        assert doctor.sign_in()  # the demo's doctor dialog signs in by itself
        window = doctor.build_window().window
        qtbot.addWidget(window)
        window.show()
        assert window.page_keys() == ["home", "queue", "review", "settings"]
        assert window.user_label.text() == "demo-doctor"

        def online() -> bool:
            with hub.context.sessions() as s:
                user = s.scalar(select(User).where(User.username == "demo-doctor"))
                return user is not None and user.availability == "online"

        qtbot.waitUntil(online, timeout=30_000)
        doctor_window = doctor.doctor_window
        assert doctor_window is not None
        qtbot.waitUntil(lambda: "online" in doctor_window.queue.status.text(), timeout=30_000)

        # Signing out: offline at the hub, the window goes, the hub sign-in comes back.
        doctor_window.shell.settings_page.sign_out_requested.emit()
        qtbot.waitUntil(lambda: doctor.doctor_login is not None, timeout=30_000)
        assert not online() and doctor.doctor_window is None

        def sign_in(username: str) -> None:
            login = doctor.doctor_login if doctor is not None else None
            assert login is not None
            login.username.setText(username)
            login.password.setText("demo-password")
            login.sign_in.click()
            qtbot.waitUntil(lambda: doctor is not None and doctor.shell is not None, timeout=30_000)
            assert doctor is not None and doctor.shell is not None
            qtbot.addWidget(doctor.shell.window)

        # The hub's demo programme manager at this hub PC: the network report, nothing else.
        sign_in("demo-manager")
        assert doctor.shell is not None and doctor.doctor_window is None
        assert doctor.shell.window.page_keys() == ["home", "report", "settings"]
        doctor.shell.settings_page.sign_out_requested.emit()
        qtbot.waitUntil(lambda: doctor.doctor_login is not None, timeout=30_000)
        sign_in("demo-doctor")
        assert doctor.shell is not None and doctor.doctor_window is not None
        assert doctor.shell.window.page_keys() == ["home", "queue", "review", "settings"]
    finally:
        if doctor is not None and doctor.doctor_login is not None:
            doctor.doctor_login.deleteLater()
        if doctor is not None:
            doctor.shutdown()
            TokenStore().forget_all()
        paths.init(profile.data.parent)
        operator.shutdown()
    assert not enrollment.exists()  # the demo hub stopped: the second command says so
