"""On PostgreSQL the audit table refuses UPDATE and DELETE, whoever asks."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION studies_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS studies_auditevent_append_only ON studies_auditevent;
CREATE TRIGGER studies_auditevent_append_only
    BEFORE UPDATE OR DELETE ON studies_auditevent
    FOR EACH ROW EXECUTE FUNCTION studies_auditevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS studies_auditevent_append_only ON studies_auditevent;
DROP FUNCTION IF EXISTS studies_auditevent_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("studies", "0003_data_protection_and_audit_trail")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
