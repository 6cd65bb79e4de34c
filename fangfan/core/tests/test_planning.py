import pytest
from django.db import connection

from fangfan.core.planning import without_jit


def jit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_statements_inside_run_without_jit_and_the_setting_comes_back_after():
    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    # Given the server's setting
    before = jit()
    # When statements run inside without_jit
    with without_jit():
        inside = jit()
    # Then they ran without JIT, and the connection has its setting back afterwards
    assert inside == "off"
    assert jit() == before


@pytest.mark.django_db
def test_without_jit_is_a_plain_transaction_elsewhere():
    with without_jit():
        assert connection.in_atomic_block
