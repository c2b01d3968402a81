"""The production web server's command lines (gunicorn) and the port check before starting."""

import errno
import os
import socket
import sys

DEFAULT_BIND = "127.0.0.1:8000"
THREADS_PER_WORKER = 4


class BindError(ValueError):
    """The address cannot be used; the message is for the operator."""


def parse_bind(bind: str) -> tuple[str, int]:
    """`HOST:PORT` or `[IPv6]:PORT` into (host, port)."""
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise BindError(
            f"Địa chỉ không hợp lệ: {bind!r} (cần HOST:PORT). / Invalid address {bind!r}: use HOST:PORT."
        )
    return host.strip("[]") or "127.0.0.1", int(port)


def check_port_free(bind: str) -> None:
    """Raise BindError when nothing could listen on `bind` (busy port, unknown host, no right)."""
    host, port = parse_bind(bind)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise BindError(f"Không tìm thấy máy {host!r}. / Unknown host {host!r}: {error}.") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise BindError(
                    f"Cổng {port} trên {host} đang được dùng: chọn cổng khác. / Port {port} on {host} is already in use."
                ) from None
            raise BindError(f"Không mở được {bind}. / Cannot listen on {bind}: {error.strerror}.") from None


def default_workers() -> int:
    """One process per core: pages are CPU-bound (templates), and the threads of each process
    cover the time a request waits on the database."""
    return max(2, os.cpu_count() or 1)


def gunicorn_argv(bind: str, workers: int | None, threads: int | None, timeout: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "giamngheo.wsgi:application",
        "--bind", bind,
        "--workers", str(workers or default_workers()),
        "--threads", str(threads or THREADS_PER_WORKER),
        "--worker-class", "gthread",
        "--preload",  # import the site once in the master; the workers fork warm
        "--timeout", str(timeout),
        "--graceful-timeout", "30",
        "--keep-alive", "75",  # longer than a client's idle, or a reused connection is reset
        "--max-requests", "5000",
        "--max-requests-jitter", "500",
        "--access-logfile", "-",
        "--error-logfile", "-",
        "--no-control-socket",
        "--access-logformat", '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"',
        "--forwarded-allow-ips", os.environ.get("GIAMNGHEO_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
    ]  # fmt: skip


def worker_argv() -> list[str]:
    return [sys.executable, "-m", "giamngheo", "db_worker", "--no-reload"]
