from django.urls import path

from giamngheo.planning import check_views, draft_views, views

app_name = "planning"

urlpatterns = [
    path("tac-dong/", views.impact_page, name="impact"),
    path("tac-dong/ket-qua/<str:job_id>/", views.impact_result, name="impact_result"),
    path("tac-dong.xlsx", views.impact_xlsx, name="impact_xlsx"),
    path("tac-dong/xa/<int:commune_pk>/ho/", views.cell_households, name="cell_households"),
    path("kiem-tra/", check_views.checks_page, name="checks"),
    path("kiem-tra.xlsx", check_views.checks_xlsx, name="checks_xlsx"),
    path("kiem-tra/bo-qua/", check_views.dismiss, name="dismiss"),
    path("kiem-tra/nguong/", check_views.threshold, name="threshold"),
    path("chuan-du-thao/", draft_views.draft_list, name="drafts"),
    path("chuan-du-thao/<int:pk>.yaml", draft_views.draft_yaml, name="draft_yaml"),
    path("chuan-du-thao/<int:pk>/xoa/", draft_views.draft_delete, name="draft_delete"),
]
