"""Every command an officer runs answers bad input with a Vietnamese first line and exit
status 2, without a traceback. The commands run as the officer runs them (a subprocess) on
the test database (on SQLite, a file copy of it)."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

BAD = {
    "import_households": ["khong-co.xlsx", "--user", "admin"],
    "import_households ": ["khong-co.xlsx"],  # a required option missing
    "report": ["--unit", "99999", "--year", "2024", "-o", "ra.xlsx"],
    "report ": ["--unit", "56", "--year", "hai-nghin", "-o", "ra.xlsx"],
    "refresh_summaries": ["--province", "99"],
    "find_duplicates": ["--commune", "00000"],
    "load_scorecard_tables": ["--standard", "2022-2025", "khong-co.xlsx"],
    "restore": ["khong-co.tar"],
    "create_api_token": ["khong-ai"],
    "load_programs": ["--demo", "99"],
    "classify": ["khong-co.csv"],  # --standard missing
    "classify ": ["khong-co.csv", "--standard", "2022-2025"],
}


def _is_vietnamese(line: str) -> bool:
    return any(ord(char) > 127 for char in line)


def _database_url(tmp_path) -> str:
    if connection.vendor == "sqlite":
        copy = tmp_path / "cli.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        return f"sqlite:///{copy}"
    database = connection.settings_dict
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgresql://{database['USER']}@{host}:{port}/{database['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_each_officer_command_refuses_bad_input_in_vietnamese(tmp_path, geography):
    env = os.environ | {"DATABASE_URL": _database_url(tmp_path), "GIAMNGHEO_DATA_DIR": str(tmp_path)}
    answers = {}
    for name, arguments in BAD.items():
        done = subprocess.run(
            [sys.executable, "-m", "giamngheo", name.strip(), *arguments],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        first = (done.stderr.strip().splitlines() or [""])[0]
        answers[name] = (done.returncode, _is_vietnamese(first), "Traceback" in done.stderr, first)
    wrong = {name: answer for name, answer in answers.items() if answer[:3] != (2, True, False)}
    assert wrong == {}, "\n".join(f"{n}: {a}" for n, a in wrong.items())
