"""Keeps patient data out of text bound for logs and crash reports.

Structure first: an exception's message may carry whatever the failing code held (a name, a
complaint, a SQL parameter), so logs and crash reports describe an exception by its type and
code only (``describe``, ``traceback_text``), never by its message. Under that, ``scrub``
masks what is left: identifiers with a known shape (mobile, ABHA number and address, e-mail,
a PIN next to the word "PIN", any Devanagari run) and every word of the patient data the app
has shown since it started (names, district, locality, address, PIN, complaint, conditions,
allergies, medicines). Those words are kept only as keyed digests, and they stay masked until
the process ends: logging out does not bring a name back into the log.
"""

from __future__ import annotations

import errno as errno_names
import linecache
import os
import re
import threading
import traceback
import unicodedata

MASK = "[redacted]"

_PATTERNS = (
    # ABHA number: 14 digits, plain or as XX-XXXX-XXXX-XXXX.
    re.compile(r"(?<!\d)\d{2}[- ]?\d{4}[- ]?\d{4}[- ]?\d{4}(?!\d)"),
    # Indian mobile, optional +91/0 prefix.
    re.compile(r"(?<!\d)(?:\+?91[- ]?|0)?[6-9]\d{9}(?!\d)"),
    # ABHA address and e-mail.
    re.compile(r"[\w.+-]+@(?:abdm|sbx|[\w-]+\.[\w.-]+)\b", re.IGNORECASE),
    # Devanagari runs: free text in Hindi is patient speech or names, never a log message.
    re.compile(r"[\u0900-\u097F]+(?:[\s\u0900-\u097F]*[\u0900-\u097F])?"),
)
# A PIN code named as such ("PIN 823001", "pincode: 823 001"): the number goes, the word stays.
_PIN = re.compile(r"(\bpin(?:\s*code)?\W{0,3})[1-9]\d{2}\s?\d{3}(?!\d)", re.IGNORECASE)

# A word: letters, digits, underscore, plus the Indic blocks' vowel signs (which \w splits on).
_WORD = re.compile(r"[\w\u0900-\u0DFF]+")
_MIN_WORD = 3
_MIN_NUMBER = 6  # shorter numbers (house numbers, doses, days) identify nobody
# Words of free text too common to mask: they would only blank out the log's own sentences.
_COMMON_TEXT = """
    the and for with from since has had have was were are not but all any can her his him she
    they them this that then than there what when which who will would should could into onto
    over under after before about also very some more most less day days week weeks month
    months year years hour hours one two three four five six seven eight nine ten left right
    daily once twice times per none nil yes off its our out you your old new
"""
_COMMON = frozenset(_COMMON_TEXT.split())
_MAX_WORDS = 100_000  # about 10 MB at most; the oldest are dropped first

_key = os.urandom(32)  # per process: the digests mean nothing outside it
_lock = threading.Lock()
_words: dict[bytes, None] = {}  # insertion-ordered set of digests


def _digest(word: str) -> bytes:
    # Imported here: hashlib loads OpenSSL's libcrypto, which the first window does not need.
    import hashlib

    normal = unicodedata.normalize("NFC", word).casefold()
    return hashlib.blake2b(normal.encode("utf-8"), key=_key, digest_size=16).digest()


def _worth_masking(word: str) -> bool:
    if word.isdigit():
        return len(word) >= _MIN_NUMBER
    return len(word) >= _MIN_WORD and word.casefold() not in _COMMON


def register(*values: str) -> None:
    """Mark the words of patient data (a name, a district, a complaint...) as never to be
    written out, from now until the process ends."""
    digests = [
        _digest(word)
        for value in values
        if value
        for word in _WORD.findall(value)
        if _worth_masking(word)
    ]
    if not digests:
        return
    with _lock:
        for digest in digests:
            _words.pop(digest, None)  # seen again: now the newest
            _words[digest] = None
        while len(_words) > _MAX_WORDS:
            del _words[next(iter(_words))]


def forget_all() -> None:
    """Drop every registered word. For tests: the app itself never forgets (see module doc)."""
    with _lock:
        _words.clear()


def _mask_word(match: re.Match[str]) -> str:
    word = match.group()
    return MASK if _worth_masking(word) and _digest(word) in _words else word


def scrub(text: str) -> str:
    """Return ``text`` with every known piece of patient data masked."""
    if _words:
        text = _WORD.sub(_mask_word, text)
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return _PIN.sub(lambda match: match.group(1) + MASK, text)


def _code(exc: BaseException) -> str:
    """A short machine code for an exception, never its message: errno, SQLite error name,
    HTTP status, or a ``code`` attribute that is a plain identifier."""
    parts: list[str] = []
    if isinstance(exc, OSError) and isinstance(exc.errno, int):
        parts.append(errno_names.errorcode.get(exc.errno, str(exc.errno)))
    name = getattr(exc, "sqlite_errorname", None)
    if isinstance(name, str) and re.fullmatch(r"SQLITE_[A-Z_]+", name):
        parts.append(name)
    status = getattr(exc, "status", None)
    if isinstance(status, int) and not isinstance(status, bool) and 100 <= status <= 599:
        parts.append(f"HTTP {status}")
    code = getattr(exc, "code", None)
    if isinstance(code, int) and not isinstance(code, bool):
        parts.append(str(code))
    elif isinstance(code, str) and re.fullmatch(r"[A-Za-z][\w.-]{0,39}", code):
        parts.append(code)
    return ", ".join(parts)


def describe(exc: BaseException) -> str:
    """``module.Type [code]``: what a log line or crash report may say about an exception."""
    cls = type(exc)
    name = (
        cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
    )
    code = _code(exc)
    return f"{name} [{code}]" if code else name


def traceback_text(exc: BaseException) -> str:
    """A traceback of ``exc`` and the exceptions chained to it: frames (file, line, function,
    source line) and ``describe`` of each exception, with every message withheld."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif current.__suppress_context__:
            current = None
        else:
            current = current.__context__
    lines: list[str] = []
    for older, newer in zip(reversed(chain), [*reversed(chain[:-1]), None], strict=True):
        lines.append("Traceback (most recent call last):")
        for frame in traceback.extract_tb(older.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
            source = frame.line or linecache.getline(frame.filename, frame.lineno or 0)
            if source.strip():
                lines.append(f"    {source.strip()}")
        lines.append(f"{describe(older)}: (message withheld)")
        if newer is not None:
            lines.append("")
            if newer.__cause__ is older:
                lines.append("The above exception was the direct cause of the following exception:")
            else:
                lines.append("During handling of the above exception, another exception occurred:")
            lines.append("")
    return "\n".join(lines)
