from django.core.management.base import CommandError

from giamngheo.accounts.models import User
from giamngheo.api.models import ApiToken
from giamngheo.core.commands import OfficerCommand


class Command(OfficerCommand):
    help = "Issue an API token for a user and print its key (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản tên {username!r} (no such user).")
        _token, key = ApiToken.issue(user, name)
        self.stdout.write(key)
