"""``spoke-clinic --self-test``: checks an installation without a screen, one line per check.

Installers and CI run it on the frozen build; a failing check exits non-zero.
"""

from __future__ import annotations

import io
import os
import sys
import traceback
from collections.abc import Callable
from fractions import Fraction
from typing import Protocol

CheckResult = tuple[bool, str]


class Output(Protocol):
    """Where the check lines go: a text stream, or several (``--report FILE``)."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...


def check_qt_platform() -> CheckResult:
    from PySide6.QtCore import QLibraryInfo, QPluginLoader
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        return False, "no Qt application"
    detail = f"running on '{QGuiApplication.platformName()}'"
    if sys.platform.startswith("linux"):
        # Loading the xcb plugin resolves its shared libraries (libxcb-cursor0, ...) without
        # needing a display: this is what fails on a PC missing Qt's Debian packages.
        plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
        loader = QPluginLoader(os.path.join(plugins, "platforms", "libqxcb.so"))
        if not loader.load():
            return False, f"{detail}; xcb plugin does not load: {loader.errorString()}"
        detail += "; xcb plugin loads"
    return True, detail


def multimedia_backends(folder: str) -> list[str]:
    """The QtMultimedia backend plugins in ``folder`` that actually load."""
    from PySide6.QtCore import QPluginLoader

    plugins = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    return [name for name in plugins if QPluginLoader(os.path.join(folder, name)).load()]


def check_qt_multimedia() -> CheckResult:
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtMultimedia import QMediaDevices

    # Without a backend plugin QtMultimedia still imports but lists nothing and plays nothing.
    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    loaded = multimedia_backends(os.path.join(plugins, "multimedia"))
    if not loaded:
        return False, "no QtMultimedia backend plugin loads"
    cams = len(QMediaDevices.videoInputs())
    mics = len(QMediaDevices.audioInputs())
    return True, f"backend {loaded[0]}; {cams} camera(s), {mics} microphone(s) listed"


def check_fonts() -> CheckResult:
    from PySide6.QtGui import QFontDatabase

    families = QFontDatabase.families(QFontDatabase.WritingSystem.Devanagari)
    if not families:
        return False, "no Devanagari font (Linux: install fonts-noto-core)"
    return True, f"Devanagari: {families[0]}"


def check_opencv() -> CheckResult:
    import cv2
    import numpy as np

    frame = np.zeros((48, 64, 3), dtype=np.uint8)
    i420 = cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420)
    cv2.QRCodeDetector()
    return i420.shape == (72, 64), f"OpenCV {cv2.__version__}"


def check_pyav() -> CheckResult:
    import av
    import numpy as np

    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as out:
        video = out.add_stream("libx264", rate=15)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        audio = out.add_stream("aac", rate=48000)
        for i in range(5):
            img = np.full((48, 64, 3), i * 40, dtype=np.uint8)
            for packet in video.encode(av.VideoFrame.from_ndarray(img, format="bgr24")):
                out.mux(packet)
        samples = np.zeros((1, 1024), dtype=np.float32)
        aframe = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
        aframe.sample_rate = 48000
        aframe.pts, aframe.time_base = 0, Fraction(1, 48000)
        for packet in audio.encode(aframe):
            out.mux(packet)
        for stream in (video, audio):
            for packet in stream.encode(None):
                out.mux(packet)
    buffer.seek(0)
    with av.open(buffer, mode="r") as inp:
        frames = len(list(inp.decode(video=0)))
    return frames == 5, f"PyAV {av.__version__}: H.264 and AAC encode, {frames} frames decoded"


def check_sqlcipher() -> CheckResult:
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("PRAGMA key = \"x'" + "00" * 32 + "'\"")
        version = conn.execute("PRAGMA cipher_version").fetchone()
        conn.execute("CREATE TABLE t (x)")
    finally:
        conn.close()
    if not version or not version[0]:
        return False, "sqlcipher3 imports but SQLCipher is not active"
    return True, f"SQLCipher {version[0]}"


def check_keyring() -> CheckResult:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    insecure = isinstance(backend, fail.Keyring) or "plaintext" in name.lower()
    if insecure or getattr(backend, "priority", 0) <= 0:
        return False, f"no secure keyring backend (found {name}); fix: {keyring_fix()}"
    return True, name


def keyring_fix() -> str:
    """How to get a secure keyring on this OS, naming commands that work here."""
    if sys.platform == "win32":
        return "sign in to your own Windows account (Credential Manager keeps the keys)"
    if sys.platform == "darwin":
        return "sign in to your own macOS account (the Keychain keeps the keys)"
    from desktop import launch

    fix = (
        "install gnome-keyring and dbus-x11 (sudo apt-get install -y gnome-keyring dbus-x11), "
        "then start the app in a desktop session that runs GNOME Keyring or KWallet"
    )
    if launch.from_source():
        fix += (
            f"; for the demo on a machine without a desktop, {launch.run_command()} starts "
            "a demo keyring kept in the demo profile"
        )
    return fix


def check_age() -> CheckResult:
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    blob = pyrage.encrypt(b"self-test", [identity.to_public()])
    return pyrage.decrypt(blob, [identity]) == b"self-test", "age (pyrage) round trip"


def check_translations() -> CheckResult:
    from PySide6.QtCore import QTranslator

    from desktop import paths

    qm = paths.translations_dir() / "spoke_clinic_hi.qm"
    translator = QTranslator()
    if not qm.exists() or not translator.load(str(qm)):
        return False, f"Hindi translation missing ({qm.name})"
    if translator.isEmpty():
        return False, "Hindi translation is empty"
    return True, f"Hindi translation loaded ({qm.stat().st_size} bytes)"


CALL_TIMEOUT = 30.0  # seconds for the whole call check (ICE, DTLS, first picture)


def check_call() -> CheckResult:
    """The live call's stack works here: two WebRTC peers on the app's call runtime (aiortc:
    ICE on this machine's addresses, DTLS with cryptography, SRTP with pylibsrtp, VP8 and Opus
    with PyAV) connect and one decodes the other's picture; a websockets client (the hub room's
    transport, as ``desktop.call.signaling`` uses it) round-trips a message with a loopback
    server. Imported only here: the app's start never pays for it."""
    import asyncio

    from websockets.asyncio.client import connect
    from websockets.asyncio.server import ServerConnection, serve

    from desktop.call import signaling  # noqa: F401 -- the room's client imports
    from desktop.call.peer import CallPeer
    from desktop.call.runtime import CallRuntime
    from desktop.call.synthetic import CounterVideoTrack, SineAudioTrack

    async def peers() -> str:
        pictures = asyncio.Event()

        def on_frame(kind: str, _frame: object) -> None:
            if kind == "video":
                pictures.set()

        caller = CallPeer(video=CounterVideoTrack(), audio=SineAudioTrack())
        callee = CallPeer(video=CounterVideoTrack(), audio=SineAudioTrack(), on_frame=on_frame)
        try:
            offer = await caller.offer()
            await caller.accept_answer(await callee.answer(offer))
            await asyncio.wait_for(pictures.wait(), CALL_TIMEOUT)
            return offer["sdp"]
        finally:
            await caller.close()
            await callee.close()

    async def websocket_echo() -> str:
        async def echo(connection: ServerConnection) -> None:
            async for message in connection:
                await connection.send(message)

        async with serve(echo, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            async with connect(f"ws://127.0.0.1:{port}") as client:
                await client.send("self-test")
                return str(await asyncio.wait_for(client.recv(), CALL_TIMEOUT))

    runtime = CallRuntime("spoke-call-selftest").start()
    try:
        sdp = runtime.submit(peers()).result(timeout=CALL_TIMEOUT + 5)
        echoed = runtime.submit(websocket_echo()).result(timeout=CALL_TIMEOUT + 5)
    finally:
        runtime.stop()
    codecs = [name for name in ("VP8", "opus") if name in sdp]
    secured = "a=fingerprint:sha-256" in sdp
    if codecs != ["VP8", "opus"] or not secured or echoed != "self-test":
        return False, f"offer codecs {codecs}, DTLS fingerprint {secured}, websocket {echoed!r}"
    return True, "WebRTC peers connected (VP8, Opus, DTLS-SRTP), picture decoded; websocket"


CHECKS: list[tuple[str, Callable[[], CheckResult]]] = [
    ("qt-platform", check_qt_platform),
    ("qt-multimedia", check_qt_multimedia),
    ("fonts", check_fonts),
    ("opencv", check_opencv),
    ("pyav-codecs", check_pyav),
    ("sqlcipher", check_sqlcipher),
    ("keyring", check_keyring),
    ("age", check_age),
    ("translations", check_translations),
    ("call", check_call),
]


def run(out: Output | None = None, only: str | None = None) -> int:
    """Run every check (or only the one named), print one line each, return the process
    exit code."""
    stream = out or sys.stdout
    checks = [(name, check) for name, check in CHECKS if only in (None, "all", name)]
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if "QT_QPA_PLATFORM" not in os.environ:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _app = QGuiApplication([sys.argv[0], "-platform", os.environ["QT_QPA_PLATFORM"]])  # noqa: F841
    failures = 0
    for name, check in checks:
        try:
            ok, detail = check()
        except Exception as exc:  # noqa: BLE001 -- every failure becomes one printed line
            ok, detail = False, f"{type(exc).__name__}: {exc}"
            traceback.print_exc(file=sys.stderr)
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'}  {name:<14} {detail}", file=stream, flush=True)
    print(f"self-test: {len(checks) - failures} passed, {failures} failed", file=stream)
    return 1 if failures else 0
