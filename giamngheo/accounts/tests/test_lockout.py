"""Login throttling: repeated failures lock the username and the address for a while;
an administrator unlocks earlier; each lockout is in the audit trail."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.urls import reverse

from giamngheo.core.models import BulkChange


def _try(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_username_even_with_the_right_password(client, make_user):
    make_user("xa")
    for _ in range(4):
        assert _try(client, "xa", "sai").status_code == 200
    assert _try(client, "xa", "sai").status_code == 429  # the fifth failure locks
    locked = _try(client, "xa", "mat-khau-thu-nghiem")
    assert locked.status_code == 429 and "Tạm khoá đăng nhập" in locked.content.decode()
    assert BulkChange.objects.filter(action="login_locked").exists()
    # from another address the username is still locked
    assert _try(client, "xa", "mat-khau-thu-nghiem", "10.0.0.2").status_code == 429


def test_failures_on_many_usernames_lock_the_address(client, make_user):
    make_user("xa")
    for n in range(5):
        _try(client, f"khong-co-{n}", "sai")
    assert _try(client, "xa", "mat-khau-thu-nghiem").status_code == 429
    assert _try(client, "xa", "mat-khau-thu-nghiem", "10.0.0.9").status_code == 302


def test_an_administrator_unlocks(client, make_user):
    make_user("xa")
    for _ in range(5):
        _try(client, "xa", "sai")
    assert AccessAttempt.objects.exists()
    reset(username="xa")
    reset(ip="10.0.0.1")
    assert _try(client, "xa", "mat-khau-thu-nghiem").status_code == 302
