from django.core.management.base import CommandError

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.core.commands import OfficerCommand
from giamngheo.households.duplicates.finding import find_duplicates


class Command(OfficerCommand):
    help = "Find members that are probably the same person and store them as pairs for officers to decide."

    def add_arguments(self, parser):
        parser.add_argument("--commune", help="official commune code; every current commune when omitted")

    def handle(self, *args, commune: str | None, **options):
        communes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE)
        if commune:
            communes = communes.filter(code=commune)
            if not communes.exists():
                raise CommandError(
                    f"Không có xã/phường hiện hành mã {commune} (no current commune with this code)."
                )
        result = find_duplicates(communes.order_by("code").values_list("pk", flat=True))
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.communes} communes, {result.members:,} members: "
                f"{result.pairs_found} candidate pairs, {result.pairs_new} new."
            )
        )
