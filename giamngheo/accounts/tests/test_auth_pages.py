from django.urls import reverse

from giamngheo.accounts.models import Role


def test_login_page_is_in_vietnamese(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập" in page and "Mật khẩu" in page


def test_wrong_password_is_refused_in_vietnamese(client, make_user):
    make_user("xa")
    response = client.post(reverse("accounts:login"), {"username": "xa", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_login_logout_and_password_change(client, geography, make_user):
    make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    response = client.post(reverse("accounts:login"), {"username": "xa", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302 and response["Location"] == reverse("home:index")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "mat-khau-thu-nghiem",
            "new_password1": "Ngay-moi-2026!",
            "new_password2": "Ngay-moi-2026!",
        },
    )
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home:index")).status_code == 302
    assert client.login(username="xa", password="Ngay-moi-2026!")


def test_leader_is_read_only_and_admin_sees_everything(make_user):
    assert not make_user("ld", Role.LEADER).can_write
    admin = make_user("qt", Role.ADMIN)
    assert admin.can_write and admin.sees_everything
