"""Read-side projections and report files: the summary tables per commune, year and standard
(rebuilt when `standards.events` says classifications changed), the home overview, the review
report (Excel, PDF) and sign-off of reports. May import `reviews` and below, never `targets`
or `programs` (they sign their own reports through `reports.actions.store_signed_report`)."""
