"""The doctor's view of one consult, read from the hub's OPConsultRecord document Bundle.

``parse_review(bundle, today)`` turns ``GET /consults/{id}/fhir`` into a ``ConsultReview``
of frozen dataclasses: demographics, flagged vitals, complaints, history, consent, and the
attachments and recordings to fetch. Anything missing or malformed becomes an empty part
(``None`` or an empty tuple), never an exception: the doctor sees what there is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from desktop.core import vitals as vital_rules

Json = dict[str, Any]

LOINC = "http://loinc.org"
ABHA_SYSTEM = "https://healthid.abdm.gov.in"
ABHA_ADDRESS_SYSTEM = "https://healthid.abdm.gov.in/abha-address"
BLOB_URL = "urn:spoke-clinic:blob:"
RECORDING_SYSTEM = "urn:spoke-clinic:recording"
SEGMENT_EXTENSION = "urn:spoke-clinic:segment"
DURATION_EXTENSION = "urn:spoke-clinic:complaint-duration"

# LOINC code -> the name core.vitals knows it by (its limits and normal ranges).
VITAL_NAMES: dict[str, str] = {
    "8480-6": "systolic",
    "8462-4": "diastolic",
    "8867-4": "pulse",
    "8310-5": "temperature_c",
    "59408-5": "spo2",
    "2708-6": "spo2",
    "9279-1": "respiratory_rate",
    "29463-7": "weight_kg",
    "8302-2": "height_cm",
    "2339-0": "glucose_random",
    "39156-5": "bmi",
}
# The order a doctor reads vitals in.
VITAL_ORDER = (
    "systolic",
    "diastolic",
    "pulse",
    "temperature_c",
    "spo2",
    "respiratory_rate",
    "glucose_random",
    "weight_kg",
    "height_cm",
    "bmi",
)


class MediaFetcher(Protocol):
    """Where the doctor's copies of attachments and recordings come from (the hub,
    re-encrypted to the doctor's device key, decrypted in memory). Called on a worker
    thread, never on the UI thread; the bytes are kept in memory only."""

    def fetch(self, upload_id: str) -> bytes: ...


class Flag(StrEnum):
    NORMAL = "normal"
    LOW = "low"
    HIGH = "high"


class AllergyState(StrEnum):
    """Allergies recorded (a list), recorded as none, or never asked: three different
    things for a prescriber."""

    RECORDED = "recorded"
    NONE_KNOWN = "none_known"
    NOT_RECORDED = "not_recorded"


class MediaKind(StrEnum):
    IMAGE = "image"
    PDF = "pdf"
    VIDEO = "video"
    AUDIO = "audio"
    OTHER = "other"


@dataclass(frozen=True)
class Demographics:
    name: str = ""
    sex: str = ""  # FHIR gender code: male, female, other, unknown
    age_years: int | None = None
    age_estimated: bool = False  # only the birth year is known
    birth_date: str = ""
    abha_number: str = ""
    abha_address: str = ""
    patient_code: str = ""
    district: str = ""
    state: str = ""


@dataclass(frozen=True)
class VitalReading:
    name: str  # a core.vitals name, or "bmi"
    value: float
    unit: str
    flag: Flag = Flag.NORMAL
    normal_low: float | None = None
    normal_high: float | None = None
    time: str = ""

    @property
    def flagged(self) -> bool:
        return self.flag is not Flag.NORMAL


@dataclass(frozen=True)
class Complaint:
    text: str  # in the patient's words, as the operator typed them
    codes: tuple[str, ...] = ()  # picker codes (core.consult.COMMON_COMPLAINTS)
    duration_value: float | None = None
    duration_unit: str = ""  # hours, days, weeks, months, years
    onset: str = ""  # the duration as free text when it is not a structured one


@dataclass(frozen=True)
class ConsentRecord:
    kind: str  # teleconsultation | recording | other
    granted: bool
    given_by: str  # "patient" or the guardian's name
    by_guardian: bool
    recorded_by: str
    recorded_at: str


@dataclass(frozen=True)
class MediaRef:
    """One file the hub holds: ``upload_id`` is what the media fetcher asks for."""

    upload_id: str
    content_type: str
    title: str = ""
    size: int | None = None
    created: str = ""
    sha256: str = ""

    @property
    def kind(self) -> MediaKind:
        return media_kind(self.content_type)


@dataclass(frozen=True)
class Segment:
    media: MediaRef
    index: int
    start: float | None = None  # seconds on the recording clock, when known
    duration: float | None = None


@dataclass(frozen=True)
class Recording:
    recording_id: str
    title: str
    segments: tuple[Segment, ...]
    created: str = ""

    @property
    def duration(self) -> float | None:
        if not self.segments or any(s.duration is None for s in self.segments):
            return None
        return sum(float(s.duration or 0.0) for s in self.segments)


@dataclass(frozen=True)
class ConsultReview:
    consult_id: str = ""
    status: str = ""
    date: str = ""
    spoke: str = ""
    doctor: str = ""
    patient: Demographics = Demographics()
    vitals: tuple[VitalReading, ...] = ()
    complaints: tuple[Complaint, ...] = ()
    conditions: tuple[str, ...] = ()
    allergy_state: AllergyState = AllergyState.NOT_RECORDED
    allergies: tuple[str, ...] = ()
    medicines: tuple[str, ...] = ()
    consents: tuple[ConsentRecord, ...] = ()
    attachments: tuple[MediaRef, ...] = ()
    recordings: tuple[Recording, ...] = ()

    @property
    def flagged_vitals(self) -> tuple[VitalReading, ...]:
        return tuple(v for v in self.vitals if v.flagged)


# Words an operator types for "asked, and there are none".
_NONE_KNOWN = frozenset(
    {"none", "nil", "no", "nkda", "nka", "no known allergies", "no known allergy", "na", "-"}
)
_NONE_KNOWN_HI = frozenset({"कोई नहीं", "नहीं", "कोई एलर्जी नहीं"})


def media_kind(content_type: str) -> MediaKind:
    ctype = content_type.split(";")[0].strip().lower()
    if ctype.startswith("image/"):
        return MediaKind.IMAGE
    if ctype == "application/pdf":
        return MediaKind.PDF
    if ctype.startswith("video/"):
        return MediaKind.VIDEO
    if ctype.startswith("audio/"):
        return MediaKind.AUDIO
    return MediaKind.OTHER


# -- small tolerant readers ------------------------------------------------------------
def _dict(value: Any) -> Json:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if number == number and abs(number) != float("inf") else None


def _codings(concept: Any) -> Iterator[Json]:
    for coding in _list(_dict(concept).get("coding")):
        if isinstance(coding, dict):
            yield coding


def _codes(concept: Any) -> list[str]:
    return [code for c in _codings(concept) if (code := _str(c.get("code")))]


def _text(concept: Any) -> str:
    concept = _dict(concept)
    text = _str(concept.get("text"))
    if text:
        return text
    for c in _codings(concept):
        if display := _str(c.get("display")):
            return display
    return ""


def resources(bundle: Any) -> list[Json]:
    """The resources of a Bundle (entries that hold one), in order."""
    out = []
    for entry in _list(_dict(bundle).get("entry")):
        res = _dict(entry).get("resource") if isinstance(entry, dict) else None
        if isinstance(res, dict) and isinstance(res.get("resourceType"), str):
            out.append(res)
    return out


def _of(items: Iterable[Json], rtype: str) -> list[Json]:
    return [r for r in items if r.get("resourceType") == rtype]


# -- demographics ----------------------------------------------------------------------
def _age(birth: str, today: date) -> tuple[int | None, bool]:
    parts = birth.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2][:2]) if len(parts) > 2 else None
    except ValueError:
        return None, False
    if month is None:
        return max(0, today.year - year), True
    try:
        born = date(year, month, day or 1)
    except ValueError:
        return None, False
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return max(0, years), day is None


def demographics(patient: Json, today: date) -> Demographics:
    names = [n for n in _list(patient.get("name")) if isinstance(n, dict)]
    name = ""
    if names:
        first = names[0]
        name = (
            _str(first.get("text"))
            or " ".join(
                [*(_str(g) for g in _list(first.get("given"))), _str(first.get("family"))]
            ).strip()
        )
    number = address = code = ""
    for ident in _list(patient.get("identifier")):
        ident = _dict(ident)
        system, value = _str(ident.get("system")), _str(ident.get("value"))
        types = set(_codes(ident.get("type")))
        if system == ABHA_ADDRESS_SYSTEM or "ABHAAddress" in types:
            address = address or value
        elif system == ABHA_SYSTEM or "ABHA" in types:
            number = number or value
        elif "MR" in types:
            code = code or value
    birth = _str(patient.get("birthDate"))
    age, estimated = _age(birth, today) if birth else (None, False)
    place = _dict(next(iter(_list(patient.get("address"))), {}))
    return Demographics(
        name=name,
        sex=_str(patient.get("gender")),
        age_years=age,
        age_estimated=estimated,
        birth_date=birth,
        abha_number=number,
        abha_address=address,
        patient_code=code,
        district=_str(place.get("district")),
        state=_str(place.get("state")),
    )


# -- vitals ----------------------------------------------------------------------------
def reading(name: str, value: float, unit: str, age: int | None, time: str = "") -> VitalReading:
    """One measurement flagged against core.vitals' normal range for the patient's age."""
    band = vital_rules.band_for(age)
    if name == "bmi":
        low, high = vital_rules.BMI_NORMAL
    elif name in vital_rules.LIMITS:
        low, high = vital_rules.normal_range(name, band)
        unit = unit or vital_rules.LIMITS[name].unit
    else:
        return VitalReading(name, value, unit, time=time)
    if name == "bmi" and band is not vital_rules.Band.ADULT:
        return VitalReading(name, value, unit, time=time)  # adult ranges mean nothing here
    flag = Flag.LOW if value < low else Flag.HIGH if value > high else Flag.NORMAL
    limits = vital_rules.LIMITS.get(name)
    if limits is not None and (low, high) == (limits.lo, limits.hi):
        return VitalReading(name, value, unit, time=time)  # no normal range (weight, height)
    return VitalReading(name, value, unit, flag, low, high, time)


def _quantity(node: Json) -> tuple[float | None, str]:
    q = _dict(node.get("valueQuantity"))
    return _num(q.get("value")), _str(q.get("unit")) or _str(q.get("code"))


def vital_readings(observations: Iterable[Json], age: int | None) -> tuple[VitalReading, ...]:
    """Every vital of the consult, one per name (the latest wins), in reading order."""
    found: dict[str, VitalReading] = {}
    for obs in observations:
        time = _str(obs.get("effectiveDateTime"))
        parts = [obs, *(c for c in _list(obs.get("component")) if isinstance(c, dict))]
        for part in parts:
            value, unit = _quantity(part)
            names = [VITAL_NAMES[c] for c in _codes(part.get("code")) if c in VITAL_NAMES]
            if value is None or not names:
                continue
            found[names[0]] = reading(names[0], value, unit, age, time)
    return tuple(found[n] for n in VITAL_ORDER if n in found)


# -- history ---------------------------------------------------------------------------
def _category_codes(res: Json) -> set[str]:
    return {code for cat in _list(res.get("category")) for code in _codes(cat)}


def _complaint(res: Json) -> Complaint:
    value: float | None = None
    unit = ""
    for ext in _list(res.get("extension")):
        ext = _dict(ext)
        if _str(ext.get("url")) == DURATION_EXTENSION:
            dur = _dict(ext.get("valueDuration"))
            value, unit = _num(dur.get("value")), _str(dur.get("unit"))
    codes = tuple(c for c in _codes(res.get("code")) if c)
    return Complaint(_text(res.get("code")), codes, value, unit, _str(res.get("onsetString")))


def _reason_complaints(encounter: Json) -> list[Complaint]:
    """An Encounter's reasons, when no chief-complaint Condition says more."""
    codes: list[str] = []
    texts: list[str] = []
    for reason in _list(encounter.get("reasonCode")):
        codes += _codes(reason)
        if text := _str(_dict(reason).get("text")):
            texts.append(text)
    if not codes and not texts:
        return []
    return [Complaint("; ".join(texts), tuple(codes))]


