"""Guards against a broken Qt binding: PySide6 6.12.0's Signal.emit() dropped a reference to
``True`` per call, aborting the app after a few thousand emits (a camera preview at 30 fps,
every background result). pyproject.toml excludes that release; this keeps it excluded."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Probe(QObject):
    value = Signal(object)
    number = Signal(int)

app = QCoreApplication([])
probe = Probe()
probe.value.connect(lambda v: None)
probe.number.connect(lambda v: None)
before = sys.getrefcount(True)
for i in range(20000):
    probe.value.emit(i)
    probe.number.emit(i)
print(sys.getrefcount(True) - before)
"""


def test_signal_emit_keeps_python_alive() -> None:
    # In a child process: the broken binding aborts the interpreter outright.
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip())) < 100
