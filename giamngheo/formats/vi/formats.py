# Django's Vietnamese formats, plus digit grouping (1.500.000), which Django's
# own `vi` locale leaves out, and dates as officers write them (25/11/2026).
from django.conf.locale.vi.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
NUMBER_GROUPING = 3