def _allergies(items: list[Json]) -> tuple[AllergyState, tuple[str, ...]]:
    if not items:
        return AllergyState.NOT_RECORDED, ()
    # SNOMED 716186003 "No known allergy" is how a coded record says none.
    coded_none = {"716186003", "409137002"}
    texts = [
        t
        for res in items
        if not coded_none & set(_codes(res.get("code")))
        if (t := _text(res.get("code")))
    ]
    real = [t for t in texts if t.lower() not in _NONE_KNOWN and t not in _NONE_KNOWN_HI]
    if not real:
        return AllergyState.NONE_KNOWN, ()
    return AllergyState.RECORDED, tuple(real)


# -- consent ---------------------------------------------------------------------------
def consent_record(res: Json) -> ConsentRecord:
    scopes = set(_codes(res.get("scope")))
    kind = (
        "teleconsultation"
        if "treatment" in scopes
        else "recording"
        if "patient-privacy" in scopes
        else "other"
    )
    provision = _dict(res.get("provision"))
    performer = _dict(next(iter(_list(res.get("performer"))), {}))
    patient_ref = _str(performer.get("reference"))
    guardian = "" if patient_ref else _str(performer.get("display"))
    verification = _dict(next(iter(_list(res.get("verification"))), {}))
    return ConsentRecord(
        kind=kind,
        granted=_str(provision.get("type")) != "deny",
        given_by=guardian or "patient",
        by_guardian=bool(guardian),
        recorded_by=_str(_dict(verification.get("verifiedWith")).get("display")),
        recorded_at=_str(res.get("dateTime")) or _str(verification.get("verificationDate")),
    )


