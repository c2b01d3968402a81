"""The dated amounts of `data/entitlements.yaml`, as they stand on a given day."""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data") / "entitlements.yaml"


@dataclass(frozen=True)
class Dated:
    value: object
    reference: str
    confirmed: bool


@dataclass(frozen=True)
class HealthInsurance:
    """The yearly premium of one person and the State's share of it, by status."""

    on: dt.date
    base_salary: Dated
    rate: Dated
    shares: Dated
    agricultural_share: float

    @property
    def yearly_premium(self) -> int:
        return round(self.base_salary.value * self.rate.value * 12)

    def state_cost(self, status: str, people: int) -> int:
        return round(self.yearly_premium * self.shares.value.get(status, 0.0) * people)

    @property
    def confirmed(self) -> bool:
        return self.base_salary.confirmed and self.rate.confirmed and self.shares.confirmed


@cache
def _entitlements() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _at(versions: list[dict], on: dt.date, key: str = "value") -> Dated:
    holding = [v for v in versions if v["from"] <= on]
    if not holding:
        raise ValueError(f"Chưa có giá trị nào có hiệu lực vào ngày {on:%d/%m/%Y}.")
    latest = max(holding, key=lambda v: v["from"])
    return Dated(latest[key], latest["reference"], bool(latest.get("confirmed", False)))


def health_insurance(on: dt.date) -> HealthInsurance:
    data = _entitlements()["health_insurance"]
    shares = _at(data["state_share"], on, key="values")
    share_version = max((v for v in data["state_share"] if v["from"] <= on), key=lambda v: v["from"])
    return HealthInsurance(
        on=on,
        base_salary=_at(_entitlements()["base_salary"], on),
        rate=_at(data["contribution_rate"], on),
        shares=shares,
        agricultural_share=float(share_version.get("agricultural_average", 0.0)),
    )


def credit_reference() -> str:
    return _entitlements()["credit"]["reference"]
