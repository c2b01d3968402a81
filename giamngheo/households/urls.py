from django.urls import path

from giamngheo.households import views

app_name = "households"

urlpatterns = [
    path("", views.household_list, name="list"),
    path("<int:pk>/", views.household_detail, name="detail"),
]
