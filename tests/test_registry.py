"""The registry tables load, are complete and keep each fact's source status."""

from __future__ import annotations

from gcmkg import registry
from gcmkg.namespaces import GKG

ORG_CLASSES = {
    "State",
    "GovernmentBody",
    "UNEntity",
    "IntergovernmentalOrganization",
    "TradeUnion",
    "CivilSocietyOrganization",
    "AcademicInstitution",
    "LocalGovernment",
    "PrivateSector",
    "Network",
}
STATUSES = {"verified", "secondary", "unverified", "project"}


def test_objectives_are_the_23_with_paragraph_n_plus_16() -> None:
    entries = registry.objectives()
    assert [e.number for e in entries] == list(range(1, 24))
    assert all(e.paragraph == e.number + 16 for e in entries)
    assert all(set(e.titles) == {"en", "fr", "es"} for e in entries)


def test_objective_action_counts_mark_secondary_sources() -> None:
    secondary = {e.number for e in registry.objectives() if e.action_count_status == "secondary"}
    assert secondary == {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 20, 21}
    assert registry.objectives()[21].action_count == 3


def test_objectives_round_tables_match_the_reference() -> None:
    by_table: dict[int, set[int]] = {}
    for entry in registry.objectives():
        by_table.setdefault(entry.roundtable_2022, set()).add(entry.number)
    assert by_table[1] == {2, 5, 6, 12, 18}
    assert by_table[4] == {1, 3, 7, 17, 23}


def test_no_french_short_label_is_invented() -> None:
    assert all("fr" not in e.short_labels for e in registry.objectives())


def test_organizations_have_known_classes_and_statuses() -> None:
    entries = registry.organizations()
    assert {e.org_class for e in entries} <= ORG_CLASSES
    assert {e.status for e in entries} <= STATUSES
    assert all(getattr(GKG, e.org_class) for e in entries)
    assert len({e.key for e in entries}) == len(entries)


def test_organizations_include_reference_and_project_rows() -> None:
    by_key = {e.key: e for e in registry.organizations()}
    assert by_key["iom"].status == "verified"
    assert "Organisation internationale pour les migrations" in by_key["iom"].aliases
    assert by_key["uva-law"].org_class == "AcademicInstitution"
    assert by_key["uva-law"].status == "project"
    assert by_key["ccoo"].org_class == "TradeUnion"
    assert {"unfpa", "wfp", "world-bank", "eu", "ecowas", "knomad", "ituc", "picum"} <= set(by_key)


def test_instruments_keep_identifiers_and_multilingual_aliases() -> None:
    by_key = {e.key: e for e in registry.instruments()}
    assert by_key["a-hrc-44-42"].identifier == "A/HRC/44/42"
    assert by_key["ilo-c087"].identifier == "ILO C087"
    assert "Convención de Ginebra de 1951" in by_key["refugee-convention-1951"].aliases
    assert "art13 de la déclaration universelle des droits de l'homme" in by_key["udhr"].aliases
    assert {e.status for e in by_key.values()} <= STATUSES
    assert all(len(e.date) in (0, 4, 10) for e in by_key.values())
