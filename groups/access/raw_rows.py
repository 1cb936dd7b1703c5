"""Model instances from the rows of a statement written once per process (access/handshake.py, access/replay.py).

Each value goes through its field's database converters, as the ORM's own reads do, so an instance built here
equals one the ORM would build (tests compare the two)."""

import functools

from django.db import connection


def columns(alias, fields):
    """The quoted `alias.column` of each field, for a SELECT list."""
    return [f"{alias}.{connection.ops.quote_name(f.column)}" for f in fields]


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


def instance(model, fields, values):
    """A `model` instance from raw column values of `fields` (a tuple; fields left out are deferred, as with
    .only())."""
    converted = []
    for (col, converters), value in zip(_converters(model, tuple(fields), connection.vendor), values, strict=True):
        for converter in converters:
            value = converter(value, col, connection)
        converted.append(value)
    return model.from_db(connection.alias, _attnames(tuple(fields)), converted)


@functools.cache
def _converters(model, fields, vendor):
    """(column, its converters) for each field, found once per process (the vendor keys the cache)."""
    found = []
    for field in fields:
        col = field.get_col(model._meta.db_table)
        found.append((col, connection.ops.get_db_converters(col) + field.get_db_converters(connection)))
    return found


@functools.cache
def _attnames(fields):
    return [f.attname for f in fields]
