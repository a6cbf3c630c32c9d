"""Command line entry: ``spoke-clinic`` / ``python -m desktop``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TextIO

from desktop import APP_NAME, __version__, crash, launch, logs, paths
from desktop.startup_trace import mark

# The self-test's checks by name (desktop/selftest.py, imported only when one runs).
CHECK_NAMES = (
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
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="spoke-clinic", description=APP_NAME)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="embedded hub on loopback, demo accounts, synthetic camera",
    )
    parser.add_argument(
        "--doctor",
        action="store_true",
        help="with --demo: the demo doctor's window, against the demo hub the demo runs",
    )
    parser.add_argument(
        "--profile", metavar="DIR", help="keep all data, settings and logs under DIR"
    )
    parser.add_argument(
        "--self-test",
        nargs="?",
        const="all",
        choices=("all", *CHECK_NAMES),
        metavar="CHECK",
        help="check this installation (every check, or only CHECK: "
        + ", ".join(CHECK_NAMES)
        + ") and exit",
    )
    parser.add_argument(
        "--report",
        metavar="FILE",
        help="with --self-test: also write the check lines to FILE (the Windows exe has no "
        "console, so its standard output may go nowhere)",
    )
    parser.add_argument("--lang", choices=("en", "hi"), help="user interface language")
    parser.add_argument("--screenshot", metavar="PNG", help=argparse.SUPPRESS)
    # For scripts/run.sh: where this profile's demo keyring goes if no OS keyring answers.
    parser.add_argument("--demo-keyring-dir", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--debug", action="store_true", help="verbose logging to the console too")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser.parse_args(argv)


class _Tee:
    """Writes to several text streams; a windowed exe's missing stdout (None) is skipped."""

    def __init__(self, *streams: TextIO | None) -> None:
        self.streams = [s for s in streams if s is not None]

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


def display_missing() -> bool:
    """True on Linux when no display is reachable and no platform was chosen."""
    if not sys.platform.startswith("linux"):
        return False
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def no_display_help() -> str:
    """What to do without a screen, naming a command that works on this installation."""
    demo = launch.demo_run_command()
    return f"""\
Spoke Clinic needs a screen, and none was found (DISPLAY and WAYLAND_DISPLAY are unset).
 - On a desktop, start it from the desktop session.
 - On a server or over SSH, run it on a virtual screen:
       xvfb-run -a -s "-screen 0 1280x800x24" {demo}
 - To only check the installation:  {launch.run_command()} --self-test
"""


def init_paths(profile: str | None, doctor: bool = False) -> paths.Locations:
    """The profile's locations; the demo doctor's own profile sits inside the demo's."""
    locs = paths.init(profile)
    if doctor:
        locs = paths.init(locs.data / "demo-doctor")
    return locs


def print_demo_keyring_dir(profile: str | None, doctor: bool = False) -> int:
    """For scripts/run.sh: ``demo-keyring-dir=DIR`` when no OS keyring answers (it then
    starts one kept in DIR, inside the profile), and ``no-desktop-session=1`` when there is
    no session D-Bus either."""
    if sys.platform.startswith("linux") and not launch.secure_keyring_reachable():
        print(f"demo-keyring-dir={launch.demo_keyring_dir(init_paths(profile, doctor))}")
        if not launch.session_bus_present():
            print("no-desktop-session=1")
    return 0


def main(argv: list[str] | None = None) -> int:
    mark("desktop.__main__ imported")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["verify-rx"]:  # a subcommand: no window, no profile, no keyring
        from desktop.media import rx_paper

        return rx_paper.main(argv[1:])
    args = parse_args(argv)
    if args.doctor and not args.demo:
        sys.stderr.write("--doctor works only together with --demo\n")
        return 2
    if args.screenshot and not args.demo:
        # Unattended screenshots sign in as the demo operator; a real profile needs a person.
        sys.stderr.write("--screenshot works only together with --demo\n")
        return 2
    if args.self_test:
        from desktop import selftest

        if not args.report:
            return selftest.run(only=args.self_test)
        with open(args.report, "w", encoding="utf-8") as report:
            return selftest.run(_Tee(sys.stdout, report), only=args.self_test)
    if args.demo_keyring_dir:
        return print_demo_keyring_dir(args.profile, args.doctor)
    if display_missing():
        sys.stderr.write(no_display_help())
        return 2
    locs = init_paths(args.profile, args.doctor)
    logs.setup(locs.logs, level=logging.DEBUG if args.debug else logging.INFO, console=args.debug)
    crash.install(locs.crash)
    mark("logs and crash handlers set up")
    from desktop.ui import app

    mark("desktop.ui.app imported (Qt widgets)")

    try:
        return app.run(
            demo=args.demo,
            language=args.lang,
            screenshot=args.screenshot,
            headless=launch.no_desktop_session(),
            doctor=args.doctor,
        )
    finally:
        logs.shutdown()


if __name__ == "__main__":
    sys.exit(main())
