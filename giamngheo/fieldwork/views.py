"""The collaborator's offline field app: one page (its screens are drawn on the phone
from the downloaded data), its service worker and its web app manifest."""

import functools
import hashlib
import json
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache

# Files the app needs with no network; the service worker caches them when installed.
APP_FILES = [
    "giamngheo/site.css",
    "fieldwork/field.css",
    "fieldwork/vendor/dexie.min.js",
    "fieldwork/store.js",
    "fieldwork/answers.js",
    "fieldwork/sync.js",
    "fieldwork/screens.js",
    "fieldwork/survey.js",
    "fieldwork/app.js",
    "fieldwork/icons/icon-192.png",
    "fieldwork/icons/icon-512.png",
]
WORKBOX_FILES = ["workbox-sw.js", "workbox-core.prod.js", "workbox-routing.prod.js"]
WORKBOX_FILES += ["workbox-strategies.prod.js", "workbox-precaching.prod.js"]


@functools.cache
def _revision(path: str) -> str:
    found = finders.find(path)
    return hashlib.sha256(Path(found).read_bytes()).hexdigest()[:12] if found else "0"


@never_cache
@login_required
def app(request):
    get_token(request)  # the CSRF cookie the app's POSTs send back
    return render(request, "fieldwork/app.html")


def service_worker(request):
    precache = [{"url": static(p), "revision": _revision(p)} for p in APP_FILES]
    precache += [
        {
            "url": static(f"fieldwork/vendor/workbox/{p}"),
            "revision": _revision(f"fieldwork/vendor/workbox/{p}"),
        }
        for p in WORKBOX_FILES
    ]
    settings = {
        "precache": precache,
        "workbox": static("fieldwork/vendor/workbox/"),
        "shell": reverse("fieldwork:app"),
    }
    body = f"self.FIELD = {json.dumps(settings)};\n" + Path(finders.find("fieldwork/sw.js")).read_text(
        encoding="utf-8"
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request):
    icons = [
        {"src": static(f"fieldwork/icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    icons.append({**icons[-1], "purpose": "maskable"})
    data = {
        "name": "Khảo sát hộ gia đình — giảm nghèo",
        "short_name": "Khảo sát hộ",
        "lang": "vi",
        "start_url": reverse("fieldwork:app"),
        "scope": reverse("fieldwork:app"),
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": "#b3261e",
        "icons": icons,
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
