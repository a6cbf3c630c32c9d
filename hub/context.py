"""The running hub's shared objects, kept on ``app.state.hub``."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyrage import x25519
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.call_bell import CallBell
from hub.config import HubConfig
from hub.queue_watch import QueueWatch
from hub.ratelimit import RateLimiter
from hub.security import Passwords
from hub.sessions import LiveSessions
from hub.signaling import Rooms
from hub.storage import BlobStorage


@dataclass
class HubContext:
    config: HubConfig
    engine: Engine
    sessions: sessionmaker[Session]
    passwords: Passwords
    storage: BlobStorage
    identity: x25519.Identity
    login_limiter: RateLimiter
    upload_limiter: RateLimiter
    rooms: Rooms = field(default_factory=lambda: Rooms())
    live_sessions: LiveSessions = field(default_factory=LiveSessions)
    queue_watch: QueueWatch = field(default_factory=QueueWatch)
    call_bell: CallBell = field(default_factory=CallBell)
