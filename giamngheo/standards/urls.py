from django.urls import path

from giamngheo.standards import views

app_name = "standards"

urlpatterns = [
    path("", views.standard_list, name="list"),
    path("luot-phan-loai/", views.run_list, name="runs"),
    path("luot-phan-loai/bat-dau/", views.run_start, name="run_start"),
    path("luot-phan-loai/<int:pk>/", views.run_detail, name="run_detail"),
    path("luot-phan-loai/<int:pk>/chay-tiep/", views.run_resume, name="run_resume"),
    path("luot-phan-loai/<int:pk>/huy/", views.run_cancel, name="run_cancel"),
    path("luot-phan-loai/<int:pk>/so-sanh.xlsx", views.run_workbook, name="run_workbook"),
    path("<str:standard_id>/", views.standard_detail, name="detail"),
    path("<str:standard_id>/bang-diem-b1/", views.scorecard_tables, name="scorecard"),
    path("<str:standard_id>/bang-diem-b1/mau.xlsx", views.scorecard_template, name="scorecard_template"),
]
