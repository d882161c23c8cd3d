"""Property-based API testing: schemathesis generates requests from the OpenAPI document; no 5xx allowed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from tests.store.helpers import build_fixture_store

pytestmark = pytest.mark.slow

_VAR = Path(tempfile.mkdtemp(prefix="gcmkg-schemathesis-"))
APP = create_app(build_fixture_store(_VAR))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schemathesis.serializer("application/sparql-query")
def sparql_query_body(_ctx: object, value: object) -> bytes:
    """Send generated strings as the raw query body."""
    return str(value).encode("utf-8", errors="surrogatepass")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])
