"""Text helpers shared by search in every app."""

import re

from unidecode import unidecode

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse spaces.

    "Phước  Long" and "phuoc long" fold to the same key, which is what the
    search columns store and what queries are folded with.
    """
    if not text:
        return ""
    return _SPACES.sub(" ", unidecode(text).lower()).strip()


def address_with_units(address: str, *units: str) -> str:
    """An address followed by its units (village, commune, province), each named once:
    registry addresses often already end with some of them."""
    parts = [address] if address else []
    folded = fold(address or "")
    parts += [name for name in units if name and fold(name) not in folded]
    return ", ".join(parts)


def vn_number(value: float | int | None, decimals: int = 0) -> str:
    """1234567.891 → "1.234.567,89" (Vietnamese separators)."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
