from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from giamngheo.accounts.models import AreaAssignment, User


class AreaAssignmentInline(admin.TabularInline):
    model = AreaAssignment
    autocomplete_fields = ["unit"]
    extra = 1


@admin.register(User)
class GiamngheoUserAdmin(UserAdmin):
    list_display = ["username", "get_full_name", "role", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff"]
    fieldsets = [*UserAdmin.fieldsets, ("Vai trò", {"fields": ["role"]})]
    add_fieldsets = [*UserAdmin.add_fieldsets, ("Vai trò", {"fields": ["role"]})]
    inlines = [AreaAssignmentInline]
