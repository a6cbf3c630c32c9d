"""Screenshots of the start window (shown while the records open) in English and Hindi,
offscreen, into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python scripts/start_window_screenshots.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.ui import i18n  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.start_window import StartWindow  # noqa: E402


def main() -> None:
    app = create_application([])
    for lang in ("en", "hi"):
        i18n.install(lang)
        window = StartWindow()
        window.show_step("opening")
        window.grab().save(str(ROOT / "docs" / "screenshots" / f"start-window-{lang}.png"))
        window.close()
    app.quit()


if __name__ == "__main__":
    main()
