"""`giamngheo help`: every command of the product with one line each.

The engine's commands (`standards`, `classify`) come from their argparse parser, the
product's management commands from their `help`, and the few Django and django-tasks
commands a newcomer needs are listed with a line of our own."""

from django.core.management import get_commands, load_command_class

PURE = {
    "standards": "list the poverty standards with period, legal basis and lines (no database needed)",
    "classify": "classify the households of a CSV file under a standard (no database needed)",
}
FRAMEWORK = {
    "migrate": "create or update the database tables",
    "runserver": "serve the site (`giamngheo runserver 127.0.0.1:8000`)",
    "db_worker": "run the background jobs (classification runs, large imports and exports)",
    "createsuperuser": "create an administrator account",
    "changepassword": "change a user's password",
}


def command_lines() -> list[tuple[str, str]]:
    """(name, one line) for every command a user of the product may run, sorted by name."""
    lines = dict(PURE)
    for name, app in get_commands().items():
        if app.startswith("giamngheo."):
            text = load_command_class(app, name).help or ""
            lines[name] = text.strip().splitlines()[0] if text.strip() else ""
    lines.update({name: text for name, text in FRAMEWORK.items() if name in get_commands()})
    return sorted(lines.items())


def help_text() -> str:
    rows = command_lines()
    width = max(len(name) for name, _ in rows)
    body = "\n".join(f"  {name:<{width}}  {text}" for name, text in rows)
    return (
        "Usage: giamngheo COMMAND [options]\n\nCommands:\n"
        f"{body}\n\n`giamngheo help COMMAND` (or `giamngheo COMMAND --help`) shows a command's options;\n"
        "`giamngheo help --all` lists every Django command as well.\n"
    )
