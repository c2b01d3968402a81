"""The law as data: administrators correct policies, NTP projects and model rules here,
without a code change (`load_programs` upserts the shipped catalogue again when run)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from giamngheo.programs.models import ModelRule, NtpProject, Policy, PolicyVersion


class PolicyVersionInline(admin.StackedInline):
    """Dated versions: overlapping validity is refused by `PolicyVersion.clean`."""

    model = PolicyVersion
    extra = 0


@admin.register(Policy)
class PolicyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "beneficiary", "agency", "province", "confirmed", "active")
    list_filter = ("category", "beneficiary", "confirmed", "active")
    search_fields = ("name", "code", "versions__legal_basis")
    raw_id_fields = ("province",)
    inlines = [PolicyVersionInline]


@admin.register(NtpProject)
class NtpProjectAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "lead_ministry", "confirmed")
    list_filter = ("confirmed",)


@admin.register(ModelRule)
class ModelRuleAdmin(admin.ModelAdmin):
    list_display = ("title", "first_year", "last_year", "min_per_year", "max_per_year", "budget_per_model")
