from django.urls import path

from giamngheo.reports import signoff_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("ra-soat.xlsx", views.review_report, name="review_workbook"),
    path("ra-soat.pdf", views.review_report_pdf, name="review_pdf"),
    path("tao-tep/<str:kind>/", views.review_file_job, name="review_file_job"),
    path("ky-duyet/", signoff_views.signed_list, name="signed_list"),
    path("ky-duyet/ra-soat/", signoff_views.sign_review, name="sign_review"),
    path("ky-duyet/ke-hoach/<int:plan_pk>/", signoff_views.sign_plan, name="sign_plan_report"),
    path("ky-duyet/<int:pk>/", signoff_views.signed_detail, name="signed_detail"),
    path("ky-duyet/<int:pk>/tep.<str:extension>", signoff_views.signed_file, name="signed_file"),
    path("ky-duyet/<int:pk>/<str:action>/", signoff_views.review_action, name="review_action"),
]
