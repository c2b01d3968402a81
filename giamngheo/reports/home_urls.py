from django.urls import path

from giamngheo.reports import home

app_name = "home"

urlpatterns = [path("", home.home, name="index")]
