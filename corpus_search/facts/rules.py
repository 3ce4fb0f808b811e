"""Extraction rules as data: titles, honours, words that are never names, role vocabulary.

Kept apart from the code so that a rule is a line here, not a branch somewhere else.
"""
from __future__ import annotations

# Titles that are posts: "Councillor Robert Evans" says he holds the post of Councillor.
POST_TITLES: dict[str, str] = {
    "councillor": "Councillor", "cllr": "Councillor", "cllr.": "Councillor", "councilor": "Councillor",
    "inspector": "Inspector", "commissioner": "Commissioner", "mayor": "Mayor", "alderman": "Alderman",
    "detective": "Detective", "sergeant": "Sergeant", "superintendent": "Superintendent",
    "constable": "Constable", "judge": "Judge", "bishop": "Bishop", "minister": "Minister",
}
# Courtesy and academic titles: part of how a person is addressed, never a role.
COURTESY_TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss mx dr dr. doctor prof prof. professor sir dame lord lady baroness baron "
    "rev revd reverend rt hon right honourable the".split()
)
TITLE_WORDS = frozenset(POST_TITLES) | COURTESY_TITLES
HONOURS = frozenset("OBE CBE MBE KBE DBE GBE BEM QPM KPM QFSM MP MSP MS MEP QC KC JP DL FRSA CB CVO LVO MVO".split())

# Organisations, bodies and places the model often takes for people.
NOT_PEOPLE = frozenset(
    """ofsted dfe cipfa cqc nhs lga dluhc mhclg hmrc dwp ons nao ico ombudsman bromley lewisham
    croydon ofqual defra unison unite gmb labour conservative conservatives tory tories lib dem
    reform greens green council executive cabinet committee board leader mayor police health
    education""".split()
)
# Words that do not occur in personal names but do in service and organisation names the
# model tags PERSON ("Leaving Care", "Children Looked After").
NON_NAME_WORDS = frozenset(
    """care services service council board committee team children children's childrens looked after
    leaving school schools college university trust partnership programme scheme plan panel
    department directorate office unit centre center authority agency commission association
    network institute foundation fund group forum alliance union party government ministry
    hospital clinic health education social housing safeguarding adoption fostering support
    youth early help intervention improvement governance inspection monitoring report review
    street road lane avenue house hall court park library borough county city district
    london england wales scotland britain uk british english kingdom national local public
    executive member members cabinet portfolio holder director directors chief officer head
    manager leader deputy interim assistant commissioner secretary state minister chair
    chairman chairwoman chairperson president vice news latest press release day week month
    year january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday spring summer autumn winter
    act bill order direction statutory corporate""".split()
)
PRONOUNS = frozenset("he she they him her them his hers their i we you it us me".split())
# A line that starts "By Jane Smith" is a byline: its name is not a person in the story.
BYLINE_PREFIXES = ("by ", "written by ", "words by ", "reporter:", "author:")

# Head words of a role phrase ("Executive Member for …", "interim chief executive").
ROLE_HEADS = frozenset(
    """executive director member leader chief ceo cfo coo chair chairman chairwoman chairperson
    head manager officer commissioner minister secretary mayor deputy interim acting assistant
    lead president governor inspector principal headteacher headmaster headmistress councillor
    cllr portfolio holder spokesperson spokesman spokeswoman controller treasurer clerk
    superintendent constable editor correspondent founder partner adviser advisor consultant
    coordinator co-ordinator administrator registrar auditor surveyor planner engineer
    ombudsman monitor trustee vice cabinet strategic corporate service services""".split()
)
# Words that may start a role phrase before its head ("the new", "Bromley's").
ROLE_OPENERS = frozenset("the a an new former then current acting interim outgoing incoming newly appointed permanent joint senior".split())
# Nouns a role phrase ends on when it has no "for/of …" complement.
ROLE_NOUNS = frozenset(
    """director member leader executive chief ceo cfo chair chairman chairwoman chairperson head
    manager officer commissioner minister secretary mayor holder inspector principal headteacher
    president governor councillor spokesperson spokesman spokeswoman controller treasurer clerk
    superintendent constable editor correspondent founder partner adviser advisor consultant
    coordinator administrator registrar auditor trustee ombudsman""".split()
)
STATUS_CUES: tuple[tuple[str, str], ...] = (
    (r"\b(until (fairly |quite |very )?recently|formerly|former|previously|ex-|then|retired|outgoing|used to be|who was)\b", "former"),
    (r"\b(interim|acting|temporary)\b", "interim"),
    (r"\b(appointed|appointment|new|newly|named as|will (join|take up)|has been made|takes up|incoming)\b", "appointed"),
)
