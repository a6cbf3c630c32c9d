"""Helpers shared by the installer tests: paths and the environment the frozen app runs in."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "installers-test"
EXE = "spoke-clinic.exe" if sys.platform == "win32" else "spoke-clinic"
sys.path.insert(0, str(ROOT / "installers"))


def app_env(**extra: str) -> dict[str, str]:
    """Environment for running the frozen app: offscreen, nothing leaking from the venv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("SPOKE_CLINIC_PROFILE", None)
    env.pop("SPOKE_CLINIC_RESOURCES", None)
    env.update(extra)
    return env


def extract_all(tar: tarfile.TarFile, dest: Path) -> None:
    """``extractall`` with the "tar" filter where Python has it (3.11.4+: the ``filter``
    argument is missing from Debian 12's 3.11.2); before that, the same refusals by hand:
    no absolute names, nothing outside ``dest``."""
    root = dest.resolve()
    for member in tar.getmembers():
        target = (root / member.name).resolve()
        if member.name.startswith(("/", "\\")) or not target.is_relative_to(root):
            raise ValueError(f"{member.name!r} would land outside {dest}")
    # An attribute older versions ignore (getattr: the name itself is 3.11.4+).
    tar.extraction_filter = getattr(tarfile, "tar_filter", None)
    tar.extractall(dest)


def check_lines(stdout: str) -> dict[str, str]:
    """``{check name: whole line}`` of a ``--self-test`` run."""
    lines = [line for line in stdout.splitlines() if line.startswith(("ok", "FAIL"))]
    return {line.split()[1]: line for line in lines}


# Run by the venv's Python as the profile's user (same HOME, same keyring session as the
# installed app): prints the database's Alembic revision and whether the upgrade probe's
# table exists. The key comes from the keyring, as the app gets it.
REVISION_SCRIPT = """
from sqlalchemy import inspect
from desktop import paths
from desktop.storage import migrate
from desktop.storage.db import Database
from desktop.storage.keys import KeyStore
from desktop.storage.startup import MANIFEST, Manifest

locs = paths.init()
manifest = Manifest.load(locs.data / MANIFEST)
keys = KeyStore().load(manifest.profile_id)
db = Database(locs.database, keys.database_key)
tables = inspect(db.read_engine).get_table_names()
print(migrate.current_revision(db), "upgrade_probe" in tables)
db.dispose()
"""


def database_revision(env: dict[str, str]) -> str:
    """The Alembic revision of the default profile of ``env``'s user, read with this
    checkout's code; a revision named ``*upgrade_probe`` must come with its table."""
    result = subprocess.run(
        [sys.executable, "-c", REVISION_SCRIPT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    revision, has_probe_table = result.stdout.strip().splitlines()[-1].split()
    assert (has_probe_table == "True") == revision.endswith("upgrade_probe"), result.stdout
    return revision
