"""``field__any=[...]``: membership in a long list of keys.

On PostgreSQL it is ``field = ANY(%s)`` with one array parameter, which psycopg
adapts in C; Django's ``__in`` would render one placeholder per key, and an
import looks up a hundred thousand ID numbers at a time. Elsewhere it is IN.
"""

from django.db.models import Field, Lookup


@Field.register_lookup
class Any(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
