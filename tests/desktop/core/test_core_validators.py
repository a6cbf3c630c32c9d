"""Property tests for every registration validator: valid inputs pass, invalid ones give a
message code, and nothing raises on any input."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop.core import abha, validators
from desktop.core.issues import Severity

TODAY = date(2026, 11, 25)
DEVANAGARI_LETTERS = "कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह"
MATRAS = ["", "ा", "ि", "ी", "ु", "ू", "े", "ै", "ो", "ौ", "ं"]

latin_word = st.from_regex(r"[A-Z][a-z]{1,12}", fullmatch=True)
deva_syllable = st.tuples(st.sampled_from(DEVANAGARI_LETTERS), st.sampled_from(MATRAS)).map("".join)
deva_word = st.lists(deva_syllable, min_size=1, max_size=5).map("".join)
latin_name = st.lists(latin_word, min_size=1, max_size=3).map(" ".join)
deva_name = st.lists(deva_word, min_size=1, max_size=3).map(" ".join)


def _all_errors_have_codes(issues: list[validators.Issue]) -> bool:
    return all(i.code and "." in i.code and i.field for i in issues)


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.one_of(latin_name, deva_name))
def test_names_in_either_script_pass(name: str) -> None:
    assert validators.check_name(name, "given_name") == []


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.one_of(latin_name, deva_name), st.integers(0, 9))
def test_names_with_digits_are_rejected(name: str, digit: int) -> None:
    issues = validators.check_name(f"{name}{digit}", "given_name")
    assert [i.code for i in issues] == ["name.digits"]


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(latin_word, deva_word)
def test_a_name_mixing_scripts_is_rejected(latin: str, deva: str) -> None:
    issues = validators.check_name(f"{latin}{deva}", "given_name")
    assert [i.code for i in issues] == ["name.mixed_scripts"]


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text())
def test_name_check_never_raises(text: str) -> None:
    issues = validators.check_name(text, "given_name")
    assert _all_errors_have_codes(issues)
    assert all(i.severity is Severity.ERROR for i in issues)


def test_required_and_optional_names() -> None:
    assert validators.check_name("  ", "given_name")[0].code == "name.required"
    assert validators.check_name("", "family_name", required=False) == []
    assert validators.check_name("A" * 61, "given_name")[0].code == "name.too_long"


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.from_regex(r"[6-9][0-9]{9}", fullmatch=True), st.sampled_from(["", "+91 ", "0", "91"]))
def test_valid_mobiles_pass_with_or_without_prefix(number: str, prefix: str) -> None:
    assert validators.check_mobile(prefix + number) == []
    assert validators.normalise_mobile(prefix + number) == number


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.from_regex(r"[0-5][0-9]{9}", fullmatch=True))
def test_mobiles_starting_0_to_5_are_rejected(number: str) -> None:
    assert [i.code for i in validators.check_mobile(number)] in (
        ["mobile.first_digit"],
        ["mobile.length"],  # "0" + 9 digits reads as a trunk prefix, leaving 9 digits
    )


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(
    st.sampled_from("6789"),
    st.one_of(st.text("0123456789", max_size=8), st.text("0123456789", min_size=10, max_size=14)),
)
def test_mobiles_of_wrong_length_are_rejected(first: str, rest: str) -> None:
    number = first + rest
    assume(not (len(number) == 12 and number.startswith("91")))  # that is +91 and a mobile
    issues = validators.check_mobile(number)
    assert issues and issues[0].is_error


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text(), st.text())
def test_mobile_check_never_raises(text: str, reason: str) -> None:
    issues = validators.check_mobile(text, reason)
    assert _all_errors_have_codes(issues)
    if not issues:
        d = validators.normalise_mobile(text)
        assert re.fullmatch(r"[6-9][0-9]{9}", d) or (d == "" and reason)


def test_mobile_is_optional_only_with_a_reason() -> None:
    assert validators.check_mobile("")[0].code == "mobile.reason_required"
    assert validators.check_mobile("", "none_owned") == []
    assert validators.check_mobile("", "because")[0].code == "mobile.reason_required"


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.from_regex(r"[1-8][0-9]{5}", fullmatch=True))
def test_valid_pins_pass(pin: str) -> None:
    assert validators.check_pin(pin) == []


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.from_regex(r"[09][0-9]{5}", fullmatch=True))
def test_pins_starting_0_or_9_are_rejected(pin: str) -> None:
    assert [i.code for i in validators.check_pin(pin)] == ["pin.first_digit"]


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text())
def test_pin_check_never_raises(text: str) -> None:
    issues = validators.check_pin(text)
    assert _all_errors_have_codes(issues)
    if not issues and text.strip():
        assert re.fullmatch(r"[1-8][0-9]{5}", text.strip().replace(" ", ""))


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text())
def test_sex_accepts_exactly_the_three_codes(text: str) -> None:
    ok = validators.check_sex(text) == []
    assert ok == (text in ("female", "male", "other"))


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 1, 1)))
def test_birth_date_rules(birth: date) -> None:
    issues = validators.check_birth_date(birth, TODAY)
    if birth > TODAY:
        assert [i.code for i in issues] == ["birth.future"]
    elif validators.age_on(birth, TODAY)[0] > 120:
        assert [i.code for i in issues] == ["birth.too_old"]
    else:
        assert issues == []


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.integers(-5, 200), st.integers(-3, 20))
def test_estimated_age_rules(years: int, months: int) -> None:
    issues = validators.check_estimated_age(years, months)
    valid = 0 <= years <= 120 and 0 <= months <= 11 and (years, months) != (0, 0)
    assert (issues == []) == valid
    if valid:
        birth = validators.birth_from_age(years, months, TODAY)
        assert validators.age_on(birth, TODAY) == (years, months)


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.sampled_from(["", "Sita Devi"]), st.sampled_from(["", "mother"]), st.booleans())
def test_a_minor_needs_a_guardian_name_and_relation(name: str, rel: str, minor: bool) -> None:
    codes = {i.code for i in validators.check_guardian(name, rel, minor)}
    assert ("name.required" in codes) == (minor and not name)
    assert ("guardian.relation_required" in codes) == (minor and not rel)


def test_age_just_under_eighteen_is_a_minor() -> None:
    assert validators.is_minor(date(2008, 11, 26), TODAY)
    assert not validators.is_minor(date(2008, 11, 25), TODAY)


abha_13 = st.from_regex(r"[0-9]{13}", fullmatch=True)


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(abha_13)
def test_abha_numbers_passing_luhn_are_valid_and_format_in_groups(first13: str) -> None:
    number = abha.luhn_complete(first13)
    assert abha.check_number(number) == []
    formatted = abha.format_number(number)
    assert re.fullmatch(r"\d{2}-\d{4}-\d{4}-\d{4}", formatted)
    assert abha.check_number(formatted) == []
    assert abha.digits_of(formatted) == number


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(abha_13, st.integers(0, 13), st.integers(1, 9))
def test_a_failed_checksum_is_a_warning_never_a_rejection(first13: str, pos: int, d: int) -> None:
    number = abha.luhn_complete(first13)
    changed = number[:pos] + str((int(number[pos]) + d) % 10) + number[pos + 1 :]
    issues = abha.check_number(changed)
    assert [(i.code, i.severity) for i in issues] == [("abha.number_checksum", Severity.WARNING)]


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.from_regex(r"[0-9]{1,13}|[0-9]{15,20}", fullmatch=True))
def test_abha_numbers_of_wrong_length_are_rejected(number: str) -> None:
    assert [i.code for i in abha.check_number(number)] == ["abha.number_length"]


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text())
def test_abha_number_check_never_raises(text: str) -> None:
    issues = abha.check_number(text)
    assert _all_errors_have_codes(issues)
    assert abha.format_number(text) is not None


valid_local = st.from_regex(r"[a-z][a-z0-9.]{2,29}[a-z0-9]", fullmatch=True)


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(valid_local, st.sampled_from(["@abdm", "@sbx", "@ABDM", ""]))
def test_valid_abha_addresses_pass(local: str, domain: str) -> None:
    assert abha.check_address(local + domain) == []


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(valid_local)
def test_abha_address_rules_reject(local: str) -> None:
    assert abha.check_address("1" + local + "@abdm")[0].code == "abha.address_leading_digit"
    assert abha.check_address("." + local + "@abdm")[0].code == "abha.address_dot_at_end"
    assert abha.check_address(local + ".@sbx")[0].code == "abha.address_dot_at_end"
    assert abha.check_address(local + "@gmail.com")[0].code == "abha.address_domain"
    assert abha.check_address(local[:3] + "@abdm")[0].code == "abha.address_too_short"
    assert abha.check_address(local[:20] + "_x@abdm")[0].code == "abha.address_characters"


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text())
def test_abha_address_check_never_raises(text: str) -> None:
    assert _all_errors_have_codes(abha.check_address(text))
