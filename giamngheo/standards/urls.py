from django.urls import path

from giamngheo.standards import views

app_name = "standards"

urlpatterns = [
    path("", views.standard_list, name="list"),
    path("<str:standard_id>/", views.standard_detail, name="detail"),
]
