"""Lockouts in the audit trail: a locked login writes one `BulkChange` entry."""

from axes.signals import user_locked_out
from django.dispatch import receiver

from giamngheo.core.models import BulkChange


@receiver(user_locked_out)
def audit_lockout(sender, request, username: str | None = None, ip_address: str | None = None, **kwargs):
    BulkChange.objects.create(
        action="login_locked",
        description=f"Tạm khoá đăng nhập sau nhiều lần sai mật khẩu: tài khoản '{username or ''}', "
        f"địa chỉ {ip_address or ''}",
    )
