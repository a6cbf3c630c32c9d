"""Hub configuration: where data lives, secrets, lifetimes, limits, TURN settings."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from hub.clock import Clock, SystemClock


def private_dir(path: Path) -> None:
    """Create ``path`` (and parents) and make it 0700 whatever the umask: only the hub's own
    user may list or open what is inside."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)


@dataclass
class HubConfig:
    """Everything the app factory needs; built by the CLI, the embedded mode or tests."""

    db_url: str
    blobs_dir: Path
    key_file: Path  # the hub's age identity (secret key text)
    jwt_secret: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    access_token_seconds: int = 600
    refresh_token_seconds: int = 30 * 24 * 3600
    # A refresh retried with the just-rotated token this soon after (its answer was lost on the
    # way) gets a fresh pair instead of counting as theft; 0 turns the grace off.
    refresh_grace_seconds: int = 60
    # argon2id cost; tests lower it, production keeps the library defaults.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    max_json_bytes: int = 1_000_000
    max_upload_bytes: int = 512 * 1024 * 1024
    # No longer caps a tus PATCH (bodies stream to disk); kept so existing callers still work.
    max_chunk_bytes: int = 16 * 1024 * 1024
    upload_expiry_seconds: int = 24 * 3600
    accept_timeout_seconds: int = 120
    enrollment_code_seconds: int = 24 * 3600
    login_rate: tuple[int, int] = (10, 60)  # at most N attempts per M seconds per client+user
    upload_rate: tuple[int, int] = (600, 60)  # tus requests per M seconds per client
    lockout_failures: int = 5
    lockout_seconds: int = 900
    stun_urls: list[str] = field(default_factory=list)
    turn_urls: list[str] = field(default_factory=list)
    turn_secret: str = ""
    turn_ttl_seconds: int = 3600
    # How often a signaling connection re-checks that its consult is still the member's
    # (a reassigned doctor, a cancelled consult or a revoked device is closed with 4403).
    signal_recheck_seconds: float = 5.0
    # PostgreSQL: each worker re-announces its room members this often; a member not heard
    # of for three periods (its worker died) is gone for the others (peer-left).
    signal_presence_seconds: float = 10.0
    # How long a worker trusts its last look at a login session (logout, a revoked session or
    # a disabled account ends access tokens within this time on every worker).
    session_check_seconds: float = 5.0
    background_sweep_seconds: float = 5.0  # 0 disables the queue sweeper task
    clock: Clock = field(default_factory=SystemClock)

    @classmethod
    def for_data_dir(cls, data_dir: Path, db_url: str | None = None) -> HubConfig:
        """The standard layout: hub.db, blobs/, hub-key.txt and jwt-secret inside data_dir."""
        private_dir(data_dir)
        secret_file = data_dir / "jwt-secret"
        if not secret_file.exists():
            fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_urlsafe(48))
        return cls(
            db_url=db_url or f"sqlite:///{data_dir / 'hub.db'}",
            blobs_dir=data_dir / "blobs",
            key_file=data_dir / "hub-key.txt",
            jwt_secret=secret_file.read_text(encoding="ascii").strip(),
        )
