"""Stock rules at the spoke: a quantity is a whole number from 0 up, dispensing never takes
stock below zero, and the unit a medicine is counted in follows its form. Codes only (the UI
words them, ``desktop/ui/messages.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.issues import Issue, ValidationError, error

MAX_QUANTITY = 1_000_000

# The unit a form is counted in (the stock list shows it beside the quantity).
_UNITS = (
    ("tablet", "tablets"),
    ("capsule", "capsules"),
    ("sachet", "sachets"),
    ("inhaler", "inhalers"),
    ("cream", "tubes"),
    ("ointment", "tubes"),
    ("gel", "tubes"),
    ("syrup", "bottles"),
    ("suspension", "bottles"),
    ("drops", "bottles"),
    ("lotion", "bottles"),
    ("injection", "vials"),
)


def unit_for(form: str) -> str:
    """The counting unit of a form ("tablet" and "dispersible tablet" -> "tablets")."""
    text = form.casefold()
    return next((unit for key, unit in _UNITS if key in text), "units")


def quantity_issue(text: str, field: str = "quantity") -> Issue | None:
    """What is wrong with a typed quantity, or None: digits only, 0 to MAX_QUANTITY."""
    value = text.strip()
    if not value:
        return error(field, "stock.quantity_required")
    if value.startswith("-") and value[1:].isdigit():
        return error(field, "stock.quantity_negative")
    if not value.isdigit() or not value.isascii():
        return error(field, "stock.quantity_not_whole")
    if int(value) > MAX_QUANTITY:
        return error(field, "stock.quantity_too_large", maximum=MAX_QUANTITY)
    return None


def parse_quantity(text: str, field: str = "quantity") -> int:
    """The quantity typed, or ``ValidationError`` with the issue."""
    issue = quantity_issue(text, field)
    if issue is not None:
        raise ValidationError([issue])
    return int(text.strip())


def check_quantity(value: object, field: str = "quantity") -> int:
    """A quantity handed to storage: an int from 0 to MAX_QUANTITY (bool is not one)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError([error(field, "stock.quantity_not_whole")])
    if value < 0:
        raise ValidationError([error(field, "stock.quantity_negative")])
    if value > MAX_QUANTITY:
        raise ValidationError([error(field, "stock.quantity_too_large", maximum=MAX_QUANTITY)])
    return value


@dataclass(frozen=True)
class Given:
    """What the operator gave for one medicine of a prescription: from which stock item
    (None: nothing of the list, e.g. not in stock) and how many (0: not given)."""

    medicine_index: int
    stock_item_id: str | None
    quantity: int


def after_dispensing(available: int | None, given: int, field: str) -> int | None:
    """The stock left after giving ``given`` (None stays None: not counted). Giving more
    than is counted is refused, never taken below zero."""
    check_quantity(given, field)
    if available is None:
        return None
    if given > available:
        raise ValidationError([error(field, "stock.not_enough", available=available)])
    return available - given
