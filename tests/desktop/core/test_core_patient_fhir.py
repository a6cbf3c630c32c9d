"""Whole-record registration check and FHIR R4 serialisation.

fhir.resources 8.x has R5 at the top level; ``fhir.resources.R4B`` is the closest to R4
that it ships (R4B changed no Patient/Encounter/Observation/Consent/DocumentReference
structure used here), so that is what the resources are validated against.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient as FhirPatient
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import fhir, patient, regions
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Attachment, Consult, Priority
from desktop.core.patient import Patient
from desktop.core.vitals import Vitals
from protocol.ids import wire_id

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


def full_patient(**kw: object) -> Patient:
    base: dict[str, object] = {
        "given_name": "Ramesh",
        "family_name": "Kumar",
        "sex": "male",
        "birth_date": date(1981, 8, 5),
        "mobile": "98765 43210",
        "abha_number": "91-5046-6137-2897",
        "abha_address": "Ramesh.Kumar@abdm",
        "state_lgd": 9,
        "district": "Sitapur",
        "locality": "Rampur",
        "pin": "261001",
    }
    base.update(kw)
    return Patient(**base)  # type: ignore[arg-type]


def test_a_complete_registration_is_valid_and_normalised() -> None:
    p = full_patient()
    assert patient.validate(p, TODAY) == []
    n = p.normalised()
    assert (n.mobile, n.abha_number, n.abha_address) == (
        "9876543210",
        "91504661372897",
        "ramesh.kumar@abdm",
    )
    assert n.code.startswith("P-") and len(n.code) == 10


def test_registration_reports_each_field() -> None:
    p = Patient(given_name="", sex="x", birth_date=date(2015, 1, 1), pin="999999", state_lgd=77)
    codes = {(i.field, i.code) for i in patient.validate(p, TODAY)}
    assert {
        ("given_name", "name.required"),
        ("sex", "sex.required"),
        ("mobile", "mobile.reason_required"),
        ("state", "address.state_unknown"),
        ("district", "address.district_required"),
        ("pin", "pin.first_digit"),
        ("guardian_name", "name.required"),
        ("guardian_relation", "guardian.relation_required"),
    } <= codes


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(
    st.text(max_size=30),
    st.text(max_size=30),
    st.sampled_from(["female", "male", "other", ""]),
    st.one_of(st.none(), st.dates()),
    st.text(max_size=16),
    st.text(max_size=20),
    st.one_of(st.none(), st.integers(-5, 50)),
)
def test_validate_never_raises(
    given_name: str,
    family: str,
    sex: str,
    birth: date | None,
    mobile: str,
    abha_number: str,
    state: int | None,
) -> None:
    p = Patient(given_name, family, sex, birth, mobile=mobile, abha_number=abha_number)
    p.state_lgd = state
    for issue in patient.validate(p, TODAY):
        assert issue.code and issue.field


def test_all_36_states_and_union_territories() -> None:
    assert len(regions.STATES) == 36
    assert sum(s.is_union_territory for s in regions.STATES) == 8
    assert regions.by_name("orissa") == regions.by_lgd(21)
    assert regions.by_name("उत्तर प्रदेश") == regions.by_lgd("09")
    assert regions.by_lgd("x") is None


def consult_for(p: Patient) -> Consult:
    return Consult(
        patient_id=p.id,
        created_by="op-1",
        complaints=["fever", "cough"],
        complaint_text="Fever for 3 days",
        duration_value=3,
        specialty="general_medicine",
        priority=Priority.URGENT,
        vitals=Vitals(
            systolic=130,
            diastolic=85,
            pulse=96,
            temperature_c=38.4,
            spo2=96,
            respiratory_rate=18,
            weight_kg=62,
            height_cm=165,
            glucose_random=110,
        ),
        attachments=[
            Attachment("blob-1", "ab" * 32, 2048, "image/png", "Rash photo", NOW, "blob-2")
        ],
        consents=[
            Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "op-1", NOW),
            Consent(ConsentKind.RECORDING, False, GivenBy.GUARDIAN, "op-1", NOW, "Sita", "mother"),
        ],
    )


def test_patient_resource_validates_with_the_abha_identifier() -> None:
    p = full_patient().normalised()
    res = FhirPatient.model_validate(fhir.patient(p))
    abha_ids = [i for i in res.identifier if i.system == fhir.ABHA_SYSTEM]
    assert [i.value for i in abha_ids] == ["91-5046-6137-2897"]
    assert res.birthDate == date(1981, 8, 5) and res.gender == "male"
    assert res.address[0].state == "Uttar Pradesh"
    minimal = Patient("सुनीता", sex="female")
    assert FhirPatient.model_validate(fhir.patient(minimal)).name[0].text == "सुनीता"


def test_consult_resources_validate() -> None:
    p = full_patient().normalised()
    c = consult_for(p)
    Encounter.model_validate(fhir.encounter(c, NOW))
    obs = [Observation.model_validate(o) for o in fhir.observations(c, NOW)]
    codes = {o.code.coding[0].code for o in obs}
    assert codes == {
        "85354-9",
        "8867-4",
        "8310-5",
        "59408-5",
        "9279-1",
        "29463-7",
        "8302-2",
        "2339-0",
        "39156-5",
    }
    bp = next(o for o in obs if o.code.coding[0].code == "85354-9")
    assert [comp.valueQuantity.value for comp in bp.component] == [130, 85]
    temp = next(o for o in obs if o.code.coding[0].code == "8310-5")
    assert (float(temp.valueQuantity.value), temp.valueQuantity.code) == (38.4, "Cel")
    docs = [DocumentReference.model_validate(d) for d in fhir.document_references(c)]
    assert docs[0].content[0].attachment.contentType == "image/png"
    consents = [FhirConsent.model_validate(x) for x in fhir.consents(c, p)]
    assert [x.provision.type for x in consents] == ["permit", "deny"]
    assert consents[1].performer[0].display == "Sita"


def test_bundle_validates() -> None:
    p = full_patient().normalised()
    bundle = Bundle.model_validate(fhir.consult_bundle(p, consult_for(p), NOW))
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds[:2] == ["Patient", "Encounter"] and kinds.count("Consent") == 2


def test_an_estimated_age_stays_estimated_in_fhir() -> None:
    estimated = Patient("Kamla", sex="female", birth_date=date(1981, 11, 25), birth_estimated=True)
    res = fhir.patient(estimated)
    assert res["birthDate"] == "1981"  # the year only, no invented day and month
    FhirPatient.model_validate(res)  # a partial date is valid FHIR
    known = Patient("Kamla", sex="female", birth_date=date(1981, 11, 25))
    assert fhir.patient(known)["birthDate"] == "1981-11-25"


def test_everything_typed_at_the_intake_is_a_fhir_resource() -> None:
    from fhir.resources.R4B.allergyintolerance import AllergyIntolerance
    from fhir.resources.R4B.condition import Condition
    from fhir.resources.R4B.medicationstatement import MedicationStatement

    p = full_patient().normalised()
    c = consult_for(p)
    c.allergies = "Penicillin\nSulfa drugs"
    c.conditions = "Diabetes for 5 years; Hypertension"
    c.medicines = "Metformin 500 mg twice a day"
    c.duration_unit = "weeks"
    body = fhir.consult_request(p, c, NOW)
    assert body["patient_id"] == wire_id(p.id) and body["final"] is True
    by_type: dict[str, list[dict]] = {}
    for res in body["resources"]:
        by_type.setdefault(res["resourceType"], []).append(res)
    assert "Patient" not in by_type  # it travels as its own record
    allergies = [AllergyIntolerance.model_validate(a) for a in by_type["AllergyIntolerance"]]
    assert [a.code.text for a in allergies] == ["Penicillin", "Sulfa drugs"]
    conditions = [Condition.model_validate(x) for x in by_type["Condition"]]
    complaint = conditions[0]
    assert complaint.category[0].coding[0].code == "encounter-diagnosis"
    assert complaint.onsetString == "3 weeks"
    assert complaint.extension[0].valueDuration.code == "wk"
    assert [x.code.text for x in conditions[1:]] == ["Diabetes for 5 years", "Hypertension"]
    assert {x.category[0].coding[0].code for x in conditions[1:]} == {"problem-list-item"}
    meds = [MedicationStatement.model_validate(m) for m in by_type["MedicationStatement"]]
    assert [m.medicationCodeableConcept.text for m in meds] == ["Metformin 500 mg twice a day"]
    bundle = Bundle.model_validate(fhir.consult_bundle(p, c, NOW))
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("AllergyIntolerance") == 2 and kinds.count("MedicationStatement") == 1


def test_an_empty_history_adds_no_resources() -> None:
    p = full_patient().normalised()
    c = consult_for(p)
    kinds = {r["resourceType"] for r in fhir.consult_request(p, c, NOW)["resources"]}
    assert not kinds & {"AllergyIntolerance", "MedicationStatement"}
    assert fhir.known_conditions(c, NOW) == []
