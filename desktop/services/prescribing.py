"""The hub doctor's prescribing use case: the prescriber profile (qualification and council,
kept encrypted on this PC), the signing key (generated on first need, kept in the keyring,
registered with the hub, registered again when the hub no longer has it), what the rules
allow for the consult and the spoke's stock, and signing and sending a prescription over
exactly the content sent. Methods that reach the hub return futures."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from desktop import logs
from desktop.changes import Change, ChangeBus, Kind, changes
from desktop.services.doctor import DoctorService
from desktop.storage import audit
from desktop.storage.blobs import BlobStore
from desktop.storage.keys import KeyStore
from desktop.storage.signing_keys import SigningKeyStore, public_text
from desktop.storage.writer import DbWriter
from desktop.sync.errors import RejectedError
from desktop.sync.prescribing_api import (
    DoctorAccount,
    DrugNotAllowedForModeError,
    Prescribing,
    PrescribingApi,
    PrescriptionRefusedError,
    ProhibitedDrugError,
    SignatureInvalidError,
    SignedPrescription,
)
from protocol.errors import ErrorCode
from protocol.schemas import Prescriber, PrescriptionContent
from protocol.signing import signed_bytes
from protocol.stock import StockItem

__all__ = [
    "DoctorAccount",
    "DrugNotAllowedForModeError",
    "PrescribeSession",
    "PrescriberProfile",
    "Prescribing",
    "PrescribingService",
    "PrescriptionRefusedError",
    "ProfileIncompleteError",
    "ProhibitedDrugError",
    "prescribing_for",
    "SignatureInvalidError",
    "SignedPrescription",
]

log = logs.get("services")

# A stock source other than the hub (tests, a hub without the stock endpoint yet).
StockSource = Callable[[str], "list[StockItem] | None"]


@dataclass(frozen=True)
class PrescriberProfile:
    """What the doctor enters once: the hub account gives the name and registration number."""

    qualification: str = ""
    council: str = ""

    def missing(self) -> tuple[str, ...]:
        return tuple(
            name for name in ("qualification", "council") if len(getattr(self, name).strip()) < 2
        )


class ProfileIncompleteError(Exception):
    """Signing needs these profile fields first (qualification, council, registration)."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


@dataclass(frozen=True)
class PrescribeSession:
    """Everything the prescribe dialog shows for one consult."""

    consult_id: str
    account: DoctorAccount
    rules: Prescribing
    stock: list[StockItem] | None
    prescriptions: list[SignedPrescription] = field(default_factory=list)

    def current(self) -> SignedPrescription | None:
        """The newest prescription no later one replaces."""
        replaced = {str(p.content.get("replaces") or "") for p in self.prescriptions}
        live = [p for p in self.prescriptions if p.id not in replaced]
        return live[-1] if live else None


