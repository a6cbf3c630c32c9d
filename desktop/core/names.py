"""Name keys that make Latin and Devanagari spellings of one name comparable.

``romanise`` turns Devanagari into plain Latin (Hindi schwa deletion, diacritics dropped);
``phonetic_key`` folds the spelling variants both scripts produce (sh/s, aspirates, long
vowels, doubled letters, a final 'a'); ``skeleton`` keeps the consonant outline for fuzzy
look-ups. "Ramesh Kumar" and "रमेश कुमार" get the same key.
"""

from __future__ import annotations

import re
import unicodedata

from indic_transliteration import sanscript

_VIRAMA = "\u094d"
_NUKTA = "\u093c"
_ANUSVARA = "\u0902"
_CHANDRABINDU = "\u0901"
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_DEVANAGARI_RUN = re.compile(r"[\u0900-\u097f]+")


def _is_consonant(ch: str) -> bool:
    return "\u0915" <= ch <= "\u0939" or "\u0958" <= ch <= "\u095f" or "\u0978" <= ch <= "\u097f"


def _is_matra(ch: str) -> bool:
    return "\u093e" <= ch <= "\u094c" or ch in "\u0962\u0963"


def has_devanagari(text: str) -> bool:
    return bool(_DEVANAGARI.search(text))


def _delete_schwas(word: str) -> str:
    """Add a virama where Hindi drops the inherent 'a' (word end, and V C a C V inside)."""
    # Units: [text, kind] with kind "C" (consonant keeping its inherent a), "CV" (consonant
    # with a vowel sign), "C0" (consonant with virama), "V" (independent vowel), "M" (other).
    units: list[list[str]] = []
    i = 0
    while i < len(word):
        ch = word[i]
        if _is_consonant(ch):
            text = ch
            i += 1
            if i < len(word) and word[i] == _NUKTA:
                text += word[i]
                i += 1
            kind = "C"
            if i < len(word) and word[i] == _VIRAMA:
                text += word[i]
                i += 1
                kind = "C0"
            elif i < len(word) and _is_matra(word[i]):
                text += word[i]
                i += 1
                kind = "CV"
            units.append([text, kind])
        elif "\u0904" <= ch <= "\u0914" or ch in "\u0960\u0961":
            units.append([ch, "V"])
            i += 1
        elif units:  # anusvara, visarga, stray signs stick to the unit before
            units[-1][0] += ch
            if units[-1][1] == "C":
                units[-1][1] = "CN"  # nasalised inherent vowel: keep it
            i += 1
        else:
            units.append([ch, "M"])
            i += 1

    def voiced(u: list[str]) -> bool:
        return u[1] in ("C", "CV", "V", "CN")

    if len(units) > 1 and units[-1][1] == "C":
        units[-1] = [units[-1][0] + _VIRAMA, "C0"]
    for k in range(len(units) - 2, 0, -1):
        if units[k][1] == "C" and voiced(units[k - 1]) and units[k + 1][1] in ("C", "CV", "CN"):
            units[k] = [units[k][0] + _VIRAMA, "C0"]
    return "".join(u[0] for u in units)


def _strip_marks(text: str) -> str:
    text = text.replace("ṛ", "ri").replace("ṝ", "ri").replace("ḷ", "li").replace("ṃ", "n")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def romanise(text: str) -> str:
    """Plain lower-case Latin letters and single spaces; Devanagari is transliterated."""
    text = unicodedata.normalize("NFC", text).replace(_CHANDRABINDU, _ANUSVARA)

    def one_run(m: re.Match[str]) -> str:
        word = _delete_schwas(m.group(0))
        return str(sanscript.transliterate(word, sanscript.DEVANAGARI, sanscript.IAST))

    if has_devanagari(text):
        text = _DEVANAGARI_RUN.sub(one_run, text)
    text = _strip_marks(text).casefold()
    return " ".join(re.sub(r"[^a-z]+", " ", text).split())


_ASPIRATES = re.compile(r"([kgcjtdpbsr])h")
_FOLD = str.maketrans({"w": "v", "z": "j", "q": "k", "f": "p", "x": "k"})
_LONG = (("aa", "a"), ("ee", "i"), ("ii", "i"), ("oo", "u"), ("uu", "u"))
_NASAL_CLUSTER = re.compile(r"n[gh](?![aeiouy])")
_DOUBLE = re.compile(r"([a-z])\1+")


def _fold_word(word: str) -> str:
    word = word.replace("x", "ks")
    while _ASPIRATES.search(word):
        word = _ASPIRATES.sub(r"\1", word)
    word = _NASAL_CLUSTER.sub("n", word.translate(_FOLD))
    for long, short in _LONG:
        word = word.replace(long, short)
    word = word.replace("mb", "nb").replace("mp", "np")
    word = _DOUBLE.sub(r"\1", word)
    if len(word) > 2 and word.endswith("a"):
        word = word[:-1]
    return word


def phonetic_key(text: str) -> str:
    """One spelling for the usual Latin/Devanagari variants of a name, words kept apart."""
    return " ".join(_fold_word(w) for w in romanise(text).split())


def skeleton(text: str) -> str:
    """First letter plus consonants of each word of the phonetic key ("rms kmr")."""
    out = []
    for word in phonetic_key(text).split():
        out.append(_DOUBLE.sub(r"\1", word[0] + re.sub(r"[aeiouy]", "", word[1:])))
    return " ".join(out)
