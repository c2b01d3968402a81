"""Background jobs of the programmes app (django-tasks)."""

from django_tasks import task

from giamngheo.accounts.models import User
from giamngheo.core.models import BulkChange
from giamngheo.programs.loading import load_programs
from giamngheo.targets.seeding import load_seed_plans


@task()
def load_catalogues(user_id: int) -> str:
    """Load the shipped seed plans, policy catalogue, NTP projects, tasks and budgets (idempotent)."""
    plans = load_seed_plans()
    report = load_programs()
    BulkChange.objects.create(
        user=User.objects.filter(pk=user_id).first(),
        action="Nạp danh mục",
        description=(
            f"Nạp danh mục có sẵn: {plans.plans} kế hoạch mẫu, {report.policies} chính sách, "
            f"{report.projects} dự án, {report.tasks} nhiệm vụ"
        ),
        rows=plans.plans + report.policies + report.projects + report.tasks,
    )
    return f"{plans.plans} plans, {report.policies} policies, {report.projects} projects"