# -- attachments and recordings --------------------------------------------------------
def upload_id(url: str) -> str:
    """What names the file at the hub: a spoke blob URN's id, an ``.../uploads/{id}``
    URL's id, or the URL itself."""
    if url.startswith(BLOB_URL):
        return url[len(BLOB_URL) :]
    parts = [p for p in url.split("/") if p]
    if "uploads" in parts and parts.index("uploads") + 1 < len(parts):
        return parts[parts.index("uploads") + 1]
    return url


def _media(attachment: Json, doc: Json) -> MediaRef | None:
    url = _str(attachment.get("url"))
    if not url:
        return None
    sha = next(
        (
            _str(_dict(i).get("value"))
            for i in _list(doc.get("identifier"))
            if _str(_dict(i).get("system")).endswith("sha256")
        ),
        "",
    )
    size = _num(attachment.get("size"))
    return MediaRef(
        upload_id=upload_id(url),
        content_type=_str(attachment.get("contentType")) or "application/octet-stream",
        title=_str(attachment.get("title")) or _str(doc.get("description")),
        size=int(size) if size is not None else None,
        created=_str(attachment.get("creation")) or _str(doc.get("date")),
        sha256=sha,
    )


def _segment_info(node: Json) -> tuple[int | None, float | None, float | None]:
    for ext in _list(node.get("extension")):
        ext = _dict(ext)
        if _str(ext.get("url")) != SEGMENT_EXTENSION:
            continue
        parts = {
            _str(_dict(e).get("url")): _dict(e) for e in _list(ext.get("extension"))
        }  # complex extension: index, start, duration
        index = _num(_dict(parts.get("index")).get("valueInteger"))
        start = _num(_dict(parts.get("start")).get("valueDecimal"))
        duration = _num(_dict(parts.get("duration")).get("valueDecimal"))
        return (int(index) if index is not None else None), start, duration
    return None, None, None


