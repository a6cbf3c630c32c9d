"""Drugs a doctor may not prescribe by teleconsultation, re-checked by the hub.

India's Telemedicine Practice Guidelines (2020) put on a "prohibited list" every drug of
Schedule X of the Drugs and Cosmetics Rules and every narcotic or psychotropic substance listed
under the NDPS Act. This list holds the common generic names of that group; matching is by
whole word, case-insensitive, so "Tab. Tramadol 50 mg" is caught. Brand names are not covered:
the spoke app prescribes by generic name.
"""

from __future__ import annotations

import re

PROHIBITED: frozenset[str] = frozenset(
    {
        # Schedule X
        "amobarbital",
        "amphetamine",
        "barbital",
        "cyclobarbital",
        "glutethimide",
        "meprobamate",
        "methamphetamine",
        "methylphenidate",
        "methylphenobarbital",
        "pentobarbital",
        "phencyclidine",
        "phenmetrazine",
        "secobarbital",
        # NDPS narcotics and psychotropics often met in clinics
        "buprenorphine",
        "cocaine",
        "codeine",
        "fentanyl",
        "ketamine",
        "methadone",
        "morphine",
        "opium",
        "pentazocine",
        "pethidine",
        "tapentadol",
        "tramadol",
        "alprazolam",
        "diazepam",
        "lorazepam",
        "nitrazepam",
        "phenobarbital",
    }
)
_WORD = re.compile(r"[a-z]+")


def prohibited_in(name: str) -> str | None:
    """The prohibited generic named in ``name``, if any."""
    words: list[str] = _WORD.findall(name.lower())
    for word in words:
        if word in PROHIBITED:
            return word
    return None
