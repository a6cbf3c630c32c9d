"""Translated text for what desktop.core reports as codes: validation messages, QR errors,
and the labels of core vocabularies (sex, relations, complaints, specialties, ...).

Core stays language-free; every user-visible sentence lives here, marked for lupdate with
QT_TRANSLATE_NOOP and translated at display time.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from desktop.core.issues import Issue

CONTEXT = "Messages"
LABELS = "Labels"

MESSAGES: dict[str, object] = {
    "stock.quantity_required": QT_TRANSLATE_NOOP(
        "Messages", "Type a quantity: a whole number, 0 or more."
    ),
    "stock.quantity_negative": QT_TRANSLATE_NOOP(
        "Messages", "A quantity cannot be below 0: stock never goes below zero."
    ),
    "stock.quantity_not_whole": QT_TRANSLATE_NOOP(
        "Messages", "A quantity is a whole number (0, 1, 2 ...), without decimals or letters."
    ),
    "stock.quantity_too_large": QT_TRANSLATE_NOOP(
        "Messages", "A quantity cannot be more than {maximum}."
    ),
    "stock.not_enough": QT_TRANSLATE_NOOP(
        "Messages", "Only {available} in stock: more cannot be given, stock never goes below zero."
    ),
    "stock.unknown_item": QT_TRANSLATE_NOOP(
        "Messages", "This medicine is no longer in the stock list. Open the Stock page again."
    ),
    "stock.unknown_medicine": QT_TRANSLATE_NOOP(
        "Messages", "This medicine is not on the prescription."
    ),
    "abha.address_characters": QT_TRANSLATE_NOOP(
        "Messages", "Use only English letters, digits and dots."
    ),
    "abha.address_domain": QT_TRANSLATE_NOOP("Messages", "An ABHA address ends in @abdm."),
    "abha.address_dot_at_end": QT_TRANSLATE_NOOP(
        "Messages", "An ABHA address cannot start or end with a dot."
    ),
    "abha.address_leading_digit": QT_TRANSLATE_NOOP(
        "Messages", "An ABHA address cannot start with a digit."
    ),
    "abha.address_too_long": QT_TRANSLATE_NOOP(
        "Messages", "An ABHA address has at most {maximum} characters before the @."
    ),
    "abha.address_too_short": QT_TRANSLATE_NOOP(
        "Messages", "An ABHA address has at least {minimum} characters before the @."
    ),
    "abha.number_checksum": QT_TRANSLATE_NOOP(
        "Messages", "Please check this ABHA number against the card: the check digit differs."
    ),
    "abha.number_length": QT_TRANSLATE_NOOP(
        "Messages", "An ABHA number has {expected} digits; this one has {got}."
    ),
    "abha.number_not_digits": QT_TRANSLATE_NOOP("Messages", "An ABHA number has only digits."),
    "address.district_required": QT_TRANSLATE_NOOP("Messages", "Enter the district."),
    "address.locality_required": QT_TRANSLATE_NOOP("Messages", "Enter the village or town."),
    "address.state_required": QT_TRANSLATE_NOOP("Messages", "Choose the state."),
    "address.state_unknown": QT_TRANSLATE_NOOP("Messages", "Choose a state from the list."),
    "age.months_range": QT_TRANSLATE_NOOP("Messages", "Months must be 0 to 11."),
    "age.required": QT_TRANSLATE_NOOP("Messages", "Enter the date of birth or the age."),
    "age.years_range": QT_TRANSLATE_NOOP("Messages", "Age must be 0 to {maximum} years."),
    "birth.future": QT_TRANSLATE_NOOP("Messages", "The date of birth is in the future."),
    "birth.required": QT_TRANSLATE_NOOP("Messages", "Enter the date of birth or the age."),
    "birth.too_old": QT_TRANSLATE_NOOP("Messages", "That is more than {maximum} years ago."),
    "consent.guardian_mismatch": QT_TRANSLATE_NOOP(
        "Messages", "For a child, consent must come from the guardian named at registration."
    ),
    "consent.guardian_name_required": QT_TRANSLATE_NOOP(
        "Messages", "Enter the name of the guardian giving consent."
    ),
    "consent.minor_needs_guardian": QT_TRANSLATE_NOOP(
        "Messages", "The patient is a minor: the guardian gives consent."
    ),
    "consent.operator_required": QT_TRANSLATE_NOOP("Messages", "Sign in before recording consent."),
    "consent.teleconsultation_required": QT_TRANSLATE_NOOP(
        "Messages", "No consent, no consult: record consent to the teleconsultation."
    ),
    "consent.time_not_utc": QT_TRANSLATE_NOOP("Messages", "The consent time is not valid."),
    "consult.addendum_empty": QT_TRANSLATE_NOOP("Messages", "Write the addendum first."),
    "consult.complaint_required": QT_TRANSLATE_NOOP("Messages", "Enter at least one complaint."),
    "consult.duration_range": QT_TRANSLATE_NOOP("Messages", "Duration must be 1 to 999."),
    "consult.duration_unit": QT_TRANSLATE_NOOP("Messages", "Choose a unit for the duration."),
    "consult.specialty_required": QT_TRANSLATE_NOOP("Messages", "Choose the specialty to consult."),
    "guardian.relation_required": QT_TRANSLATE_NOOP(
        "Messages", "A minor needs a guardian: choose the relation."
    ),
    "guardian.relation_unknown": QT_TRANSLATE_NOOP("Messages", "Choose a relation from the list."),
    "mobile.first_digit": QT_TRANSLATE_NOOP(
        "Messages", "A mobile number starts with 6, 7, 8 or 9."
    ),
    "mobile.length": QT_TRANSLATE_NOOP(
        "Messages", "A mobile number has 10 digits; this has {got}."
    ),
    "mobile.not_digits": QT_TRANSLATE_NOOP("Messages", "A mobile number has only digits."),
    "mobile.reason_required": QT_TRANSLATE_NOOP(
        "Messages", "Enter a mobile number, or choose why there is none."
    ),
    "name.characters": QT_TRANSLATE_NOOP(
        "Messages", "Use letters in English or Hindi (Devanagari) only."
    ),
    "name.digits": QT_TRANSLATE_NOOP("Messages", "A name cannot contain digits."),
    "name.mixed_scripts": QT_TRANSLATE_NOOP(
        "Messages", "Write the name in one script: English or Hindi."
    ),
    "name.required": QT_TRANSLATE_NOOP("Messages", "Enter the name."),
    "name.too_long": QT_TRANSLATE_NOOP("Messages", "At most {maximum} characters."),
    "pin.first_digit": QT_TRANSLATE_NOOP("Messages", "A PIN code starts with a digit from 1 to 8."),
    "pin.format": QT_TRANSLATE_NOOP("Messages", "A PIN code has 6 digits."),
    "pin.required": QT_TRANSLATE_NOOP("Messages", "Enter the PIN code."),
    "qr.bad_abha_number": QT_TRANSLATE_NOOP(
        "Messages", "This QR has an ABHA number that is not valid."
    ),
    "qr.no_code_found": QT_TRANSLATE_NOOP(
        "Messages", "No QR code found. Hold the card flat and fill the frame."
    ),
    "qr.not_abha": QT_TRANSLATE_NOOP("Messages", "This QR code is not from an ABHA card."),
    "qr.not_an_image": QT_TRANSLATE_NOOP("Messages", "This file is not a picture."),
    "qr.not_json": QT_TRANSLATE_NOOP("Messages", "This QR code is not from an ABHA card."),
    "sex.required": QT_TRANSLATE_NOOP("Messages", "Choose female, male or other."),
    "text.too_long": QT_TRANSLATE_NOOP("Messages", "At most {maximum} characters."),
    "vitals.bmi_impossible": QT_TRANSLATE_NOOP(
        "Messages", "Weight and height give a BMI of {bmi}: check both."
    ),
    "vitals.bp_incomplete": QT_TRANSLATE_NOOP("Messages", "Enter both systolic and diastolic."),
    "vitals.bp_gap": QT_TRANSLATE_NOOP(
        "Messages",
        "Not possible: {gap} mmHg between the two (at most {maximum}). Check both.",
    ),
    "vitals.bp_order": QT_TRANSLATE_NOOP(
        "Messages",
        "Not possible: diastolic ({diastolic}) must be below systolic ({systolic}).",
    ),
    "vitals.high": QT_TRANSLATE_NOOP("Messages", "High (normal {low}–{high})"),
    "vitals.impossible": QT_TRANSLATE_NOOP(
        "Messages", "Not possible: enter a value from {low} to {high}."
    ),
    "vitals.low": QT_TRANSLATE_NOOP("Messages", "Low (normal {low}–{high})"),
    "vitals.numbers_only": QT_TRANSLATE_NOOP("Messages", "Numbers only (for example 98 or 36.5)."),
    "vitals.looks_fahrenheit": QT_TRANSLATE_NOOP(
        "Messages", "This looks like °F. Switch the unit to °F, or enter °C ({low}–{high})."
    ),
    "vitals.looks_celsius": QT_TRANSLATE_NOOP(
        "Messages", "This looks like °C. Switch the unit to °C, or enter °F ({low}–{high})."
    ),
}

VOCABULARY: dict[str, object] = {
    # sex
    "female": QT_TRANSLATE_NOOP("Labels", "Female"),
    "male": QT_TRANSLATE_NOOP("Labels", "Male"),
    "other": QT_TRANSLATE_NOOP("Labels", "Other"),
    # relations
    "mother": QT_TRANSLATE_NOOP("Labels", "Mother"),
    "father": QT_TRANSLATE_NOOP("Labels", "Father"),
    "spouse": QT_TRANSLATE_NOOP("Labels", "Spouse"),
    "son": QT_TRANSLATE_NOOP("Labels", "Son"),
    "daughter": QT_TRANSLATE_NOOP("Labels", "Daughter"),
    "sibling": QT_TRANSLATE_NOOP("Labels", "Brother or sister"),
    "grandparent": QT_TRANSLATE_NOOP("Labels", "Grandparent"),
    # no mobile reasons
    "none_owned": QT_TRANSLATE_NOOP("Labels", "Has no phone"),
    "declined": QT_TRANSLATE_NOOP("Labels", "Did not want to give it"),
    "shared_unknown": QT_TRANSLATE_NOOP("Labels", "Shared phone, number not known"),
    # complaints
    "fever": QT_TRANSLATE_NOOP("Labels", "Fever"),
    "cough": QT_TRANSLATE_NOOP("Labels", "Cough"),
    "breathlessness": QT_TRANSLATE_NOOP("Labels", "Breathlessness"),
    "chest_pain": QT_TRANSLATE_NOOP("Labels", "Chest pain"),
    "headache": QT_TRANSLATE_NOOP("Labels", "Headache"),
    "abdominal_pain": QT_TRANSLATE_NOOP("Labels", "Abdominal pain"),
    "vomiting": QT_TRANSLATE_NOOP("Labels", "Vomiting"),
    "diarrhoea": QT_TRANSLATE_NOOP("Labels", "Diarrhoea"),
    "body_ache": QT_TRANSLATE_NOOP("Labels", "Body ache"),
    "joint_pain": QT_TRANSLATE_NOOP("Labels", "Joint pain"),
    "skin_rash": QT_TRANSLATE_NOOP("Labels", "Skin rash"),
    "itching": QT_TRANSLATE_NOOP("Labels", "Itching"),
    "ear_pain": QT_TRANSLATE_NOOP("Labels", "Ear pain"),
    "sore_throat": QT_TRANSLATE_NOOP("Labels", "Sore throat"),
    "eye_redness": QT_TRANSLATE_NOOP("Labels", "Red eye"),
    "blurred_vision": QT_TRANSLATE_NOOP("Labels", "Blurred vision"),
    "dizziness": QT_TRANSLATE_NOOP("Labels", "Dizziness"),
    "weakness": QT_TRANSLATE_NOOP("Labels", "Weakness"),
    "burning_urination": QT_TRANSLATE_NOOP("Labels", "Burning urination"),
    "white_discharge": QT_TRANSLATE_NOOP("Labels", "White discharge"),
    "missed_period": QT_TRANSLATE_NOOP("Labels", "Missed period"),
    "anxiety": QT_TRANSLATE_NOOP("Labels", "Anxiety"),
    "sleep_problem": QT_TRANSLATE_NOOP("Labels", "Sleep problem"),
    "wound": QT_TRANSLATE_NOOP("Labels", "Wound"),
    # specialties
    "general_medicine": QT_TRANSLATE_NOOP("Labels", "General medicine"),
    "paediatrics": QT_TRANSLATE_NOOP("Labels", "Paediatrics"),
    "obstetrics_gynaecology": QT_TRANSLATE_NOOP("Labels", "Obstetrics & gynaecology"),
    "dermatology": QT_TRANSLATE_NOOP("Labels", "Dermatology"),
    "ent": QT_TRANSLATE_NOOP("Labels", "ENT"),
    "ophthalmology": QT_TRANSLATE_NOOP("Labels", "Ophthalmology"),
    "psychiatry": QT_TRANSLATE_NOOP("Labels", "Psychiatry"),
    "orthopaedics": QT_TRANSLATE_NOOP("Labels", "Orthopaedics"),
    "cardiology": QT_TRANSLATE_NOOP("Labels", "Cardiology"),
    "general_surgery": QT_TRANSLATE_NOOP("Labels", "General surgery"),
    "dentistry": QT_TRANSLATE_NOOP("Labels", "Dentistry"),
    "ayush": QT_TRANSLATE_NOOP("Labels", "AYUSH"),
    # priority
    "routine": QT_TRANSLATE_NOOP("Labels", "Routine"),
    "urgent": QT_TRANSLATE_NOOP("Labels", "Urgent"),
    "emergency": QT_TRANSLATE_NOOP("Labels", "Emergency"),
    # consult mode (how the doctor meets the patient)
    "mode.video": QT_TRANSLATE_NOOP("Labels", "Video call"),
    "mode.audio": QT_TRANSLATE_NOOP("Labels", "Audio call"),
    "mode.text": QT_TRANSLATE_NOOP("Labels", "Without a call (text / store-and-forward)"),
    # duration units
    "hours": QT_TRANSLATE_NOOP("Labels", "hours"),
    "days": QT_TRANSLATE_NOOP("Labels", "days"),
    "weeks": QT_TRANSLATE_NOOP("Labels", "weeks"),
    "months": QT_TRANSLATE_NOOP("Labels", "months"),
    "years": QT_TRANSLATE_NOOP("Labels", "years"),
    # consult status
    "draft": QT_TRANSLATE_NOOP("Labels", "Draft"),
    "ready": QT_TRANSLATE_NOOP("Labels", "Ready for the hub"),
    "with_hub": QT_TRANSLATE_NOOP("Labels", "With the hub"),
    "assigned": QT_TRANSLATE_NOOP("Labels", "Taken by a doctor"),
    "in_progress": QT_TRANSLATE_NOOP("Labels", "Doctor consulting"),
    "prescribed": QT_TRANSLATE_NOOP("Labels", "Prescribed"),
    "closed": QT_TRANSLATE_NOOP("Labels", "Closed"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    # duplicate reasons
    "abha": QT_TRANSLATE_NOOP("Labels", "Same ABHA"),
    "mobile_name": QT_TRANSLATE_NOOP("Labels", "Same mobile, similar name"),
    "name_sex_age": QT_TRANSLATE_NOOP("Labels", "Similar name, same sex and age"),
}


def _number(value: str | int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return QLocale().toString(value, "f", 1)
    if isinstance(value, (int, float)):
        return QLocale().toString(int(value))
    return value


def issue_text(issue: Issue) -> str:
    """The sentence for one issue, in the current language."""
    source = MESSAGES.get(issue.code)
    if source is None:
        return QCoreApplication.translate("Messages", "Please check this value.")
    text = QCoreApplication.translate(CONTEXT, str(source))
    params = {k: _number(v) for k, v in issue.params.items()}
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def code_text(code: str) -> str:
    """A message by code alone (QR errors)."""
    return issue_text(Issue("", code))


def label(code: str) -> str:
    """The display name of a vocabulary code (sex, relation, complaint, specialty...)."""
    source = VOCABULARY.get(code)
    return QCoreApplication.translate(LABELS, str(source)) if source else code
