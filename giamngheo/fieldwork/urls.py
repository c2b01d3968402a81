from django.urls import path

from giamngheo.fieldwork import views
from giamngheo.fieldwork.odk import views as odk

app_name = "fieldwork"

urlpatterns = [
    path("", views.app, name="app"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("xlsform/<str:standard_id>/", odk.xlsform_download, name="xlsform"),
    path("nhap-odk/", odk.import_submissions, name="odk_import"),
]
