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
from sqlalchemy import Select, bindparam, func, literal, select, tuple_
from sqlalchemy.orm import Session

from desktop.core import abha, names
from desktop.core.patient import CODE_PREFIX
from desktop.storage.models.clinical import PatientRecord as P

FUZZY_CUTOFF = 80.0
FUZZY_BUCKET = 20_000  # most distinct name keys a fuzzy pass scores
FUZZY_KEYS = 20  # best-scoring keys whose rows are fetched
FUZZY_WHEN_FEWER = 10  # run the fuzzy pass only when exact stages found fewer rows
SORTS = {
    "name": P.key_name,
    "code": P.code,
    "birth_date": P.birth_date,
    "updated_at": P.updated_at,
    "mobile": P.mobile,
}
_TYPED_VOWEL = {"e": "i", "o": "u"}
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
    key_name: str = ""  # the name sort key (also the cursor of a name-ordered page)

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
    P.key_name,
)


def _ranged(column: Any) -> Select[Any]:
    """Rows whose ``column`` lies in [lo, hi), in that column's order: one index range.
    Built once; executed with parameters on the session's Core connection (no ORM)."""
    return (
        select(*_COLUMNS)
        .where(column >= bindparam("lo"), column < bindparam("hi"))
        .order_by(column)
        .limit(bindparam("n"))
    )


_RANGED = {c.key: _ranged(c) for c in (P.key_name, P.key_family, P.key_skeleton, P.code)}
_RANGED |= {c.key: _ranged(c) for c in (P.mobile, P.abha_number, P.abha_address)}
_EQUAL_KEY = select(*_COLUMNS).where(P.key_name == bindparam("k")).limit(bindparam("n"))
_BY_ID = select(*_COLUMNS).where(P.id == bindparam("id"))


def _run(session: Session, query: Select[Any], **params: Any) -> list[PatientSummary]:
    return [PatientSummary(*row) for row in session.connection().execute(query, params)]


def _prefix_rows(session: Session, column: str, key: str, limit: int) -> list[PatientSummary]:
    return _run(session, _RANGED[column], lo=key, hi=key + _END, n=limit)


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
        by_id = _run(session, _BY_ID, id=q.lower()) if len(q) == 32 else []
        return by_id or _prefix_rows(session, "code", q.upper(), limit)
    if kind == "abha_address":
        return _prefix_rows(session, "abha_address", q.casefold(), limit)
    if kind == "digits":
        return _by_digits(session, q, limit)
    return _by_name(session, q, limit)


def _by_digits(session: Session, q: str, limit: int) -> list[PatientSummary]:
    d = abha.digits_of(q).removeprefix("+")
    if len(d) == 12 and d.startswith("91") and d[2] in "6789":
        d = d[2:]  # +91 mobile
    if len(d) < 3:
        return []
    rows = _prefix_rows(session, "mobile", d, limit)
    seen = {r.id for r in rows}
    rows += [r for r in _prefix_rows(session, "abha_number", d, limit) if r.id not in seen]
    return rows[:limit]


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

    add(_prefix_rows(session, "key_name", key, limit))
    if len(found) < limit and key[-1] in _TYPED_VOWEL:
        # "Me" is on its way to "Meena" (key "min"): try the long-vowel spelling too.
        add(_prefix_rows(session, "key_name", key[:-1] + _TYPED_VOWEL[key[-1]], limit))
    if len(found) < limit:
        add(_prefix_rows(session, "key_family", key, limit))
    skeleton = names.skeleton(q)
    if len(found) < limit and len(skeleton.replace(" ", "")) >= 2:
        add(_prefix_rows(session, "key_skeleton", skeleton, limit - len(found)))
    if len(found) < min(limit, FUZZY_WHEN_FEWER) and len(key) >= 3:
        add(_fuzzy(session, key, limit - len(found), exclude=set(found)))
    return list(found.values())


def _fuzzy(session: Session, key: str, limit: int, exclude: set[str]) -> list[PatientSummary]:
    """Typos: score the distinct name keys sharing the first two letters (an index-only
    scan; a slip in the first two letters is rare), then fetch the rows of the best keys."""
    bucket = _FUZZY_BUCKET_QUERY.params(lo=key[:2], hi=key[:2] + _END)
    keys = list(session.connection().scalars(bucket))
    scorer = fuzz.partial_ratio if " " not in key else fuzz.token_sort_ratio
    best = process.extract(key, keys, scorer=scorer, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_KEYS)
    rows: list[PatientSummary] = []
    for k, _score, _idx in best:  # best keys first, each an index range
        rows += [
            r for r in _run(session, _EQUAL_KEY, k=k, n=limit + len(exclude)) if r.id not in exclude
        ]
        if len(rows) >= limit:
            break
    return rows[:limit]


_FUZZY_BUCKET_QUERY = (
    select(P.key_name)
    .where(P.key_name >= bindparam("lo"), P.key_name < bindparam("hi"))
    .distinct()
    .limit(FUZZY_BUCKET)
)


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(P)) or 0)


def browse(
    session: Session,
    sort: str = "updated_at",
    descending: bool = True,
    offset: int = 0,
    limit: int = 100,
    after: PatientSummary | None = None,
) -> list[PatientSummary]:
    """One page of every patient in ``sort`` order (indexed columns only). Pass the last
    row of the previous page as ``after``: the next page then starts with an index seek
    (keyset paging) instead of stepping over ``offset`` rows, so page 1,000 is as quick
    as page 1."""
    column = SORTS[sort]
    order = (column.desc(), P.id.desc()) if descending else (column.asc(), P.id.asc())
    query = select(*_COLUMNS).order_by(*order).limit(limit)
    last = sort_value(after, sort) if after is not None else None
    if after is not None and last is not None:
        cursor = tuple_(column, P.id)
        query = query.where(
            cursor < tuple_(literal(last), literal(after.id))
            if descending
            else cursor > tuple_(literal(last), literal(after.id))
        )
    else:
        query = query.offset(offset)
    return _run(session, query)


def sort_value(row: PatientSummary, sort: str) -> Any:
    """The value of ``row`` in the ``sort`` column (None when it has none)."""
    return {
        "name": row.key_name,
        "code": row.code,
        "birth_date": row.birth_date,
        "updated_at": row.updated_at,
        "mobile": row.mobile,
    }[sort]
