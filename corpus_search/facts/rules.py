"""Extraction rules as data: titles, honours, words that are never names, role vocabulary.

Kept apart from the code so that a rule is a line here, not a branch somewhere else. The code in
people.py and roles.py compiles these into regular expressions once, at import.
"""
from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---- titles ------------------------------------------------------------------------------
# Titles that are posts: "Councillor Robert Evans" says he holds the post of Councillor. A run of
# post words before a name is one post ("Detective Chief Inspector", "Chief Constable").
POST_TITLES: dict[str, str] = {
    "councillor": "Councillor", "cllr": "Councillor", "cllr.": "Councillor", "councilor": "Councillor",
    "inspector": "Inspector", "commissioner": "Commissioner", "mayor": "Mayor", "alderman": "Alderman",
    "detective": "Detective", "sergeant": "Sergeant", "superintendent": "Superintendent",
    "constable": "Constable", "judge": "Judge", "bishop": "Bishop", "minister": "Minister",
    "chief": "Chief", "deputy": "Deputy", "assistant": "Assistant", "police": "Police",
    "archdeacon": "Archdeacon", "canon": "Canon", "coroner": "Coroner", "chancellor": "Chancellor",
}
# Post titles that only count as a title inside a longer run ("Chief Constable", not "Chief X").
POST_TITLE_PREFIXES = frozenset({"chief", "deputy", "assistant", "police", "detective"})
# Courtesy and academic titles: part of how a person is addressed, never a role.
COURTESY_TITLES = _words(
    "mr mr. mrs mrs. ms ms. miss mx dr dr. doctor prof prof. professor sir dame lord lady baroness baron "
    "rev revd rev. reverend rt rt. hon hon. right honourable the"
)
# Courtesy titles followed by a first name, not a surname ("Dame Caroline", "Sir Ian").
FIRST_NAME_TITLES = _words("sir dame lady")
TITLE_WORDS = frozenset(POST_TITLES) | COURTESY_TITLES
# The title words the name finder looks for, as written (capitalised; the all-caps form is added).
TITLE_FORMS = (
    "Councillor", "Councilor", "Cllr", "Cllr.", "Inspector", "Commissioner", "Mayor", "Alderman",
    "Detective", "Sergeant", "Superintendent", "Constable", "Judge", "Chief", "Deputy", "Assistant",
    "Police", "Archdeacon", "Canon", "Coroner", "Bishop",
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Mx", "Dr", "Dr.", "Sir", "Dame", "Lord", "Lady",
    "Baroness", "Baron", "Professor", "Prof", "Prof.", "Rev", "Revd", "Rev.", "Reverend", "Rt", "Hon",
)

# ---- honours -------------------------------------------------------------------------------
HONOURS = _words(
    "OBE CBE MBE KBE DBE GBE BEM QPM KPM QFSM QGM MP MSP MS MEP MLA AM QC KC JP DL FRSA CB CVO LVO MVO KCB "
    "KCMG CMG DCB FRS FREng FRCP FRCS"
)

