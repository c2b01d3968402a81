from giamngheo.households.models import Status

STATUS_LABELS = dict(Status.choices)