class PrescribingService:
    """One signed-in doctor's prescribing on this PC."""

    def __init__(
        self,
        api: PrescribingApi,
        keys: SigningKeyStore,
        blobs: BlobStore,
        writer: DbWriter,
        device: str,
        actor: Callable[[], audit.Actor],
        bus: ChangeBus = changes,
        stock_source: StockSource | None = None,
    ) -> None:
        self.api = api
        self.keys = keys
        self.blobs = blobs
        self.writer = writer
        self.device = device
        self.actor = actor
        self.bus = bus
        self.stock_source = stock_source
        self._registered: set[str] = set()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prescribing")

    def _username(self) -> str:
        return self.actor().username

    # -- the prescriber profile (encrypted blob on this PC) ------------------------------
    def _profile_blob(self) -> str:
        name = f"{self.device}:prescriber:{self._username()}"
        return hashlib.sha256(name.encode()).hexdigest()[:32]

    def profile(self) -> PrescriberProfile:
        """The saved profile (empty fields when never entered). Blocking, small."""
        blob_id = self._profile_blob()
        if not self.blobs.path_of(blob_id).exists():
            return PrescriberProfile()
        data = json.loads(self.blobs.read_all(blob_id))
        if not isinstance(data, dict):
            return PrescriberProfile()
        return PrescriberProfile(
            str(data.get("qualification", "")).strip(), str(data.get("council", "")).strip()
        )

    def save_profile(self, profile: PrescriberProfile) -> None:
        """Kept in the doctor's encrypted blob store (never a plain file). Blocking, small."""
        if profile.missing():
            raise ProfileIncompleteError(profile.missing())
        data = {"qualification": profile.qualification.strip(), "council": profile.council.strip()}
        with self.blobs.create("hub-record", self._profile_blob()) as w:
            w.write(json.dumps(data).encode("utf-8"))

    def prescriber(self, account: DoctorAccount) -> Prescriber:
        """The signed prescriber block; ProfileIncompleteError names what is missing."""
        profile = self.profile()
        missing = list(profile.missing())
        if len(account.registration_number) < 2:
            missing.append("registration_number")
        if missing:
            raise ProfileIncompleteError(tuple(missing))
        return Prescriber(
            name=account.full_name.strip() or self._username(),
            qualification=profile.qualification,
            registration_number=account.registration_number,
            council=profile.council,
        )

    # -- the signing key -----------------------------------------------------------------
    def _register(self) -> DoctorAccount:
        key, new = self.keys.signing_key(self.device, self._username())
        account = self.api.register_key(public_text(key))
        self._registered.add(self._username())
        if new:
            log.info("signing key registered with the hub")
        return account

    def public_key(self) -> str:
        """This doctor's public signing key (generated if there is none yet). Blocking."""
        key, _ = self.keys.signing_key(self.device, self._username())
        return public_text(key)

    # -- a consult -----------------------------------------------------------------------
    def open(self, consult_id: str) -> Future[PrescribeSession]:
        """Register the key (the answer names the doctor), the rules for this consult, the
        spoke's stock and the consult's prescriptions."""

        def run() -> PrescribeSession:
            account = self._register()
            rules = self.api.prescribing(consult_id)
            if self.stock_source is not None:
                stock = self.stock_source(consult_id)
            else:
                stock = self.api.stock(consult_id)
            return PrescribeSession(
                consult_id, account, rules, stock, self.api.prescriptions(consult_id)
            )

        return self._pool.submit(run)

    def sign(
        self, consult_id: str, prescription_id: str, content: PrescriptionContent
    ) -> tuple[dict[str, Any], str]:
        """The content as sent and its base64 signature (blocking; the key from the keyring)."""
        body = content.model_dump(mode="json", exclude_defaults=True)
        key, _ = self.keys.signing_key(self.device, self._username())
        signature = key.sign(signed_bytes(consult_id, prescription_id, body))
        return body, base64.b64encode(signature).decode("ascii")

    def send(
        self, consult_id: str, content: PrescriptionContent, prescription_id: str = ""
    ) -> Future[SignedPrescription]:
        """Sign and send a new prescription (a correction names the one it replaces in its
        content). A hub that lost this doctor's key gets it again, then the same signed
        prescription once more. Sending the same content again with the same
        ``prescription_id`` (after an answer was lost) stores it once: the hub is idempotent
        by id and Ed25519 signs the same bytes the same way."""
        rx_id = prescription_id or str(uuid.uuid4())

        def run() -> SignedPrescription:
            if self._username() not in self._registered:
                self._register()
            body, signature = self.sign(consult_id, rx_id, content)
            try:
                sent = self.api.submit(consult_id, rx_id, body, signature)
            except (SignatureInvalidError, RejectedError) as exc:
                lost_key = isinstance(exc, SignatureInvalidError) or (
                    exc.status == 422
                    and not isinstance(exc, PrescriptionRefusedError)
                    and exc.hub_code in (None, ErrorCode.INVALID)
                )
                if not lost_key:
                    raise
                log.info("the hub refused the signature or has no key; registering again")
                self._register()
                sent = self.api.submit(consult_id, rx_id, body, signature)
            actor = self.actor()
            self.writer.run(
                lambda s: audit.record(
                    s, actor, "write", entity_type="prescription", entity_id=rx_id
                )
            )
            self.bus.announce(Change(Kind.PRESCRIPTION, (rx_id,), "signed"))
            return sent

        return self._pool.submit(run)

    def close(self) -> None:
        self._pool.shutdown(wait=False)


def prescribing_for(
    doctor: DoctorService, bus: ChangeBus = changes, profile_keys: KeyStore | None = None
) -> PrescribingService:
    """The prescribing service of the doctor signed in through ``doctor`` (same hub
    session, store and audit actor); the signing keys beside ``profile_keys`` on the same
    keyring (default: the app's)."""
    return PrescribingService(
        PrescribingApi(doctor.api.client),
        SigningKeyStore.beside(profile_keys) if profile_keys else SigningKeyStore(),
        doctor.blobs,
        doctor.writer,
        doctor.device,
        doctor._actor,
        bus,
    )
