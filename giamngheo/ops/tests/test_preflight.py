"""`giamngheo serve` refuses to start, with one clear line, when the site is not safe to serve."""

import os
import subprocess
import sys

import pytest
from django.db import OperationalError

from giamngheo.ops import preflight
from giamngheo.ops.server import BindError, check_port_free, parse_bind

STRONG_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"


def test_unset_key_is_refused(settings):
    settings.SECRET_KEY = settings.UNSET_SECRET_KEY
    assert "GIAMNGHEO_SECRET_KEY" in preflight.secret_key_problem()


@pytest.mark.parametrize("key", ["short", "a" * 60, "django-insecure-" + "x1y2z3" * 10])
def test_weak_key_is_refused(settings, key):
    settings.SECRET_KEY = key
    assert "quá yếu" in preflight.secret_key_problem()


def test_strong_key_passes(settings):
    settings.SECRET_KEY = STRONG_KEY
    assert preflight.secret_key_problem() is None


def test_debug_is_refused(settings):
    settings.DEBUG = True
    assert "GIAMNGHEO_DEBUG=1" in preflight.debug_problem()
    settings.DEBUG = False
    assert preflight.debug_problem() is None


def test_missing_manifest_is_refused(settings, tmp_path):
    settings.STATIC_MANIFEST = tmp_path / "staticfiles.json"
    assert "collectstatic" in preflight.static_problem()
    settings.STATIC_MANIFEST.write_text("{}")
    assert preflight.static_problem() is None


class DatabaseDown:
    def ensure_connection(self):
        raise OperationalError('connection to server at "db", port 5432 failed: Connection refused\nmore')


def test_unreachable_database_is_one_line(monkeypatch):
    monkeypatch.setattr(preflight, "connection", DatabaseDown())
    problem = preflight.database_problem()
    assert problem.startswith("Không kết nối được cơ sở dữ liệu. / Database unreachable:")
    assert "\n" not in problem


def test_migrated_database_passes(db):
    assert preflight.database_problem() is None


def test_busy_port_is_refused():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(BindError, match=f"Cổng {port} trên 127.0.0.1 đang được dùng"):
            check_port_free(f"127.0.0.1:{port}")


@pytest.mark.parametrize("bind", ["8000", "localhost:http", "127.0.0.1:0", "127.0.0.1:70000"])
def test_bad_bind_is_refused(bind):
    with pytest.raises(BindError, match="HOST:PORT"):
        parse_bind(bind)


def test_serve_prints_one_line_and_no_traceback(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIAMNGHEO_")}
    env |= {"GIAMNGHEO_DATA_DIR": str(tmp_path), "GIAMNGHEO_SECRET_KEY": "weak"}
    done = subprocess.run(
        [sys.executable, "-m", "giamngheo", "serve", "--bind", "127.0.0.1:8119"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines == [
        "giamngheo serve: Khóa bí mật GIAMNGHEO_SECRET_KEY quá yếu (cần ít nhất 50 ký tự ngẫu nhiên). / "
        "GIAMNGHEO_SECRET_KEY is weak: use at least 50 random characters."
    ]


def test_wsgi_entry_refuses_the_unset_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.UNSET_SECRET_KEY
    with pytest.raises(SystemExit, match="refusing to start"):
        preflight.prepare_wsgi()
    settings.SECRET_KEY = STRONG_KEY
    preflight.prepare_wsgi()
