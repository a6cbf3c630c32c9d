"""The call's chat panel shell: without a transport it says chat is unavailable; with one,
Send (or Enter) hands the typed text over and clears the line; messages are listed."""

from __future__ import annotations

import datetime as dt

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
