"""The layering in `.importlinter` holds, and a wrong import breaks it with a message naming the rule."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--config", str(tree / ".importlinter"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_of_package(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "giamngheo",
        tmp_path / "giamngheo",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "data", "locale", "*.yaml"),
    )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_the_package_keeps_every_contract(tmp_path):
    result = _lint(_copy_of_package(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_core_importing_a_domain_app_breaks_the_layers_with_the_rule_named(tmp_path):
    tree = _copy_of_package(tmp_path)
    with (tree / "giamngheo" / "core" / "text.py").open("a") as module:
        module.write("\nfrom giamngheo.households import models as _wrong  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "Apps depend only on the apps below them" in result.stdout
    assert "giamngheo.core is not allowed to import giamngheo.households" in result.stdout


def test_the_registry_calling_a_projection_breaks_the_write_side_rule(tmp_path):
    tree = _copy_of_package(tmp_path)
    with (tree / "giamngheo" / "households" / "actions.py").open("a") as module:
        module.write("\nfrom giamngheo.reports import summaries as _wrong  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "The write side records facts and never calls a projection" in result.stdout
