"""What a printed prescription (and its referral slip) says, in Hindi and English side by
side, built from the signed content: the page is always bilingual whatever the app's
language, so its fixed words live here as pairs (like protocol.dosage's directions), not in
the app's translation catalogue. The UI only lays these lines out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.core import abha
from protocol import dosage

# (Hindi, English) for each fixed word on the paper.
LABELS: dict[str, tuple[str, str]] = {
    "title": ("ई-प्रिस्क्रिप्शन", "e-Prescription"),
    "referral_title": ("रेफ़रल पर्ची", "Referral slip"),
    "patient": ("रोगी", "Patient"),
    "age_sex": ("आयु / लिंग", "Age / Sex"),
    "abha": ("आभा संख्या", "ABHA number"),
    "date": ("दिनांक", "Date"),
    "diagnosis": ("निदान", "Diagnosis"),
    "medicines": ("दवाइयाँ", "Medicines"),
    "directions": ("कैसे लें", "How to take"),
    "duration": ("अवधि", "Duration"),
    "investigations": ("जाँचें", "Investigations"),
    "advice": ("सलाह", "Advice"),
    "follow_up": ("दोबारा दिखाएँ", "Follow-up on"),
    "referral": ("रेफ़र किया गया", "Referred to"),
    "referral_heading": ("रेफ़रल", "Referral"),
    "reason": ("कारण", "Reason"),
    "urgency": ("तात्कालिकता", "Urgency"),
    "doctor": ("चिकित्सक", "Doctor"),
    "registration": ("पंजीकरण संख्या", "Registration no."),
    "signed": (
        "डिजिटल हस्ताक्षरित: क्यूआर कोड स्कैन करके जाँचें",
        "Digitally signed: scan the QR code to verify",
    ),
    "corrects": ("यह पिछले पर्चे का सुधार है", "This corrects an earlier prescription"),
    "referring_facility": ("भेजने वाला केंद्र", "Referring facility"),
    "free_text": ("सूची से बाहर", "not from the formulary"),
}
SEXES: dict[str, tuple[str, str]] = {
    "male": ("पुरुष", "male"),
    "female": ("महिला", "female"),
    "other": ("अन्य", "other"),
}
URGENCIES: dict[str, tuple[str, str]] = {
    "routine": ("सामान्य", "routine"),
    "urgent": ("जल्दी", "urgent"),
    "emergency": ("आपातकालीन", "emergency"),
}


def pair(key: str) -> str:
    """A fixed word as it is printed: "हिंदी / English"."""
    hi, en = LABELS[key]
    return f"{hi} / {en}"


def dmy(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def iso_to_dmy(text: str) -> str:
    try:
        return dmy(date.fromisoformat(text))
    except ValueError:
        return text


def directions(frequency: str, timing: str) -> str:
    """ "1-0-1, दिन में दो बार / twice a day, खाने के बाद / after food"."""
    parts = [frequency]
    for hi, en in (
        (dosage.frequency_words(frequency, "hi"), dosage.frequency_words(frequency, "en")),
        (dosage.timing_words(timing, "hi"), dosage.timing_words(timing, "en")),
    ):
        if en:
            parts.append(f"{hi} / {en}")
    return ", ".join(p for p in parts if p)


def duration(days: int) -> str:
    if days <= 0:
        return ""
    return f"{days} दिन / {days} day" + ("s" if days != 1 else "")


@dataclass(frozen=True)
class MedicineLine:
    name: str  # "Paracetamol 500 mg tablet"
    dose: str
    directions: str
    duration: str
    route: str
    instructions: str
    free_text: bool


@dataclass(frozen=True)
class PrintSheet:
    facility_name: str
    facility_place: str
    patient_name: str
    age_sex: str
    abha_number: str
    written_on: str  # DD-MM-YYYY
    diagnosis: str
    medicines: tuple[MedicineLine, ...]
    investigations: tuple[str, ...]
    advice: str
    follow_up: str  # DD-MM-YYYY or ""
    referral_facility: str
    referral_reason: str
    referral_urgency: str
    doctor_name: str
    doctor_qualification: str
    registration: str  # "MPMC-12345 (Madhya Pradesh Medical Council)"
    corrects: bool
    prescription_id: str


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _age_sex(birth: date | None, sex: str, today: date) -> str:
    hi_sex, en_sex = SEXES.get(sex, ("", sex))
    if birth is None:
        age = ""
    else:
        years = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        age = f"{years} वर्ष / {years} years" if years >= 1 else ""
    return " · ".join(p for p in (age, f"{hi_sex} / {en_sex}" if en_sex else "") if p)


def _medicine(row: Any) -> MedicineLine | None:
    if not isinstance(row, dict) or not _text(row.get("name")):
        return None
    name = " ".join(p for p in (_text(row.get(k)) for k in ("name", "strength", "form")) if p)
    days = row.get("duration_days")
    return MedicineLine(
        name=name,
        dose=_text(row.get("dose")),
        directions=directions(_text(row.get("frequency")), _text(row.get("timing"))),
        duration=duration(days if isinstance(days, int) else 0),
        route=_text(row.get("route")),
        instructions=_text(row.get("instructions")),
        free_text=not _text(row.get("formulary_id")),
    )


def build(
    content: dict[str, Any],
    *,
    prescription_id: str,
    written: date,
    today: date,
    patient_name: str,
    birth_date: date | None,
    sex: str,
    abha_number: str,
    facility_name: str,
    facility_place: str,
) -> PrintSheet:
    """The sheet of one signed prescription (content v2; missing parts print empty)."""
    diagnosis = content.get("diagnosis")
    diag = _text(diagnosis.get("text")) if isinstance(diagnosis, dict) else _text(diagnosis)
    code = _text(diagnosis.get("code")) if isinstance(diagnosis, dict) else ""
    if code:
        diag = f"{diag} ({code})"
    raw_meds = content.get("medications")
    meds = tuple(m for m in map(_medicine, raw_meds if isinstance(raw_meds, list) else []) if m)
    raw_inv = content.get("investigations")
    inv = tuple(_text(i) for i in (raw_inv if isinstance(raw_inv, list) else []) if _text(i))
    ref = content.get("referral")
    ref = ref if isinstance(ref, dict) else {}
    urgency = URGENCIES.get(_text(ref.get("urgency")))
    who = content.get("prescriber")
    who = who if isinstance(who, dict) else {}
    reg, council = _text(who.get("registration_number")), _text(who.get("council"))
    follow = _text(content.get("follow_up_date"))
    return PrintSheet(
        facility_name=facility_name,
        facility_place=facility_place,
        patient_name=patient_name,
        age_sex=_age_sex(birth_date, sex, today),
        abha_number=abha.format_number(abha_number) if abha_number else "",
        written_on=dmy(written),
        diagnosis=diag,
        medicines=meds,
        investigations=inv,
        advice=_text(content.get("advice")),
        follow_up=iso_to_dmy(follow) if follow else "",
        referral_facility=_text(ref.get("facility")),
        referral_reason=_text(ref.get("reason")),
        referral_urgency=f"{urgency[0]} / {urgency[1]}" if urgency else "",
        doctor_name=_text(who.get("name")),
        doctor_qualification=_text(who.get("qualification")),
        registration=f"{reg} ({council})" if council else reg,
        corrects=bool(_text(content.get("replaces"))),
        prescription_id=prescription_id,
    )
