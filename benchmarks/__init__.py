"""Benchmarks of issue 6, each runnable as ``python -m benchmarks.<name> …`` from the project root.

Importing the package configures Django, so a script can use the ORM at once; under pytest
(the smoke tests) pytest-django has already done so and this is a no-op. ``--database-url URL``
on a script's command line is read here, before Django connects, and becomes DATABASE_URL.
"""

import os
import sys

import django


def _database_url(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--database-url" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--database-url="):
            return arg.split("=", 1)[1]
    return None


if (url := _database_url(sys.argv)) and "pytest" not in sys.modules:
    os.environ["DATABASE_URL"] = url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangfan.settings")
django.setup()
