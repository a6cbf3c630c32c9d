"""Directions in words: the Indian frequency notation ("1-0-1") and timing relative to food,
in English and Hindi, for the editor, the printed prescription and the FHIR dosage text."""

from __future__ import annotations

import re

# Doses per time of day: morning-afternoon-night (3 slots) or morning-noon-evening-night (4),
# each a whole number or a half ("½" or ".5"); or SOS (when needed) / STAT (at once).
FREQUENCY_PATTERN = r"^(([0-9]|½|[0-9](\.5|½))(-([0-9]|½|[0-9](\.5|½))){2,3}|SOS|STAT)$"
_FREQUENCY = re.compile(FREQUENCY_PATTERN)
TIMINGS = ("", "before_food", "after_food", "with_food", "empty_stomach", "bedtime")

_TIMES = {
    "en": {1: "once a day", 2: "twice a day", 3: "three times a day", 4: "four times a day"},
    "hi": {1: "दिन में एक बार", 2: "दिन में दो बार", 3: "दिन में तीन बार", 4: "दिन में चार बार"},
}
# Slot names for a once-a-day dose: 3-slot and 4-slot notation.
_SLOTS = {
    "en": {3: ("morning", "afternoon", "night"), 4: ("morning", "noon", "evening", "night")},
    "hi": {3: ("सुबह", "दोपहर", "रात"), 4: ("सुबह", "दोपहर", "शाम", "रात")},
}
_SPECIAL = {
    "en": {"SOS": "when needed", "STAT": "at once, one time"},
    "hi": {"SOS": "ज़रूरत होने पर", "STAT": "तुरंत, एक बार"},
}
_TIMING = {
    "en": {
        "before_food": "before food",
        "after_food": "after food",
        "with_food": "with food",
        "empty_stomach": "on an empty stomach",
        "bedtime": "at bedtime",
    },
    "hi": {
        "before_food": "खाने से पहले",
        "after_food": "खाने के बाद",
        "with_food": "खाने के साथ",
        "empty_stomach": "खाली पेट",
        "bedtime": "सोते समय",
    },
}


def _lang(language: str) -> str:
    return "hi" if language.lower().startswith("hi") else "en"


def is_frequency(notation: str) -> bool:
    """Whether ``notation`` is valid Indian frequency notation (at least one dose; "0-0-0" is
    not a frequency) or SOS/STAT."""
    if not _FREQUENCY.match(notation):
        return False
    return notation in ("SOS", "STAT") or any(d != "0" for d in notation.split("-"))


def frequency_words(notation: str, language: str = "en") -> str:
    """ "1-0-1" -> "twice a day" / "दिन में दो बार"; a single daily dose names its time
    ("0-0-1" -> "once a day (night)"); "" for text that is not the notation."""
    lang = _lang(language)
    if notation in _SPECIAL[lang]:
        return _SPECIAL[lang][notation]
    if not is_frequency(notation):
        return ""
    slots = notation.split("-")
    taken = [i for i, dose in enumerate(slots) if dose != "0"]
    words = _TIMES[lang][len(taken)]
    if len(taken) == 1:
        words += f" ({_SLOTS[lang][len(slots)][taken[0]]})"
    return words


def timing_words(timing: str, language: str = "en") -> str:
    """ "after_food" -> "after food" / "खाने के बाद"; "" for no timing."""
    return _TIMING[_lang(language)].get(timing, "")


def directions(notation: str, timing: str, language: str = "en") -> str:
    """The notation with its words and the timing: "1-0-1, twice a day, after food"."""
    parts = [notation, frequency_words(notation, language), timing_words(timing, language)]
    return ", ".join(p for p in parts if p)
