"""The `giamngheo` command.

`standards` and `classify` run the pure engine without starting Django, so a
province analyst can classify a CSV on a laptop with nothing configured. Every
other sub-command is a Django management command (migrate, load_units,
generate, demo, runserver, ...). The listing (`giamngheo`, `giamngheo help`,
`giamngheo --help`) is printed from the static table below, also without Django;
a test keeps it equal to Django's own list.
"""

import os
import sys

PURE_COMMANDS = {"standards", "classify"}
HELP = {"help", "--help", "-h"}

# Django's management commands by app label, as `django.core.management.get_commands()` lists
# them (checked by giamngheo/core/tests/test_cli_listing.py).
DJANGO_COMMANDS: dict[str, tuple[str, ...]] = {
    "api": ("create_api_token",),
    "areas": ("load_units",),
    "auth": ("changepassword", "createsuperuser"),
    "contenttypes": ("remove_stale_contenttypes",),
    "core": ("demo",),
    "django": (
        "check",
        "compilemessages",
        "createcachetable",
        "dbshell",
        "diffsettings",
        "dumpdata",
        "flush",
        "inspectdb",
        "loaddata",
        "makemessages",
        "makemigrations",
        "migrate",
        "optimizemigration",
        "sendtestemail",
        "shell",
        "showmigrations",
        "sqlflush",
        "sqlmigrate",
        "sqlsequencereset",
        "squashmigrations",
        "startapp",
        "startproject",
        "test",
        "testserver",
    ),
    "django_tasks_db": ("db_worker", "prune_db_task_results"),
    "households": ("find_duplicates", "generate", "import_households"),
    "programs": ("load_programs",),
    "reports": ("refresh_summaries",),
    "sessions": ("clearsessions",),
    "simple_history": ("clean_duplicate_history", "clean_old_history", "populate_history"),
    "staticfiles": ("collectstatic", "findstatic", "runserver"),
    "targets": ("load_seed_plans",),
}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:2] in (["help", "standards"], ["help", "classify"]):
        argv = [argv[1], "--help"]
    if not argv or (argv[0] in HELP and len(argv) == 1) or argv[0] in PURE_COMMANDS:
        try:
            sys.exit(_pure(argv))
        except BrokenPipeError:  # output piped into `head` and the like
            sys.stderr.close()
            sys.exit(0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    if argv in ([], ["help"], ["--help"], ["-h"]):
        import django

        django.setup()
        from giamngheo.core.commands import help_text

        sys.stdout.write(help_text())
        return
    if argv[:2] == ["help", "--all"]:
        argv = ["help"]
    elif argv[:1] == ["help"] and argv[1:2] and argv[1] in PURE_COMMANDS:
        argv = [argv[1], "--help"]
        from giamngheo.standards.cli import main as standards_main

        sys.exit(standards_main(argv))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["giamngheo", *argv])


def _pure(argv: list[str]) -> int:
    if not argv or argv[0] in HELP:
        print(listing())
        return 0
    from giamngheo.standards.cli import main as standards_main

    return standards_main(argv)


def listing() -> str:
    """Every sub-command, grouped as Django groups them, the engine's own first."""
    lines = [
        "",
        "Type 'giamngheo help <subcommand>' for help on a specific subcommand.",
        "",
        "Available subcommands:",
        "",
        "[engine, without Django]",
        *(f"    {name}" for name in sorted(PURE_COMMANDS)),
    ]
    for app, names in DJANGO_COMMANDS.items():
        lines += ["", f"[{app}]", *(f"    {name}" for name in names)]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