def _recording_id(doc: Json) -> str:
    for ident in _list(doc.get("identifier")):
        ident = _dict(ident)
        if _str(ident.get("system")) == RECORDING_SYSTEM:
            return _str(ident.get("value"))
    return ""


def media_of(documents: Iterable[Json]) -> tuple[tuple[MediaRef, ...], tuple[Recording, ...]]:
    """Attachments (pictures, PDFs, other files) and recordings (video or audio).

    A recording is one DocumentReference whose contents are its segments in order, or
    several sharing a ``urn:spoke-clinic:recording`` identifier; a segment extension
    (index, start, duration) on a content or on the resource orders them when present."""
    attachments: list[MediaRef] = []
    groups: dict[str, list[tuple[int, int, Segment]]] = {}
    titles: dict[str, tuple[str, str]] = {}
    for n, doc in enumerate(documents):
        rec_id = _recording_id(doc) or _str(doc.get("id")) or f"#{n}"
        for i, content in enumerate(_list(doc.get("content"))):
            content = _dict(content)
            media = _media(_dict(content.get("attachment")), doc)
            if media is None:
                continue
            if media.kind not in (MediaKind.VIDEO, MediaKind.AUDIO):
                attachments.append(media)
                continue
            index, start, duration = _segment_info(content)
            if index is None:
                index, start, duration = _segment_info(doc)
            order = index if index is not None else i
            seg = Segment(media, order, start, duration)
            groups.setdefault(rec_id, []).append((order, n * 10_000 + i, seg))
            titles.setdefault(rec_id, (_str(doc.get("description")) or media.title, media.created))
    recordings = []
    for rec_id, items in groups.items():
        items.sort(key=lambda t: (t[0], t[1]))
        segments = tuple(
            Segment(s.media, k, s.start, s.duration) for k, (_, _, s) in enumerate(items)
        )
        title, created = titles[rec_id]
        recordings.append(Recording(rec_id, title, segments, created))
    return tuple(attachments), tuple(recordings)


