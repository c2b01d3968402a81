from django.urls import path

from giamngheo.areas import views

app_name = "areas"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("tim-kiem/", views.search, name="search"),
    path("them-don-vi-da-giai-the/", views.add_unit, name="add_unit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/them-thon/", views.add_village, name="add_village"),
]
