"""Patient search for the one search box: name in either script (prefix and fuzzy),
mobile, ABHA number or address, patient id; and paged browsing in a chosen order.

Names are matched on the indexed phonetic keys (see ``desktop.core.names``): prefix
ranges first, then the consonant skeleton, then a fuzzy pass over a small index bucket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.core import abha, names
from desktop.core.patient import CODE_PREFIX
from desktop.storage.models.clinical import PatientRecord as P

FUZZY_CUTOFF = 80.0
FUZZY_BUCKET = 4000  # most rows a fuzzy pass looks at
SORTS = {
    "name": P.key_name,
    "code": P.code,
    "birth_date": P.birth_date,
    "updated_at": P.updated_at,
    "locality": P.locality,
    "mobile": P.mobile,
}
_END = "~"  # sorts after every key character (keys are a-z and space)


@dataclass(frozen=True)
class PatientSummary:
    """One row of a result list (no address detail beyond the village or town)."""

    id: str
    code: str
    given_name: str
    family_name: str
    sex: str
    birth_date: date | None
    birth_estimated: bool
    mobile: str
    abha_number: str
    locality: str
    updated_at: datetime

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


_COLUMNS = (
    P.id,
    P.code,
    P.given_name,
    P.family_name,
    P.sex,
    P.birth_date,
    P.birth_estimated,
    P.mobile,
    P.abha_number,
    P.locality,
    P.updated_at,
)


def _rows(session: Session, query: Select[Any]) -> list[PatientSummary]:
    return [PatientSummary(*row) for row in session.execute(query)]


def _summaries(session: Session, where: Any, limit: int, order: Any = P.key_name) -> list[Any]:
    return _rows(session, select(*_COLUMNS).where(where).order_by(order).limit(limit))


def _prefix(column: Any, key: str) -> Any:
    return and_(column >= key, column < key + _END)


def classify(query: str) -> str:
    """'empty', 'code', 'abha_address', 'digits' or 'name'."""
    q = query.strip()
    if not q:
        return "empty"
    if q.upper().startswith(CODE_PREFIX) or re.fullmatch(r"[0-9a-f]{32}", q):
        return "code"
    if "@" in q:
        return "abha_address"
    if re.fullmatch(r"[+\d][\d\s\-]*", q):
        return "digits"
    return "name"


def search(session: Session, query: str, limit: int = 100) -> list[PatientSummary]:
    """Best matches first; at most ``limit``."""
    kind = classify(query)
    q = query.strip()
    if kind == "empty":
        return []
    if kind == "code":
        where = or_(_prefix(P.code, q.upper()), P.id == q.lower())
        return _summaries(session, where, limit, P.code)
    if kind == "abha_address":
        return _summaries(session, _prefix(P.abha_address, q.casefold()), limit, P.abha_address)
    if kind == "digits":
        return _by_digits(session, q, limit)
    return _by_name(session, q, limit)


def _by_digits(session: Session, q: str, limit: int) -> list[PatientSummary]:
    d = abha.digits_of(q).removeprefix("+")
    if len(d) == 12 and d.startswith("91") and d[2] in "6789":
        d = d[2:]  # +91 mobile
    if len(d) < 3:
        return []
    where = or_(_prefix(P.mobile, d), _prefix(P.abha_number, d))
    return _summaries(session, where, limit, P.mobile)


def _by_name(session: Session, q: str, limit: int) -> list[PatientSummary]:
    key = names.phonetic_key(q)
    if not key:
        return []
    found: dict[str, PatientSummary] = {}

    def add(rows: list[PatientSummary]) -> None:
        for row in rows:
            if len(found) >= limit:
                return
            found.setdefault(row.id, row)

    add(_summaries(session, _prefix(P.key_name, key), limit))
    if len(found) < limit:
        add(_summaries(session, _prefix(P.key_family, key), limit, P.key_family))
    skeleton = names.skeleton(q)
    if len(found) < limit and len(skeleton.replace(" ", "")) >= 2:
        add(_summaries(session, _prefix(P.key_skeleton, skeleton), limit - len(found)))
    if len(found) < limit and len(key) >= 3:
        add(_fuzzy(session, key, limit - len(found), exclude=set(found)))
    return list(found.values())


def _fuzzy(session: Session, key: str, limit: int, exclude: set[str]) -> list[PatientSummary]:
    """Typos: score the keys sharing the first letter and about the same length."""
    bucket = select(P.id, P.key_name).where(_prefix(P.key_name, key[0])).limit(FUZZY_BUCKET)
    choices = {pid: k for pid, k in session.execute(bucket) if pid not in exclude}
    if not choices:
        return []
    scorer = fuzz.partial_ratio if " " not in key else fuzz.token_sort_ratio
    best = process.extract(key, choices, scorer=scorer, score_cutoff=FUZZY_CUTOFF, limit=limit)
    ids = [pid for _k, _score, pid in best]
    if not ids:
        return []
    rows = {r.id: r for r in _rows(session, select(*_COLUMNS).where(P.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(P)) or 0)


def browse(
    session: Session,
    sort: str = "updated_at",
    descending: bool = True,
    offset: int = 0,
    limit: int = 100,
) -> list[PatientSummary]:
    """One page of every patient in ``sort`` order (indexed columns only)."""
    column = SORTS[sort]
    order = (column.desc(), P.id.desc()) if descending else (column.asc(), P.id.asc())
    return _rows(session, select(*_COLUMNS).order_by(*order).offset(offset).limit(limit))
