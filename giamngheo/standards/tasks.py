"""Background jobs of the standards app (django-tasks)."""

from django_tasks import task

from giamngheo.standards.runs import claim_run, execute_run


@task()
def run_classification(run_id: int) -> int:
    """Execute (or continue) a classification run; returns the number of households classified.
    A run already finished, or running in a worker that still beats, is left alone."""
    run = claim_run(run_id)
    return 0 if run is None else execute_run(run).households
