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
