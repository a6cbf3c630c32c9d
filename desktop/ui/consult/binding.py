"""The one place a consult is bound to the consult screen: every panel is built from the
consult it shows when it is bound, and emptied when it goes, so nothing of one patient can
stay on screen for the next. Background results carry the ``Ticket`` of the binding they
were started for and are dropped once another consult (or none) is shown."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.core import lifecycle
from desktop.core.consult import Consult
from desktop.core.patient import Patient

T = TypeVar("T")
log = logging.getLogger("spoke.ui")


class Ticket:
    """Names one binding of one consult; ``live`` until the screen shows something else
    (even the same consult bound again: its panels were rebuilt from the store)."""

    __slots__ = ("consult_id", "live")

    def __init__(self, consult_id: str) -> None:
        self.consult_id = consult_id
        self.live = True

    def retire(self) -> None:
        self.live = False

    def guard(self, fn: Callable[[T], None]) -> Callable[[T], None]:
        """``fn`` for a background result: called only while this binding is live."""

        def call(value: T) -> None:
            if self.live:
                fn(value)
            else:
                log.debug("background result for a consult no longer shown: dropped")

        return call


def _retire_all(tickets: list[Ticket]) -> None:
    for ticket in tickets:
        ticket.retire()
    tickets.clear()


@dataclass(frozen=True)
class ConsultView:
    """What a panel is built from: the consult, its patient, today, and the ticket."""

    consult: Consult
    patient: Patient
    today: date
    ticket: Ticket

    @property
    def minor(self) -> bool:
        return self.patient.is_minor(self.today)

    @property
    def age_years(self) -> int | None:
        age = self.patient.age(self.today)
        return age[0] if age else None

    @property
    def editable(self) -> bool:
        return lifecycle.is_editable(self.consult)


@runtime_checkable
class ConsultPanel(Protocol):
    """A part of the consult screen showing data of the bound consult."""

    def bind(self, view: ConsultView) -> None:
        """Show ``view`` and nothing else: every value is set from it."""

    def clear(self) -> None:
        """Show no consult at all."""


class ConsultMismatch(ValueError):
    """A consult offered with a patient who is not its patient."""


class ConsultBinding(QObject):
    """Binds one consult at a time to every panel under ``root`` (found each time, so a
    panel cannot be left out) and to the panels registered from elsewhere (the camera page,
    the hub status line).

    Signals:
        changed(): a consult was bound, the bound one was updated, or none is bound.
    """

    changed = Signal()

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self._root = root
        self._outside: list[ConsultPanel] = []
        self._view: ConsultView | None = None
        # Results still on their way when the screen is destroyed (the window closed, a
        # logout) are dropped too. Plain Python: the binding itself is gone by then.
        live: list[Ticket] = []
        self._live = live
        root.destroyed.connect(lambda *_args: _retire_all(live))

    @property
    def view(self) -> ConsultView | None:
        return self._view

    def panels(self) -> list[ConsultPanel]:
        """Every panel below the root, then the registered ones."""
        inside: list[ConsultPanel] = [
            w for w in self._root.findChildren(QWidget) if isinstance(w, ConsultPanel)
        ]
        return inside + [p for p in self._outside if p not in inside]

    def register(self, panel: ConsultPanel) -> None:
        """A panel outside the root; it is shown the bound consult at once."""
        self._outside.append(panel)
        if isinstance(panel, QObject):
            panel.destroyed.connect(lambda _obj=None, p=panel: self._forget(p))
        if self._view is not None:
            panel.bind(self._view)
        else:
            panel.clear()

    def _forget(self, panel: ConsultPanel) -> None:
        if panel in self._outside:
            self._outside.remove(panel)

    def bind(self, consult: Consult, patient: Patient, today: date) -> ConsultView:
        """Show ``consult`` on every panel; results started for the previous one are dropped."""
        if consult.patient_id != patient.id:
            raise ConsultMismatch("the consult belongs to another patient")
        self._retire()
        view = ConsultView(consult, patient, today, Ticket(consult.id))
        self._view = view
        self._live[:] = [view.ticket]
        for panel in self.panels():
            panel.bind(view)
        self.changed.emit()
        return view

    def clear(self) -> None:
        """Show no consult on any panel."""
        self._retire()
        self._view = None
        for panel in self.panels():
            panel.clear()
        self.changed.emit()

    def update(self, consult: Consult | None = None, patient: Patient | None = None) -> None:
        """The bound consult changed in place (consent, attachment, addendum, its patient's
        details): same ticket; the caller updates the panels the change concerns."""
        view = self._view
        if view is None:
            return
        consult = consult or view.consult
        patient = patient or view.patient
        if consult.id != view.consult.id or patient.id != view.patient.id:
            raise ConsultMismatch("update() keeps the bound consult; bind() shows another")
        self._view = dataclasses.replace(view, consult=consult, patient=patient)
        self.changed.emit()

    def _retire(self) -> None:
        _retire_all(self._live)
