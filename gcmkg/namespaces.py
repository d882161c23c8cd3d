"""The project's RDF namespaces; `GKG` fails on a misspelt ontology term."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/gcmkg/ontology#"
DEFAULT_BASE = "https://w3id.org/gcmkg/id/"

ORG = Namespace("http://www.w3.org/ns/org#")
SIOC = Namespace("http://rdfs.org/sioc/ns#")
CITO = Namespace("http://purl.org/spar/cito/")

# Prefixes written into every Turtle/TriG/JSON-LD the project serialises (exports and API responses).
PREFIXES = {
    "gkg": ONTOLOGY_IRI,
    "id": DEFAULT_BASE,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sioc": "http://rdfs.org/sioc/ns#",
    "dcterms": "http://purl.org/dc/terms/",
    "cito": "http://purl.org/spar/cito/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


class GKG(DefinedNamespace):
    """Terms of the GCM-KG ontology (ontology/gcmkg.ttl); tests check both lists agree."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI)

    # discussion structure
    Consultation: URIRef
    Question: URIRef
    Comment: URIRef
    SourcePage: URIRef
    # statements extracted from comments
    Statement: URIRef
    Recommendation: URIRef
    Practice: URIRef
    Priority: URIRef
    ContextStatement: URIRef
    ObjectiveLink: URIRef
    # actors
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    State: URIRef
    GovernmentBody: URIRef
    UNEntity: URIRef
    IntergovernmentalOrganization: URIRef
    TradeUnion: URIRef
    CivilSocietyOrganization: URIRef
    AcademicInstitution: URIRef
    LocalGovernment: URIRef
    PrivateSector: URIRef
    Network: URIRef
    Affiliation: URIRef
    Addressee: URIRef
    # cited things
    Instrument: URIRef
    WebResource: URIRef
    Country: URIRef
    # GCM structure
    GCMObjective: URIRef
    GCMAction: URIRef
    GCMParagraph: URIRef
    GCMSection: URIRef
    GuidingPrinciple: URIRef
    RoundTable: URIRef
    ReviewForum: URIRef
    IngestRun: URIRef

    # properties: discussion structure
    number: URIRef
    declaredMemberCount: URIRef
    declaredCommentCount: URIRef
    foundCommentCount: URIRef
    inReplyToName: URIRef
    moderatorBadge: URIRef
    mentionsObjective: URIRef
    displayName: URIRef
    nameTruncated: URIRef
    bodyTruncated: URIRef
    addressesName: URIRef
    reviewsObjective: URIRef
    charStart: URIRef
    charEnd: URIRef
    sourceCharStart: URIRef
    sourceCharEnd: URIRef
    position: URIRef
    # properties: statements
    text: URIRef
    statementKind: URIRef
    recommendedBy: URIRef
    reportedBy: URIRef
    addressedTo: URIRef
    concernsObjective: URIRef
    objectiveLink: URIRef
    objective: URIRef
    action: URIRef
    method: URIRef
    confidence: URIRef
    evidence: URIRef
    mentionsCountry: URIRef
    mentionsInstrument: URIRef
    pinpoint: URIRef
    # properties: actors and registries
    acronym: URIRef
    affiliation: URIRef
    affiliationOf: URIRef
    affiliatedWith: URIRef
    isoCode: URIRef
    # properties: GCM structure
    paragraph: URIRef
    actionCount: URIRef
    actionCountStatus: URIRef
    roundTable: URIRef
    sourceStatus: URIRef
    # properties: provenance
    sha256: URIRef
    softwareVersion: URIRef
