"""Third-party licences (installers/licences.py, at build time): gathered from installed
metadata, written into a bundle folder and read back from it by the runtime
(desktop/third_party.py), with Qt's LGPL text filled in where its wheels ship none."""

from __future__ import annotations

import glob
import json
from importlib import metadata
from pathlib import Path

import licences  # installers/licences.py (installer_helpers puts installers/ on the path)
import pytest

from desktop import paths, third_party


def test_runtime_closure_covers_the_app_dependencies() -> None:
    names = {c.name.lower() for c in licences.runtime_closure()}
    for dist in ("av", "keyring", "sqlcipher3", "pyrage", "opencv-python-headless", "numpy"):
        assert dist in names, dist
    assert "spoke-clinic" not in names
    # Test-only tools are not part of the application.
    assert "pytest" not in names and "pyinstaller" not in names


def test_components_are_found_from_bundled_files() -> None:
    found = licences.for_files(licences.module_files(["keyring.backends.SecretService", "av"]))
    by_name = {c.name.lower(): c for c in found}
    assert set(by_name) == {"keyring", "av"}
    assert by_name["keyring"].licence == "MIT"
    assert "Permission is hereby granted" in by_name["keyring"].text


def test_qt_gets_the_lgpl_text_its_wheels_lack() -> None:
    qt = [c for c in licences.runtime_closure() if c.name.lower().startswith("pyside6")]
    assert qt
    assert all("GNU LESSER GENERAL PUBLIC LICENSE" in c.text for c in qt)


def test_bundle_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    comps = [licences.Component("Example", "1.0", "MIT", "Permission is hereby granted")]
    python = licences.python_runtime()
    assert python is not None and "PYTHON SOFTWARE FOUNDATION" in python.text
    resources = tmp_path / "resources"
    index = licences.write_bundle([*comps, python], resources / "third-party")
    assert [e["file"] for e in json.loads(index.read_text())] == ["example.txt", "python.txt"]
    monkeypatch.setenv("SPOKE_CLINIC_RESOURCES", str(resources))
    assert third_party.load() == [*comps, python]


def test_project_licence_is_the_gpl3() -> None:
    assert "GNU GENERAL PUBLIC LICENSE" in third_party.project_licence_text()
    assert "Version 3" in third_party.project_licence_text()


def _vendored_libraries(dist_name: str) -> list[str]:
    """Files of a wheel's auditwheel/delvewheel folder (``av.libs/...``)."""
    dist = metadata.distribution(dist_name)
    return [
        str(f)
        for f in dist.files or []
        if f.parts[0].endswith(".libs") and licences.SHARED_LIBRARY.search(f.name)
    ]


def test_every_vendored_native_library_has_a_notice_and_a_text() -> None:
    """Each library a wheel vendors (PyAV's FFmpeg, x264, ...; OpenCV's; psycopg's) is a
    known project with a notice and licence texts, named in its distribution's text."""
    checked = 0
    for comp in licences.runtime_closure():
        for path in _vendored_libraries(comp.name):
            native = licences.native_for(path)
            assert native is not None, f"{comp.name}: no notice for {path}"
            assert native.notice.strip() and native.licence.strip()
            for text in native.texts:
                assert (paths.resource_dir() / "licenses" / text).read_text().strip(), text
            assert path in comp.text, (comp.name, path)
            assert native.name in comp.text
            checked += 1
    assert checked >= 30  # av.libs alone vendors over 30


def test_pyav_text_carries_ffmpeg_x264_and_the_gpl() -> None:
    av = licences.component(metadata.distribution("av"))
    for words in ("FFmpeg", "x264", "x265", "GNU GENERAL PUBLIC LICENSE", "Version 2"):
        assert words in av.text, words
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in av.text
    assert "GPL-2.0-or-later" in av.licence


def test_statically_linked_sqlcipher_is_named_and_licence_words_are_never_unknown() -> None:
    sqlcipher = licences.component(metadata.distribution("sqlcipher3"))
    assert "Zetetic" in sqlcipher.text and "OpenSSL" in sqlcipher.text
    assert "Apache License" in sqlcipher.text  # OpenSSL 3's licence, statically linked
    assert sqlcipher.licence.startswith("Zlib")  # read from the pysqlite text itself
    assert licences.component(metadata.distribution("pyrage")).licence == "MIT"
    assert not [c.name for c in licences.runtime_closure() if c.licence == "unknown"]


def test_native_names_are_matched_with_and_without_wheel_hashes() -> None:
    def name(f: str) -> str | None:
        native = licences.native_for(f)
        return native.name if native else None

    assert name("av.libs/libx264-d6533a8d.so.165") == "x264"
    assert name("libavcodec.so.61") == "FFmpeg"
    assert name("opencv_python_headless.libs/libssl-81259c47.so.1.1.1k") == "OpenSSL 1.1"
    assert name("psycopg_binary.libs/libssl-6a9b88ec.so.3") == "OpenSSL"
    assert name("libopencore-amrwb-1b0ca122.so.0.0.5") == "opencore-amr"
    assert name("libQt6FFmpegStub-crypto.so.3") is None  # Qt's own, under PySide6's LGPL


def test_libraries_from_the_debian_host_get_their_package_copyright() -> None:
    """The build host is Debian (scripts/bootstrap.sh): PyInstaller copies some of its
    libraries, and dpkg names the package whose copyright file covers them."""
    zlib = sorted(glob.glob("/lib/*/libz.so.1") + glob.glob("/usr/lib/*/libz.so.1"))[0]
    python, comp = licences.system_components([("libz.so.1", str(zlib))])
    assert python.name == "Python" and python.libraries == ()
    assert comp.name == "zlib1g (Debian)"
    assert comp.libraries == ("libz.so.1",)
    assert "Jean-loup Gailly" in comp.text and comp.version


def test_bundle_index_lists_the_native_files_each_entry_covers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [av] = licences.for_files(["av/__init__.py", "av.libs/" + "x"] + _vendored_libraries("av"))
    assert set(av.libraries) == set(_vendored_libraries("av"))
    resources = tmp_path / "resources"
    licences.write_bundle([av], resources / "third-party")
    monkeypatch.setenv("SPOKE_CLINIC_RESOURCES", str(resources))
    assert third_party.load()[0].libraries == av.libraries


def test_the_interpreters_own_libraries_come_under_the_python_licence() -> None:
    import _ssl

    dest = "python3.11/lib-dynload/" + Path(_ssl.__file__).name
    [python] = licences.system_components([(dest, _ssl.__file__)])
    assert python.name == "Python" and python.libraries == (dest,)
    assert "PYTHON SOFTWARE FOUNDATION" in python.text


def test_call_stack_carries_the_notices_of_what_it_links_statically() -> None:
    """pylibsrtp's extension holds libsrtp and OpenSSL's libcrypto, cryptography's holds
    OpenSSL: neither wheel's own text names them, so the notices come from
    installers/notices/native_libraries.json."""
    found = licences.for_files(
        licences.module_files(["pylibsrtp", "cryptography", "aiortc", "aioice", "websockets"])
    )
    by_name = {c.name.lower(): c for c in found}
    assert {"pylibsrtp", "cryptography", "aiortc", "aioice", "websockets"} <= set(by_name)
    assert "Cisco Systems" in by_name["pylibsrtp"].text
    assert "OpenSSL Project" in by_name["pylibsrtp"].text
    assert "OpenSSL Project" in by_name["cryptography"].text