# ---- words that are not people -------------------------------------------------------------
# Organisations, bodies, parties and places the model often takes for people (whole key, or a
# one-word candidate).
NOT_PEOPLE = _words(
    """ofsted dfe cipfa cqc nhs lga dluhc mhclg hmrc dwp ons nao ico ombudsman bromley lewisham
    croydon ofqual defra unison unite gmb labour conservative conservatives tory tories lib dem dems
    reform greens green council executive cabinet committee board leader mayor police health
    education healthwatch wates kier capita serco amey mazars deloitte kpmg pwc bdo arup atkins
    jacobs carillion interserve skanska veolia biffa fujitsu ringway liberata agilisys
    chair chairman vice-chair chief councillor cllr councillors inspector minister government
    parliament whitehall westminster downing treasury"""
)
# Firms and bodies whose names look exactly like a person's (name keys).
NOT_PEOPLE_NAMES = frozenset(
    """grant thornton|mott macdonald|balfour beatty|morgan sindall|ernst young|laing o'rourke|
    willmott dixon|galliford try|price waterhouse|pricewaterhouse coopers|marks spencer|rolls royce|
    aston martin|lloyds banking|morgan stanley|goldman sachs|dow jones|standard chartered|
    legal general|bovis homes|barratt homes|taylor wimpey|persimmon homes|bellway homes|
    jeremy vine|sky news|itv news|bbc news|historic england|homes england|sport england|
    natural england|arts council|lib dem|lib dems|liberal democrat|liberal democrats|opus dei|
    local democracy|crown prosecution|high court|crown court|magistrates court|home office|
    cabinet office|scotland yard|whitehall|holyrood|robert mcalpine|alfred mcalpine|john lewis|
    john lewis partnership|john laing|henry boot|turner townsend|knight frank|gerald eve|
    bevan brittan|browne jacobson|trowers hamlins|sharpe pritchard|cushman wakefield|
    lambert smith hampton|jones lang lasalle|lend lease|bovis lend lease|arthur andersen|
    ted baker|dorothy perkins|bam nuttall|wilson bowden|david wilson homes|ben bailey homes""".replace("\n", "").replace(" |", "|").split("|")
)
NOT_PEOPLE_NAMES = frozenset(n.strip() for n in NOT_PEOPLE_NAMES if n.strip())
# Words that never occur in personal names but do in service, organisation and place names the
# model tags PERSON ("Leaving Care", "Children Looked After", "Legal Adviser"). Any one of them
# rules a candidate out.
NON_NAME_WORDS = _words(
    """care services service council councils board committee team children children's childrens
    looked after leaving school schools college university trust partnership programme scheme plan
    panel department directorate office unit centre center authority agency commission association
    network institute foundation fund group forum alliance union party government ministry
    hospital clinic health education social housing safeguarding adoption fostering support
    youth early help intervention improvement governance inspection monitoring report review
    road avenue borough county district town village guildhall london england wales scotland britain uk british
    kingdom national local public executive member members cabinet portfolio holder director
    directors officer officers manager leader deputy interim assistant commissioner secretary
    state minister chair chairman chairwoman chairperson vice-chair vice-chairman president vice
    news latest press release week month year january february march september october november
    december monday tuesday wednesday thursday friday saturday sunday spring autumn winter act
    order direction statutory corporate adviser advisor legal democratic clerk solicitor
    spokesperson spokesman spokeswoman reporter correspondent editor organiser ltd limited plc llp
    inc corp holdings partners associates estate estates homes united rovers athletic wanderers
    city airways airlines bank insurance motors media studios pictures records games sport
    sports wine wines brewery consulting construction developments properties energy water rail
    railway station airport harbour quay square crescent terrace gardens library museum
    theatre cathedral abbey academy nursery infirmary surgery practice gazette
    times herald echo post chronicle telegraph guardian mail mirror express observer independent
    standard advertiser argus journal bulletin magazine tv radio fm online digital services plc
    amendment motion resolution item agenda minutes appendix annex paragraph section schedule
    strategy framework policy budget precept tax levy fees grants contract contracts bid
    award awards prize cup league championship premier division festival show market
    covid coronavirus virus pandemic brexit wards constituency region regions
    northern southern eastern western central upper lower greater"""
)
# Words that are ordinary surnames as well as place or month words: fine as the last word of a
# full name ("Rachel Green", "Theresa May", "Sarah Lane"), never as a name on their own or first.
SURNAME_ONLY_WORDS = _words(
    "green hall park lane street house court day king bishop judge young english french welsh "
    "church wood field hill ford brook brooks moss chambers law summers page gay white black brown "
    "little small long short new north south east west ward chapel bridge bridges fair star"
)
PRONOUNS = _words("he she they him her them his hers their theirs i we you it us me our ours my mine your")
# Lowercase particles inside names ("Ursula von der Leyen", "Sadiq al Khan").
NAME_PARTICLES = _words("de da di del della der den van von le la du al el bin ben ibn st")
# A line that starts "By Jane Smith" is a byline: its name is not a person in the story.
BYLINE_PREFIXES = ("by", "written by", "words by", "reporter:", "author:", "reported by", "story by")
# Words on the line after a bare-name line that make that line a byline.
BYLINE_NEXT_LINE = _words(
    "reporter correspondent editor journalist columnist writer staff contributor democracy"
)
# Text before a name that makes it a picture credit, not a person in the story.
CREDIT_PREFIXES = (
    "photo:", "photo by", "photograph:", "photograph by", "photos:", "photos by", "picture:",
    "picture by", "pictures:", "pictures by", "pic:", "pic by", "image:", "image by", "image credit",
    "credit:", "credit -", "credit –", "photo credit", "picture credit", "(c)", "©", "copyright",
)

