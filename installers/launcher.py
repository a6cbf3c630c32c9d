"""Entry script of the frozen app: the same ``main()`` as ``python -m desktop``."""

from desktop.startup_trace import mark

mark("launcher (bootloader, runtime hooks and interpreter done)")

import multiprocessing  # noqa: E402 -- already imported by PyInstaller's runtime hook
import sys  # noqa: E402

from desktop.__main__ import main  # noqa: E402

if __name__ == "__main__":
    # No-op unless a library starts worker processes; then the frozen exe must act as one.
    multiprocessing.freeze_support()
    sys.exit(main())
