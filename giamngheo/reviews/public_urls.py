from django.urls import path

from giamngheo.reviews import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("xa/<int:commune_id>/", public_views.commune, name="commune"),
    path("xa/<int:commune_id>/khieu-nai/", public_views.complaint, name="complaint"),
    path("danh-sach/<int:pk>/", public_views.snapshot, name="list"),
    path("thong-ke/", public_views.statistics, name="statistics"),
]
