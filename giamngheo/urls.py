from django.contrib import admin
from django.urls import include, path

from giamngheo.api.api import api

admin.site.site_header = "Quản trị hệ thống giảm nghèo"
admin.site.site_title = "giamngheo"

urlpatterns = [
    path("", include("giamngheo.core.urls")),
    path("tai-khoan/", include("giamngheo.accounts.urls")),
    path("don-vi/", include("giamngheo.areas.urls")),
    path("chuan-ngheo/", include("giamngheo.standards.urls")),
    path("ho-gia-dinh/", include("giamngheo.households.urls")),
    path("phieu-khao-sat/", include("giamngheo.households.survey.urls")),
    path("bao-cao/", include("giamngheo.reports.urls")),
    path("ke-hoach/", include("giamngheo.targets.urls")),
    path("ra-soat/", include("giamngheo.reviews.urls")),
    path("cong-khai/", include("giamngheo.reviews.public_urls")),
    path("chuong-trinh/", include("giamngheo.programs.urls")),
    path("nhap-du-lieu/", include("giamngheo.households.imports.urls")),
    path("api/", api.urls),
    path("tai-khoan/khoa-api/", include("giamngheo.api.urls")),
    path("admin/", admin.site.urls),
]
