from django.core.management import get_commands

from giamngheo import cli


def test_help_lists_every_product_command_with_one_line(capsys):
    ours = {name for name, app in get_commands().items() if app.startswith("giamngheo.")}
    assert ours <= set(cli.COMMANDS)
    assert {"classify", "standards", "demo", "migrate", "serve", "db_worker"} <= set(cli.COMMANDS)
    assert all(line and "\n" not in line for line in cli.COMMANDS.values())
    try:
        cli.main(["help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    out = capsys.readouterr().out
    assert "  import_households" in out and "  classify" in out and "one line" not in out
