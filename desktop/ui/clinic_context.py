"""What the spoke workflow pages need from the running app: the use-case services of the
signed-in operator, today's date and the temperature unit. Pages never see a database
session: they call the services through ``Operation``s."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from desktop.services.bundle import Actor, Services
from desktop.services.media import BlobStore


@dataclass
class ClinicContext:
    services: Services
    today: Callable[[], date] = field(default=date.today)
    temperature_unit: str = "C"

    @property
    def actor(self) -> Actor:
        return self.services.actor

    @property
    def blobs(self) -> BlobStore:
        return self.services.media.blobs
