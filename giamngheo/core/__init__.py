"""What every app needs and nothing domain-specific: the page layout and error pages, downloads
(Excel, PDF rendering), Polars frame <-> table helpers, text helpers and the `BulkChange` audit
entry. Imports no other app of the package."""
