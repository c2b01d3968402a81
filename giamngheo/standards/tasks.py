"""Background jobs of the standards app (django-tasks)."""

from django_tasks import task

from giamngheo.standards.models import ClassificationRun
from giamngheo.standards.runs import execute_run


@task()
def run_classification(run_id: int) -> int:
    """Execute a classification run; returns the number of households classified."""
    run = ClassificationRun.objects.get(pk=run_id)
    return execute_run(run).households
