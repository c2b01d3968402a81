"""`giamngheo check --deploy` with the documented production settings prints no warning."""

import os
import subprocess
import sys

PRODUCTION = {
    "GIAMNGHEO_SECRET_KEY": "Zq8v-documented-production-key-7cN2pL0sRw4tYb6uXe9hJk3mFg5dAa1",
    "GIAMNGHEO_ALLOWED_HOSTS": "giamngheo.example.gov.vn",
    "GIAMNGHEO_HTTPS": "1",
}


def check_deploy(tmp_path, extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIAMNGHEO_")}
    env |= {"GIAMNGHEO_DATA_DIR": str(tmp_path)} | extra
    env.pop("DATABASE_URL", None)  # the check reads no data
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' fixtures, never in production
    return subprocess.run(
        [sys.executable, "-m", "giamngheo", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_documented_production_settings_pass(tmp_path):
    done = check_deploy(tmp_path, PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNING" not in done.stderr + done.stdout


def test_a_bare_environment_is_flagged(tmp_path):
    done = check_deploy(tmp_path, {})
    assert done.returncode != 0
    for code in ("security.W004", "security.W008", "security.W009", "security.W012", "security.W016"):
        assert code in done.stderr
