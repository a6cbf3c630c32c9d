"""Who a hub message is about: the local patient of the consult the hub names, so banners
(``prescription_text``) say a name the operator knows instead of an id. Read on the
database writer with a "read" entry in the audit log (the name is shown), kept in memory
for this window only."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject
from sqlalchemy.orm import Session

from desktop.storage import audited_reads, consult_repo
from desktop.storage.audit import Actor
from desktop.ui.clinic_context import ClinicContext

NameLookup = Callable[[str, Callable[[str], None]], None]


def local_consult_id(hub_consult_id: str) -> str:
    """The hub writes consult ids as UUIDs with dashes; this PC stores them without."""
    return hub_consult_id.replace("-", "").lower()


def prescription_text(name: str) -> str:
    """The prescription banner: whose prescription it is, by name (never an id)."""
    if not name:
        return QCoreApplication.translate(
            "PrescriptionBanner", "A prescription has arrived from the hub doctor."
        )
    return QCoreApplication.translate(
        "PrescriptionBanner", "A prescription has arrived from the hub doctor for %1."
    ).replace("%1", name)


def patient_name(session: Session, consult_id: str, actor: Actor) -> str:
    """The full name of the consult's patient ("" if the consult is not on this PC)."""
    try:
        consult = consult_repo.load(session, consult_id)
    except LookupError:
        return ""
    patient = audited_reads.open_patient(session, consult.patient_id, actor)
    return patient.full_name if patient is not None else ""


class PatientNames(QObject):
    """``lookup(hub_consult_id, done)`` calls ``done(name)`` on the main thread ("" when
    unknown); one read per consult, however many banners ask."""

    def __init__(self, context: ClinicContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context
        self._names: dict[str, str] = {}
        self._waiting: dict[str, list[Callable[[str], None]]] = {}

    def lookup(self, hub_consult_id: str, done: Callable[[str], None]) -> None:
        key = local_consult_id(hub_consult_id)
        if key in self._names:
            done(self._names[key])
            return
        waiting = self._waiting.setdefault(key, [])
        waiting.append(done)
        if len(waiting) > 1:
            return  # a read for it is on its way
        ctx = self._ctx
        ctx.write(lambda s: patient_name(s, key, ctx.actor)).success(
            lambda name: self._found(key, name)
        ).failure(lambda _exc: self._found(key, "")).run()

    def _found(self, key: str, name: str) -> None:
        if not shiboken6.isValid(self):
            return  # the window (and its banners) closed while the name was read
        if name:
            self._names[key] = name
        for done in self._waiting.pop(key, []):
            done(name)
