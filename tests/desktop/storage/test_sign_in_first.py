"""Issue 18, start-up: on a set-up profile the sign-in window is the first window. Nothing
heavy is imported before it is on screen (a fresh interpreter through the real entry point,
stopped at the "sign-in window shown" line to look at ``sys.modules``); the clinic's modules
are imported and its records opened behind it, and a sign-in typed meanwhile is checked once
they are open; a refusal closes the window and is explained by the usual start path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from desktop import paths
from desktop.services import startup
from desktop.settings import Settings
from desktop.storage.errors import KeyMissingError
from desktop.storage.keys import KeyStore, ProfileKeys
from desktop.storage.startup import MANIFEST, Manifest
from desktop.ui import app as app_mod
from desktop.ui.sign_in_first import Outcome, SignInFirst
from tests.desktop.storage.conftest import FIRST

ROOT = Path(__file__).resolve().parents[3]

# Libraries and our own modules the sign-in window does not need (each costs tens to
# hundreds of milliseconds to import).
HEAVY = (
    "sqlalchemy",
    "sqlcipher3",
    "alembic",
    "keyring",
    "argon2",
    "pyrage",
    "fastapi",
    "pydantic",
    "starlette",
    "uvicorn",
    "httpx",
    "av",
    "cv2",
    "numpy",
    "aiortc",
    "fhir",
    "PySide6.QtMultimedia",
    "PySide6.QtCharts",
    "hub",
    "desktop.storage.db",
    "desktop.storage.startup",
    "desktop.services.startup",
    "desktop.services.accounts",
    "desktop.sync",
    "desktop.media",
    "desktop.ui.clinic_app",
    "desktop.ui.shell",
    "desktop.ui.setup_wizard",
)

# Stops the app at the line the bench and the scripted checks wait for, and reports.
PROBE = """
import json, logging, os, sys
heavy = {heavy!r}

class Probe(logging.Handler):
    def emit(self, record):
        if record.getMessage() == "sign-in window shown":
            from PySide6.QtWidgets import QApplication
            shown = [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]
            loaded = [m for m in heavy if m in sys.modules]
            print("PROBE " + json.dumps({{"shown": shown, "loaded": loaded}}), flush=True)
            os._exit(0)

