from django.urls import path

from giamngheo.households.survey import views

app_name = "surveys"

urlpatterns = [
    path("ho/<int:household_pk>/moi/", views.start, name="start"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/dinh-chinh/", views.correct, name="correct"),
]
