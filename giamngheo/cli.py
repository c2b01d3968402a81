"""The `giamngheo` command.

`standards` and `classify` run the pure engine without starting Django, so a
province analyst can classify a CSV on a laptop with nothing configured. Every
other sub-command is a Django management command (migrate, load_units,
generate, demo, runserver, ...).
"""

import os
import sys

PURE_COMMANDS = {"standards", "classify"}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in PURE_COMMANDS:
        from giamngheo.standards.cli import main as standards_main

        try:
            sys.exit(standards_main(argv))
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


if __name__ == "__main__":
    main()
