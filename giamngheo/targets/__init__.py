"""Plans, targets and allocations, the indicator catalogue, progress against targets (read from
the summaries), dashboards and plan progress reports with their sign-off. May import `reports`
and below."""
