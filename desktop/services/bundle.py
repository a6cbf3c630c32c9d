"""All the services of one signed-in operator, built together over one clinic database."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from desktop.changes import ChangeBus, changes
from desktop.services.calls import CallRecordService
from desktop.services.clinic import Clinic
from desktop.services.consults import ConsultService
from desktop.services.dashboard import DashboardService
from desktop.services.media import MediaService
from desktop.services.patients import PatientService
from desktop.services.prescriptions import PrescriptionService
from desktop.services.stock import StockService
from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.writer import DbWriter

__all__ = ["Actor", "Services"]


@dataclass
class Services:
    """The use-case services of one signed-in operator over one clinic database."""

    clinic: Clinic
    patients: PatientService
    consults: ConsultService
    media: MediaService
    dashboard: DashboardService

    @classmethod
    def open(
        cls,
        db: Database,
        writer: DbWriter,
        blobs: BlobStore,
        actor: Actor,
        bus: ChangeBus = changes,
    ) -> Services:
        clinic = Clinic(db, writer, blobs, actor, bus)
        return cls(
            clinic,
            PatientService(clinic),
            ConsultService(clinic),
            MediaService(clinic),
            DashboardService(clinic),
        )

    @cached_property
    def prescriptions(self) -> PrescriptionService:
        return PrescriptionService(self.clinic)

    @cached_property
    def stock(self) -> StockService:
        return StockService(self.clinic)

    @cached_property
    def calls(self) -> CallRecordService:
        """What a live call records with the consult: chat and the mode it achieved."""
        return CallRecordService(self.clinic)

    @property
    def actor(self) -> Actor:
        return self.clinic.actor

    @property
    def bus(self) -> ChangeBus:
        """Where these services announce what changed."""
        return self.clinic.bus
