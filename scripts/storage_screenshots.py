"""Screenshots of the start-up refusal dialog for an unfinished set-up over data (issue 12), in
English and Hindi, offscreen, into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python scripts/storage_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.storage import errors  # noqa: E402
from desktop.storage.keys import KeyStore  # noqa: E402
from desktop.ui import i18n  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.recovery_dialog import StorageProblemDialog  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def shoot(language: str, locs: paths.Locations) -> None:
    i18n.install(language)
    # The dialog as it opens on a 1366x768 screen, and stretched on a larger one.
    for suffix, width in (("", 0), ("-wide", 900)):
        dialog = StorageProblemDialog(errors.UnfinishedSetupHasDataError(), locs, KeyStore())
        dialog.show()
        if width:
            dialog.resize(width, dialog.heightForWidth(width) or dialog.height())
        QCoreApplication.processEvents()
        out = OUT / f"storage-unfinished-setup{suffix}-{language}.png"
        dialog.grab().save(str(out))
        print(f"wrote {out} ({dialog.width()}x{dialog.height()})")
        dialog.close()
        dialog.deleteLater()


def main() -> None:
    app = create_application([sys.argv[0]])
    with tempfile.TemporaryDirectory() as tmp:
        locs = paths.init(Path(tmp) / "profile")
        for language in ("en", "hi"):
            shoot(language, locs)
    app.processEvents()


if __name__ == "__main__":
    main()
