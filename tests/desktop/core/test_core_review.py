"""The doctor's review model read from the hub's own OPConsultRecord Bundle, and the
history/trends model read from the history endpoint's shape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.review import AllergyState, Flag, MediaKind, parse_review
from desktop.core.review_history import parse_history, trends
from tests.helpers.review_data import (
    NOW,
    TODAY,
    consult,
    history_body,
    hub_bundle,
    patient,
    recording_document,
    sample,
)


def test_demographics_and_abha_come_from_the_patient_entry() -> None:
    _, c, bundle = sample()
    review = parse_review(bundle, TODAY)
    d = review.patient
    assert (d.name, d.sex, d.age_years) == ("Sunita Devi", "female", 54)
    assert d.abha_number == "91-5046-6137-2897"
    assert d.abha_address == "sunita.devi@abdm"
    assert review.spoke == "HWC Kolar"
    assert review.consult_id.replace("-", "") == c.id


def test_vitals_are_flagged_against_core_normal_ranges() -> None:
    _, _, bundle = sample()
    vitals = {v.name: v for v in parse_review(bundle, TODAY).vitals}
    assert vitals["systolic"].value == 168 and vitals["systolic"].flag is Flag.HIGH
    assert vitals["diastolic"].flag is Flag.HIGH
    assert vitals["spo2"].flag is Flag.LOW and vitals["spo2"].unit == "%"
    assert vitals["pulse"].flag is Flag.NORMAL
    assert vitals["temperature_c"].flag is Flag.HIGH
    assert vitals["glucose_random"].flag is Flag.HIGH
    assert (vitals["systolic"].normal_low, vitals["systolic"].normal_high) == (90, 139)
    assert "bmi" in vitals  # 61.5 kg at 152 cm: 26.6, above the adult range
    assert vitals["bmi"].flag is Flag.HIGH


def test_a_childs_pulse_is_flagged_against_the_childs_range() -> None:
    p = patient(birth_date=TODAY.replace(year=TODAY.year - 5), abha_number="")
    from desktop.core.vitals import Vitals

    bundle = hub_bundle(p, consult(p, vitals=Vitals(pulse=110)))
    (pulse,) = parse_review(bundle, TODAY).vitals
    assert pulse.flag is Flag.NORMAL  # 110 is high for an adult, normal at five


def test_complaints_history_and_consent() -> None:
    _, _, bundle = sample()
    review = parse_review(bundle, TODAY)
    (complaint,) = review.complaints
    assert complaint.text == "Bukhar aur khansi, raat ko zyada"
    assert complaint.codes == ("fever", "cough")
    assert (complaint.duration_value, complaint.duration_unit) == (5, "days")
    assert review.conditions == ("Type 2 diabetes", "Hypertension")
    assert review.allergy_state is AllergyState.RECORDED
    assert review.allergies == ("Penicillin",)
    assert review.medicines == ("Metformin 500 mg twice daily",)
    tele, rec = review.consents
    assert (tele.kind, tele.granted, tele.given_by, tele.by_guardian) == (
        "teleconsultation",
        True,
        "patient",
        False,
    )
    assert tele.recorded_by == "cho.meena" and tele.recorded_at.startswith("2026-11-25")
    assert (rec.kind, rec.given_by, rec.by_guardian) == ("recording", "Ramu Devi", True)


def test_none_known_and_not_recorded_allergies_differ() -> None:
    p = patient()
    none_known = parse_review(hub_bundle(p, consult(p, allergies="None")), TODAY)
    assert none_known.allergy_state is AllergyState.NONE_KNOWN and not none_known.allergies
    absent = parse_review(hub_bundle(p, consult(p, allergies="")), TODAY)
    assert absent.allergy_state is AllergyState.NOT_RECORDED


def test_attachments_and_recording_segments_in_order() -> None:
    p = patient()
    c = consult(p)
    doc = recording_document(c, ["c" * 32, "d" * 32, "e" * 32])
    doc["content"].reverse()  # the segment extension orders them, not the list
    review = parse_review(hub_bundle(p, c, [doc]), TODAY)
    image, pdf = review.attachments
    assert (image.upload_id, image.kind, image.title) == (
        "a" * 32,
        MediaKind.IMAGE,
        "Rash on forearm",
    )
    assert (pdf.upload_id, pdf.kind, pdf.content_type) == (
        "b" * 32,
        MediaKind.PDF,
        "application/pdf",
    )
    assert image.sha256 == "1" * 64
    (rec,) = review.recordings
    assert rec.recording_id == "rec-1" and rec.title == "Consult video"
    assert [s.media.upload_id for s in rec.segments] == ["c" * 32, "d" * 32, "e" * 32]
    assert [s.index for s in rec.segments] == [0, 1, 2]
    assert rec.duration == 3.0


def test_an_empty_consult_reads_as_empty_parts() -> None:
    p = patient(abha_number="", abha_address="")
    from desktop.core.vitals import Vitals

    bare = consult(
        p,
        complaints=[],
        complaint_text="",
        conditions="",
        allergies="",
        medicines="",
        vitals=Vitals(),
        attachments=[],
        consents=[],
    )
    review = parse_review(hub_bundle(p, bare), TODAY)
    assert review.patient.name == "Sunita Devi" and review.patient.abha_number == ""
    assert review.vitals == review.complaints == review.attachments == review.recordings == ()
    assert review.allergy_state is AllergyState.NOT_RECORDED


@pytest.mark.parametrize(
    "bundle",
    [
        None,
        {},
        [],
        {"entry": "x"},
        {
            "entry": [
                None,
                3,
                {"resource": {"resourceType": "Patient", "name": "x", "birthDate": 5}},
            ]
        },
        {"entry": [{"resource": {"resourceType": "Observation", "valueQuantity": {"value": "x"}}}]},
        {
            "entry": [
                {"resource": {"resourceType": "DocumentReference", "content": [{"attachment": 1}]}}
            ]
        },
        {"entry": [{"resource": {"resourceType": "Consent", "performer": "x", "provision": []}}]},
        {"entry": [{"resource": {"resourceType": "Patient", "birthDate": "1990-02-30"}}]},
    ],
)
def test_malformed_bundles_never_crash(bundle: Any) -> None:
    review = parse_review(bundle, TODAY)
    assert review.allergy_state is AllergyState.NOT_RECORDED


def test_history_entries_and_trends() -> None:
    _, _, bundle = sample()
    current = parse_review(bundle, TODAY)
    history = parse_history(history_body(), age=54)
    first, second = history
    assert (first.spoke, first.specialty, first.status) == (
        "HWC Kolar",
        "general_medicine",
        "completed",
    )
    assert first.complaints == "Headache for 2 days"
    (rx,) = first.prescriptions
    assert rx.signed and rx.medicines == ("Amlodipine 5 mg (1 tablet 0-0-1, 30 d)",)
    assert rx.advice == "Less salt." and rx.follow_up_days == 30
    assert second.when is not None and first.when is not None and second.when < first.when
    assert {v.name for v in first.vitals} == {
        "systolic",
        "diastolic",
        "weight_kg",
        "glucose_random",
        "spo2",
    }
    series = trends(history, current)
    assert [p.value for p in series["systolic"]] == [142, 150, 168]
    assert [p.current for p in series["systolic"]] == [False, False, True]
    assert [p.value for p in series["weight_kg"]] == [64.5, 63.0, 61.5]
    assert len(series["spo2"]) == 2 and len(series["glucose_random"]) == 2


@pytest.mark.parametrize(
    "body",
    [None, 7, "x", {}, {"history": "x"}, [None, 1, "x"], [{"vitals": "x", "prescriptions": 3}]],
)
def test_history_is_tolerant(body: Any) -> None:
    entries = parse_history(body)
    assert all(e.vitals == () and e.prescriptions == () for e in entries)
    assert trends(entries) == {}


def test_history_accepts_a_wrapped_list_and_names_for_codes() -> None:
    body = {
        "consults": [
            {
                "id": "x1",
                "completed_at": "2026-01-02",
                "spoke_name": "HWC Kolar",
                "observations": [{"code": "systolic", "value": "131", "unit": "mm[Hg]"}],
                "complaint_text": ["fever", "cough"],
            }
        ]
    }
    (entry,) = parse_history(body)
    assert entry.consult_id == "x1" and entry.spoke == "HWC Kolar"
    assert entry.complaints == "fever; cough"
    assert trends((entry,))["systolic"][0].value == 131


@pytest.fixture
def hub_world(tmp_path: Path) -> Iterator[Any]:
    """The real hub app (SQLite, migrated) with its test network of spokes and doctors."""
    import warnings

    from hub.app import build_context, create_app
    from hub.clock import ManualClock
    from hub.config import HubConfig
    from hub.db import make_engine, migrate

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from starlette.testclient import TestClient

    from tests.hub.world import World

    url = f"sqlite:///{tmp_path / 'hub.db'}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    config = HubConfig(
        db_url=url,
        blobs_dir=tmp_path / "blobs",
        key_file=tmp_path / "hub-key.txt",
        jwt_secret="test-secret-" + "x" * 40,
        argon2_time_cost=1,
        argon2_memory_kib=1024,
        background_sweep_seconds=0,
        clock=ManualClock(),
    )
    context = build_context(config, run_migrations=False)
    with TestClient(create_app(config, context), raise_server_exceptions=True) as client:
        yield World.build(client)
    context.engine.dispose()


def test_a_consult_put_by_the_spoke_reads_back_from_the_hubs_fhir(hub_world: Any) -> None:
    """The whole path: the spoke's own request bodies PUT to the hub, the doctor's GET of
    the OPConsultRecord, parsed."""
    from desktop.core import fhir as spoke_fhir

    p = patient()
    c = consult(p)
    h = hub_world["opA"].h
    pid = spoke_fhir.wire_id(p.id)
    r = hub_world.client.put(
        f"/api/v1/patients/{pid}", json={"resource": spoke_fhir.patient(p) | {"id": pid}}, headers=h
    )
    assert r.status_code in (200, 201), r.text
    body = spoke_fhir.consult_request(p, c, NOW)
    body["resources"].append(recording_document(c, ["c" * 32, "d" * 32]))
    cid = spoke_fhir.wire_id(c.id)
    r = hub_world.client.put(f"/api/v1/consults/{cid}", json=body, headers=h)
    assert r.status_code in (200, 201), r.text
    hub_world.online("doc1")
    r = hub_world.client.get(f"/api/v1/consults/{cid}/fhir", headers=hub_world["doc1"].h)
    assert r.status_code == 200, r.text
    review = parse_review(r.json(), TODAY)
    assert review.consult_id == cid and review.spoke == "HWC Kolar"
    assert (
        review.patient.name == "Sunita Devi" and review.patient.abha_number == "91-5046-6137-2897"
    )
    assert review.allergies == ("Penicillin",)
    assert {v.name for v in review.flagged_vitals} >= {"systolic", "spo2", "glucose_random"}
    assert review.complaints[0].text == "Bukhar aur khansi, raat ko zyada"
    assert [a.upload_id for a in review.attachments] == ["a" * 32, "b" * 32]
    assert [s.media.upload_id for s in review.recordings[0].segments] == ["c" * 32, "d" * 32]
    assert [k.kind for k in review.consents] == ["teleconsultation", "recording"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
_keys = st.sampled_from(
    [
        "resourceType",
        "code",
        "coding",
        "valueQuantity",
        "value",
        "component",
        "content",
        "attachment",
        "url",
        "extension",
        "category",
        "birthDate",
        "identifier",
        "performer",
        "provision",
        "entry",
        "resource",
        "vitals",
        "prescriptions",
        "content",
        "medications",
    ]
)
_types = st.sampled_from(
    [
        "Patient",
        "Observation",
        "Condition",
        "AllergyIntolerance",
        "MedicationStatement",
        "DocumentReference",
        "Consent",
        "Encounter",
        "Composition",
        "Organization",
    ]
)
_resource = st.fixed_dictionaries(
    {"resourceType": _types},
    optional={
        k: _json
        for k in [
            "code",
            "valueQuantity",
            "component",
            "content",
            "extension",
            "category",
            "birthDate",
            "identifier",
            "performer",
            "provision",
            "name",
            "gender",
            "scope",
            "dateTime",
        ]
    },
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_resource, max_size=6), _json)
def test_no_bundle_makes_the_review_crash(items: list[dict[str, Any]], noise: Any) -> None:
    bundle = {"entry": [{"resource": r} for r in items] + [noise], "identifier": noise}
    review = parse_review(bundle, TODAY)
    assert isinstance(review.vitals, tuple)
    assert parse_review(noise, TODAY).vitals == ()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(_keys, _json, max_size=6), max_size=4))
def test_no_history_body_makes_history_or_trends_crash(rows: list[dict[str, Any]]) -> None:
    entries = parse_history(rows)
    trends(entries)


def test_history_reads_prescription_content_v2() -> None:
    """Diagnosis, prescriber and follow-up date of protocol content v2."""
    row = {
        "consult_id": "c1",
        "date": "2026-06-01T10:00:00+00:00",
        "prescriptions": [
            {
                "content": {
                    "diagnosis": {"text": "Essential hypertension", "code": "I10"},
                    "medications": [{"name": "Amlodipine", "frequency": "1-0-0"}],
                    "follow_up_date": "2026-07-01",
                    "prescriber": {
                        "name": "Dr. Asha Verma",
                        "registration_number": "MP-12345",
                        "council": "MPMC",
                    },
                },
                "signature": "c2lnbmF0dXJl",
            }
        ],
    }
    [entry] = parse_history([row])
    [rx] = entry.prescriptions
    assert (rx.diagnosis, rx.follow_up_date, rx.doctor) == (
        "Essential hypertension",
        "2026-07-01",
        "Dr. Asha Verma",
    )
    assert rx.follow_up_days is None and rx.medicines == ("Amlodipine (1-0-0)",)
