"""Vietnamese alphabetical order for lists of names (ICU's vi collation through PyICU).

Byte or code-point order puts "Đ" after "Z" and "Cam Lâm" before "Cà Ná"; Vietnamese
order is a ă â b c d đ e ê ... o ô ơ ... u ư ..., tones compared after the letters.
Every sorted list of names on a page or export goes through `sort_key` or `sorted_vi`.
"""

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

import icu

T = TypeVar("T")


@lru_cache(maxsize=1)
def _collator() -> "icu.Collator":
    return icu.Collator.createInstance(icu.Locale("vi_VN"))


def sort_key(text: str | None) -> bytes:
    """The ICU sort key of a name (None sorts as the empty name)."""
    return _collator().getSortKey(text or "")


def sorted_vi(items: Iterable[T], key: Callable[[T], str | None] = str, reverse: bool = False) -> list[T]:
    """Items sorted by a name in Vietnamese order."""
    return sorted(items, key=lambda item: sort_key(key(item)), reverse=reverse)
