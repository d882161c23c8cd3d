"""Audit the installed dependencies for known advisories with pip-audit; never pass silently.

Usage: `.venv/bin/python -m scripts.audit_deps [extra pip-audit arguments, e.g. -s osv]`

Exit codes: 0 every dependency was checked and none has a known advisory; 1 advisories found;
3 the audit could not be done (the advisory database is unreachable, or it does not know some
dependencies, as with a registry mirror); 2 pip-audit itself failed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

UNREACHABLE = ("gaierror", "ConnectionError", "Max retries", "timed out", "Name or service not known")
TIMEOUT_S = 600


def verdict(report: dict[str, Any]) -> tuple[int, str]:
    """Return (exit code, message) for a pip-audit JSON report."""
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    if vulnerable:
        lines = [
            f"  {d['name']} {d['version']}: " + ", ".join(v["id"] for v in d["vulns"]) for d in vulnerable
        ]
        return 1, f"KNOWN ADVISORIES in {len(vulnerable)} dependencies:\n" + "\n".join(lines)
    if skipped or not deps:
        names = ", ".join(str(d["name"]) for d in skipped[:10])
        more = f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""
        return 3, (
            f"AUDIT NOT DONE: {len(skipped)} of {len(deps)} dependencies could not be checked (the advisory "
            f"database is unreachable or does not know them): {names}{more}. This is not a pass."
        )
    return 0, f"OK: {len(deps)} dependencies checked, no known advisories"


def failure(stderr: str) -> tuple[int, str]:
    """Return (exit code, message) when pip-audit produced no report."""
    if any(marker in stderr for marker in UNREACHABLE):
        return 3, "AUDIT NOT DONE: the advisory database is unreachable (network). This is not a pass."
    return 2, "pip-audit failed:\n" + stderr[-2000:]


def main(argv: Sequence[str]) -> int:
    """Run pip-audit on this environment and print the verdict; return the exit code."""
    command = [sys.executable, "-m", "pip_audit", "-f", "json", "--progress-spinner", "off"]
    command += ["--skip-editable"]
    command += list(argv)
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        code, message = 3, f"AUDIT NOT DONE: pip-audit did not finish in {TIMEOUT_S} s. This is not a pass."
    else:
        try:
            code, message = verdict(json.loads(run.stdout))
        except json.JSONDecodeError:
            code, message = failure(run.stderr)
    print(message)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
