"""Shared field helpers of the programme models."""

from decimal import Decimal

from django.db import models

ZERO = Decimal(0)


def money(verbose_name: str, **extra) -> models.DecimalField:
    """An amount in VND, whole đồng; never negative (checked in `clean` with a message
    naming the field, and by a database constraint)."""
    return models.DecimalField(verbose_name, max_digits=20, decimal_places=0, **extra)
