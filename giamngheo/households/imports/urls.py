from django.urls import path

from giamngheo.households.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("tep-mau/", views.template_file, name="template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tep-loi/", views.error_file, name="error_file"),
    path("<int:pk>/chay-lai/", views.retry, name="retry"),
    path("<int:pk>/huy/", views.cancel, name="cancel"),
]
