"""The reference of bench/startup.py: a bare PySide6 QMainWindow, shown, then the wall-clock
moment printed (after the moment the script started, for the start-up trace). Run as a
script by the interpreter, and frozen by bench/bare_window.spec exactly as the app is (onedir,
same excludes and Qt plugin trimming) for the frozen figure."""

import time

print(time.time(), flush=True)  # interpreter (and, frozen, bootloader) done

from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

app = QApplication([])
window = QMainWindow()
window.show()
app.processEvents()
print(time.time(), flush=True)
