from django.urls import path

from giamngheo.planning import views

app_name = "planning"

urlpatterns = [
    path("tac-dong/", views.impact_page, name="impact"),
    path("tac-dong.xlsx", views.impact_xlsx, name="impact_xlsx"),
    path("tac-dong/xa/<int:commune_pk>/ho/", views.cell_households, name="cell_households"),
]
