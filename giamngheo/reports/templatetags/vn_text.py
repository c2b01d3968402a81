"""Small filters that keep codes and English off the screen: signed changes, numbers in
Vietnamese format, Vietnamese labels of codes."""

from django import template

from giamngheo.core.text import vn_number
from giamngheo.reports.labels import label_of

register = template.Library()


@register.filter
def signed(value) -> str:
    """A change as officers write it: +3, −2, 0; "—" when unknown."""
    if value is None or value == "":
        return "—"
    if value > 0:
        return f"+{vn_number(value)}"
    if value < 0:
        return f"−{vn_number(-value)}"
    return "0"


@register.filter
def vn_int(value) -> str:
    """1234567 → 1.234.567 (years and ids are not numbers to group: do not use it for them)."""
    return "—" if value is None or value == "" else vn_number(value)


@register.filter
def vn_dec(value, decimals: int = 1) -> str:
    """1234.5 → 1.234,5."""
    return "—" if value is None or value == "" else vn_number(float(value), int(decimals))


@register.filter
def label(code, kind: str) -> str:
    """The Vietnamese label of a code of a kind ("status", "indicator", ...)."""
    return label_of(kind, code)


@register.filter
def indicator_names(codes, standard_id: str = "") -> str:
    """Indicator codes as their Vietnamese labels, joined: "Người phụ thuộc; Trình độ giáo dục..."."""
    from giamngheo.reports.labels import indicator_labels

    return "; ".join(indicator_labels(codes, standard_id or ""))


@register.filter
def person(user) -> str:
    """A user as a person: full name (or login name), never "None"."""
    if user is None or user == "":
        return "hệ thống"
    return user.get_full_name() or user.get_username()


@register.simple_tag(takes_context=True)
def missing_data(context, unit):
    """What `unit` lacks before figures can be shown (see `reports.missing`)."""
    from giamngheo.reports.missing import missing_steps

    user = context.get("user")
    return missing_steps(unit, user) if unit is not None and user is not None else []


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when absent or when there is no mapping)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
