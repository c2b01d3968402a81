"""Vietnamese alphabetical order for lists of names.

Byte or code-point order puts "Đ" after "Z" and "Cam Lâm" before "Cà Ná". Vietnamese order,
as CLDR's `vi` collation has it, compares three levels one after the other over the whole name:
1. the letters, in the alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
   (f j w z where foreign names use them), a space before any letter, digits before letters;
2. the tones: none, huyền, hỏi, ngã, sắc, nặng;
3. lower case before upper case.
So "Cà Ná" < "Cam Lâm" (the space ends "Cà" before "m"), "Dương" < "Đào", "An" < "Ăn" < "Ân".
Every sorted list of names on a page or export goes through `sort_key` or `sorted_vi`.
"""

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
LETTER = {letter: 1000 + i for i, letter in enumerate(ALPHABET)}
# Marks that make a letter of its own (ă â ê ô ơ ư) and the five tones, in CLDR `vi` order.
LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

Key = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


def _primary(base: str) -> int:
    lower = base.lower()
    if lower in LETTER:
        return LETTER[lower]
    if lower.isspace():
        return 1
    if lower.isdigit() and lower.isascii():
        return 100 + int(lower)
    if unicodedata.category(lower).startswith(("P", "S")):
        return 10 + ord(lower) % 80
    return 2000 + ord(lower)


@lru_cache(maxsize=65_536)
def sort_key(text: str | None) -> Key:
    """The three-level Vietnamese sort key of a name (None sorts as the empty name)."""
    primary: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    for char in unicodedata.normalize("NFD", text or ""):
        if unicodedata.combining(char):
            if char in LETTER_MARKS and primary:
                letter = unicodedata.normalize("NFC", ALPHABET[primary[-1] - 1000] + char)
                primary[-1] = LETTER.get(letter, primary[-1])
            elif char in TONES and tones:
                tones[-1] = TONES[char]
            elif tones:
                tones[-1] = 6
            continue
        primary.append(_primary(char))
        tones.append(0)
        cases.append(1 if char.isupper() else 0)
    return tuple(primary), tuple(tones), tuple(cases)


def sorted_vi(items: Iterable[T], key: Callable[[T], str | None] = str, reverse: bool = False) -> list[T]:
    """Items sorted by a name in Vietnamese order."""
    return sorted(items, key=lambda item: sort_key(key(item)), reverse=reverse)
