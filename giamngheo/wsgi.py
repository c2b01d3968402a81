import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
application = get_wsgi_application()

from giamngheo.ops.preflight import prepare_wsgi  # noqa: E402  (needs the settings above)

prepare_wsgi()
