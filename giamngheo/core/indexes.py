"""Index kinds that depend on the database."""

from django.contrib.postgres.indexes import BrinIndex
from django.db import connection
from django.db.models import Index


class BrinOnPostgres(BrinIndex):
    """A block-range index on PostgreSQL, a B-tree elsewhere (SQLite).

    For columns that follow the order rows are appended in, as a classification run's
    (run, province, commune) do: a block range keeps each column's least and greatest value,
    so adding a row costs next to nothing where a B-tree entry cost a descent and a page
    write per row (about a second per million rows and index). Ranges filled after the last
    summary are scanned whole until summarized (`summarize_new_ranges`)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


def summarize_new_ranges(index_name: str) -> None:
    """Summarize the block ranges of a `BrinOnPostgres` index filled since its last summary.
    It takes a lock that waits for other summaries and ANALYZE: call it outside long
    transactions (PostgreSQL only; nothing to do elsewhere)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT brin_summarize_new_values(%s::regclass)", [index_name])
