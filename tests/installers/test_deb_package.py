"""The .deb on this machine: installs with dpkg -i, the self-test passes from the PATH, dpkg -r
and --purge leave profiles in real homes (/home/<user>, /root) in place, an upgrade to a newer
version keeps the profile and migrates its database (with a backup) on the first start."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from installer_helpers import BUILD, ROOT, app_env, check_lines, database_revision
from PySide6.QtGui import QImage

from desktop import __version__
from desktop.storage import migrate

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

PACKAGE = "spoke-clinic"
OLDER, NEWER = f"{__version__}+test1", f"{__version__}+test2"


def _dpkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["dpkg", *args], capture_output=True, text=True, timeout=600)


def _installed_version() -> str | None:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status} ${Version}", PACKAGE], capture_output=True, text=True
    )
    if result.returncode != 0 or "install ok installed" not in result.stdout:
        return None
    return result.stdout.split()[-1]


# The newer package carries one schema step more than the older one: a real Alembic
# migration file beside the bundled ones (Alembic reads them from disk), so its first start
# must migrate the older package's database. Local databases never move down (every
# downgrade() refuses), so "older" is the bundle as built and "newer" gets this step.
PROBE_REVISION = "9999_upgrade_probe"
PROBE_MIGRATION = """\"\"\"Test-only step of the +test2 package: a newer schema to migrate to.\"\"\"

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    raise NotImplementedError
"""


def _newer_bundle(bundle: Path) -> Path:
    """The same bundle (hard-linked, no copy of 600 MB) plus the probe migration."""
    variant = BUILD / "bundle-newer"
    shutil.rmtree(variant, ignore_errors=True)
    subprocess.run(["cp", "-al", str(bundle), str(variant)], check=True)
    versions = variant / "_internal" / "desktop" / "storage" / "migrations" / "versions"
    assert sorted(p.name for p in versions.glob("0*.py")), "no bundled migrations?"
    probe = PROBE_MIGRATION.format(revision=PROBE_REVISION, down=migrate.head())
    (versions / f"{PROBE_REVISION}.py").write_text(probe)
    return variant


@pytest.fixture(scope="module")
def debs(frozen_bundle: Path) -> dict[str, Path]:
    """Two packages with different versions (for the upgrade): the bundle as built, and
    the bundle plus one newer schema step."""
    if os.geteuid() != 0 or shutil.which("dpkg-deb") is None:
        pytest.fail("the .deb tests need root and dpkg-deb (Debian/Ubuntu, run as root)")
    from deb_package import build_deb

    out = BUILD / "debs"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    newer = _newer_bundle(frozen_bundle)
    try:
        return {OLDER: build_deb(frozen_bundle, out, OLDER), NEWER: build_deb(newer, out, NEWER)}
    finally:
        shutil.rmtree(newer, ignore_errors=True)


@pytest.fixture
def clean_install() -> Iterator[None]:
    """No spoke-clinic package before or after the test."""
    _dpkg("--purge", PACKAGE)
    yield
    _dpkg("--purge", PACKAGE)


def _user_env(home: Path) -> dict[str, str]:
    """A user whose home is ``home`` (profile in the default per-user locations)."""
    env = app_env(HOME=str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env.pop(var, None)
    return env


def _start_app(home: Path, tmp: Path) -> Path:
    """Run the installed app once in demo mode, unattended (database created or migrated,
    sign-in, main window, screenshot, exit); returns the profile's data folder."""
    shot = tmp / "shot.png"
    shot.unlink(missing_ok=True)
    result = subprocess.run(
        [PACKAGE, "--demo", "--screenshot", str(shot)],
        env=_user_env(home),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert shot.exists()
    data = home / ".local" / "share" / PACKAGE
    assert (data / "clinic.db").stat().st_size > 0
    return data


def _self_test_from_path() -> None:
    assert shutil.which(PACKAGE) == f"/usr/bin/{PACKAGE}"
    result = subprocess.run(
        [PACKAGE, "--self-test"], env=app_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    checks = check_lines(result.stdout)
    assert len(checks) >= 9 and all(line.startswith("ok") for line in checks.values())


def test_control_declares_honest_dependencies(debs: dict[str, Path], frozen_bundle: Path) -> None:
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(debs[OLDER]), "Depends", "Version", "Installed-Size"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for needed in (
        "fonts-noto-core",
        "libxcb-cursor0",
        "libxkbcommon-x11-0",
        "libegl1",
        "libfontconfig1",
        "gnome-keyring |",
        "dbus-session-bus",
        "libc6 (>=",
    ):
        assert needed in fields, needed
    assert f"Version: {OLDER}" in fields
    # Installed-Size (KiB) matches the bundle, symlinked libraries counted once.
    installed_kib = int(fields.split("Installed-Size:")[1].split()[0])
    bundle_kib = (
        sum(
            p.stat().st_size for p in frozen_bundle.rglob("*") if p.is_file() and not p.is_symlink()
        )
        // 1024
    )
    assert bundle_kib <= installed_kib < bundle_kib * 1.05
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(debs[OLDER])], capture_output=True, text=True, check=True
    ).stdout
    assert "./opt/spoke-clinic/spoke-clinic" in listing
    assert "./usr/bin/spoke-clinic -> /opt/spoke-clinic/spoke-clinic" in listing
    assert "./usr/share/applications/spoke-clinic.desktop" in listing
    assert "./usr/share/icons/hicolor/scalable/apps/spoke-clinic.svg" in listing
    assert "./usr/share/icons/hicolor/256x256/apps/spoke-clinic.png" in listing


