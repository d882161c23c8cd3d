"""The project's error hierarchy; the API and the command line map these to clear messages."""

from __future__ import annotations


class GcmkgError(Exception):
    """Base of every error the project raises on purpose."""


class IngestError(GcmkgError):
    """A source could not be ingested; nothing already stored was changed."""


class ParseError(IngestError):
    """A page could not be parsed: names the source, the line (1-based, 0 when not line-bound) and why."""

    def __init__(self, source: str, line: int, reason: str) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")


class ShapeViolation(GcmkgError):
    """A graph failed SHACL validation; `report` holds the text of pyshacl's report."""

    def __init__(self, source: str, report: str) -> None:
        self.source = source
        self.report = report
        super().__init__(f"{source}: SHACL validation failed\n{report}")


class OntologyInconsistent(GcmkgError):
    """The OWL reasoner found the ontology (with the given data) inconsistent."""


class StoreError(GcmkgError):
    """The store could not be opened, read or written."""


class QueryRejected(GcmkgError):
    """A SPARQL query was refused before execution (update, federation, dataset clause, size...)."""

    def __init__(self, reason: str, status: int = 400) -> None:
        self.reason = reason
        self.status = status
        super().__init__(reason)


class QueryTimeout(GcmkgError):
    """A query ran longer than its time limit and was abandoned."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"the query exceeded the time limit of {seconds:g} s")


class ResultTooLarge(GcmkgError):
    """A query produced more results than the configured limit; nothing was sent."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the query returned more than {limit} results; add a LIMIT or narrow it")


class InvalidParameter(GcmkgError):
    """A query parameter is missing, malformed or out of range (HTTP 422)."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"parameter {name!r}: {reason}")


class StoreBusy(GcmkgError):
    """Every query slot is taken (by running or runaway queries); the client should retry later (HTTP 503)."""


class QueryAborted(GcmkgError):
    """A query exhausted its worker's memory cap or crashed the worker, which was replaced (HTTP 503)."""
