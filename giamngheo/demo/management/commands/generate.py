import datetime as dt

from django.core.management.base import CommandError

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.core.commands import OfficerCommand
from giamngheo.core.params import is_digits
from giamngheo.core.text import fold
from giamngheo.demo.generator import GenerationError, generate_province


class Command(OfficerCommand):
    help = "Generate realistic demo households (members, surveys) for a province, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", required=True, help="official code (e.g. 56) or name, with or without diacritics"
        )
        parser.add_argument("--households", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--replace", action="store_true", help="delete the province's households first")
        parser.add_argument("--survey-date", type=dt.date.fromisoformat, default=dt.date(2025, 10, 1))
        parser.add_argument(
            "--by-commune",
            action="store_true",
            help="number the households commune by commune, as importing each commune's lists does",
        )

    def handle(
        self,
        *args,
        province: str,
        households: int,
        seed: int,
        replace: bool,
        survey_date,
        by_commune: bool,
        **options,
    ):
        if households < 1:
            raise CommandError("--households must be at least 1")
        unit = _province(province)
        try:
            result = generate_province(
                unit,
                households,
                seed=seed,
                replace=replace,
                survey_date=survey_date,
                progress=self.stdout.write,
                by_commune=by_commune,
            )
        except GenerationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{unit.name}: {result.households:,} households, {result.members:,} members, "
                f"{result.villages_created} new villages in {result.build_seconds + result.write_seconds:.1f} s."
            )
        )


def _province(text: str) -> AdminUnit:
    provinces = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE)
    match = provinces.filter(code=text.zfill(2)).first() if is_digits(text) else None
    if match is None:
        found = [p for p in provinces if fold(text) in (p.search_name, fold(p.short_name))]
        match = found[0] if len(found) == 1 else None
    if match is None:
        raise CommandError(f"No current province matches {text!r}; use its code, e.g. 56 for Khánh Hòa.")
    return match
