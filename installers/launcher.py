"""Entry script of the frozen app: the same ``main()`` as ``python -m desktop``."""

import multiprocessing
import sys

from desktop.__main__ import main

if __name__ == "__main__":
    # No-op unless a library starts worker processes; then the frozen exe must act as one.
    multiprocessing.freeze_support()
    sys.exit(main())
