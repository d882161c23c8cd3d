"""Instruments, countries, programmes, and who recommends (accounts, signatures, replies, States)."""

from __future__ import annotations

from ingest.extract import extract, extract_comment
from ingest.extract.actors import name_suffix, signature
from ingest.extract.affiliations import account_actor
from ingest.extract.countries import countries
from ingest.extract.instruments import citations
from ingest.extract.practices import practices
from tests.ingest.extract_support import comment, page


def keys(text: str) -> list[tuple[str, str | None]]:
    return [(c.key, c.pinpoint) for c in citations(text)]


def test_un_symbols_with_pinpoints() -> None:
    assert keys("(see UN Doc. A/HRC/44/42, paras 44-59)") == [("a-hrc-44-42", "paras 44-59")]
    assert keys("resolution A/RES/73/195 and A/99/123.") == [("gcm", None), ("symbol:A/99/123", None)]


def test_named_instruments_in_three_languages() -> None:
    text = (
        "la Convención de Ginebra de 1951; l'art13 de la déclaration universelle des droits de l'HOMME; "
        "GATS Mode 4; A WTO services waiver; the AU Free Movement Protocol; AfCFTA; Sendai; UNFCCC; GCR; "
        "the 2030 Agenda; ratification des conventions de l'OIT; mise en oeuvre du PMM; GMC stresses"
    )
    found = {c.key for c in citations(text)}
    assert found == {
        "refugee-convention-1951",
        "udhr",
        "gats",
        "gats-mode-4",
        "wto-ldc-services-waiver",
        "au-free-movement-protocol",
        "afcfta",
        "sendai",
        "unfccc",
        "gcr",
        "agenda-2030",
        "ilo-conventions",
        "gcm",
    }


def test_a_report_cited_by_title_only_when_the_registry_knows_it() -> None:
    assert [
        c.key for c in citations("the UN Special Rapporteur’s report on migrants’ freedom of association")
    ] == ["a-hrc-44-42"]
    assert citations("the Special Rapporteur's report on something else") == ()


def test_urls_are_web_resources_and_cut_urls_are_flagged() -> None:
    found = citations(
        "see https://quno.org/resource/2021/12/delivering-promise… and https://www.fao.org/migration/en/."
    )
    assert [(c.kind, c.label, c.truncated) for c in found] == [
        ("url", "https://quno.org/resource/2021/12/delivering-promise…", True),
        ("url", "https://www.fao.org/migration/en/", False),
    ]


def test_countries_by_name_and_demonym_in_three_languages() -> None:
    text = (
        "a Spanish law, a Turkish Act, Nepalese workers in Jordan, le Sénégal, la cote d'ivoire, "
        "los países de España"
    )
    assert [c.iso2 for c in countries(text)] == ["ES", "TR", "NP", "JO", "SN", "CI", "ES"]


def test_organisation_names_are_not_country_mentions() -> None:
    assert countries("The Spanish Commission for Refugees (CEAR) works") == ()


def test_named_programmes() -> None:
    text = (
        "the programme “Towards a Holistic Approach to Labour Migration in North Africa” (THAMM), and the "
        "Skilled Refugee Labour Agreement Pilot Program (homeaffairs.gov.au)"
    )
    names = [p.name for p in practices(text, "GIZ")]
    assert names == [
        "Towards a Holistic Approach to Labour Migration in North Africa (THAMM)",
        "Skilled Refugee Labour Agreement Pilot Program",
    ]


def test_name_suffix_and_signature_affiliations() -> None:
    assert name_suffix("Kristin Eitel, IOM")[1].key == "iom"  # type: ignore[index]
    assert name_suffix("Monika Peruffo UNDP")[0] == "Monika Peruffo"  # type: ignore[index]
    assert name_suffix("Helen Dempster") is None
    body = (
        "Text.\n\n--Professor Jill Goldenziel (Academic Council on the UN System) & "
        "Professor Kevin Cope (X Univ)"
    )
    assert signature(body) == [
        ("Jill Goldenziel", "Academic Council on the UN System"),
        ("Kevin Cope", "X Univ"),
    ]


def test_truncated_account_resolved_only_with_evidence_from_the_page() -> None:
    short = comment("c000", "Spanish Commis…", "Ensanchamiento de las vías legales.", truncated=True)
    alone = account_actor(short, page(short))
    assert (alone.name, alone.truncated, alone.registry_key) == ("Spanish Commis…", True, None)
    says = comment(
        "c001",
        "Spanish Commis…",
        "The Spanish Commission for Refugees (CEAR) is a non-profit.",
        truncated=True,
    )
    resolved = account_actor(short, page(short, says))
    assert (resolved.registry_key, resolved.actor_type, resolved.truncated) == ("cear", "Organization", False)
    assert "(CEAR) is a non-profit" in resolved.evidence


def test_a_reply_naming_the_person_behind_an_organisation_account() -> None:
    org = comment(
        "c000",
        "Spanish Commis…",
        "The Spanish Commission for Refugees (CEAR) is a non-profit.",
        truncated=True,
    )
    reply = comment(
        "c001", "Monika Peruffo UNDP", "Muchas gracias Miguel Hernández por su contribución.", parent="c000"
    )
    first = extract(page(org, reply)).comments[0]
    assert [r.name for r in first.recommenders] == ["Spanish Commission for Refugees", "Miguel Hernández"]
    assert [(a.person, a.registry_key, a.method) for a in first.affiliations] == [
        ("Miguel Hernández", "cear", "reply-naming")
    ]


def test_persons_get_no_affiliation_without_evidence() -> None:
    plain = comment("c000", "Helen Dempster", "It would be good to see more stocktaking documents.")
    item = extract(page(plain)).comments[0]
    assert item.affiliations == ()
    assert item.recommenders[0].actor_type == "Person"


def test_a_state_speaks_through_an_official_only_with_evidence() -> None:
    text = "Australia has established a pilot programme as an element of our skilled migration programme."
    item = extract(page(comment("c000", "Andrew Rose", text))).comments[0]
    assert [(r.name, r.actor_type, r.registry_key) for r in item.recommenders] == [
        ("Andrew Rose", "Person", None),
        ("Australia", "State", "AU"),
    ]
    assert 0 < item.recommenders[1].confidence < 1
    other = extract(
        page(comment("c000", "Ann Lee", "Australia has established a pilot programme."))
    ).comments[0]
    assert len(other.recommenders) == 1


def test_an_organisation_named_in_a_signature_is_not_made_a_person() -> None:
    # found by the synthetic-page benchmark: the account "Solidarity Center" signed as if it were a person,
    # which typed one actor IRI both Person and Organization and failed SHACL for the whole page
    body = "Unions must be at the table.\n\n--Professor Solidarity Center (Academic Council on the UN System)"
    posted = comment("c000", "Solidarity Center", body)
    item = extract_comment(page(posted), posted)
    persons = [actor.name for actor in item.recommenders if actor.actor_type == "Person"]
    assert "Solidarity Center" not in persons
    assert not [a for a in item.affiliations if a.person == "Solidarity Center"]
