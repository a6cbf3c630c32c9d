"""The frozen onedir bundle: its self-test passes, the GUI starts, and it holds what the spec
lists (resources, migrations, keyring metadata, licences) and none of what it trims."""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import licences  # installers/licences.py
import pytest
from installer_helpers import BUILD, EXE, ROOT, app_env, check_lines, extract_all

from desktop import __version__

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def test_frozen_self_test_passes(frozen_bundle: Path) -> None:
    result = subprocess.run(
        [str(frozen_bundle / EXE), "--self-test"],
        env=app_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    checks = check_lines(result.stdout)
    assert set(checks) >= {
        "qt-platform",
        "qt-multimedia",
        "fonts",
        "opencv",
        "pyav-codecs",
        "sqlcipher",
        "keyring",
        "age",
        "translations",
        "call",
    }
    assert all(line.startswith("ok") for line in checks.values()), result.stdout
    # The platform's own backend, found through the entry points copied into the bundle.
    assert "SecretService" in checks["keyring"]
    assert "H.264" in checks["pyav-codecs"]
    assert "xcb plugin loads" in checks["qt-platform"]
    # The camera pages need Qt's FFmpeg media plugin (and its FFmpeg libraries) to load.
    assert "No QtMultimedia backends found" not in result.stderr


def test_frozen_bundle_carries_the_live_call(frozen_bundle: Path) -> None:
    """``--self-test call`` in the bundle: desktop.call imports (aiortc, aioice, av,
    pylibsrtp, cryptography, websockets all frozen), two peers connect over DTLS-SRTP and one
    decodes the other's VP8 picture, a websocket round-trips; the licences of that stack
    travel with it."""
    result = subprocess.run(
        [str(frozen_bundle / EXE), "--self-test", "call"],
        env=app_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    checks = check_lines(result.stdout)
    assert list(checks) == ["call"] and checks["call"].startswith("ok"), result.stdout
    assert "picture decoded" in checks["call"]
    folder = frozen_bundle / "_internal" / "resources" / "third-party"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    names = {entry["name"].lower() for entry in index}
    for expected in ("aiortc", "aioice", "pylibsrtp", "websockets", "cryptography", "pyee"):
        assert expected in names, expected


def test_multiprocessing_and_pkgutil_hooks_run_when_those_modules_are_imported(
    frozen_bundle: Path,
) -> None:
    """PyInstaller's multiprocessing and pkgutil runtime hooks no longer run before the app's
    first line (installers/rthooks/lazy_hooks.py runs them on first import): a helper process
    multiprocessing starts from the executable (``-I -B -S -c 'from multiprocessing...'``, the
    frozen interpreter's flags) is still diverted to its code, with multiprocessing patched
    as PyInstaller patches it, and pkgutil lists the modules frozen in the archive."""
    code = (
        "from multiprocessing.resource_tracker import main; import multiprocessing, pkgutil, "
        "desktop; print(multiprocessing.process.ORIGINAL_DIR, "
        "multiprocessing.freeze_support.__qualname__); "
        "print(sorted(m.name for m in pkgutil.iter_modules(desktop.__path__)))"
    )
    result = subprocess.run(
        [str(frozen_bundle / EXE), "-I", "-B", "-S", "-c", code],
        env=app_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    patched, modules = result.stdout.splitlines()[-2:]
    assert patched == "None _pyi_rthook.<locals>._freeze_support"
    assert "'call'" in modules and "'changes'" in modules  # packages and modules in the PYZ


def test_frozen_app_migrates_a_database_and_shows_its_main_window(
    frozen_bundle: Path, tmp_path: Path
) -> None:
    """Demo mode unattended: key in the keyring, SQLCipher database created and migrated by
    the Alembic scripts shipped in the bundle, sign-in, main window, screenshot, exit."""
    shot = tmp_path / "window.png"
    profile = tmp_path / "p"
    result = subprocess.run(
        [str(frozen_bundle / EXE), "--demo", "--profile", str(profile), "--screenshot", str(shot)],
        env=app_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert shot.stat().st_size > 10_000
    assert (profile / "data" / "clinic.db").stat().st_size > 0
    log = (profile / "logs" / "spoke-clinic.log").read_text(encoding="utf-8")
    assert "main window shown" in log


def test_version_is_the_source_version(frozen_bundle: Path) -> None:
    result = subprocess.run(
        [str(frozen_bundle / EXE), "--version"],
        env=app_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == f"Spoke Clinic {__version__}"


def _files(bundle: Path) -> set[str]:
    internal = bundle / "_internal"
    return {str(p.relative_to(internal)) for p in internal.rglob("*")}


def test_bundle_holds_resources_and_every_migration(frozen_bundle: Path) -> None:
    files = _files(frozen_bundle)
    assert "resources/translations/spoke_clinic_hi.qm" in files
    assert "resources/style.qss" in files
    assert "resources/icons/spoke-clinic.png" in files
    migrations = [
        p.relative_to(ROOT)
        for folder in ("desktop", "hub")
        for p in (ROOT / folder).rglob("migrations/**/*.py")
        if "__pycache__" not in p.parts
    ]
    assert migrations, "expected Alembic migrations in the tree"
    missing = [str(m) for m in migrations if str(m) not in files]
    assert missing == []


def test_keyring_entry_points_travel_with_the_bundle(frozen_bundle: Path) -> None:
    internal = frozen_bundle / "_internal"
    entry_points = list(internal.glob("keyring-*.dist-info/entry_points.txt"))
    assert entry_points
    assert "SecretService" in entry_points[0].read_text()


def test_trimmed_parts_are_gone(frozen_bundle: Path) -> None:
    files = _files(frozen_bundle)
    lowered = [f.lower() for f in files]
    assert not [f for f in lowered if "webengine" in f]
    assert not [f for f in lowered if "qt3d" in f or "designer" in f or "libgtk" in f]
    assert not [f for f in files if f.startswith(("uvloop/", "watchfiles/"))]
    assert not [f for f in files if f.startswith(("rich", "pygments", "markdown_it"))]
    plugins = "PySide6/Qt/plugins/platforms/"
    assert f"{plugins}libqxcb.so" in files and f"{plugins}libqoffscreen.so" in files
    assert f"{plugins}libqeglfs.so" not in files
    qt_translations = [f for f in files if f.startswith("PySide6/Qt/translations/")]
    assert all(f.endswith(("_en.qm", "_hi.qm")) for f in qt_translations if f.endswith(".qm"))


def test_licences_of_bundled_components_are_collected(frozen_bundle: Path) -> None:
    folder = frozen_bundle / "_internal" / "resources" / "third-party"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    names = {entry["name"].lower() for entry in index}
    for expected in ("av", "keyring", "sqlcipher3", "pyrage", "opencv-python-headless", "python"):
        assert expected in names, expected
    assert any(name.startswith("pyside6") for name in names)
    assert not [n for n in names if "webengine" in n]
    for entry in index:
        assert (folder / entry["file"]).read_text(encoding="utf-8").strip(), entry["name"]
    assert "GNU GENERAL PUBLIC LICENSE" in (frozen_bundle / "_internal" / "LICENSE").read_text()
    av = next(e for e in index if e["name"].lower() == "av")
    av_text = (folder / av["file"]).read_text(encoding="utf-8")
    for words in ("FFmpeg", "x264", "x265", "GNU GENERAL PUBLIC LICENSE"):
        assert words in av_text, words


def test_every_bundled_native_library_has_a_licence_text(frozen_bundle: Path) -> None:
    """Each shared library file in the bundle (wheel-vendored av.libs/..., Qt's, the
    extension modules, those copied from the Debian build host) is listed by an index entry
    whose text is non-empty."""
    internal = frozen_bundle / "_internal"
    folder = internal / "resources" / "third-party"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    covered = {
        library: entry["file"]
        for entry in index
        for library in entry.get("libraries", [])
        if (folder / entry["file"]).read_text(encoding="utf-8").strip()
    }
    native = [
        str(p.relative_to(internal))
        for p in internal.rglob("*")
        if p.is_file() and not p.is_symlink() and licences.SHARED_LIBRARY.search(p.name)
    ]
    assert len(native) > 100
    assert [path for path in native if path not in covered] == []
    assert any(path.startswith("av.libs/libx264") for path in native)


def test_tarball_extracts_to_a_runnable_app(frozen_bundle: Path) -> None:
    """The .tar.gz of the onedir build, made as build_release.py makes it: one spoke-clinic/
    folder with an executable launcher that runs from wherever it is extracted."""
    from build_release import make_tarball

    work = BUILD / "tarball-test"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        tarball = make_tarball(frozen_bundle, work, "0.0.0+test")
        with tarfile.open(tarball) as tar:
            launcher = tar.getmember(f"spoke-clinic/{EXE}")
            assert launcher.isfile() and launcher.mode & 0o111
            assert {m.name.split("/")[0] for m in tar.getmembers()} == {"spoke-clinic"}
            extract_all(tar, work / "x")
        result = subprocess.run(
            [str(work / "x" / "spoke-clinic" / EXE), "--version"],
            env=app_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.strip() == f"Spoke Clinic {__version__}"
    finally:
        shutil.rmtree(work, ignore_errors=True)
