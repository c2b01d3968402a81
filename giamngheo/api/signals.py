"""A password change kills the user's API tokens (whatever page or command changed it)."""

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from giamngheo.api import tokens


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _note_password_change(sender, instance, update_fields=None, **kwargs) -> None:
    if not instance.pk or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _revoke_on_password_change(sender, instance, **kwargs) -> None:
    if getattr(instance, "_password_changed", False):
        instance._password_changed = False
        tokens.revoke_all(instance, "mật khẩu đã được đổi")
