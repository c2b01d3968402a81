from django.urls import path

from giamngheo.areas.models import Level
from giamngheo.reviews import document_views, procedure_views, views

app_name = "reviews"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("mo-dot-tinh/", views.open_round, {"level": Level.PROVINCE}, name="open_province"),
    path("mo-dot-xa/", views.open_round, {"level": Level.COMMUNE}, name="open_commune"),
    path("thuong-xuyen/", views.open_adhoc, name="open_adhoc"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/buoc/<int:step_pk>/hoan-thanh/", views.complete_step, name="complete_step"),
    path("<int:pk>/buoc/<int:step_pk>/mo-lai/", views.reopen_step, name="reopen_step"),
    path("<int:pk>/buoc/<int:step_pk>/tai-lieu/", document_views.attach_document, name="attach_document"),
    path("<int:pk>/tai-lieu/<int:document_pk>/", document_views.step_document, name="document"),
    path("<int:pk>/tai-lieu/<int:document_pk>/xoa/", document_views.delete_document, name="delete_document"),
    path("<int:pk>/ban-chi-dao/", views.add_team_member, name="add_team_member"),
    path("<int:pk>/ban-chi-dao/<int:member_pk>/xoa/", views.remove_team_member, name="remove_team_member"),
    path("<int:pk>/lap-danh-sach/", views.list_households, name="list_households"),
    path("<int:pk>/phan-loai/", views.classify, name="classify"),
    path("<int:pk>/hop-thon/", views.meeting, name="meeting"),
    path("<int:pk>/hop-thon/<int:meeting_pk>/bien-ban.pdf", views.meeting_minutes, name="minutes"),
    path("<int:pk>/hop-thon/<int:meeting_pk>/ban-quet/", document_views.minutes_scan, name="minutes_scan"),
    path("<int:pk>/niem-yet/", views.post_lists, name="post_lists"),
    path("<int:pk>/khieu-nai/", views.receive_complaint, name="receive_complaint"),
    path("<int:pk>/khieu-nai/<int:complaint_pk>/tra-loi/", views.answer_complaint, name="answer_complaint"),
    path("<int:pk>/quyet-dinh/", views.issue_decision, name="decision"),
    path("<int:pk>/giay-chung-nhan/", views.issue_certificates, name="issue_certificates"),
    path("<int:pk>/giay-chung-nhan.pdf", views.certificates_pdf, name="certificates_pdf"),
    path("<int:pk>/bao-cao/", views.submit_report, name="submit_report"),
    path("<int:pk>/phe-duyet/", views.sign_off, name="sign_off"),
    path("<int:pk>/tu-choi/", views.refuse_adhoc, name="refuse_adhoc"),
    path("<int:pk>/tong-hop/", views.consolidation, name="consolidation"),
    path("<int:pk>/tong-hop.xlsx", views.consolidation_xlsx, name="consolidation_xlsx"),
    path("danh-sach/<int:pk>/", views.snapshot_detail, name="snapshot"),
    path("<int:pk>/lao-dong-thu-nhap-thap/", procedure_views.low_income_workers, name="low_income_workers"),
    path("<int:pk>/ho-nong-nghiep/", procedure_views.agricultural_households, name="agricultural"),
    path(
        "<int:pk>/ho-nong-nghiep/giay-xac-nhan.pdf",
        procedure_views.agricultural_certificates,
        name="agricultural_certificates",
    ),
]
