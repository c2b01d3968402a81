"""What `giamngheo serve` checks before it starts: each problem is one line, Vietnamese then English."""

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.urls import get_resolver

MIN_SECRET_LENGTH = 50
MIN_SECRET_CHARACTERS = 5


class Refusal(Exception):
    """A reason not to start, already worded for the operator."""


def secret_key_problem() -> str | None:
    """Why the secret key cannot sign a production session, or None. Same rule as Django's
    deploy check (security.W009): at least 50 characters, 5 different ones, no insecure prefix."""
    key = settings.SECRET_KEY or ""
    if not key or key == getattr(settings, "UNSET_SECRET_KEY", None):
        return (
            "Chưa đặt khóa bí mật GIAMNGHEO_SECRET_KEY. / GIAMNGHEO_SECRET_KEY is not set "
            "(make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if (
        len(key) < MIN_SECRET_LENGTH
        or len(set(key)) < MIN_SECRET_CHARACTERS
        or key.startswith("django-insecure")
    ):
        return (
            "Khóa bí mật GIAMNGHEO_SECRET_KEY quá yếu (cần ít nhất 50 ký tự ngẫu nhiên). / "
            "GIAMNGHEO_SECRET_KEY is weak: use at least 50 random characters."
        )
    return None


def debug_problem() -> str | None:
    if settings.DEBUG:
        return (
            "Chế độ gỡ lỗi đang bật (GIAMNGHEO_DEBUG=1): không chạy máy chủ thật như vậy. / "
            "DEBUG is on (GIAMNGHEO_DEBUG=1): unset it to serve."
        )
    return None


def database_problem() -> str | None:
    """None when the database answers and every migration is applied."""
    try:
        connection.ensure_connection()
    except Exception as error:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"Không kết nối được cơ sở dữ liệu. / Database unreachable: {detail}"
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        return f"Không đọc được trạng thái cơ sở dữ liệu. / Cannot read the migration state: {error}"
    if pending:
        return (
            f"Cơ sở dữ liệu chưa cập nhật ({len(pending)} bước): chạy giamngheo migrate. / "
            f"The database needs {len(pending)} migrations: run giamngheo migrate."
        )
    return None


def static_problem() -> str | None:
    if not settings.STATIC_MANIFEST.exists():
        return (
            f"Chưa có tệp tĩnh đã đóng gói ({settings.STATIC_MANIFEST}): chạy giamngheo collectstatic --noinput. / "
            "Static manifest missing: run giamngheo collectstatic --noinput."
        )
    return None


def serve_problems() -> list[str]:
    """Every reason `serve` must not start, in the order an operator fixes them."""
    checks = (debug_problem, secret_key_problem, database_problem, static_problem)
    return [problem for check in checks if (problem := check())]


def prepare_wsgi() -> None:
    """Called when a WSGI server loads the site: never serve with an unset or weak key, and load
    every URL module now, so a worker's first visitor does not wait for the imports."""
    if not settings.DEBUG:
        problem = secret_key_problem()
        if problem:
            raise SystemExit(f"Không khởi động / refusing to start: {problem}")
    get_resolver().url_patterns  # noqa: B018
    for opened in connections.all(initialized_only=True):  # gunicorn forks its workers from here:
        if not opened.in_atomic_block:  # none may share the master's connection (a test's stays)
            opened.close()
