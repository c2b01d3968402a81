"""No page tells a user to run a command: templates and views never name one."""

import re
from pathlib import Path

import giamngheo

ROOT = Path(giamngheo.__file__).parent
HINTS = re.compile(r"giamngheo [a-z_]+|refresh_summaries|load_seed_plans|load_programs|load_units")


def _user_facing_files():
    yield from ROOT.rglob("templates/**/*.html")
    yield from ROOT.rglob("*views.py")


def test_no_template_or_view_names_a_command():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _user_facing_files()
        if "tests" not in path.parts
        for match in HINTS.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
