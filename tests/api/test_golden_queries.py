"""Golden results: stored queries on the fixture, compared with tests/api/golden/NAME.json (one per file).

Regenerate on purpose with `GCMKG_REGEN_GOLDEN=1 .venv/bin/pytest tests/api/test_golden_queries.py`; to add a
query to the golden set, create its file (e.g. `{}`) and regenerate.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gcmkg.stored_queries import load_queries

GOLDEN = Path(__file__).resolve().parent / "golden"
REQUIRED_VALUES = {
    "recommendation": "recommendation/r2",
    "actor": "person/alice",
    "instrument": "instrument/ilo-c097",
}


def call(client: TestClient, name: str) -> dict[str, object]:
    query = load_queries()[name]
    params = {p.name: REQUIRED_VALUES.get(p.name, "") for p in query.params if p.required}
    response = client.get(f"/queries/{name}", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.mark.parametrize("name", sorted(path.stem for path in GOLDEN.glob("*.json")))
def test_stored_query_matches_its_golden_result(client: TestClient, name: str) -> None:
    result = call(client, name)
    path = GOLDEN / f"{name}.json"
    if os.environ.get("GCMKG_REGEN_GOLDEN") == "1":
        text = json.dumps(result, indent=2, ensure_ascii=False, sort_keys=True)
        path.write_text(text + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    missing = [row for row in expected["rows"] if row not in result["rows"]]  # type: ignore[operator]
    extra = [row for row in result["rows"] if row not in expected["rows"]]  # type: ignore[attr-defined]
    assert not missing and not extra, f"{name}: missing {missing}\nunexpected {extra}"
    assert result == expected
