from django.contrib import admin
from django.urls import include, path

from giamngheo.api.api import api

admin.site.site_header = "Quản trị hệ thống giảm nghèo"
admin.site.site_title = "giamngheo"

urlpatterns = [
    path("", include("giamngheo.reports.home_urls")),
    path("", include("giamngheo.core.urls")),
    path("nhat-ky/", include("giamngheo.accounts.audit_urls")),
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
    path("du-bao/", include("giamngheo.planning.urls")),
    path("nhap-du-lieu/", include("giamngheo.households.imports.urls")),
    path("thuc-dia/", include("giamngheo.fieldwork.urls")),
    path("api/", api.urls),
    path("tai-khoan/khoa-api/", include("giamngheo.api.urls")),
    path("admin/", admin.site.urls),
    path("", include("giamngheo.ops.urls")),
]

# Error pages in the site's layout, in Vietnamese (giamngheo/core/errors.py).
handler400 = "giamngheo.core.errors.bad_request"
handler403 = "giamngheo.core.errors.permission_denied"
handler404 = "giamngheo.core.errors.page_not_found"
handler500 = "giamngheo.core.errors.server_error"
