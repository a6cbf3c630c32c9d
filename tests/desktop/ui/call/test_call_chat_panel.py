"""The call's chat panel: without a transport it says chat is unavailable; with one, Send
(or Enter) hands the typed text over and clears the line; nothing typed sends nothing; a
message over the limit stays in the line with the reason; messages are listed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop.ui import i18n
from desktop.ui.call.chat_panel import ChatPanel


def test_the_chat_panel_sends_through_its_transport_and_lists_messages(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = ChatPanel()
    qtbot.addWidget(panel)
    assert not panel.send_button.isEnabled() and not panel.entry.isEnabled()
    assert panel.entry.placeholderText() == "Chat is not available in this call."
    sent: list[str] = []
    panel.set_transport(sent.append)
    assert panel.send_button.isEnabled()
    panel.entry.setText("  Please show the rash again  ")
    panel.send_button.click()
    assert sent == ["Please show the rash again"] and panel.entry.text() == ""
    panel.send_button.click()  # nothing typed: nothing sent
    assert sent == ["Please show the rash again"]
    panel.show_message("Dr. Asha Verma", "Thank you", dt.datetime(2026, 12, 5, 9, 30))
    assert panel.messages.count() == 1
    assert panel.messages.item(0).text() == "09:30  Dr. Asha Verma: Thank you"


def test_enter_sends_and_a_message_over_the_limit_is_kept_with_the_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = ChatPanel()
    qtbot.addWidget(panel)
    sent: list[str] = []
    panel.set_transport(sent.append, limit=2000)
    qtbot.keyClicks(panel.entry, "Pulse 88")
    qtbot.keyClick(panel.entry, Qt.Key.Key_Return)
    assert sent == ["Pulse 88"] and panel.entry.text() == ""
    qtbot.keyClicks(panel.entry, "   ")
    qtbot.keyClick(panel.entry, Qt.Key.Key_Return)  # only spaces: nothing sent
    assert sent == ["Pulse 88"]
    panel.entry.setText("x" * 2001)
    qtbot.keyClick(panel.entry, Qt.Key.Key_Return)
    assert sent == ["Pulse 88"] and panel.entry.text() == "x" * 2001
    assert not panel.notice.isHidden()
    most, this = i18n.format_number(2000), i18n.format_number(2001)
    assert panel.notice.text() == (
        f"A message can have at most {most} characters; this one has {this}. Shorten it."
    )
    qtbot.keyClick(panel.entry, Qt.Key.Key_Backspace)  # shortened to the limit
    assert panel.notice.isHidden()
    qtbot.keyClick(panel.entry, Qt.Key.Key_Return)
    assert sent == ["Pulse 88", "x" * 2000]
