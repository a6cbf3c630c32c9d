"""Validation outcomes: message codes with parameters, never display text.

Core stays Qt-free and language-free; the UI turns ``Issue.code`` into a translated
sentence (``desktop/ui/messages.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How an issue affects saving."""

    ERROR = "error"  # the value is rejected; the record cannot be saved with it
    WARNING = "warning"  # saved, but the operator should look again (e.g. ABHA checksum)
    ABNORMAL = "abnormal"  # a plausible clinical value outside the normal range


@dataclass(frozen=True)
class Issue:
    """One finding about one field: a message code plus the values it mentions."""

    field: str
    code: str
    severity: Severity = Severity.ERROR
    params: Mapping[str, str | int | float] = dataclasses.field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def errors(issues: Iterable[Issue]) -> list[Issue]:
    """Only the issues that block saving."""
    return [i for i in issues if i.is_error]


def error(field_name: str, code: str, **params: str | int | float) -> Issue:
    return Issue(field_name, code, Severity.ERROR, params)


def warning(field_name: str, code: str, **params: str | int | float) -> Issue:
    return Issue(field_name, code, Severity.WARNING, params)


class ValidationError(ValueError):
    """Raised by services when asked to store a record that has blocking issues.

    The message carries only codes and field names, never the values (patient data).
    """

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        super().__init__(", ".join(f"{i.field}:{i.code}" for i in self.issues))
