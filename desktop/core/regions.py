"""India's 36 states and union territories, keyed by their LGD code (Local Government
Directory, the code ABHA cards carry as ``statelgd``), with English and Hindi names."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class State:
    """A state or union territory."""

    lgd: int
    name: str
    name_hi: str
    is_union_territory: bool = False


STATES: tuple[State, ...] = (
    State(28, "Andhra Pradesh", "आंध्र प्रदेश"),
    State(12, "Arunachal Pradesh", "अरुणाचल प्रदेश"),
    State(18, "Assam", "असम"),
    State(10, "Bihar", "बिहार"),
    State(22, "Chhattisgarh", "छत्तीसगढ़"),
    State(30, "Goa", "गोवा"),
    State(24, "Gujarat", "गुजरात"),
    State(6, "Haryana", "हरियाणा"),
    State(2, "Himachal Pradesh", "हिमाचल प्रदेश"),
    State(20, "Jharkhand", "झारखंड"),
    State(29, "Karnataka", "कर्नाटक"),
    State(32, "Kerala", "केरल"),
    State(23, "Madhya Pradesh", "मध्य प्रदेश"),
    State(27, "Maharashtra", "महाराष्ट्र"),
    State(14, "Manipur", "मणिपुर"),
    State(17, "Meghalaya", "मेघालय"),
    State(15, "Mizoram", "मिज़ोरम"),
    State(13, "Nagaland", "नागालैंड"),
    State(21, "Odisha", "ओडिशा"),
    State(3, "Punjab", "पंजाब"),
    State(8, "Rajasthan", "राजस्थान"),
    State(11, "Sikkim", "सिक्किम"),
    State(33, "Tamil Nadu", "तमिलनाडु"),
    State(36, "Telangana", "तेलंगाना"),
    State(16, "Tripura", "त्रिपुरा"),
    State(9, "Uttar Pradesh", "उत्तर प्रदेश"),
    State(5, "Uttarakhand", "उत्तराखंड"),
    State(19, "West Bengal", "पश्चिम बंगाल"),
    State(35, "Andaman and Nicobar Islands", "अंडमान और निकोबार द्वीपसमूह", True),
    State(4, "Chandigarh", "चंडीगढ़", True),
    State(
        38,
        "Dadra and Nagar Haveli and Daman and Diu",
        "दादरा और नगर हवेली और दमन और दीव",
        True,
    ),
    State(7, "Delhi", "दिल्ली", True),
    State(1, "Jammu and Kashmir", "जम्मू और कश्मीर", True),
    State(37, "Ladakh", "लद्दाख", True),
    State(31, "Lakshadweep", "लक्षद्वीप", True),
    State(34, "Puducherry", "पुदुचेरी", True),
)

_BY_LGD = {s.lgd: s for s in STATES}

# Older or official long forms seen on cards and in address data.
_ALIASES = {
    "orissa": 21,
    "uttaranchal": 5,
    "pondicherry": 34,
    "nct of delhi": 7,
    "national capital territory of delhi": 7,
    "andaman and nicobar": 35,
    "dadra and nagar haveli": 38,
    "daman and diu": 38,
    "the dadra and nagar haveli and daman and diu": 38,
}


def _key(name: str) -> str:
    name = name.replace("&", " and ").casefold()
    return re.sub(r"[^a-z\u0900-\u097f]+", " ", name).strip()


_BY_NAME = {_key(s.name): s for s in STATES} | {_key(s.name_hi): s for s in STATES}


def by_lgd(code: int | str) -> State | None:
    """The state with this LGD code; None for unknown or malformed codes."""
    try:
        return _BY_LGD.get(int(str(code).strip()))
    except ValueError:
        return None


def by_name(name: str) -> State | None:
    """The state with this English or Hindi name (any case, '&' for 'and', old names)."""
    key = _key(name)
    if key in _BY_NAME:
        return _BY_NAME[key]
    lgd = _ALIASES.get(key)
    return _BY_LGD[lgd] if lgd is not None else None
