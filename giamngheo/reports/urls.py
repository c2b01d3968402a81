from django.urls import path

from giamngheo.reports import official_views, signoff_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("ra-soat.xlsx", views.review_report, name="review_workbook"),
    path("ra-soat.pdf", views.review_report_pdf, name="review_pdf"),
    path("chinh-thuc/", official_views.index, name="official_index"),
    path("chinh-thuc/bieu-<int:number>/", official_views.report_page, name="official_report"),
    path("chinh-thuc/bo-15-bieu.xlsx", official_views.workbook, name="official_workbook"),
    path("chinh-thuc/cac-ho/", official_views.cell, name="official_cell"),
    path("chinh-thuc/ky-duyet/", official_views.sign, name="official_sign"),
    path("tao-tep/<str:kind>/", views.review_file_job, name="review_file_job"),
    path("ky-duyet/", signoff_views.signed_list, name="signed_list"),
    path("ky-duyet/ra-soat/", signoff_views.sign_review, name="sign_review"),
    path("ky-duyet/<int:pk>/", signoff_views.signed_detail, name="signed_detail"),
    path("ky-duyet/<int:pk>/tep.<str:extension>", signoff_views.signed_file, name="signed_file"),
    path("ky-duyet/<int:pk>/<str:action>/", signoff_views.review_action, name="review_action"),
]
