"""Builds Spoke Clinic for the current OS: the PyInstaller onedir bundle, then on Linux a
.tar.gz of it and a .deb, on Windows the Inno Setup installer (when ISCC is installed).

    python installers/build_release.py [--out DIR] [--work DIR] [--version V] [--reuse] [--no-trim]
                               [--targets onedir,tar,deb,setup]

``--reuse`` keeps an existing bundle in ``--out`` when the source key (a hash of the source
tree and of the installed distributions) is unchanged. Prints a JSON summary last.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "spoke-clinic.spec"
NAME = "spoke-clinic"
LINUX = sys.platform.startswith("linux")
WINDOWS = sys.platform == "win32"
# What decides the bundle's contents: our sources and the build recipe.
KEYED_DIRS = ("desktop", "hub", "protocol", "resources", "installers")
KEYED_FILES = ("pyproject.toml", "LICENSE")
UNKEYED_SUFFIXES = (".pyc", ".qm")  # caches, and .qm files compiled from the keyed .ts


def app_version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if not match:
        raise SystemExit("no __version__ in desktop/__init__.py")
    return match.group(1)


def source_key(root: Path = ROOT) -> str:
    """Hash of every source file, the Python version and the installed distributions."""
    digest = hashlib.sha256()
    files: list[Path] = [root / f for f in KEYED_FILES if (root / f).exists()]
    for folder in KEYED_DIRS:
        for path in (root / folder).rglob("*"):
            cached = "__pycache__" in path.parts or path.suffix in UNKEYED_SUFFIXES
            if path.is_file() and not cached:
                files.append(path)
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join([sys.version, platform.machine(), *dists]).encode())
    return digest.hexdigest()[:20]


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def compile_translations() -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "compile"], check=True
    )


def freeze(out: Path, work: Path, trim: bool = True) -> Path:
    """Run PyInstaller on the spec; returns the onedir bundle folder."""
    env = {**os.environ, "SPOKE_TRIM": "1" if trim else "0"}
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(out), "--workpath", str(work), str(SPEC)]
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    return out / NAME


def ensure_onedir(out: Path, work: Path, reuse: bool, trim: bool = True) -> tuple[Path, bool]:
    """The onedir bundle in ``out``, rebuilt unless ``reuse`` and the source key matches.

    Returns (bundle folder, whether it was built now).
    """
    compile_translations()
    key = source_key()
    stamp = out / f"{NAME}.source-key"
    bundle = out / NAME
    if reuse and bundle.is_dir() and stamp.exists() and stamp.read_text().strip() == key:
        return bundle, False
    stamp.unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    freeze(out, work, trim=trim)
    stamp.write_text(key + "\n")
    return bundle, True


def executable(bundle: Path) -> Path:
    return bundle / (f"{NAME}.exe" if WINDOWS else NAME)


def make_tarball(bundle: Path, out: Path, version: str) -> Path:
    """``spoke-clinic-<version>-linux-<arch>.tar.gz`` holding the ``spoke-clinic/`` folder."""
    target = out / f"{NAME}-{version}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=NAME)
    return target


def make_setup(bundle: Path, out: Path, version: str) -> Path | None:
    """The Inno Setup installer (Windows, ISCC on PATH or in the default folder)."""
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    candidate = default / "Inno Setup 6" / "ISCC.exe"
    if not iscc and candidate.exists():
        iscc = str(candidate)
    if not iscc:
        print("build: ISCC (Inno Setup 6) not found; skipping the Windows installer")
        return None
    iss = HERE / "windows" / "spoke-clinic.iss"
    subprocess.run(
        [iscc, f"/DAppVersion={version}", f"/DBundleDir={bundle}", f"/O{out}", str(iss)],
        check=True,
    )
    return out / f"{NAME}-{version}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--version", default=app_version(), help="package version")
    parser.add_argument("--reuse", action="store_true", help="keep an up-to-date bundle")
    parser.add_argument("--no-trim", action="store_true", help="PyInstaller defaults only")
    default_targets = "onedir,tar,deb" if LINUX else "onedir,setup" if WINDOWS else "onedir"
    parser.add_argument("--targets", default=default_targets)
    args = parser.parse_args(argv)
    targets = set(args.targets.split(","))
    out: Path = args.out.resolve()

    start = time.monotonic()
    bundle, built = ensure_onedir(out, args.work.resolve(), args.reuse, trim=not args.no_trim)
    summary: dict[str, object] = {
        "version": args.version,
        "onedir": str(bundle),
        "onedir_bytes": dir_size(bundle),
        "built": built,
        "freeze_seconds": round(time.monotonic() - start, 1),
    }
    if "tar" in targets and not WINDOWS:
        tarball = make_tarball(bundle, out, args.version)
        summary.update(tar_gz=str(tarball), tar_gz_bytes=tarball.stat().st_size)
    if "deb" in targets and LINUX:
        from deb_package import build_deb  # installers/deb_package.py, beside this file

        deb = build_deb(bundle, out, args.version)
        summary.update(deb=str(deb), deb_bytes=deb.stat().st_size)
    if "setup" in targets and WINDOWS:
        setup = make_setup(bundle, out, args.version)
        if setup is not None:
            summary.update(setup=str(setup), setup_bytes=setup.stat().st_size)
    summary["total_seconds"] = round(time.monotonic() - start, 1)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
