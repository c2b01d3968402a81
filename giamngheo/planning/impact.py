"""What a change of standard does, computed on whole frames: households and people by status
under each standard, the transition matrix by commune and village, and the yearly
health-insurance cost to the State that follows from each status."""

from dataclasses import dataclass

import polars as pl

from giamngheo.planning.parameters import HealthInsurance

STATUSES = ["poor", "near_poor", "average", "not_poor"]
CELL_KEYS = ["commune_id", "village_id", "status_from", "status_to"]


@dataclass(frozen=True)
class Impact:
    standard_from: str
    standard_to: str
    year: int
    cells: pl.DataFrame  # CELL_KEYS, households, people, cost_from, cost_to (VND a year)
    insurance: HealthInsurance

    @property
    def households(self) -> int:
        return int(self.cells["households"].sum()) if self.cells.height else 0

    def by_status(self) -> list[dict]:
        """Households and people in each status under the first and the second standard."""
        rows = []
        for status in STATUSES:
            before = self.cells.filter(pl.col("status_from") == status)
            after = self.cells.filter(pl.col("status_to") == status)
            rows.append(
                {
                    "status": status,
                    "households_from": int(before["households"].sum()),
                    "households_to": int(after["households"].sum()),
                    "people_from": int(before["people"].sum()),
                    "people_to": int(after["people"].sum()),
                }
            )
        return rows

    def matrix(self, commune_id: int | None = None) -> dict[str, dict[str, int]]:
        cells = self.cells if commune_id is None else self.cells.filter(pl.col("commune_id") == commune_id)
        counts = {f: dict.fromkeys(STATUSES, 0) for f in STATUSES}
        grouped = cells.group_by("status_from", "status_to").agg(pl.col("households").sum())
        for status_from, status_to, households in grouped.iter_rows():
            counts[status_from][status_to] += households
        return counts

    def by_commune(self) -> pl.DataFrame:
        """One row per commune: households changing class, people and costs under each standard."""
        changed = pl.col("status_from") != pl.col("status_to")
        return (
            self.cells.group_by("commune_id")
            .agg(
                pl.col("households").sum(),
                pl.col("people").sum(),
                pl.col("households").filter(changed).sum().alias("changed"),
                *(
                    pl.col("households").filter(pl.col(side) == s).sum().alias(f"{s}_{suffix}")
                    for side, suffix in (("status_from", "from"), ("status_to", "to"))
                    for s in ("poor", "near_poor")
                ),
                pl.col("cost_from").sum(),
                pl.col("cost_to").sum(),
            )
            .with_columns((pl.col("cost_to") - pl.col("cost_from")).alias("cost_change"))
            .sort("cost_change", "commune_id", descending=[True, False])
        )

    @property
    def cost_from(self) -> int:
        return int(self.cells["cost_from"].sum())

    @property
    def cost_to(self) -> int:
        return int(self.cells["cost_to"].sum())


def state_share(status: pl.Expr, agricultural: pl.Expr, insurance: HealthInsurance) -> pl.Expr:
    """The State's share of one person's premium: by status, and at least the agricultural
    households' share for an agricultural household with an average living standard."""
    shares = insurance.shares.value
    by_status = status.replace_strict(shares, default=0.0, return_dtype=pl.Float64)
    agricultural_average = agricultural & (status == "average")
    return (
        pl.when(agricultural_average)
        .then(pl.max_horizontal(by_status, pl.lit(insurance.agricultural_share)))
        .otherwise(by_status)
    )


def impact_of(
    households: pl.DataFrame,
    first: pl.DataFrame,
    second: pl.DataFrame,
    *,
    standard_from: str,
    standard_to: str,
    year: int,
    insurance: HealthInsurance,
) -> Impact:
    """`households`: household_id (the survey's key in both results), commune_id, village_id,
    members and, when recorded, `agricultural`. `first`/`second`: the engine's results."""
    agricultural = (
        pl.col("agricultural").fill_null(False) if "agricultural" in households.columns else pl.lit(False)
    )
    premium = insurance.yearly_premium
    joined = (
        households.lazy()
        .select("household_id", "commune_id", "village_id", "members", agricultural.alias("_agricultural"))
        .join(first.lazy().select("household_id", pl.col("status").alias("status_from")), on="household_id")
        .join(second.lazy().select("household_id", pl.col("status").alias("status_to")), on="household_id")
        .with_columns(
            (
                state_share(pl.col("status_from"), pl.col("_agricultural"), insurance)
                * premium
                * pl.col("members")
            ).alias("cost_from"),
            (
                state_share(pl.col("status_to"), pl.col("_agricultural"), insurance)
                * premium
                * pl.col("members")
            ).alias("cost_to"),
        )
        .group_by(CELL_KEYS)
        .agg(
            pl.len().alias("households"),
            pl.col("members").sum().alias("people"),
            pl.col("cost_from").sum().round(0).cast(pl.Int64),
            pl.col("cost_to").sum().round(0).cast(pl.Int64),
        )
        .sort(CELL_KEYS, nulls_last=True)
        .collect()
    )
    return Impact(standard_from, standard_to, year, joined, insurance)
