"""On PostgreSQL the audit table refuses TRUNCATE too.

The row-level trigger of 0004 never fires for TRUNCATE, which empties a table without
touching its rows one by one, so the trail could still be wiped in one statement. A
statement-level BEFORE TRUNCATE trigger, calling the same function, closes that. The
test harness, whose flush between transactional tests is a TRUNCATE of every table,
disables this trigger around its own flush (tests/fixtures.py); nothing in the product
does.
"""

from django.db import migrations

TRIGGER = "studies_auditevent_no_truncate"


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER} BEFORE TRUNCATE ON studies_auditevent "
            "FOR EACH STATEMENT EXECUTE FUNCTION studies_auditevent_append_only()",
            params=None,
        )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON studies_auditevent", params=None
        )


class Migration(migrations.Migration):
    dependencies = [("studies", "0010_study_questions_revision")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
