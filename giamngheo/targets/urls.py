from django.urls import path
from django.views.generic import RedirectView

from giamngheo.targets import segment_views, signoff_views, views

app_name = "targets"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="targets:plans"), name="index"),
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("bang-dieu-khien/<slug:chart>.xlsx", views.chart_data, name="chart_data"),
    path("danh-sach/", views.plan_list, name="plans"),
    path("danh-sach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("danh-sach/<int:pk>/cap-nhat-so-lieu/", views.plan_record_computed, name="plan_record_computed"),
    path("danh-sach/<int:pk>/bao-cao-tien-do/", views.plan_progress_report, name="plan_progress_report"),
    path("danh-sach/<int:plan_pk>/ky-duyet/", signoff_views.sign_plan, name="sign_plan_report"),
    path("chi-tieu/<int:pk>/", views.target_detail, name="target_detail"),
    path("chi-tieu/<int:pk>/nhap/", views.progress_save, name="progress_save"),
    path("so-lieu/<int:pk>/<str:action>/", views.progress_action, name="progress_action"),
    path("chi-so/", views.indicator_list, name="indicators"),
    path("pham-vi/<int:pk>/", segment_views.segment_edit, name="segment_edit"),
]
