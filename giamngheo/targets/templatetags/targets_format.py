from decimal import Decimal

from django import template

from giamngheo.core.text import vn_number

register = template.Library()


@register.filter
def vn(value, decimals: int = 2) -> str:
    """A number with Vietnamese separators, without trailing zeros: 0.0900 → 0,09; 2700 → 2.700."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    number = Decimal(str(value))
    places = min(max(-number.normalize().as_tuple().exponent, 0), int(decimals))
    return vn_number(float(round(number, places)), places)
