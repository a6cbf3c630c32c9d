"""The Debian package: the onedir bundle in /opt/spoke-clinic, ``spoke-clinic`` on the PATH,
a desktop entry and icons, maintainer scripts, and Depends computed from the bundle itself
(every shared library it needs but does not carry, mapped to its Debian package).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PACKAGE = "spoke-clinic"
PREFIX = Path("opt") / PACKAGE
MAINTAINER = "Spoke Clinic developers <packaging@spoke-clinic.invalid>"
# Needs no shared library can express: Devanagari fonts for the Hindi interface, a D-Bus
# session bus and a Secret Service for the keyring (the app refuses to run without one).
STATIC_DEPENDS = (
    "fonts-noto-core",
    "default-dbus-session-bus | dbus-session-bus",
    "gnome-keyring | keepassxc | kwalletmanager",
)
# The C/C++ runtime's symbol versions are the real floor: require what the build host has.
VERSIONED = ("libc6", "libstdc++6", "libgcc-s1")
ELF_MAGIC = b"\x7fELF"


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == ELF_MAGIC:
                    found.append(path)
    return found


def needed_sonames(files: list[Path]) -> set[str]:
    """Every DT_NEEDED entry of these ELF files."""
    needed: set[str] = set()
    for start in range(0, len(files), 200):
        chunk = [str(p) for p in files[start : start + 200]]
        out = subprocess.run(
            ["readelf", "-d", "-W", *chunk], capture_output=True, text=True, check=True
        ).stdout
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
    return needed


def system_library_paths() -> dict[str, str]:
    """soname -> path of the host's libraries of this architecture (from ldconfig)."""
    # /sbin is not on every user's PATH (CI runners build as a normal user).
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    out = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=True).stdout
    paths: dict[str, str] = {}
    for line in out.splitlines()[1:]:
        match = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if match and ("x86-64" in match.group(2) or "64bit" in match.group(2)):
            paths.setdefault(match.group(1), match.group(3))
    return paths


def owning_package(path: str) -> str:
    candidates = [path, str(Path(path).resolve())]
    for p in list(candidates):
        candidates.append(p[4:] if p.startswith("/usr/") else "/usr" + p)
    for candidate in candidates:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":")[0].split(",")[0].strip()
    raise RuntimeError(f"no Debian package owns {path}")


def installed_version(package: str) -> str:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=True
    ).stdout
    return out.split("-")[0].split("+")[0]


@functools.cache
def library_depends(bundle: Path) -> list[str]:
    """Debian packages providing the shared libraries the bundle needs but does not carry."""
    files = elf_files(bundle)
    carried = {p.name for p in bundle.rglob("*")}
    external = sorted(needed_sonames(files) - carried)
    system = system_library_paths()
    packages: set[str] = set()
    for soname in external:
        if soname.startswith("ld-linux"):
            soname = "libc.so.6"
        if soname not in system:
            raise RuntimeError(f"the bundle needs {soname}, which this machine lacks")
        packages.add(owning_package(system[soname]))
    return sorted(f"{p} (>= {installed_version(p)})" if p in VERSIONED else p for p in packages)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def control(version: str, arch: str, depends: list[str], installed_kb: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {', '.join([*depends, *STATIC_DEPENDS])}\n"
        "Section: science\n"
        "Priority: optional\n"
        "Description: teleconsultation for hub-and-spoke primary care networks\n"
        " Spoke Clinic registers patients at a rural spoke, records vitals, consent and\n"
        " attachments, connects to a hub doctor over video and prints the prescription.\n"
        " English and Hindi, offline first, encrypted at rest. Includes the hub server.\n"
    )


def build_deb(bundle: Path, out: Path, version: str, compression: str = "zstd") -> Path:
    """Assemble the package tree in a scratch folder and run dpkg-deb on it.

    zstd, not xz: on a 2-core builder xz takes minutes more for a slightly smaller file.
    dpkg reads zstd on Debian 12+ and Ubuntu 21.10+, which the bundle's libc floor
    (the build host's) requires anyway.
    """
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    target = out / f"{PACKAGE}_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="spoke-deb-", dir=out) as scratch:
        tree = Path(scratch) / "root"
        # Hard links when on the same disk: the tree is only read by dpkg-deb, and copying
        # ~600 MB twice per test run is the slow part on a small builder.
        shutil.copytree(bundle, tree / PREFIX, symlinks=True, copy_function=_link_or_copy)
        usr_bin = tree / "usr" / "bin"
        usr_bin.mkdir(parents=True)
        (usr_bin / PACKAGE).symlink_to(f"/{PREFIX}/{PACKAGE}")
        share = tree / "usr" / "share"
        apps = share / "applications"
        apps.mkdir(parents=True)
        shutil.copy(HERE / "linux" / f"{PACKAGE}.desktop", apps)
        icons = ROOT / "resources" / "icons"
        for size_dir, name in (("scalable", f"{PACKAGE}.svg"), ("256x256", f"{PACKAGE}.png")):
            dest = share / "icons" / "hicolor" / size_dir / "apps"
            dest.mkdir(parents=True)
            shutil.copy(icons / name, dest / name)
        doc = share / "doc" / PACKAGE
        doc.mkdir(parents=True)
        shutil.copy(HERE / "linux" / "copyright", doc / "copyright")
        debian = tree / "DEBIAN"
        debian.mkdir()
        for script in ("postinst", "prerm", "postrm"):
            shutil.copy(HERE / "linux" / script, debian / script)
            (debian / script).chmod(0o755)
        files = [p for p in tree.rglob("*") if p.is_file() and not p.is_symlink()]
        installed_kb = sum(p.stat().st_size for p in files) // 1024
        depends = library_depends(bundle.resolve())
        (debian / "control").write_text(control(version, arch, depends, installed_kb))
        for path in tree.rglob("*"):
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o111 else 0o644)
        subprocess.run(
            [
                "dpkg-deb",
                "--root-owner-group",
                f"-Z{compression}",
                "--build",
                str(tree),
                str(target),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target
