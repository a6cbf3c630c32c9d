"""The consult's mode on the consult screen: video call by default, the choice read back into
the consult, shown in Hindi, and locked once the consult is no longer a draft."""

from __future__ import annotations

from desktop.core.consult import Consult, Mode
from desktop.ui import i18n
from desktop.ui.consult.intake_fields import ReferralPanel


def _texts(panel: ReferralPanel) -> list[str]:
    return [panel.mode.itemText(i) for i in range(panel.mode.count())]


def test_default_choice_values_hindi_and_lock(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = ReferralPanel()
    qtbot.addWidget(panel)
    panel._show("general_medicine", "routine", Mode.VIDEO.value, locked=False)
    assert panel.mode.isEnabled() and panel.mode.currentData() == "mode.video"
    assert _texts(panel) == [
        "Video call",
        "Audio call",
        "Without a call (text / store-and-forward)",
    ]
    base = Consult(patient_id="p" * 32, created_by="cho.meena")
    for index, mode in enumerate(Mode):
        panel.mode.setCurrentIndex(index)
        assert panel.values(base).mode is mode
    i18n.install("hi")
    try:
        panel.retranslate()
        assert panel.mode.currentData() == "mode.text"  # the choice survives the language
        assert all(t and t not in ("Video call", "Audio call") for t in _texts(panel))
        assert panel.labels["mode"].text() != "Consult by"
    finally:
        i18n.install("en")
    panel._show("general_medicine", "routine", Mode.AUDIO.value, locked=True)
    assert not panel.mode.isEnabled() and panel.mode.currentData() == "mode.audio"
