"""Numbers from requests, files and the command line: ASCII digits only.

`str.isdigit()` is true for '²' and '٣', which `int()` then refuses or reads as
another number; every parameter goes through these instead.
"""

import re

_DIGITS = re.compile(r"[0-9]{1,18}")


def is_digits(text: object) -> bool:
    """True for a non-empty run of at most 18 ASCII digits (it fits a 64-bit integer)."""
    return isinstance(text, str) and bool(_DIGITS.fullmatch(text))


def ascii_int(value: object) -> int | None:
    """The non-negative integer written with ASCII digits, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = str(value).strip() if value is not None else ""
    return int(text) if is_digits(text) else None
