"""Embedded hub for ``spoke-clinic --demo``: the real hub on loopback with SQLite and a blob
folder, seeded with a demo network.

Demo accounts (synthetic; password for all three: ``demo-password``):
``demo-operator`` (spoke_operator at "HWC Kolar (demo)", Sehore, Madhya Pradesh),
``demo-doctor`` (hub_doctor, general_medicine, registration MP-DEMO-0001, at
"Zonal Hub Bhopal (demo)") and ``demo-admin``. Operators and doctors log in from an enrolled
device: ``EmbeddedHub.devices`` holds a ready demo device per facility and
``EmbeddedHub.enrollment_codes`` a fresh one-time code per facility.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from hub.app import build_context, create_app
from hub.config import HubConfig
from hub.context import HubContext
from hub.models import Device, Facility, User
from hub.security import new_device_secret
from hub.server import ServerThread

DEMO_PASSWORD = "demo-password"
DEMO_OPERATOR = "demo-operator"
DEMO_DOCTOR = "demo-doctor"
DEMO_ADMIN = "demo-admin"
_NS = uuid.UUID("6f1d4c1e-3f0b-4d8a-9b7e-5c1f0e2a7d10")
HUB_ID = str(uuid.uuid5(_NS, "hub"))
SPOKE_ID = str(uuid.uuid5(_NS, "spoke"))


@dataclass
class EmbeddedHub:
    """A running embedded hub. ``base_url`` is e.g. ``http://127.0.0.1:43117``."""

    base_url: str
    data_dir: Path
    context: HubContext
    devices: dict[str, tuple[str, str]] = field(default_factory=dict)  # facility -> (id, secret)
    enrollment_codes: dict[str, str] = field(default_factory=dict)  # "hub"/"spoke" -> code
    hub_facility_id: str = HUB_ID
    spoke_facility_id: str = SPOKE_ID
    _server: ServerThread | None = None

    def stop(self) -> None:
        """Shut the server down and release the database."""
        if self._server is not None:
            self._server.stop()
            self._server = None
        self.context.engine.dispose()


def start_embedded(data_dir: Path, port: int = 0) -> EmbeddedHub:
    """Start the hub on 127.0.0.1:``port`` (0 = any free port) with its data in ``data_dir``.

    Creates the SQLite database, blob folder and hub key on first use, seeds the demo network
    (idempotent), and returns once the server answers. Call ``.stop()`` to shut it down.
    """
    config = HubConfig.for_data_dir(data_dir)
    context = build_context(config)
    with context.sessions() as session:
        seed_demo(session, context)
        devices = _demo_devices(session, context, data_dir)
        from hub.api.admin import add_enrollment_code

        codes = {
            kind: add_enrollment_code(session, config, fid).code
            for kind, fid in (("hub", HUB_ID), ("spoke", SPOKE_ID))
        }
        session.commit()
    server = ServerThread(create_app(config, context), port=port)
    server.start()
    return EmbeddedHub(server.base_url, data_dir, context, devices, codes, _server=server)


def seed_demo(session: Session, context: HubContext) -> None:
    """The demo hub, spoke and accounts, created once (fixed ids make it idempotent)."""
    now = context.config.clock.now()
    if session.get(Facility, HUB_ID) is None:
        session.add(
            Facility(
                id=HUB_ID,
                kind="hub",
                name="Zonal Hub Bhopal (demo)",
                state="Madhya Pradesh",
                district="Bhopal",
                created_at=now,
            )
        )
        session.flush()
        session.add(
            Facility(
                id=SPOKE_ID,
                kind="spoke",
                name="HWC Kolar (demo)",
                state="Madhya Pradesh",
                district="Sehore",
                hub_id=HUB_ID,
                created_at=now,
            )
        )
        session.flush()
    accounts: tuple[tuple[str, str, str | None, list[str], str, str], ...] = (
        (DEMO_OPERATOR, "spoke_operator", SPOKE_ID, [], "", "CHO Demo Operator"),
        (DEMO_DOCTOR, "hub_doctor", HUB_ID, ["general_medicine"], "MP-DEMO-0001", "Dr Demo"),
        (DEMO_ADMIN, "admin", None, [], "", "Demo Admin"),
    )
    for username, role, fid, specialties, reg, name in accounts:
        uid = str(uuid.uuid5(_NS, username))
        if session.get(User, uid) is None:
            session.add(
                User(
                    id=uid,
                    username=username,
                    password_hash=context.passwords.hash(DEMO_PASSWORD),
                    role=role,
                    facility_id=fid,
                    full_name=name,
                    registration_number=reg,
                    specialties=specialties,
                    availability="offline",
                    created_at=now,
                )
            )
    session.flush()


def _demo_devices(
    session: Session, context: HubContext, data_dir: Path
) -> dict[str, tuple[str, str]]:
    """One enrolled demo device per facility, its secret kept in demo-devices.json."""
    path = data_dir / "demo-devices.json"
    known: dict[str, list[str]] = json.loads(path.read_text()) if path.exists() else {}
    devices: dict[str, tuple[str, str]] = {}
    for kind, fid in (("hub", HUB_ID), ("spoke", SPOKE_ID)):
        entry = known.get(kind)
        device = session.get(Device, entry[0]) if entry else None
        if entry is None or device is None or device.revoked:
            secret, digest = new_device_secret()
            device = Device(
                id=str(uuid.uuid4()),
                facility_id=fid,
                name=f"demo {kind} PC",
                secret_hash=digest,
                enrolled_at=context.config.clock.now(),
            )
            session.add(device)
            entry = [device.id, secret]
            known[kind] = entry
        devices[kind] = (entry[0], entry[1])
    path.write_text(json.dumps(known))
    path.chmod(0o600)
    session.flush()
    return devices