# -- the whole review ------------------------------------------------------------------
def _composition_date(items: list[Json]) -> tuple[str, str]:
    comp = next(iter(_of(items, "Composition")), {})
    return _str(comp.get("date")), _str(comp.get("status"))


def parse_review(bundle: Any, today: date | None = None) -> ConsultReview:
    """The doctor's review of one consult from its OPConsultRecord Bundle (never raises)."""
    today = today or datetime.now().date()
    items = resources(bundle)
    patient = demographics(next(iter(_of(items, "Patient")), {}), today)
    conditions = _of(items, "Condition")
    complaints = [_complaint(c) for c in conditions if "encounter-diagnosis" in _category_codes(c)]
    if not complaints:
        for enc in _of(items, "Encounter"):
            complaints += _reason_complaints(enc)
    known = tuple(
        t
        for c in conditions
        if "encounter-diagnosis" not in _category_codes(c)
        if (t := _text(c.get("code")))
    )
    state, allergy_list = _allergies(_of(items, "AllergyIntolerance"))
    medicines = tuple(
        t
        for m in _of(items, "MedicationStatement")
        if (t := _text(m.get("medicationCodeableConcept")))
    )
    attachments, recordings = media_of(_of(items, "DocumentReference"))
    when, status = _composition_date(items)
    spoke = next((_str(o.get("name")) for o in _of(items, "Organization")), "")
    doctor = next(
        (
            _str(_dict(n).get("text"))
            for p in _of(items, "Practitioner")
            for n in _list(p.get("name"))
        ),
        "",
    )
    consult_id = _str(_dict(_dict(bundle).get("identifier")).get("value"))
    return ConsultReview(
        consult_id=consult_id.removeprefix("urn:uuid:"),
        status=status,
        date=when,
        spoke=spoke,
        doctor=doctor,
        patient=patient,
        vitals=vital_readings(_of(items, "Observation"), patient.age_years),
        complaints=tuple(complaints),
        conditions=known,
        allergy_state=state,
        allergies=allergy_list,
        medicines=medicines,
        consents=tuple(consent_record(c) for c in _of(items, "Consent")),
        attachments=attachments,
        recordings=recordings,
    )
