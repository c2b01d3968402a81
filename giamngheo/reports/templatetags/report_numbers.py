"""Numbers as Vietnamese print shows them: 1.234.567 and 33,33 (%)."""

from django import template

register = template.Library()


def vn_number(value: float | int | None, decimals: int = 0) -> str:
    """1234567.891 → "1.234.567,89"; None → "—"."""
    if value is None or value == "":
        return "—"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


@register.filter
def integer(value) -> str:
    return vn_number(value, 0)


@register.filter
def percent(share) -> str:
    """A fraction (0..1) as a percentage with two decimals: 0.3333 → 33,33."""
    return "—" if share is None else vn_number(100 * share, 2)
