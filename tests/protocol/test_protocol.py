"""The shared contract: wire ids, roles, vocabularies, error codes, signing bytes, schemas."""

from __future__ import annotations

import base64
import typing
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import ValidationError

from protocol import errors, ids, roles, schemas, signing, vocab
from protocol.errors import ErrorCode
from protocol.roles import Role
from tests.helpers.prescriptions import content as rx_content


def test_wire_id_is_the_dashed_lower_case_uuid() -> None:
    u = uuid.uuid4()
    assert ids.wire_id(u.hex) == str(u)
    assert ids.wire_id(u.hex.upper()) == str(u)
    assert ids.wire_id(str(u)) == str(u)
    assert ids.wire_id(u) == str(u)
    assert ids.wire_id("not-a-uuid") == "not-a-uuid"  # left for the hub to refuse
    assert ids.same_id(u.hex, str(u)) and not ids.same_id(u.hex, None)
    assert not ids.same_id(str(u), str(uuid.uuid4()))


def test_one_role_set_and_an_explicit_map_from_local_accounts() -> None:
    assert [r.value for r in Role] == ["spoke_operator", "hub_doctor", "admin", "programme_manager"]
    assert roles.role_of_account("operator") is Role.SPOKE_OPERATOR
    assert roles.role_of_account("doctor") is Role.HUB_DOCTOR
    assert roles.role_of_account("admin") is Role.ADMIN
    # Every wire role but the hub-only programme manager has a local name.
    local = set(Role) - {Role.PROGRAMME_MANAGER}
    assert set(roles.LOCAL_ACCOUNT_ROLES.values()) == local
    for role in local:
        assert roles.role_of_account(roles.account_role(role)) is role
    with pytest.raises(ValueError):
        roles.role_of_account("spoke_operator")  # a wire name is not a local one


def test_schema_literals_are_the_vocabularies() -> None:
    def values(alias: object) -> set[str]:
        return set(typing.get_args(alias))

    assert values(schemas.RoleName) == {r.value for r in Role}
    assert values(schemas.PriorityName) == {p.value for p in vocab.Priority}
    assert values(schemas.ModeName) == {m.value for m in vocab.ConsultMode}
    assert values(schemas.ConsultTypeName) == {t.value for t in vocab.ConsultType}
    assert values(schemas.ConsultStateName) == {s.value for s in vocab.ConsultState}
    assert set(vocab.CONSULT_MOVES) == set(vocab.ConsultState)


def test_error_codes_by_status_and_from_a_body() -> None:
    assert errors.code_for_status(401) is ErrorCode.NOT_AUTHENTICATED
    assert errors.code_for_status(404) is ErrorCode.NOT_FOUND
    assert errors.code_for_status(422) is ErrorCode.INVALID
    assert errors.code_for_status(502) is ErrorCode.SERVER_ERROR
    assert errors.code_for_status(418) is ErrorCode.BAD_REQUEST
    assert errors.code_of({"code": "device_revoked", "detail": "x"}) is ErrorCode.DEVICE_REVOKED
    assert errors.code_of({"code": "no_such_code"}) is None
    assert errors.code_of({"detail": "device revoked"}) is None
    assert errors.code_of(["device_revoked"]) is None
    assert len({c.value for c in ErrorCode}) == len(ErrorCode)


def test_signed_bytes_are_canonical_json_of_the_content_as_sent() -> None:
    cid, pid = uuid.UUID(int=1), uuid.UUID(int=2)
    content = {"medications": [{"name": "पैरासिटामोल", "duration_days": 3}], "advice": "Rest"}
    got = signing.signed_bytes(cid.hex, pid.hex, content)
    assert (
        got
        == (
            '{"advice":"Rest","consult_id":"00000000-0000-0000-0000-000000000001",'
            '"medications":[{"duration_days":3,"name":"पैरासिटामोल"}],'
            '"prescription_id":"00000000-0000-0000-0000-000000000002"}'
        ).encode()
    )
    reordered = {"advice": "Rest", "medications": [{"duration_days": 3, "name": "पैरासिटामोल"}]}
    assert signing.signed_bytes(str(cid), str(pid), reordered) == got
    # A copy with defaults filled in is a different document: it is not what was signed.
    filled = content | {"follow_up_date": ""}
    assert signing.signed_bytes(str(cid), str(pid), filled) != got
    with pytest.raises(ValueError):
        signing.signed_bytes(str(cid), str(pid), {"consult_id": "x"})
    with pytest.raises(ValueError):
        signing.signed_bytes(str(cid), str(pid), {"advice": float("nan")})


def test_prescription_in_keeps_the_content_as_sent() -> None:
    key = Ed25519PrivateKey.generate()
    cid, pid = str(uuid.uuid4()), str(uuid.uuid4())
    sent = rx_content(
        "Paracetamol",
        medications=[{"name": "Paracetamol", "frequency": "1-0-1", "duration_days": 3}],
    )
    signature = base64.b64encode(key.sign(signing.signed_bytes(cid, pid, sent))).decode()
    body = schemas.PrescriptionIn.model_validate({"content": sent, "signature": signature})
    assert body.sent_content == sent
    assert body.content.follow_up_date == ""  # defaults exist for reading, not for signing
    key.public_key().verify(
        base64.b64decode(body.signature), signing.signed_bytes(cid, pid, body.sent_content)
    )
    with pytest.raises(ValidationError):  # "3" is not 3: no coercion of signed values
        schemas.PrescriptionIn.model_validate(
            {
                "content": rx_content(
                    medications=[{"name": "Para", "frequency": "1-0-1", "duration_days": "3"}]
                ),
                "signature": signature,
            }
        )


def test_the_local_account_table_allows_exactly_the_mapped_roles() -> None:
    import re

    from sqlalchemy import CheckConstraint

    from desktop.storage.models.accounts import ROLES, Account

    [check] = [c for c in Account.__table__.constraints if isinstance(c, CheckConstraint)]
    allowed = set(re.findall(r"'([a-z_]+)'", str(check.sqltext)))
    assert allowed == set(ROLES) == set(roles.LOCAL_ACCOUNT_ROLES)
