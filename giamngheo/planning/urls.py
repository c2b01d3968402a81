from django.urls import path

from giamngheo.planning import check_views, views

app_name = "planning"

urlpatterns = [
    path("tac-dong/", views.impact_page, name="impact"),
    path("tac-dong.xlsx", views.impact_xlsx, name="impact_xlsx"),
    path("tac-dong/xa/<int:commune_pk>/ho/", views.cell_households, name="cell_households"),
    path("kiem-tra/", check_views.checks_page, name="checks"),
    path("kiem-tra.xlsx", check_views.checks_xlsx, name="checks_xlsx"),
    path("kiem-tra/bo-qua/", check_views.dismiss, name="dismiss"),
    path("kiem-tra/nguong/", check_views.threshold, name="threshold"),
]
