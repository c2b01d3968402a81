"""A commune's search reads one PostgreSQL index instead of the commune's wide rows.

The household search (`households.queries.household_list` with `q`) filters a commune's active
households on `search_text` and sorts them by code. A commune's rows are scattered over the
table (23,000 households in 18,000 pages), so each search read ~17,000 heap pages; this
covering index holds what the search needs (code order, id, head name, activity, search text)
and the search becomes an index-only scan of the commune's ~600 index pages. A LIKE '%word%'
over one commune: a trigram index would not narrow it (common names match most households).

PostgreSQL only (SQLite has no INCLUDE): nothing on SQLite. The status a run rewrites is not in
it, so runs keep their heap-only (HOT) updates."""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS household_commune_search ON households_household
    (commune_id, code) INCLUDE (id, head_name, is_active, search_text)
"""
DROP = "DROP INDEX IF EXISTS household_commune_search"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("households", "0013_fewer_redundant_indexes")]

    operations = [migrations.RunPython(create, drop)]
