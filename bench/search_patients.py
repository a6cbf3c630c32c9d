"""Patient search latency over 100,000 synthetic patients: the encrypted (SQLCipher)
database vs the same schema, rows and queries on plain SQLite, in the same run.

    python bench/search_patients.py [patients] [queries]

Prints p50/p95/max for both, then the JSON line (ratio > 1: ours is faster). Goal: ours
p95 <= 30 ms and within 1.5x of plain SQLite (ratio >= 0.67). The plain database gets the
app's own connection pragmas (WAL, synchronous, cache size, temp store), so the ratio
measures encryption alone. Before the JSON line it also times browsing the whole list
(the patient table): page 1 and page 1,000 in each sort order, keyset paging as the app
does it vs OFFSET paging, on both databases.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert
from sqlalchemy.orm import Session, sessionmaker

from desktop.core import abha, names
from desktop.core.patient import new_code, new_id
from desktop.storage import migrate, patient_search
from desktop.storage.db import PRAGMAS, Database
from desktop.storage.models import Base
from desktop.storage.models.clinical import PatientRecord

GIVEN = [
    ("Ramesh", "रमेश"),
    ("Suresh", "सुरेश"),
    ("Mahesh", "महेश"),
    ("Rajesh", "राजेश"),
    ("Anil", "अनिल"),
    ("Sunil", "सुनील"),
    ("Vijay", "विजय"),
    ("Sanjay", "संजय"),
    ("Manoj", "मनोज"),
    ("Rakesh", "राकेश"),
    ("Dinesh", "दिनेश"),
    ("Mukesh", "मुकेश"),
    ("Ashok", "अशोक"),
    ("Arun", "अरुण"),
    ("Deepak", "दीपक"),
    ("Pankaj", "पंकज"),
    ("Ravi", "रवि"),
    ("Amit", "अमित"),
    ("Rahul", "राहुल"),
    ("Vikas", "विकास"),
    ("Sunita", "सुनीता"),
    ("Anita", "अनीता"),
    ("Geeta", "गीता"),
    ("Seema", "सीमा"),
    ("Rekha", "रेखा"),
    ("Kavita", "कविता"),
    ("Pooja", "पूजा"),
    ("Priya", "प्रिया"),
    ("Neha", "नेहा"),
    ("Asha", "आशा"),
    ("Usha", "उषा"),
    ("Kamla", "कमला"),
    ("Savitri", "सावित्री"),
    ("Lakshmi", "लक्ष्मी"),
    ("Radha", "राधा"),
    ("Sita", "सीता"),
    ("Meena", "मीना"),
    ("Shanti", "शांति"),
    ("Manju", "मंजू"),
    ("Pushpa", "पुष्पा"),
]
FAMILY = [
    ("Kumar", "कुमार"),
    ("Devi", "देवी"),
    ("Singh", "सिंह"),
    ("Yadav", "यादव"),
    ("Sharma", "शर्मा"),
    ("Verma", "वर्मा"),
    ("Gupta", "गुप्ता"),
    ("Mishra", "मिश्रा"),
    ("Patel", "पटेल"),
    ("Chauhan", "चौहान"),
    ("Tiwari", "तिवारी"),
    ("Pandey", "पांडेय"),
    ("Jha", "झा"),
    ("Das", "दास"),
    ("Meena", "मीणा"),
    ("Rawat", "रावत"),
    ("Prajapati", "प्रजापति"),
    ("Kushwaha", "कुशवाहा"),
    ("Maurya", "मौर्य"),
    ("Nishad", "निषाद"),
]
TYPOS = ["Ramseh", "Sunitaa", "Kavitha", "Mahes", "Pooja Vrma", "Lakshmee", "Rajsh Kumar"]


@cache
def _keys(given: str, family: str) -> tuple[str, str, str]:
    g, f = names.phonetic_key(given), names.phonetic_key(family)
    return f"{g} {f}".strip(), f"{f} {g}".strip(), names.skeleton(f"{given} {family}")


def synthetic_rows(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    now = datetime(2026, 11, 25, tzinfo=UTC)
    for i in range(n):
        script = rng.random() < 0.5
        given = rng.choice(GIVEN)[script]
        family = rng.choice(FAMILY)[script]
        key_name, key_family, key_skeleton = _keys(given, family)
        has_abha = rng.random() < 0.4
        yield {
            "id": new_id(),
            "code": new_code(),
            "given_name": given,
            "family_name": family,
            "sex": rng.choice(("female", "male")),
            "birth_date": date(1940, 1, 1) + timedelta(days=rng.randrange(30_000)),
            "birth_estimated": rng.random() < 0.3,
            "mobile": f"{rng.choice('6789')}{rng.randrange(10**9):09d}"
            if rng.random() < 0.8
            else "",
            "no_mobile_reason": "",
            "abha_number": abha.luhn_complete(f"91{rng.randrange(10**11):011d}")
            if has_abha
            else "",
            "abha_address": f"user{i}@abdm" if has_abha else "",
            "state_lgd": 9,
            "district": "Sitapur",
            "locality": f"Village {i % 500}",
            "address_line": "",
            "pin": "261001",
            "guardian_name": "",
            "guardian_relation": "",
            "photo_blob_id": None,
            "key_name": key_name,
            "key_family": key_family,
            "key_skeleton": key_skeleton,
            "created_at": now,
            "updated_at": now - timedelta(minutes=i),
            "created_by": "bench",
            "updated_by": "bench",
            "version": 1,
        }


def fill(begin: Callable[[], AbstractContextManager[Any]], rows: list[dict[str, Any]]) -> None:
    with begin() as conn:
        for start in range(0, len(rows), 5000):
            conn.execute(insert(PatientRecord.__table__), rows[start : start + 5000])


def make_queries(rows: list[dict[str, Any]], count: int, rng: random.Random) -> list[str]:
    out: list[str] = []
    kinds = ["prefix", "full", "devanagari", "typo", "mobile", "abha", "code", "family"]
    while len(out) < count:
        row = rng.choice(rows)
        kind = kinds[len(out) % len(kinds)]
        given, family = row["given_name"], row["family_name"]
        if kind == "prefix":
            out.append(given[: rng.randint(2, 5)])
        elif kind == "full":
            out.append(f"{given} {family}")
        elif kind == "devanagari":
            out.append(rng.choice(GIVEN)[1] + " " + rng.choice(FAMILY)[1][:2])
        elif kind == "typo":
            out.append(rng.choice(TYPOS))
        elif kind == "mobile" and row["mobile"]:
            out.append(row["mobile"][: rng.randint(5, 10)])
        elif kind == "abha" and row["abha_number"]:
            out.append(abha.format_number(row["abha_number"]))
        elif kind == "code":
            out.append(row["code"][: rng.randint(5, 10)])
        elif kind == "family":
            out.append(family)
    return out


def timings(
    sessions: list[Callable[[], AbstractContextManager[Session]]], queries: list[str]
) -> list[list[float]]:
    """Per database, the latency of each query; the databases take turns query by query,
    so a busy moment on the machine hits both alike."""
    for open_session in sessions:  # warm the page cache and the statement cache
        with open_session() as s:
            for q in queries[:40]:
                patient_search.search(s, q, limit=100)
    out: list[list[float]] = [[] for _ in sessions]
    for q in queries:
        for i, open_session in enumerate(sessions):
            with open_session() as s:
                start = time.perf_counter()
                patient_search.search(s, q, limit=100)
                out[i].append((time.perf_counter() - start) * 1000)
    return out


def plain_engine(path: Path) -> Engine:
    """Plain SQLite set up like the app's database: the same pragmas on every connection
    and the same explicit BEGIN (only the key and the encryption differ)."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"isolation_level": None, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _pragmas(conn: Any, _record: Any) -> None:
        for pragma in PRAGMAS:
            conn.execute(pragma).fetchall()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def _ms(fn: Callable[[], Any], repeat: int = 5) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def browse_timings(
    sessions: list[Callable[[], AbstractContextManager[Session]]], n: int, page: int = 100
) -> list[tuple[str, list[tuple[float, float, float]]]]:
    """Per sort order and database: (page 1, page 1,000 by keyset, page 1,000 by OFFSET);
    with fewer than 100,000 patients the last full page stands in for page 1,000."""
    deep = min(999, n // page - 1) * page  # rows before the deep page
    out: list[tuple[str, list[tuple[float, float, float]]]] = []
    for sort in patient_search.SORTS:
        per_db: list[tuple[float, float, float]] = []
        for open_session in sessions:
            with open_session() as s:
                before = patient_search.browse(s, sort, False, offset=deep - 1, limit=1)[0]
                first = _ms(lambda: patient_search.browse(s, sort, False, limit=page))  # noqa: B023
                keyset = _ms(
                    lambda: patient_search.browse(s, sort, False, limit=page, after=before)  # noqa: B023
                )
                offset = _ms(
                    lambda: patient_search.browse(s, sort, False, offset=deep, limit=page)  # noqa: B023
                )
            per_db.append((first, keyset, offset))
        out.append((sort, per_db))
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    q = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    rng = random.Random(20261125)
    t0 = time.perf_counter()
    rows = list(synthetic_rows(n, rng))
    print(f"generated {n:,} patients in {time.perf_counter() - t0:.1f} s", flush=True)
    queries = make_queries(rows, q, rng)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "clinic.db", os.urandom(32))
        migrate.upgrade(db)
        t0 = time.perf_counter()
        fill(db.write_engine.begin, rows)
        print(f"encrypted fill {time.perf_counter() - t0:.1f} s", flush=True)

        plain = plain_engine(Path(tmp) / "plain.db")
        Base.metadata.create_all(plain)
        fill(plain.begin, rows)
        plain_sessions = sessionmaker(plain)

        def plain_session() -> AbstractContextManager[Session]:
            return plain_sessions.begin()

        ours, ref = timings([db.read_session, plain_session], queries)
        browsing = browse_timings([db.read_session, plain_session], n)
        db.dispose()
        plain.dispose()
    for label, values in (("sqlcipher", ours), ("plain sqlite", ref)):
        print(
            f"{label:>12}: p50 {statistics.median(values):6.2f} ms  p95 {p95(values):6.2f} ms"
            f"  max {max(values):6.2f} ms  ({len(values)} queries)"
        )
    print("browse 100 rows (median of 5), ms: page 1 / page 1,000 keyset / page 1,000 OFFSET")
    for sort, ((f1, k1, o1), (f2, k2, o2)) in browsing:
        print(
            f"  {sort:>10}: sqlcipher {f1:6.2f} / {k1:6.2f} / {o1:7.2f}"
            f"   plain sqlite {f2:6.2f} / {k2:6.2f} / {o2:7.2f}"
        )
    ours_p95, ref_p95 = p95(ours), p95(ref)
    print(
        json.dumps(
            {
                "metric": f"patient search p95 over {n} patients",
                "unit": "ms",
                "ours": round(ours_p95, 2),
                "reference": round(ref_p95, 2),
                "reference_name": "same schema and queries on plain SQLite",
                "ratio": round(ref_p95 / ours_p95, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
