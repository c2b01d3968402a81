from django.contrib import admin

from giamngheo.api import tokens
from giamngheo.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["user", "name", "created_at", "last_used", "revoked"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # keys are issued on the user's own page, where the key is shown once

    @admin.action(description="Thu hồi các khóa API đã chọn")
    def revoke(self, request, queryset) -> None:
        for token in queryset.filter(revoked=False):
            tokens.revoke(token, request.user)
