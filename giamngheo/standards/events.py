"""Facts the standards app records for read-side projections (summaries, progress, coverage).

Sent inside the transaction that stored the classifications; a projection connects a receiver
in its app's `AppConfig.ready()`, so a new projection touches nothing here.
"""

from django.dispatch import Signal

# An official run stored one batch of communes. Sent with `run`, `year` and `classified`: a
# Polars frame of the batch's households (`household_pk`, `commune_id`, `province_id`,
# `survey_date`, the flag columns of the survey) joined with their results (`status`,
# `standard`, `deprivation_count`, `deprived`, ...).
run_batch_stored = Signal()

# An official classification of one household was stored outside a run (a survey submitted,
# an ad-hoc review decided). Sent with `commune_id` and `year`.
classification_recorded = Signal()
