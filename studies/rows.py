"""Whole model rows read with SQL written once per process, for the few statements that
every participant request makes (the link, the session). Through the ORM, building
such a query cost several times what the database took to run it (bench/README.md).
The SQL takes its table and column names from the models, and rows become instances
as the ORM makes them, with the database backend's converters."""

from functools import cache

from django.db import connection
from django.db.models import Model


def columns(model: type[Model], alias: str) -> str:
    """Every column of the model, in field order, for a SELECT list."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


@cache
def _loader(model: type[Model]) -> tuple[list[str], list]:
    """The model's field names and, for each column that needs one, the converters the
    ORM would apply to it on this database (SQLite's dates, for instance)."""
    names, converters = [], []
    for index, field in enumerate(model._meta.concrete_fields):
        names.append(field.attname)
        column = field.get_col(model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + column.get_db_converters(
            connection
        ):
            converters.append((index, convert, column))
    return names, converters


def instances(row: tuple, *models: type[Model]) -> list[Model]:
    """The instances of `models` whose columns (as `columns` lists them) follow one
    another in `row`."""
    found, start = [], 0
    for model in models:
        names, converters = _loader(model)
        values = list(row[start : start + len(names)])
        for index, convert, column in converters:
            values[index] = convert(values[index], column, connection)
        found.append(model.from_db(connection.alias, names, values))
        start += len(names)
    return found
