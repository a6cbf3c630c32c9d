"""The suite's error-log rule (tests/conftest.py): a test that logs at ERROR or above fails,
unless it expects that error (marker, with or without message patterns, or fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).resolve().parent / "conftest.py"

TESTS = """
import logging

import pytest

log = logging.getLogger("spoke.sync")


def test_quiet():
    log.warning("a warning is not an error")


def test_logs_an_error():
    log.error("write failed: %s", "DiskFull")


def test_logs_an_exception_on_the_hub():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("hub.errors").exception("unhandled error")


@pytest.mark.expected_errors
def test_expects_any_error():
    log.error("write failed: DiskFull")


@pytest.mark.expected_errors("write failed")
def test_expects_this_error():
    log.error("write failed: DiskFull")


@pytest.mark.expected_errors("write failed")
def test_expects_another_error():
    log.error("blob 1234 failed its checksum")


def test_checks_its_errors(expected_errors):
    log.error("write failed: DiskFull")
    assert [r.getMessage() for r in expected_errors] == ["write failed: DiskFull"]


def test_a_logger_that_does_not_propagate():
    quiet = logging.getLogger("spoke")
    quiet.propagate = False
    try:
        logging.getLogger("spoke.ui").error("seen all the same")
    finally:
        quiet.propagate = True
"""


def test_an_unexpected_error_log_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_logging=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    failed = {
        line.split("::")[1].split()[0]
        for line in result.outlines
        if line.startswith("ERROR test_logging.py::")
    }
    assert failed == {
        "test_logs_an_error",
        "test_logs_an_exception_on_the_hub",
        "test_expects_another_error",
        "test_a_logger_that_does_not_propagate",
    }, result.stdout.str()
    result.stdout.fnmatch_lines(["*unexpected error logged*", "*ERROR spoke.sync: write failed*"])
    result.assert_outcomes(passed=8, errors=4)