# ---- roles ---------------------------------------------------------------------------------
# Nouns a role phrase ends on ("interim chief executive", "Executive Member for …").
ROLE_NOUNS = _words(
    """director member leader executive chief ceo cfo coo cto chair chairman chairwoman chairperson
    head manager officer commissioner minister secretary mayor holder inspector principal
    headteacher headmaster headmistress president governor councillor spokesperson spokesman
    spokeswoman controller treasurer clerk superintendent constable sergeant editor correspondent
    reporter founder partner adviser advisor consultant coordinator co-ordinator administrator
    registrar auditor trustee ombudsman organiser organizer convenor convener lead whip speaker
    chancellor sheriff provost alderman deputy boss economist analyst strategist lecturer
    professor solicitor barrister lawyer coroner archdeacon bishop vicar rector chaplain
    commander warden steward ranger surveyor planner engineer architect accountant gp teacher"""
)
# Role nouns that are a role only with a qualifier before them or an "of/for" body after
# ("Executive Member", "member of the Cabinet"), never bare ("a member of the public").
WEAK_ROLE_NOUNS = _words("member members partner lead deputy holder boss head teacher professor executive chief")
# Bodies that make "member of …" a role.
MEMBER_BODIES = _words(
    "parliament cabinet board committee panel council executive authority assembly senedd house "
    "lords commons bench trust assembly commission"
)
# Words that may stand before a role noun inside a role phrase ("Unison regional organiser",
# "Labour group leader"). Capitalised words (parties, organisations) are allowed as well.
ROLE_MODIFIERS = _words(
    """interim acting deputy assistant associate senior junior principal chief executive regional
    national local area county district borough city town parish council group opposition
    cabinet party ward community joint lead managing general finance financial strategic
    operational corporate clinical medical political parliamentary shadow former new outgoing
    incoming permanent independent elected press communications media programme project service
    services policy technical legal public health housing planning education children's childrens
    adult adults adults' social care environmental environment highways transport safeguarding
    monitoring democratic electoral returning executive non-executive vice co temporary substantive
    strategic commercial operations development economic regeneration property estates finance
    resources people culture leisure neighbourhood neighbourhoods business digital data
    information customer commissioning quality performance programme governance audit risk
    treasury investment pensions pension fire rescue police ambulance crime justice youth early
    years family families skills employment equality diversity inclusion climate sustainability
    waste parks libraries arts heritage tourism sport sports wellbeing mental primary secondary
    special senior designated safeguarding named portfolio lead full-time part-time unpaid
    elected appointed co-opted honorary life founding head deputy vice union branch shop trade
    director directors member members chair officer manager secretary editor ceo political
    editor's section first second third prime foreign home justice"""
)
# Status words that may open a role phrase; they set the status and are dropped from the title.
STATUS_WORDS: dict[str, str] = {
    "former": "former", "ex": "former", "ex-": "former", "outgoing": "former", "previous": "former",
    "then": "former", "retired": "former", "late": "former", "erstwhile": "former",
    "interim": "interim", "acting": "interim", "temporary": "interim",
    "new": "appointed", "newly": "appointed", "incoming": "appointed", "designate": "appointed",
    "current": "current", "present": "current", "serving": "current", "sitting": "current",
    "appointed": "appointed", "newly-appointed": "appointed",
}
# Status words that stay in the title ("interim chief executive" is how the post is named).
STATUS_WORDS_KEPT = frozenset({"interim", "acting", "temporary"})
# Role modifiers that make a different post, not a different wording of the same post: "deputy
# leader" and "leader" are two roles for one person, "interim chief executive" and "chief
# executive" one.
DISTINCT_ROLE_MODIFIERS = _words("deputy vice assistant associate co shadow sub under junior joint")
# Capitalised words in a role's "of/for …" complement that make it an organisation ("chief
# executive of the Kingsmere Care Association" → organisation Kingsmere Care Association).
ORG_WORDS = _words(
    """council trust association authority agency university college network institute institution
    foundation partnership company corporation plc ltd limited police constabulary society
    federation union commission ministry bank group board service nhs hospital school academy
    church diocese party office department inspectorate ombudsman regulator court tribunal club
    charity fund team centre museum library"""
)
# Lowercase words naming a kind of body before its name in a role's complement ("chief executive
# of the charity Homes for Kingsholme" → organisation Homes for Kingsholme).
ORG_DESCRIPTORS = _words(
    """charity company firm organisation organization consultancy business campaign group
    think-tank thinktank provider developer contractor housebuilder newspaper magazine union
    network body agency society association trust practice"""
)
# Complements that belong to the title ("Leader of the Council"), not an organisation.
TITLE_COMPLEMENTS = _words("council opposition house state borough")
# Words that end a role phrase read forwards, or stop one read backwards: verbs, function words.
ROLE_STOP_WORDS = _words(
    """said says say added adds told tells explained commented stated warned admitted insisted
    claimed argued noted believes believed thinks thought wrote writes confirmed announced
    revealed welcomed praised criticised urged called asked replied responded agreed described
    who whom whose which that this these those when where while whilst as because since until
    after before during following from to into by with without about against between among
    is was are were be been being has have had will would shall should can could may might must
    do does did not no nor but or if than so also too very just only even still yet now
    here there it its he she they his her their him them we our us you your i my me
    a an the and of for at in on over under up down out off per via
    today yesterday tomorrow tonight last next week year month"""
)
# Verbs before "X as ROLE" that make it an appointment ("named Neil Fairclough as interim …").
APPOINT_VERBS = _words(
    """appointed appoints appoint named names name confirmed confirms confirm selected selects
    chosen chose choose elected elects elect re-elected nominated nominates installed
    recruited hired welcomed welcomes welcome unveiled announced announces approved approves
    endorsed endorses ratified ratifies designated"""
)
# Phrases after a name that state a role, with the status they give. Matched case-insensitively
# at the start of the text after a mention; the role phrase follows.
PREDICATE_CUES: tuple[tuple[str, str | None], ...] = (
    (r"(?:has|had)\s+been\s+(?:appointed|named|confirmed|elected|selected|chosen|made)\s+(?:as\s+)?", "appointed"),
    (r"(?:is|was|were|will\s+be|would\s+be)\s+(?:being\s+)?(?:appointed|named|confirmed|elected|re-elected|selected|chosen|made|installed|sworn\s+in)\s+(?:as\s+)?", "appointed"),
    (r"(?:appointed|named|elected)\s+as\s+", "appointed"),
    (r"(?:will|is\s+to|is\s+set\s+to|is\s+due\s+to)\s+(?:become|take\s+over\s+as|join\s+(?:[A-Z][\w'’\-]*\s+){0,5}as|be)\s+", "appointed"),
    (r"(?:becomes|became|has\s+become|takes\s+over\s+as|took\s+over\s+as|has\s+taken\s+over\s+as)\s+", "appointed"),
    (r"(?:is\s+leaving\s+to\s+become|leaves\s+to\s+become|left\s+to\s+become|to\s+become)\s+", "appointed"),
    (r"(?:will\s+take\s+up|takes\s+up|took\s+up|has\s+taken\s+up|is\s+to\s+take\s+up)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:new\s+)?(?:post|role|position|job|office)\s+(?:of|as)\s+", "appointed"),
    (r"(?:joins|joined|has\s+joined|will\s+join)\s+(?:[A-Z][\w'’\-]*\s+){0,5}as\s+", "appointed"),
    (r"(?:steps|stepped|is\s+stepping|has\s+stepped|will\s+step)\s+down\s+as\s+", "former"),
    (r"(?:retires|retired|is\s+retiring|has\s+retired|will\s+retire|resigned|resigns|has\s+resigned|quit|quits|has\s+quit)\s+as\s+", "former"),
    (r"(?:was|had\s+been)\s+(?:previously|formerly|once|until\s+(?:fairly\s+|quite\s+|very\s+)?recently|most\s+recently)\s+", "former"),
    (r"(?:previously|formerly)\s+(?:served\s+as\s+|worked\s+as\s+)?", "former"),
    (r"(?:has|had)\s+(?:previously\s+)?(?:served|worked|acted)\s+as\s+", None),
    (r"(?:served|worked)\s+as\s+", "former"),
    (r"(?:be|is|was|has\s+been|have\s+been)\s+re-?appointed\s+(?:as\s+)?", "appointed"),
    (r"(?:will\s+continue|continues|continued|is\s+continuing|remains|will\s+remain|to\s+continue)\s+as\s+", "current"),
    (r"(?:is|remains)\s+(?:currently\s+|now\s+|also\s+|still\s+)?", "current"),
    (r"(?:was|had\s+been)\s+(?:also\s+)?", "former"),
    (r"(?:has\s+been)\s+(?:the\s+)?", None),
    (r"(?:currently|now)\s+(?:serves\s+as\s+)?", "current"),
    (r"(?:serves|acts)\s+as\s+", "current"),
)
# "X, who chairs the scrutiny committee" → "chair of the scrutiny committee".
ROLE_VERBS: dict[str, str] = {
    "chairs": "chair", "chaired": "chair", "co-chairs": "co-chair", "heads": "head", "headed": "head",
    "leads": "leader", "led": "leader", "runs": "head", "convenes": "convenor", "manages": "manager",
    "directs": "director", "edits": "editor", "founded": "founder", "represents": "councillor",
    "holds": "holder", "held": "holder",
}
# Verbs where "X, who VERB the Y" reads as holding a post (not "leads" on a campaign: only a body).
ROLE_VERB_BODIES = _words(
    """committee board panel group council authority cabinet team service services department
    directorate trust commission partnership forum network association party opposition
    council's review inquiry taskforce task force sub-committee subcommittee scrutiny unit portfolio"""
)
# Verbs of "BODY, which is chaired by X" (the passive of ROLE_VERBS).
ROLE_VERBS_PASSIVE: dict[str, str] = {"chaired": "chair", "headed": "head", "led": "leader", "run": "head"}
# Words that may open a role phrase and are not part of the title ("the", "our", "its").
ROLE_DETERMINERS = _words("the a an our its their his her your my this")
# Words that end an apposition's role phrase ("X, chief executive of Y, said"): verbs and
# clause words; punctuation ends one too.
APPOSITION_ENDS = ROLE_STOP_WORDS - _words(
    "the a an and of for at in on over under up down out off per via to into by with from"
)
# Capitalised words after "in/at" that are times, not organisations ("take up the post in April").
TIME_WORDS = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday spring summer autumn winter christmas easter"""
)
# Words that are a party or a ward in "Jane Smith (Labour, Riverside ward)": not a role.
PARTY_WORDS = _words(
    """labour conservative conservatives tory liberal democrat democrats lib dem green greens reform
    independent snp plaid cymru ukip residents alliance ward division"""
)
# Headers that introduce a list of councillors or attendees in minutes.
LIST_HEADERS = (
    "councillors", "cllrs", "cllrs.", "present:", "present", "also present:", "also present",
    "in attendance:", "in attendance", "apologies:", "apologies", "members present:", "members:",
    "officers present:", "officers:",
)
# Function words that are never part of a name, even capitalised at the start of a sentence
# ("But Evans said"). Modal verbs that are also first names (Will, May) are left out.
FUNCTION_WORDS = _words(
    """the a an and of for at in on to by with from as but or if when while after before during
    since until who whom whose which what where how why this that these those it its he she they
    his her their him them we our us you your i my me there here then than so also however
    although though because meanwhile instead yet nor not no yes all both each every some any
    speaking according asked told says said added"""
)
# Title words stripped from a name that do not make it a titled mention ("The Rt Hon").
EMPTY_TITLES = _words("the rt rt. hon hon. right honourable")

# Posts that belong to another body than the one a document is about (Ofsted's inspectors, the
# government's commissioners, the police): a role with one of these words and no organisation in
# the text does not take the document's organisation.
NO_ORG_FALLBACK = _words(
    """inspector inspectors commissioner minister secretary mp msp mep constable sergeant detective
    superintendent judge bishop coroner ombudsman auditor editor correspondent reporter chancellor
    prime archbishop"""
)
