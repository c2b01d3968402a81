from django.urls import path

from giamngheo.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.index, name="index"),
    path("nap-danh-muc/", views.load_catalogue, name="load_catalogue"),
    path("bao-phu/", views.coverage_page, name="coverage"),
    path("bao-phu.xlsx", views.coverage_export, name="coverage_export"),
    path("bao-phu/<slug:code>/chua-nhan/", views.unreached_page, name="unreached"),
    path("bao-phu/<slug:code>/chua-nhan.xlsx", views.unreached_export, name="unreached_export"),
    path("ho-tro/", views.support_list, name="support_list"),
    path("ho-tro/them/", views.support_new, name="support_new"),
    path("ho-tro/nhap/", views.support_import, name="support_import"),
    path("ho-tro/nhap/mau.xlsx", views.import_template, name="import_template"),
    path("ho-tro/nhap/<int:pk>/", views.import_detail, name="import_detail"),
    path("ho-tro/nhap/<int:pk>/danh-dau-loi.xlsx", views.import_errors, name="import_errors"),
    path("ho-tro/chua-khop/", views.unmatched_list, name="unmatched_list"),
    path("ho-tro/chua-khop/<int:pk>/", views.unmatched_detail, name="unmatched_detail"),
    path("kinh-phi/", views.budget_page, name="budget"),
    path("kinh-phi/them/", views.budget_save, name="budget_save"),
    path("kinh-phi/<int:pk>/sua/", views.budget_edit, name="budget_edit"),
    path("kinh-phi.xlsx", views.budget_export, name="budget_export"),
    path("nhiem-vu/", views.task_list, name="tasks"),
    path("nhiem-vu/them/", views.task_save, name="task_save"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu.xlsx", views.task_export, name="task_export"),
    path("mo-hinh/", views.model_list, name="models"),
    path("mo-hinh/them/", views.model_save, name="model_save"),
]
