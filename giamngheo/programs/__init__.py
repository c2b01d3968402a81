"""Support policies and their eligibility and coverage, the support ledger and its import, NTP
projects, budget lines, tasks with lead agencies and poverty-reduction models. May import
`targets` and below; independent of `reviews`."""
