"""The doctor's prescribing calls to the hub (worker threads only): register the signing
key (the answer is the doctor's hub account: name and registration number), what the drug
rules allow for a consult, the spoke's stock (404: the hub has none, no stock flags), the
consult's prescriptions, and sending a signed one. The hub's refusals become typed errors
chosen by its code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.sync.client import HubClient
from desktop.sync.errors import RejectedError, SyncError, UnexpectedAnswerError
from desktop.sync.stock_api import consult_stock
from protocol.errors import ErrorCode
from protocol.stock import StockItem


@dataclass(frozen=True)
class DoctorAccount:
    """The signing doctor as the hub knows them."""

    user_id: str
    full_name: str
    registration_number: str


@dataclass(frozen=True)
class Prescribing:
    """``GET /consults/{id}/prescribing``: the hub's decision for this consult now."""

    consult_id: str
    mode: str
    follow_up: bool
    follow_up_of: str | None
    follow_up_window_days: int
    allowed_lists: tuple[str, ...]


@dataclass(frozen=True)
class SignedPrescription:
    """A prescription the hub holds (immutable; a correction is a new one)."""

    id: str
    consult_id: str
    content: dict[str, Any]
    signature: str
    created_at: str


class PrescriptionRefusedError(RejectedError):
    """The hub refused the prescription (422)."""


class ProhibitedDrugError(PrescriptionRefusedError):
    """A drug on the prohibited list (TPG 2020)."""


class DrugNotAllowedForModeError(PrescriptionRefusedError):
    """A List A/B drug outside the consult's mode or kind."""


class SignatureInvalidError(PrescriptionRefusedError):
    """The signature did not verify with the key the hub holds for this doctor."""


REFUSALS: dict[ErrorCode, type[PrescriptionRefusedError]] = {
    ErrorCode.PROHIBITED_DRUG: ProhibitedDrugError,
    ErrorCode.DRUG_NOT_ALLOWED_FOR_MODE: DrugNotAllowedForModeError,
    ErrorCode.SIGNATURE_INVALID: SignatureInvalidError,
}


def _typed(exc: RejectedError) -> SyncError:
    kind = REFUSALS.get(exc.hub_code) if exc.hub_code is not None else None
    if kind is None:
        return exc
    return kind(exc.detail, status=exc.status, hub_code=exc.hub_code)


def _str(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    return value if isinstance(value, str) else ""


class PrescribingApi:
    """Thread-safe (``HubClient`` is)."""

    def __init__(self, client: HubClient) -> None:
        self.client = client

    def register_key(self, public_key: str) -> DoctorAccount:
        body = self.client.call("PUT", "/doctors/me/signing-key", json={"public_key": public_key})
        if not isinstance(body, dict) or not isinstance(body.get("id"), str):
            raise UnexpectedAnswerError("signing-key answer without the account")
        return DoctorAccount(
            body["id"], _str(body, "full_name"), _str(body, "registration_number").strip()
        )

    def prescribing(self, consult_id: str) -> Prescribing:
        body = self.client.call("GET", f"/consults/{consult_id}/prescribing")
        if not isinstance(body, dict) or not isinstance(body.get("mode"), str):
            raise UnexpectedAnswerError("prescribing answer without mode")
        lists = body.get("allowed_lists")
        window = body.get("follow_up_window_days")
        return Prescribing(
            consult_id=consult_id,
            mode=body["mode"],
            follow_up=body.get("follow_up") is True,
            follow_up_of=body.get("follow_up_of") or None,
            follow_up_window_days=window if isinstance(window, int) else 0,
            allowed_lists=tuple(x for x in lists if isinstance(x, str))
            if isinstance(lists, list)
            else (),
        )

    def stock(self, consult_id: str) -> list[StockItem] | None:
        """The consult's spoke stock, or None when its spoke never sent one (the editor then
        flags nothing rather than everything) or the hub has no stock route (404)."""
        try:
            return consult_stock(self.client, consult_id)
        except RejectedError as exc:
            if exc.status in (404, 405):
                return None
            raise
        except ValueError as exc:  # pydantic: not the protocol's stock list
            raise UnexpectedAnswerError("stock answer is not the stock list") from exc

    def prescriptions(self, consult_id: str) -> list[SignedPrescription]:
        body = self.client.call("GET", f"/consults/{consult_id}/prescriptions")
        if not isinstance(body, list):
            raise UnexpectedAnswerError("prescriptions answer is not a list")
        return [
            SignedPrescription(
                b["id"],
                _str(b, "consult_id"),
                b["content"],
                _str(b, "signature"),
                _str(b, "created_at"),
            )
            for b in body
            if isinstance(b, dict)
            and isinstance(b.get("id"), str)
            and isinstance(b.get("content"), dict)
        ]

    def submit(
        self, consult_id: str, prescription_id: str, content: dict[str, Any], signature: str
    ) -> SignedPrescription:
        """PUT the signed prescription (idempotent by its id)."""
        try:
            body = self.client.call(
                "PUT",
                f"/consults/{consult_id}/prescriptions/{prescription_id}",
                expect_id=prescription_id,
                json={"content": content, "signature": signature},
            )
        except RejectedError as exc:
            raise _typed(exc) from None
        if not isinstance(body, dict) or not isinstance(body.get("content"), dict):
            raise UnexpectedAnswerError("prescription answer without content")
        return SignedPrescription(
            prescription_id,
            consult_id,
            body["content"],
            _str(body, "signature"),
            _str(body, "created_at"),
        )
