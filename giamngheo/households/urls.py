from django.urls import path

from giamngheo.households import editing_views as editing
from giamngheo.households import views
from giamngheo.households.duplicates import views as duplicates

app_name = "households"

urlpatterns = [
    path("", views.household_list, name="list"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("them/", editing.create_household, name="create"),
    path("them/thon/", editing.village_options, name="village_options"),
    path("<int:pk>/sua/", editing.edit_household, name="edit"),
    path("<int:pk>/thanh-vien/them/", editing.add_member, name="add_member"),
    path("<int:pk>/tach-ho/", editing.split_household, name="split"),
    path("<int:pk>/nhap-ho/", editing.merge_household, name="merge"),
    path("thanh-vien/<int:pk>/sua/", editing.edit_member, name="edit_member"),
    path("thanh-vien/<int:pk>/chuyen-ho/", editing.move_member, name="move_member"),
    path("thanh-vien/<int:pk>/bien-dong/", editing.record_departure, name="departure"),
    path("thanh-vien/<int:pk>/lam-chu-ho/", editing.set_head, name="set_head"),
    path("thanh-vien/kiem-tra-cccd/", editing.check_cccd, name="check_cccd"),
    path("trung-lap/", duplicates.pair_list, name="duplicates"),
    path("trung-lap/tim/", duplicates.find, name="find_duplicates"),
    path("trung-lap/<int:pk>/", duplicates.pair_detail, name="duplicate"),
]
