"""Model instances from the rows of a statement written once per process (access/handshake.py, access/replay.py).

Each value goes through its field's database converters, as the ORM's own reads do, so an instance built here
equals one the ORM would build (tests compare the two)."""

import functools

from django.db import connection
from django.db.models import DEFERRED


def columns(alias, fields):
    """The quoted `alias.column` of each field, for a SELECT list."""
    return [f"{alias}.{connection.ops.quote_name(f.column)}" for f in fields]


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


def instance(model, fields, values):
    """A `model` instance from raw column values of `fields` (a tuple; fields left out are deferred, as with
    .only())."""
    return builder(model, fields, connection.vendor)(values)


@functools.cache
def builder(model, fields, vendor=None):
    """A function from raw column values of `fields` (a tuple) to a `model` instance, planned once per process:
    only the columns that have converters are converted, and the values of fields left out are placed as
    deferred, so that no row pays for what every row of the statement shares (a window builds a hundred)."""
    del vendor  # keys the cache: the converters are the connection's
    converting = []
    for i, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
        if converters:
            converting.append((i, col, tuple(converters)))
    given = {f.attname: i for i, f in enumerate(fields)}
    slots = [given.get(f.attname) for f in model._meta.concrete_fields]
    names = [f.attname for f in model._meta.concrete_fields]

    def build(values):
        values = list(values)
        for i, col, converters in converting:
            value = values[i]
            for converter in converters:
                value = converter(value, col, connection)
            values[i] = value
        return model.from_db(connection.alias, names, [DEFERRED if at is None else values[at] for at in slots])

    return build
