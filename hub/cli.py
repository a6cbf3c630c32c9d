"""``spoke-hub``: serve the hub, initialise it, and administer facilities, users and devices.

Every command takes ``--data DIR`` (hub key, JWT secret, default SQLite database and blobs)
and ``--db URL`` (e.g. ``postgresql://hub@db/hub``) to use another database.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException
from sqlalchemy import select

from hub import audit_chain, fhir, spoke_audit
from hub.api.admin import add_enrollment_code, add_facility, add_user, set_disabled
from hub.app import build_context, create_app
from hub.config import HubConfig
from hub.context import HubContext
from hub.models import User
from hub.schemas import FacilityIn, ScopeIn, UserIn
from protocol import formulary
from protocol.roles import Role

WORKER_ARGS = "SPOKE_HUB_WORKER_ARGS"
DEFAULT_DATA = Path(os.environ.get("SPOKE_HUB_DATA", "hub-data"))


def _config(args: argparse.Namespace) -> HubConfig:
    config = HubConfig.for_data_dir(Path(args.data), args.db or os.environ.get("SPOKE_HUB_DB"))
    if getattr(args, "blobs", None):
        config.blobs_dir = Path(args.blobs)
    if os.environ.get("SPOKE_HUB_JWT_SECRET"):
        # Several workers or hosts must share one signing secret.
        config.jwt_secret = os.environ["SPOKE_HUB_JWT_SECRET"]
    config.turn_secret = os.environ.get("SPOKE_HUB_TURN_SECRET", config.turn_secret)
    for name, attr in (("SPOKE_HUB_STUN_URLS", "stun_urls"), ("SPOKE_HUB_TURN_URLS", "turn_urls")):
        if os.environ.get(name):
            setattr(config, attr, os.environ[name].split())
    return config


def _print(data: object) -> None:
    print(json.dumps(data, indent=2, default=str))


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    config = _config(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    workers = getattr(args, "workers", 1)
    target: Any
    if workers > 1:
        if config.db_url.startswith("sqlite"):
            print("spoke-hub: several workers need PostgreSQL (--db)", file=sys.stderr)
            return 2
        build_context(config).engine.dispose()  # migrate (and make the key) once, here
        os.environ[WORKER_ARGS] = json.dumps(
            {"data": args.data, "db": args.db, "blobs": getattr(args, "blobs", None)}
        )
        target = "hub.cli:worker_app"
    else:
        target = create_app(config)
        fhir.warm()
    uvicorn.run(
        target,
        factory=workers > 1,
        workers=workers if workers > 1 else None,
        host=args.host,
        port=args.port,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
        proxy_headers=args.behind_proxy,
        forwarded_allow_ips=args.forwarded_allow_ips,
        ws="websockets-sansio",
        log_level="info",
        access_log=False,  # hub.access logs route templates, never raw paths or queries
    )
    return 0


def worker_app() -> FastAPI:
    """One of several uvicorn workers (``serve --workers N``): the settings the parent parsed,
    the database it already migrated."""
    args = argparse.Namespace(**json.loads(os.environ[WORKER_ARGS]))
    config = _config(args)
    fhir.warm()
    return create_app(config, build_context(config, run_migrations=False))


def cmd_init(args: argparse.Namespace) -> int:
    """Migrate the database, create the hub key, and create the first admin."""
    with _ctx(args) as context:
        return _init(args, context)


def _init(args: argparse.Namespace, context: HubContext) -> int:
    out: dict[str, object] = {
        "database": context.engine.url.render_as_string(hide_password=True),
        "hub_key": str(context.identity.to_public()),
    }
    if args.admin:
        password = args.password or getpass.getpass(f"password for {args.admin}: ")
        with context.sessions() as session:
            body = UserIn(username=args.admin, password=password, role="admin")
            out["admin_id"] = add_user(session, context.config, context.passwords, body).id
            session.commit()
    _print(out)
    return 0


@contextmanager
def _ctx(args: argparse.Namespace) -> Iterator[HubContext]:
    context = build_context(_config(args))
    try:
        yield context
    finally:
        context.engine.dispose()


def cmd_add_facility(args: argparse.Namespace) -> int:
    with _ctx(args) as context:
        with context.sessions() as session:
            body = FacilityIn(
                kind=args.kind,
                name=args.name,
                state=args.state,
                district=args.district,
                hub_id=uuid.UUID(args.hub) if args.hub else None,
            )
            facility = add_facility(session, context.config, body)
            session.commit()
            _print({"id": facility.id, "kind": facility.kind, "name": facility.name})
        return 0


def _scope_unit(text: str) -> ScopeIn:
    """``"State"`` or ``"State/District"`` (a programme manager's statistics scope)."""
    state, _, district = text.partition("/")
    return ScopeIn(state=state.strip(), district=district.strip())


def cmd_add_user(args: argparse.Namespace) -> int:
    with _ctx(args) as context:
        password = args.password or getpass.getpass(f"password for {args.username}: ")
        with context.sessions() as session:
            body = UserIn(
                username=args.username,
                password=password,
                role=args.role,
                facility_id=uuid.UUID(args.facility) if args.facility else None,
                full_name=args.full_name,
                registration_number=args.registration_number,
                specialties=args.specialty or [],
                scope=[_scope_unit(unit) for unit in args.scope or []],
            )
            user = add_user(session, context.config, context.passwords, body)
            session.commit()
            _print({"id": user.id, "username": user.username, "role": user.role})
        return 0


def cmd_enroll_code(args: argparse.Namespace) -> int:
    with _ctx(args) as context:
        with context.sessions() as session:
            code = add_enrollment_code(session, context.config, args.facility)
            session.commit()
        _print(code.model_dump(mode="json"))
        return 0


def cmd_user(args: argparse.Namespace) -> int:
    """``user disable NAME`` / ``user enable NAME``."""
    with _ctx(args) as context:
        with context.sessions() as session:
            user = session.scalar(select(User).where(User.username == args.username))
            if user is None:
                raise HTTPException(404, "no such user")
            set_disabled(context, session, user, args.action == "disable")
            session.commit()
            _print({"id": user.id, "username": user.username, "disabled": user.disabled})
        return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Walk the hub's audit chain; list spokes whose reported chain went back or changed.
    Exit status 1 when either is found (the message names the first bad row)."""
    with _ctx(args) as context:
        with context.sessions() as session:
            audit_chain.seal(session)  # rows newer than the sweepers' last pass
            session.commit()
            try:
                count = audit_chain.verify(session)
            except audit_chain.ChainBroken as exc:
                print(f"spoke-hub: audit chain broken at {exc}", file=sys.stderr)
                return 1
            spokes = [
                {"device_id": h.device_id, "flag": h.flag, "seq": h.seq, "flagged_at": h.flagged_at}
                for h in spoke_audit.flagged(session)
            ]
        _print({"rows": count, "chain": "intact", "flagged_spokes": spokes})
        return 1 if spokes else 0


def cmd_formulary_check(args: argparse.Namespace) -> int:
    """Validate a drug formulary (the TPG 2020 lists the hub enforces) before deploying it:
    every bad row with its line, column and reason; exit status 1 when any."""
    settings = Path(args.settings) if args.settings else None
    status, text = formulary.report(Path(args.file), settings)
    print(text)
    return status


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="spoke-hub", description=__doc__)
    p.add_argument("--data", default=str(DEFAULT_DATA), help="hub data directory")
    p.add_argument("--db", default=None, help="database URL (default: SQLite in --data)")
    sub = p.add_subparsers(dest="command", required=True)
    # --data and --db are also accepted after the command (``spoke-hub serve --db URL``).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", default=argparse.SUPPRESS, help="hub data directory")
    common.add_argument("--db", default=argparse.SUPPRESS, help="database URL")

    s = sub.add_parser("serve", parents=[common], help="run the HTTP server")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8443)
    s.add_argument("--blobs", default=None, help="blob directory (default: DATA/blobs)")
    s.add_argument("--tls-cert", default=None, help="PEM certificate chain")
    s.add_argument("--tls-key", default=None, help="PEM private key")
    s.add_argument("--behind-proxy", action="store_true", help="trust X-Forwarded-* headers")
    s.add_argument("--forwarded-allow-ips", default="127.0.0.1")
    s.add_argument(
        "--workers", type=int, default=1, help="worker processes (PostgreSQL only; one per core)"
    )
    s.set_defaults(func=cmd_serve)

    i = sub.add_parser("init", parents=[common], help="migrate, create the hub key and an admin")
    i.add_argument("--admin", default=None, help="username of the first admin")
    i.add_argument("--password", default=None, help="(prompted when absent)")
    i.set_defaults(func=cmd_init)

    f = sub.add_parser("add-facility", parents=[common], help="add a hub or a spoke")
    f.add_argument("kind", choices=["hub", "spoke"])
    f.add_argument("name")
    f.add_argument("--state", required=True)
    f.add_argument("--district", default="")
    f.add_argument("--hub", default=None, help="id of the spoke's hub")
    f.set_defaults(func=cmd_add_facility)

    u = sub.add_parser("add-user", parents=[common], help="add an account")
    u.add_argument("username")
    u.add_argument("--role", required=True, choices=[r.value for r in Role])
    u.add_argument("--facility", default=None)
    u.add_argument("--password", default=None, help="(prompted when absent)")
    u.add_argument("--full-name", default="")
    u.add_argument("--registration-number", default="")
    u.add_argument("--specialty", action="append", help="repeat for several")
    u.add_argument(
        "--scope",
        action="append",
        metavar="STATE[/DISTRICT]",
        help="programme_manager: a state or district whose statistics it reads (repeat)",
    )
    u.set_defaults(func=cmd_add_user)

    e = sub.add_parser(
        "enroll-code", parents=[common], help="one-time device enrollment code for a facility"
    )
    e.add_argument("facility")
    e.set_defaults(func=cmd_enroll_code)

    a = sub.add_parser("user", parents=[common], help="disable or enable an account")
    a.add_argument("action", choices=["disable", "enable"])
    a.add_argument("username")
    a.set_defaults(func=cmd_user)

    au = sub.add_parser("audit", parents=[common], help="check the audit log")
    au.add_argument("action", choices=["verify"])
    au.set_defaults(func=cmd_audit_verify)

    fc = sub.add_parser("formulary", help="check a drug formulary CSV (docs/prescriptions.md)")
    fc.add_argument("action", choices=["check"])
    fc.add_argument("file")
    fc.add_argument("--settings", default=None, help="its TOML settings (default: FILE.toml)")
    fc.set_defaults(func=cmd_formulary_check)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except HTTPException as exc:  # the admin helpers speak HTTP; say it plainly here
        print(f"spoke-hub: {exc.detail}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"spoke-hub: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
