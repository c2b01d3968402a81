from django.contrib.auth.decorators import login_required
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from giamngheo.core import jobs

app_name = "core"

urlpatterns = [
    path("tac-vu/<str:job_id>/", login_required(jobs.job_page), name="job"),
    path("tac-vu/<str:job_id>/chay-lai/", login_required(jobs.job_retry), name="job_retry"),
    path("tac-vu/<str:job_id>/huy/", login_required(jobs.job_cancel), name="job_cancel"),
    path("tai-ve/<str:stored>", login_required(jobs.job_file), name="job_file"),
    path("favicon.ico", RedirectView.as_view(url=static("giamngheo/favicon.svg"), permanent=True)),
]
