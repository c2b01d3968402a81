"""The `giamngheo` command.

`standards` and `classify` run the pure engine without starting Django, so a province analyst
can classify a CSV on a laptop with nothing configured. Every other sub-command is a Django
management command (migrate, load_units, generate, demo, serve, ...). The listing (`giamngheo`,
`giamngheo help`, `giamngheo --help`) is printed from the static tables below, also without
Django; tests keep them equal to Django's own list.
"""

import os
import sys

PURE_COMMANDS = {"standards", "classify"}
HELP = {"help", "--help", "-h"}

# The commands a user of the product runs, one line each (`giamngheo help`).
COMMANDS: dict[str, str] = {
    "standards": "list the poverty standards with period, legal basis and lines (no database needed)",
    "classify": "classify the households of a CSV file under a standard (no database needed)",
    "demo": "build the demo province with its logins and serve it (--addrport, --households N)",
    "generate": "generate a synthetic province of any size (demo data, benchmarks)",
    "serve": "serve the site in production (gunicorn, static files); --with-worker runs the jobs too",
    "db_worker": "run the background jobs (classification runs, imports, reports)",
    "migrate": "create or update the database tables",
    "load_units": "load the administrative units before and after 1 July 2025 with their lineage",
    "load_seed_plans": "load the indicator catalogue and the seed plans (idempotent)",
    "load_programs": "load the policy catalogue, programmes, seed tasks and budgets (idempotent)",
    "load_scorecard_tables": "check and load the official B1 tables (base scores, items and points, thresholds) of a standard, from a workbook",
    "import_households": "import households and members from .xlsx, .xls or .csv (all or nothing)",
    "find_duplicates": "list members that are probably the same person, for officers to decide",
    "refresh_summaries": "recompute the summary tables from the latest official classifications",
    "report": "write the fifteen official review reports of a unit and year as a workbook",
    "backup": "back up the PostgreSQL database and the uploaded files into one archive",
    "restore": "restore a backup archive (refuses a non-empty database unless --force)",
    "create_api_token": "issue an API token for a user (shown once)",
    "createsuperuser": "create an administrator account",
    "changepassword": "change a user's password",
    "axes_reset_username": "unlock a login locked after repeated failures",
    "collectstatic": "gather the static files for `serve`",
    "check": "check the configuration (`check --deploy` for production)",
    "runserver": "Django's development server (the demo and production use `serve`)",
}

# Every management command by app label, as `django.core.management.get_commands()` lists them
# (`giamngheo help --all` prints Django's own listing).
DJANGO_COMMANDS: dict[str, tuple[str, ...]] = {
    "api": ("create_api_token",),
    "areas": ("load_units",),
    "auth": ("changepassword", "createsuperuser"),
    "axes": (
        "axes_list_attempts",
        "axes_reset",
        "axes_reset_failure_logs",
        "axes_reset_ip",
        "axes_reset_ip_username",
        "axes_reset_logs",
        "axes_reset_username",
    ),
    "contenttypes": ("remove_stale_contenttypes",),
    "demo": ("demo", "generate"),
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
    ),  # fmt: skip
    "django_tasks_db": ("prune_db_task_results",),
    "households": ("find_duplicates", "import_households"),
    "ninja": ("export_openapi_schema",),
    "ops": ("backup", "db_worker", "restore", "serve"),
    "programs": ("load_programs",),
    "reports": ("refresh_summaries", "report"),
    "sessions": ("clearsessions",),
    "simple_history": ("clean_duplicate_history", "clean_old_history", "populate_history"),
    "standards": ("load_scorecard_tables",),
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
    if argv[:2] == ["help", "--all"]:
        argv = ["help"]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["giamngheo", *argv])


def _pure(argv: list[str]) -> int:
    if not argv or argv[0] in HELP:
        print(listing())
        return 0
    from giamngheo.standards.cli import main as standards_main

    return standards_main(argv)


def listing() -> str:
    """Every command of the product with one line, then the other commands by app."""
    width = max(len(name) for name in COMMANDS)
    others = sorted({n for names in DJANGO_COMMANDS.values() for n in names} - set(COMMANDS))
    return "\n".join(
        [
            "Usage: giamngheo COMMAND [options]",
            "",
            "Commands:",
            *(f"  {name:<{width}}  {line}" for name, line in COMMANDS.items()),
            "",
            "`giamngheo help COMMAND` (or `giamngheo COMMAND --help`) shows a command's options.",
            "Other Django commands (`giamngheo help --all` describes them):",
            *(f"    {name}" for name in others),
        ]
    )


if __name__ == "__main__":
    main()
