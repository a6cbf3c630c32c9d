"""``python -m hub`` is ``spoke-hub``."""

import sys

from hub.cli import main

sys.exit(main())
