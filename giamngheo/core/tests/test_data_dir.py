import os
import subprocess
import sys
from pathlib import Path

import giamngheo

CHECKOUT = Path(giamngheo.__file__).resolve().parent.parent


def _data_dir(cwd: Path, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("GIAMNGHEO_DATA_DIR", "DATABASE_URL")}
    environment |= {"DJANGO_SETTINGS_MODULE": "giamngheo.settings", **env}
    code = "from django.conf import settings; print(settings.DATA_DIR)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_data_lives_in_the_checkouts_var_wherever_the_command_runs(tmp_path):
    assert _data_dir(tmp_path) == str(CHECKOUT / "var")
    assert not (tmp_path / "var").exists()


def test_giamngheo_data_dir_wins(tmp_path):
    assert _data_dir(tmp_path, GIAMNGHEO_DATA_DIR=str(tmp_path / "data")) == str(tmp_path / "data")
