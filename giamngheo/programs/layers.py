"""National and local layers of a benefit: a province's top-up policy adds its share to
the national policy's (Ninh Thuận: 15-20 % of the health-insurance premium for near-poor
people on top of the national 70 %). Both read the versions in force on the day."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from giamngheo.programs.models import Policy

ONE = Decimal(1)


@dataclass(frozen=True)
class LayeredShare:
    """A premium share paid by the State: the national rate plus a local top-up."""

    national: Decimal
    extra_low: Decimal
    extra_high: Decimal

    @property
    def low(self) -> Decimal:
        return min(ONE, self.national + self.extra_low)

    @property
    def high(self) -> Decimal:
        return min(ONE, self.national + self.extra_high)

    @property
    def text(self) -> str:
        def pct(value: Decimal) -> str:
            return f"{round(value * 100)}%"

        extra = (
            pct(self.extra_low)
            if self.extra_low == self.extra_high
            else f"{pct(self.extra_low)}–{pct(self.extra_high)}"
        )
        total = pct(self.low) if self.low == self.high else f"{pct(self.low)}–{pct(self.high)}"
        return f"Trung ương {pct(self.national)} + địa phương {extra} = {total} mức đóng"


def layered_share(top_up: Policy, day: dt.date) -> LayeredShare | None:
    """The national premium share in force on `day` plus the top-up's extra share, or
    None when either is not in force or neither speaks of premium shares."""
    if top_up.tops_up is None:
        return None
    local, national = top_up.version_on(day), top_up.tops_up.version_on(day)
    if local is None or national is None or "premium_share" not in national.benefit:
        return None
    low = Decimal(str(local.benefit.get("premium_share_extra", 0)))
    high = Decimal(str(local.benefit.get("premium_share_extra_high", low)))
    return LayeredShare(Decimal(str(national.benefit["premium_share"])), low, high)
