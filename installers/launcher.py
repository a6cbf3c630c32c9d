"""Entry script of the frozen app: the same ``main()`` as ``python -m desktop``."""

from desktop.startup_trace import mark

mark("launcher (bootloader, runtime hooks and interpreter done)")

import sys  # noqa: E402

from desktop.__main__ import main  # noqa: E402

if __name__ == "__main__":
    if "--multiprocessing-fork" in sys.argv or "-c" in sys.argv:
        # A worker or helper process a library started from this executable (none of ours
        # does): PyInstaller's multiprocessing hook (run when multiprocessing is imported,
        # installers/rthooks/lazy_hooks.py) makes freeze_support() divert it. The app itself
        # does not import multiprocessing on its way to the sign-in window.
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
