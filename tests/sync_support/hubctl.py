"""The real hub app under uvicorn on loopback, restartable on the same port, with a small
synthetic network (one hub, one spoke, an operator, a doctor, an admin)."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy import func, select

from hub.api.admin import add_enrollment_code, add_facility, add_user
from hub.app import build_context, create_app
from hub.config import HubConfig
from hub.context import HubContext
from hub.models import Consult, Device, Patient, Upload
from hub.schemas import FacilityIn, UserIn

PASSWORD = "synthetic-pass-123"


class _Server:
    def __init__(self, app: Any, port: int, tls: tuple[str, str] | None = None) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_keep_alive=5,
            ssl_certfile=tls[0] if tls else None,
            ssl_keyfile=tls[1] if tls else None,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, name="test-hub", daemon=True
        )

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("hub did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@dataclass
class LiveHub:
    data_dir: Path
    config: HubConfig
    context: HubContext
    port: int = 0
    ids: dict[str, str] = field(default_factory=dict)
    _server: _Server | None = None

    scheme: str = "http"

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @staticmethod
    def make_config(data_dir: Path, **overrides: Any) -> HubConfig:
        config = HubConfig.for_data_dir(data_dir)
        config.argon2_time_cost = 1
        config.argon2_memory_kib = 8192
        config.background_sweep_seconds = 0
        config.upload_rate = (100_000, 60)
        config.login_rate = (10_000, 60)
        for key, value in overrides.items():
            setattr(config, key, value)
        return config

    @classmethod
    def create(cls, data_dir: Path, **overrides: Any) -> LiveHub:
        config = cls.make_config(data_dir, **overrides)
        hub = cls(data_dir, config, build_context(config))
        hub._seed()
        return hub

    @classmethod
    def open(cls, data_dir: Path, **overrides: Any) -> LiveHub:
        """An existing hub's data (to count records), without seeding."""
        config = cls.make_config(data_dir, **overrides)
        return cls(data_dir, config, build_context(config))

    def _seed(self) -> None:
        with self.context.sessions() as s:
            cfg, pw = self.config, self.context.passwords
            h = add_facility(
                s, cfg, FacilityIn(kind="hub", name="Zonal Hub (synthetic)", state="Madhya Pradesh")
            )
            sp = add_facility(
                s,
                cfg,
                FacilityIn(
                    kind="spoke",
                    name="HWC (synthetic)",
                    state="Madhya Pradesh",
                    hub_id=uuid.UUID(h.id),
                ),
            )
            self.ids.update(hub=h.id, spoke=sp.id)
            add_user(
                s,
                cfg,
                pw,
                UserIn(
                    username="operator",
                    password=PASSWORD,
                    role="spoke_operator",
                    facility_id=uuid.UUID(sp.id),
                ),
            )
            add_user(s, cfg, pw, UserIn(username="admin", password=PASSWORD, role="admin"))
            add_user(
                s,
                cfg,
                pw,
                UserIn(
                    username="doctor",
                    password=PASSWORD,
                    role="hub_doctor",
                    facility_id=uuid.UUID(h.id),
                    registration_number="MP-1",
                    specialties=["general_medicine"],
                ),
            )
            s.commit()

    def enrollment_code(self, facility: str = "spoke") -> str:
        with self.context.sessions() as s:
            code = add_enrollment_code(s, self.config, self.ids[facility]).code
            s.commit()
        return code

    def start(self, tls: tuple[str, str] | None = None) -> LiveHub:
        """Serve on 127.0.0.1 (the same port as before, if restarted); ``tls`` is
        (certificate file, key file) to serve HTTPS."""
        app = create_app(self.config, self.context)
        self._server = _Server(app, self.port, tls)
        self.scheme = "https" if tls else "http"
        self._server.start()
        self.port = self._server.port
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def close(self) -> None:
        self.stop()
        self.context.engine.dispose()

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Until the hub holds no connection and runs no request: a killed client's last
        request has been read to its end and dealt with (call with no client running)."""
        assert self._server is not None
        state = self._server.server.server_state
        deadline = time.monotonic() + timeout
        while state.connections or state.tasks:
            if time.monotonic() > deadline:
                raise TimeoutError(f"hub still busy: {len(state.tasks)} request(s)")
            time.sleep(0.01)

    # -- counting on the hub -------------------------------------------------------------
    def count(self, model: Any) -> int:
        with self.context.sessions() as s:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

    def patients(self) -> int:
        return self.count(Patient)

    def consults(self) -> int:
        return self.count(Consult)

    def uploads(self) -> list[Upload]:
        with self.context.sessions() as s:
            return list(s.scalars(select(Upload).order_by(Upload.created_at)))

    def revoke_all_devices(self) -> None:
        with self.context.sessions() as s:
            for device in s.scalars(select(Device)):
                device.revoked = True
            s.commit()
