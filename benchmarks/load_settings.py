"""The product's settings plus a timing middleware, for `benchmarks/load.py` only.

The server runs with DJANGO_SETTINGS_MODULE=load_settings (this folder on PYTHONPATH): each
request's wall and CPU time (the thread's own, so other threads of the worker do not count)
go to the file named by GIAMNGHEO_LOAD_TIMINGS, one line per request, so the benchmark can
report the server's own time per page beside what the clients saw.
"""

import os
import time

from giamngheo.settings import *  # noqa: F403
from giamngheo.settings import MIDDLEWARE

TIMINGS = os.environ["GIAMNGHEO_LOAD_TIMINGS"]
MIDDLEWARE = ["load_settings.RequestTimer", *MIDDLEWARE]


class RequestTimer:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started, wall, cpu = time.time(), time.perf_counter(), time.thread_time()
        response = self.get_response(request)
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        # A file (the static one) is sent after this: its time is the lookup's.
        line = (
            f"{started:.3f}\t{request.method}\t{request.path}\t{'q' in request.GET}\t"
            f"{response.status_code}\t{wall * 1000:.2f}\t{cpu * 1000:.2f}\n"
        )
        descriptor = os.open(TIMINGS, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, line.encode())  # one short write: lines of threads never mix
        finally:
            os.close(descriptor)
        return response