def test_maintainer_scripts_touch_nothing_outside_opt() -> None:
    """prerm/postrm/postinst: no removal command, and no user folder named, anywhere."""
    for name in ("prerm", "postrm", "postinst"):
        for line in (ROOT / "installers" / "linux" / name).read_text().splitlines():
            code = line.split("#", 1)[0].strip()
            if not code or code.startswith("echo "):
                continue
            removal = re.search(r"\b(rm|rmdir|unlink|shred|mv|truncate|find|deluser)\b", code)
            assert removal is None or "/opt/spoke-clinic" in code, (name, line)
            assert not re.search(r"\$HOME|~|/home|/root|XDG_|getent|passwd", code), (name, line)


@pytest.fixture
def real_home() -> Iterator[Path]:
    """A user's home where a careless maintainer script would look: under /home."""
    home = Path("/home") / f"spoke-test-{uuid.uuid4().hex[:8]}"
    home.mkdir(parents=True)
    yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def root_profile_sentinels() -> Iterator[list[Path]]:
    """Files in root's own profile folders: dpkg runs the maintainer scripts with HOME=/root.
    Only our sentinel files are created and removed; an existing profile there is untouched."""
    made: list[Path] = []
    for folder in (Path("/root/.local/share") / PACKAGE, Path("/root/.config") / PACKAGE):
        created = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        sentinel = folder / f"sentinel-{uuid.uuid4().hex[:8]}"
        sentinel.write_text("kept")
        made.append(sentinel)
        if created:
            made.append(folder)
    yield made
    for path in made:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _tree(home: Path) -> dict[str, int]:
    return {str(p.relative_to(home)): p.stat().st_size for p in home.rglob("*") if p.is_file()}


def _installed_files_are_valid() -> None:
    """The desktop entry passes desktop-file-validate; the 256x256 icon is a 256x256 PNG."""
    entry = f"/usr/share/applications/{PACKAGE}.desktop"
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-validate missing: scripts/bootstrap.sh installs it"
    checked = subprocess.run([validator, entry], capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout + checked.stderr
    icon = QImage(f"/usr/share/icons/hicolor/256x256/apps/{PACKAGE}.png")
    assert (icon.width(), icon.height()) == (256, 256)
    assert Path(f"/usr/share/icons/hicolor/scalable/apps/{PACKAGE}.svg").stat().st_size > 0


def test_install_self_test_and_remove_keeps_the_profile(
    debs: dict[str, Path],
    clean_install: None,
    tmp_path: Path,
    real_home: Path,
    root_profile_sentinels: list[Path],
) -> None:
    installed = _dpkg("-i", str(debs[OLDER]))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert _installed_version() == OLDER
    _self_test_from_path()
    _installed_files_are_valid()
    data = _start_app(real_home, tmp_path)
    record = data / "records-kept.bin"
    record.write_bytes(b"encrypted clinic data")
    before = _tree(real_home)
    assert f".local/share/{PACKAGE}/clinic.db" in before

    removed = _dpkg("-r", PACKAGE)
    assert removed.returncode == 0, removed.stderr
    assert _installed_version() is None
    assert not Path("/opt/spoke-clinic").exists()
    assert not Path(f"/usr/bin/{PACKAGE}").exists()
    assert _tree(real_home) == before
    assert record.read_bytes() == b"encrypted clinic data"
    # Reinstall and purge: purge runs postrm purge, which must keep profiles too.
    assert _dpkg("-i", str(debs[OLDER])).returncode == 0
    purged = _dpkg("--purge", PACKAGE)
    assert purged.returncode == 0, purged.stderr
    assert _tree(real_home) == before
    assert all(p.exists() for p in root_profile_sentinels)


def test_upgrade_in_place_keeps_the_profile(
    debs: dict[str, Path], clean_install: None, tmp_path: Path
) -> None:
    assert _dpkg("-i", str(debs[OLDER])).returncode == 0
    home = tmp_path / "home"
    data = _start_app(home, tmp_path)
    record = data / "records-kept.bin"
    record.write_bytes(b"encrypted clinic data")
    # The older package's database: at its head, one schema step behind the newer package.
    older_revision = migrate.head()
    env = _user_env(home)
    assert database_revision(env) == older_revision
    backups = data / "backups"
    backups_before = set(backups.glob("clinic-*.db"))
    before = sorted(p.relative_to(home) for p in home.rglob("*"))
    database = (data / "clinic.db").read_bytes()

    upgraded = _dpkg("-i", str(debs[NEWER]))
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert _installed_version() == NEWER
    assert record.read_bytes() == b"encrypted clinic data"
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before
    assert (data / "clinic.db").read_bytes() == database
    _self_test_from_path()
    # The newer version migrates the older one's database on its first start, after a
    # backup of the old file, and signs in.
    _start_app(home, tmp_path)
    assert database_revision(env) == PROBE_REVISION
    new_backups = set(backups.glob("clinic-*.db")) - backups_before
    assert [b.name.startswith(f"clinic-{older_revision}-") for b in new_backups] == [True]
    assert record.read_bytes() == b"encrypted clinic data"

    # Even purge leaves patient data alone: it lives in the user's home, not in /opt.
    assert _dpkg("--purge", PACKAGE).returncode == 0
    assert record.exists()
