from django.core.management import get_commands

from giamngheo.core.commands import command_lines, help_text


def test_help_lists_every_product_command_with_one_line():
    lines = dict(command_lines())
    ours = {name for name, app in get_commands().items() if app.startswith("giamngheo.")}
    assert ours <= set(lines)
    assert {"classify", "standards", "demo", "migrate", "runserver", "db_worker"} <= set(lines)
    assert all(text and "\n" not in text for text in lines.values())
    text = help_text()
    assert "classify" in text and "standards" in text


def test_cli_help_runs_without_a_subcommand(capsys):
    from giamngheo.cli import main

    main(["help"])
    out = capsys.readouterr().out
    assert "import_households" in out and "classify" in out
