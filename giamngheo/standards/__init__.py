"""The poverty standards as data (`standards/data/`), the pure Polars engine (`standards/engine/`,
no Django), classifications (append-only), official and comparison runs, and the classification
of a submitted survey (it listens to `households.events`). Records its own facts in
`standards.events`. May import `households` and below."""
