"""The dependency audit never passes silently: skipped or unreachable means 'not done' (exit 3)."""

from __future__ import annotations

from scripts.audit_deps import failure, verdict


def test_clean_report_passes() -> None:
    report = {"dependencies": [{"name": "rdflib", "version": "7.1", "vulns": []}]}
    assert verdict(report)[0] == 0


def test_advisories_fail_with_their_ids() -> None:
    vuln = {"id": "GHSA-xxxx", "fix_versions": ["9"], "description": ""}
    report = {"dependencies": [{"name": "jinja2", "version": "3.0", "vulns": [vuln]}]}
    code, message = verdict(report)
    assert code == 1 and "GHSA-xxxx" in message and "jinja2" in message


def test_dependencies_the_database_does_not_know_mean_not_done() -> None:
    report = {
        "dependencies": [
            {"name": "rdflib", "version": "7.1", "vulns": []},
            {"name": "uvicorn", "skip_reason": "Dependency not found on PyPI and could not be audited"},
        ]
    }
    code, message = verdict(report)
    assert code == 3 and "NOT DONE" in message and "uvicorn" in message
    assert verdict({"dependencies": []})[0] == 3


def test_unreachable_database_means_not_done() -> None:
    assert failure("socket.gaierror: [Errno -2] Name or service not known")[0] == 3
    assert failure("some other crash")[0] == 2
