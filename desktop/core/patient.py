"""The Patient entity, its identifiers, and the whole-record registration check."""

from __future__ import annotations

import dataclasses
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date

from desktop.core import abha, regions, validators
from desktop.core.issues import Issue, error

# Crockford base32 without I, L, O, U: unambiguous when read aloud or copied by hand.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PREFIX = "P-"
RELATIONS = ("mother", "father", "spouse", "son", "daughter", "sibling", "grandparent", "other")


def new_id() -> str:
    """Client-generated UUID: the key the hub deduplicates on."""
    return uuid.uuid4().hex


def new_code() -> str:
    """Short id the operator reads out: ``P-`` + 8 base32 characters (40 random bits)."""
    return CODE_PREFIX + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


@dataclass
class Patient:
    """A registered person. Strings are stored cleaned (see ``normalised``)."""

    given_name: str
    family_name: str = ""
    sex: str = ""
    birth_date: date | None = None
    birth_estimated: bool = False
    mobile: str = ""
    no_mobile_reason: str = ""
    abha_number: str = ""  # 14 digits, no separators
    abha_address: str = ""
    state_lgd: int | None = None
    district: str = ""
    locality: str = ""  # village or town
    address_line: str = ""
    pin: str = ""
    guardian_name: str = ""
    guardian_relation: str = ""
    photo_blob_id: str = ""
    id: str = field(default_factory=new_id)
    code: str = field(default_factory=new_code)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    @property
    def state(self) -> regions.State | None:
        return regions.by_lgd(self.state_lgd) if self.state_lgd is not None else None

    def age(self, today: date) -> tuple[int, int] | None:
        """(years, months), or None without a birth date."""
        return validators.age_on(self.birth_date, today) if self.birth_date else None

    def is_minor(self, today: date) -> bool:
        return self.birth_date is not None and validators.is_minor(self.birth_date, today)

    def normalised(self) -> Patient:
        """A copy with trimmed text, bare digits for mobile and ABHA, lower-case address."""
        c = validators.clean_text
        return dataclasses.replace(
            self,
            given_name=c(self.given_name),
            family_name=c(self.family_name),
            mobile=validators.normalise_mobile(self.mobile),
            no_mobile_reason="" if self.mobile.strip() else self.no_mobile_reason,
            abha_number=abha.digits_of(self.abha_number),
            abha_address=abha.normalise_address(self.abha_address),
            district=c(self.district),
            locality=c(self.locality),
            address_line=c(self.address_line),
            pin=self.pin.strip().replace(" ", ""),
            guardian_name=c(self.guardian_name),
            guardian_relation=self.guardian_relation.strip(),
        )


def validate(patient: Patient, today: date) -> list[Issue]:
    """Every issue with a registration; errors block saving, warnings do not."""
    p = patient.normalised()
    issues: list[Issue] = []
    issues += validators.check_name(p.given_name, "given_name")
    issues += validators.check_name(p.family_name, "family_name", required=False)
    issues += validators.check_sex(p.sex)
    birth_issues = validators.check_birth_date(p.birth_date, today)
    issues += birth_issues
    issues += validators.check_mobile(p.mobile, p.no_mobile_reason)
    issues += abha.check_number(p.abha_number)
    issues += abha.check_address(p.abha_address)
    if p.state_lgd is None:
        issues.append(error("state", "address.state_required"))
    elif regions.by_lgd(p.state_lgd) is None:
        issues.append(error("state", "address.state_unknown"))
    issues += validators.check_required(p.district, "district", "address.district_required")
    issues += validators.check_required(p.locality, "locality", "address.locality_required")
    issues += validators.check_length(p.address_line, "address_line", 200)
    issues += validators.check_pin(p.pin)
    minor = not birth_issues and p.is_minor(today)
    issues += validators.check_guardian(p.guardian_name, p.guardian_relation, minor)
    if p.guardian_relation and p.guardian_relation not in RELATIONS:
        issues.append(error("guardian_relation", "guardian.relation_unknown"))
    return issues