logging.getLogger("spoke.ui").addHandler(Probe())
from desktop.__main__ import main
sys.exit(main({argv!r}))
"""


@pytest.fixture
def ready_default(
    profile: paths.Locations, storage_template: tuple[Path, ProfileKeys, str]
) -> Iterator[paths.Locations]:
    """A set-up profile whose keys are where the real entry point looks: the app's own
    keyring service (in the tests' private Secret Service), under this profile's id."""
    data, keys, _code = storage_template
    shutil.copytree(data, profile.data, dirs_exist_ok=True)
    profile_id = Manifest.load(profile.data / MANIFEST).profile_id
    store = KeyStore()
    store.save(profile_id, keys)
    yield profile
    store.delete(profile_id)


@pytest.mark.parametrize("extra", [[], ["--demo"]], ids=["clinic", "demo"])
def test_nothing_heavy_is_imported_before_the_sign_in_window(
    ready_default: paths.Locations, extra: list[str]
) -> None:
    argv = ["--profile", str(ready_default.data.parent), *extra]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOKE_CLINIC_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY, argv=argv)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    probes = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    assert probes, f"no sign-in window (exit {result.returncode}):\n{result.stderr[-3000:]}"
    report = json.loads(probes[0].removeprefix("PROBE "))
    assert report["shown"] == ["LoginDialog"]  # the first and only window
    assert report["loaded"] == []


def _when_shown(monkeypatch: pytest.MonkeyPatch, act) -> None:  # type: ignore[no-untyped-def]
    """Run ``act(first)`` the moment the sign-in window is on screen, before any warm-up."""
    shown = SignInFirst.on_shown

    def on_shown(self: SignInFirst) -> None:
        shown(self)
        act(self)

    monkeypatch.setattr(SignInFirst, "on_shown", on_shown)


def test_a_sign_in_typed_before_the_records_open_is_checked_once_they_are(
    ready, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _locs, keystore, _code = ready
    monkeypatch.setattr(startup, "KeyStore", lambda: keystore)
    early: list[bool] = []

    def type_and_sign_in(first: SignInFirst) -> None:
        early.append(first.clinic is None)  # nothing imported or opened yet
        first.dialog.username.setText(FIRST.username)
        first.dialog.password.setText(FIRST.password)
        first.dialog.sign_in.click()

    _when_shown(monkeypatch, type_and_sign_in)
    first = SignInFirst(Settings(), demo_mode=False, headless=True)
    outcome = first.run()
    clinic = first.clinic
    assert clinic is not None
    try:
        assert early == [True]
        assert outcome is Outcome.SIGNED_IN
        assert clinic.storage is not None and clinic.session is not None
        assert clinic.session.current is not None
        assert clinic.session.current.username == FIRST.username
    finally:
        clinic.shutdown()


def test_a_wrong_password_typed_early_is_refused_once_the_records_open(
    ready, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _locs, keystore, _code = ready
    monkeypatch.setattr(startup, "KeyStore", lambda: keystore)
    seen: list[str] = []

    def wrong_then_close(first: SignInFirst) -> None:
        dialog = first.dialog
        dialog.username.setText(FIRST.username)
        dialog.password.setText("not the password")
        dialog.sign_in.click()

        def answered() -> bool:
            return "Wrong username or password" in dialog.message.text()

        def close_when_answered() -> None:
            if answered():
                seen.append(dialog.message.text())
                dialog.reject()
            else:
                QTimer.singleShot(20, close_when_answered)

        close_when_answered()

    _when_shown(monkeypatch, wrong_then_close)
    first = SignInFirst(Settings(), demo_mode=False, headless=True)
    outcome = first.run()
    assert first.clinic is not None
    first.clinic.shutdown()
    assert outcome is Outcome.CANCELLED
    assert len(seen) == 1


def test_records_that_do_not_open_close_the_window_for_the_usual_explanation(
    ready, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    locs, _keystore, _code = ready
    empty = KeyStore(service=f"{_keystore.service}-empty")  # no keys for this profile
    monkeypatch.setattr(startup, "KeyStore", lambda: empty)
    first = SignInFirst(Settings(), demo_mode=False, headless=True)
    outcome = first.run()
    assert outcome is Outcome.REFUSED
    assert isinstance(first.refusal, KeyMissingError)
    assert first.clinic is not None and first.clinic.storage is None
    first.clinic.shutdown()


def test_closing_the_window_while_the_records_open_closes_them(
    ready, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _locs, keystore, _code = ready
    monkeypatch.setattr(startup, "KeyStore", lambda: keystore)
    started = SignInFirst._warm_up

    def warm_up_then_close(self: SignInFirst):  # type: ignore[no-untyped-def]
        yield from started(self)
        assert self._opening  # the records are opening on a worker: close the window now
        self.dialog.reject()

    monkeypatch.setattr(SignInFirst, "_warm_up", warm_up_then_close)
    first = SignInFirst(Settings(), demo_mode=False, headless=True)
    outcome = first.run()
    clinic = first.clinic
    assert clinic is not None
    assert outcome is Outcome.CANCELLED
    assert clinic.storage is not None  # run() waited for the opening to end
    clinic.shutdown()
    assert clinic.storage is None


def test_closing_the_window_before_the_records_refuse_ends_the_app(
    ready, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The operator chose to leave: no refusal dialog follows."""
    _locs, keystore, _code = ready
    empty = KeyStore(service=f"{keystore.service}-empty")
    monkeypatch.setattr(startup, "KeyStore", lambda: empty)
    started = SignInFirst._warm_up

    def warm_up_then_close(self: SignInFirst):  # type: ignore[no-untyped-def]
        yield from started(self)
        self.dialog.reject()  # before the worker's refusal reaches the main thread

    monkeypatch.setattr(SignInFirst, "_warm_up", warm_up_then_close)
    first = SignInFirst(Settings(), demo_mode=False, headless=True)
    outcome = first.run()
    assert isinstance(first.refusal, KeyMissingError)
    assert outcome is Outcome.CANCELLED
    assert first.clinic is not None
    first.clinic.shutdown()


@pytest.fixture
def app_style(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """run() sets the clinic's style sheet on the shared application: put it back."""
    before = qapp.styleSheet()
    yield
    qapp.setStyleSheet(before)


@pytest.mark.expected_errors("start refused")
def test_records_refused_behind_the_window_are_explained_by_the_usual_path(
    ready, qtbot, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, app_style
) -> None:
    """The keyring holds no keys for this profile: the sign-in window comes first, closes
    when the records refuse, and the start path explains (headless: on the terminal) and ends
    with status 1."""
    from desktop.ui import clinic_app

    _locs, keystore, _code = ready
    empty = KeyStore(service=f"{keystore.service}-empty")
    monkeypatch.setattr(startup, "KeyStore", lambda: empty)
    monkeypatch.setattr(clinic_app, "KeyStore", lambda: empty)
    shown: list[bool] = []
    _when_shown(monkeypatch, lambda first: shown.append(first.clinic is None))
    assert app_mod.run(headless=True) == 1
    assert shown == [True]
    assert "Spoke Clinic:" in capfd.readouterr().err


def test_a_doctor_pc_hands_over_to_the_hub_sign_in(
    profile: paths.Locations, keystore: KeyStore, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which kind of PC this is shows once the records are open: on a doctor's PC (no local
    accounts) the window closes and the hub's sign-in follows, the records left open."""
    from desktop.services.doctor import set_up_doctor_pc
    from desktop.storage.startup import FacilityDetails

    storage, _code = set_up_doctor_pc(profile, keystore, FacilityDetails("Hub doctors PC"))
    storage.close()
    monkeypatch.setattr(startup, "KeyStore", lambda: keystore)
    first = SignInFirst(Settings(), demo_mode=False, headless=True)
    outcome = first.run()
    clinic = first.clinic
    assert clinic is not None
    try:
        assert outcome is Outcome.HUB_PC
        assert clinic.installation == "hub"
        assert clinic.storage is not None and clinic.session is None
    finally:
        clinic.shutdown()
