"""Facts the registry records for other apps to act on.

Each is a Django signal sent inside the transaction that wrote the fact; the apps that act on
it (the standards app classifies a submitted survey, projections recount) connect their
receivers in their `AppConfig.ready()`. The registry imports none of them.
"""

from django.dispatch import Signal

# A draft survey became a submitted one. Sent with `survey` and `user`.
survey_submitted = Signal()

# Households were added to the registry or changed village, commune, activity (closed,
# merged away) or current status outside a classification. Sent inside the writing
# transaction with `commune_ids`: every commune a changed household was in before or is in now.
registry_changed = Signal()
