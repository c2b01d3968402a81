from django.urls import path

from giamngheo.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("ra-soat.xlsx", views.review_report, name="review_workbook"),
]
