"""`giamngheo`, `giamngheo help` and `giamngheo --help` list every sub-command without Django."""

import subprocess
import sys

from django.core.management import get_commands

from giamngheo import cli


def test_the_static_listing_names_every_django_command():
    listed = {name for names in cli.DJANGO_COMMANDS.values() for name in names}
    actual = set(get_commands())
    assert listed - actual == set(), "listed in giamngheo/cli.py DJANGO_COMMANDS but not a command"
    assert actual - listed == set(), "add these management commands to giamngheo/cli.py DJANGO_COMMANDS"


def _run_without(modules: list[str], argv: list[str]) -> subprocess.CompletedProcess:
    probe = (
        "import sys\n"
        "from giamngheo import cli\n"
        "try:\n"
        "    cli.main(sys.argv[1:])\n"
        "except SystemExit as exit_:\n"
        "    assert exit_.code == 0, exit_.code\n"
        f"assert not {{*sys.modules}} & {set(modules)!r}, 'imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done


def test_help_lists_the_commands_without_importing_django_or_polars():
    for argv in ([], ["help"], ["--help"], ["-h"]):
        done = _run_without(["django", "polars"], argv)
        assert "  classify  " in done.stdout and "  migrate  " in done.stdout
        assert "  find_duplicates  " in done.stdout


def test_help_on_an_engine_command_is_its_own_usage(capsys):
    try:
        cli.main(["help", "classify"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert "usage: giamngheo classify" in capsys.readouterr().out


def test_the_engine_commands_never_import_django():
    for argv in (["standards"], ["help", "standards"], ["classify", "--help"]):
        _run_without(["django"], argv)
