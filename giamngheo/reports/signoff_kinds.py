"""Kinds of signed reports that apps above this one contribute.

Sign-off itself (storing the snapshot, approving, returning) lives here; an app that signs
its own kind of report registers how its stored figures are shown on the signed report's
page, so this app never imports it.
"""

from collections.abc import Callable

_DETAIL: dict[str, Callable[[dict], dict]] = {}


def register_detail(kind: str, context: Callable[[dict], dict]) -> None:
    """`context(data)` gives the template variables for a signed report of `kind`."""
    _DETAIL[kind] = context


def detail_context(kind: str, data: dict) -> dict:
    build = _DETAIL.get(kind)
    return build(data) if build else {}
