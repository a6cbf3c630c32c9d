"""Synthetic completed consults in bulk, for the statistics tests: one SQL statement per
(state, district, type), spokes made on demand, one synthetic patient."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from hub.models import Facility, Patient
from tests.hub.world import World

DAY = datetime(2021, 10, 18, 10, 0, tzinfo=UTC)


class Seeder:
    """Bulk-inserts completed consults with one SQL statement per (state, type)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.hub_id = world.facilities["hub1"]
        self.spokes: dict[str, str] = {}
        self.patient = str(uuid.uuid4())
        self.n = 0

    def spoke(self, state: str, district: str = "") -> str:
        key = f"{state}/{district}"
        if key not in self.spokes:
            now = self.world.hub.config.clock.now()
            fid = str(uuid.uuid4())
            with self.world.hub.sessions() as s:
                s.add(
                    Facility(
                        id=fid,
                        kind="spoke",
                        name=f"HWC {district or state}",
                        state=state,
                        district=district,
                        hub_id=self.hub_id,
                        created_at=now,
                    )
                )
                if not self.spokes:
                    s.flush()
                    s.add(
                        Patient(
                            id=self.patient,
                            facility_id=fid,
                            resource={},
                            payload_sha256="",
                            created_at=now,
                            updated_at=now,
                        )
                    )
                s.commit()
            self.spokes[key] = fid
        return self.spokes[key]

    def add(
        self,
        state: str,
        ctype: str,
        count: int,
        status: str = "completed",
        when: datetime = DAY,
        specialty: str = "general_medicine",
        district: str = "",
        wait: timedelta = timedelta(0),
    ) -> None:
        if count <= 0:
            return
        self.n += 1
        sql = text(
            "INSERT INTO consults (id, facility_id, hub_id, patient_id, specialty, priority, mode,"
            " consult_type, resources, payload_sha256, version, finalized, status, declined_by,"
            " queued_at, accepted_at, completed_at, created_at, updated_at) "
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) "
            "SELECT :prefix || CAST(i AS VARCHAR(12)), :fid, :hub, :pid, :spec, 0, 'video', :ctype,"
            " '[]', '', 1, :t, :status, '[]', :when, :accepted, :done, :when, :when FROM n"
        )
        params = {
            "count": count,
            "prefix": f"seed-{self.n}-",
            "fid": self.spoke(state, district),
            "hub": self.hub_id,
            "pid": self.patient,
            "spec": specialty,
            "ctype": ctype,
            "t": True,
            "status": status,
            "when": self._ts(when),
            "accepted": self._ts(when + wait),
            "done": self._ts(when) if status == "completed" else None,
        }
        with self.world.hub.engine.begin() as conn:
            conn.execute(sql, params)

    def _ts(self, when: datetime) -> object:
        # SQLite stores naive UTC (see hub.models.UTCDateTime); PostgreSQL takes aware values.
        if self.world.hub.engine.dialect.name == "sqlite":
            return when.replace(tzinfo=None).isoformat(sep=" ")
        return when
