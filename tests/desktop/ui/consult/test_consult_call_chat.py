"""The consult screen shows the chat of the consult's calls as stored on this PC (read-only,
who and when), re-read when the call window stores another message; a consult without chat
shows no chat box, and nothing of one consult's chat stays for the next."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QScrollArea

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.storage import consult_repo
from desktop.ui import i18n
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.intake_page import ConsultIntakePage
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.desktop.ui.consult.test_consult_edit_addendum import _patient

_ = ctx
SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")
AT = datetime(2026, 12, 5, 5, 40, tzinfo=UTC)


def _sent(ctx: ClinicContext) -> tuple[object, str]:
    p = _patient(ctx)
    w = ctx.services.clinic.writer
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, ctx.actor))
    c.complaints, c.specialty = ["cough"], "general_medicine"
    w.run(lambda s: consult_repo.autosave(s, c, ctx.actor))
    yes = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", AT)
    w.run(lambda s: consult_repo.record_consent(s, c.id, yes, p, TODAY, ctx.actor))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, ctx.actor))
    return p, c.id


def _cells(page: ConsultIntakePage) -> list[list[str]]:
    model = page.call_chat.chat.model
    return [
        [str(model.data(model.index(r, col))) for col in range(1, 3)]
        for r in range(model.rowCount())
    ]


def test_the_stored_chat_shows_on_the_consult_and_follows_new_messages(  # type: ignore[no-untyped-def]
    ctx: ClinicContext, qtbot
) -> None:
    p, cid = _sent(ctx)
    q, other = _sent(ctx)
    calls = ctx.services.calls
    calls.store_chat(cid, uuid.uuid4().hex, "Can you hear me?", "doctor", AT).result(10)
    calls.store_chat(
        cid, uuid.uuid4().hex, "Only the chat works here", "spoke", AT.replace(minute=41)
    ).result(10)
    page = ConsultIntakePage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.open_for(p, cid)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: page.call_chat.chat.count() == 2, timeout=10_000)
    assert page.call_chat.isVisible() and page.call_chat.title() == "Chat during the call"
    assert _cells(page) == [["Doctor", "Can you hear me?"], ["Clinic", "Only the chat works here"]]
    table = page.call_chat.chat.table
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    model = table.model()
    assert not model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    # The call window stores another message: the box re-reads.
    calls.store_chat(
        cid, uuid.uuid4().hex, "Send the photo after the call", "doctor", AT.replace(minute=42)
    ).result(10)
    qtbot.waitUntil(lambda: page.call_chat.chat.count() == 3, timeout=10_000)
    assert _cells(page)[-1] == ["Doctor", "Send the photo after the call"]
    page.call_chat.ensurePolished()
    scroll = page.call_chat.parentWidget()
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parentWidget()
    assert scroll is not None
    scroll.ensureWidgetVisible(page.call_chat)
    try:
        for lang in ("en", "hi"):
            assert i18n.install(lang)
            title = "कॉल के दौरान चैट" if lang == "hi" else "Chat during the call"
            qtbot.waitUntil(lambda t=title: page.call_chat.title() == t)
            if SCREENSHOT_DIR:
                page.grab().save(str(Path(SCREENSHOT_DIR) / f"consult-call-chat-{lang}.png"))
    finally:
        i18n.install("en")
    # Another consult with no chat: no box, nothing of the first consult's chat.
    page.open_for(q, other)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: page.consult is not None and page.consult.id == other)
    assert page.call_chat.chat.count() == 0 and not page.call_chat.isVisible()
