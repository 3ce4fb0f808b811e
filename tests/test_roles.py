"""Roles read around person mentions: each shape from issue 3, statuses, dates, and what is not a role."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from corpus_search.facts.extract import extract
from corpus_search.models import Document, Facts, Source
from corpus_search.pipeline import prepare

FACT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "facts"
SCORE_PY = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"


def facts_of(nlp, text: str, *, date: str | None = None, organisation: str | None = None) -> Facts:
    document = Document(doc_id="doc.txt", path="doc.txt", root=".", content_hash="", format="text",
                        raw_text=text, text=text, title="", date=date, organisation=organisation)
    return extract(document, nlp(text))


def roles_of(nlp, text: str, person: str, **kwargs) -> dict[str, tuple[str | None, str | None]]:
    """{role title: (organisation, status)} for one person."""
    return {r.role: (r.organisation, r.status) for r in facts_of(nlp, text, **kwargs).roles if r.person == person}


@pytest.mark.parametrize(
    "text, person, role, organisation, status",
    [
        # post titles
        ("Councillor Robert Evans asked councillors to agree the plan.",
         "Robert Evans", "Councillor", None, None),
        ("Inspector Dawn Godfrey reported that the council was making a profound difference.",
         "Dawn Godfrey", "Inspector", None, None),
        ("Chief Constable Olivia Brennan QPM said the force would help.",
         "Olivia Brennan", "Chief Constable", None, None),
        # apposition after the name
        ("Cllr Peter Fortune, Executive Member for Children and Families said: \"This is unprecedented.\"",
         "Peter Fortune", "Executive Member for Children and Families", None, None),
        ("Rob Whiteman, CEO at the Chartered Institute of Public Finance (CIPFA), discusses prevention.",
         "Rob Whiteman", "CEO", "Chartered Institute of Public Finance (CIPFA)", None),
        ("\"Families are paying the price,\" said Angela Brooks, chief executive of the Kingsmere Care Association.",
         "Angela Brooks", "chief executive", "Kingsmere Care Association", None),
        ("Dame Caroline Hext, the former chief executive of Elmbridge Vale Council, has been appointed chair.",
         "Caroline Hext", "chief executive", "Elmbridge Vale Council", "former"),
        # role before the name: dash, bare, comma, copula
        (("He announced the appointment of a new Executive Director for Care Services, Education and Health "
         "– Ade Adetosoye OBE - who has been advising on the plan."),
         "Ade Adetosoye", "Executive Director for Care Services, Education and Health", None, "appointed"),
        ("The service has been under the new leadership of interim chief executive Ade Adetosoye since May.",
         "Ade Adetosoye", "interim chief executive", None, "interim"),
        ("Staff had been kept in the dark, said Unison regional organiser Phil Grady.",
         "Phil Grady", "regional organiser", "Unison", None),
        ("Film director Ken Loach said the festival was a triumph.",
         "Ken Loach", "Film director", None, None),
        ("Leader of the Council, Cllr Gareth Lloyd-Owen, said the budget was fair.",
         "Gareth Lloyd-Owen", "Leader of the Council", None, None),
        (("The appointed Commissioner is Ms Frankie Sulke CBE who was until fairly recently Director of "
         "Children Services in Lewisham."),
         "Frankie Sulke", "Commissioner", None, "appointed"),
        # relative clauses and predicates
        (("The appointed Commissioner is Ms Frankie Sulke CBE who was until fairly recently Director of "
         "Children Services in Lewisham."),
         "Frankie Sulke", "Director of Children Services", "Lewisham", "former"),
        (("Hartfield Borough Council has confirmed that Priya Raman has been appointed as Chief Executive "
         "of Hartfield Borough Council."),
         "Priya Raman", "Chief Executive", "Hartfield Borough Council", "appointed"),
        ("Mr Neil Fairclough was previously assistant director for safeguarding at Broadwater.",
         "Neil Fairclough", "assistant director for safeguarding", "Broadwater", "former"),
        (("Ms Angela Moss, who joined the council in 2018, is leaving to become Director of Education at "
         "Saltmarsh County Council."),
         "Angela Moss", "Director of Education", "Saltmarsh County Council", "appointed"),
        (("Councillor Raj Patel (Labour, Riverside ward), who chairs the health and wellbeing board, "
         "welcomed the increase."),
         "Raj Patel", "chair of the health and wellbeing board", None, "current"),
        (("The call-in will be heard by the overview and scrutiny committee, which is chaired by Cllr "
         "Daniel Okafor."),
         "Daniel Okafor", "chair of the overview and scrutiny committee", None, "current"),
        ("Broadwater Council has named Neil Fairclough as interim Director of Children's Services.",
         "Neil Fairclough", "interim Director of Children's Services", None, "interim"),
        # minutes
        ("Present: Councillors A. Barrett (Chair), K. Osei (Vice-Chair), M. O'Neill and T. Whitcombe\n",
         "A. Barrett", "Chair", None, None),
        ("Present: Councillors A. Barrett (Chair), K. Osei (Vice-Chair), M. O'Neill and T. Whitcombe\n",
         "K. Osei", "Vice-Chair", None, None),
        ("Present: Councillors A. Barrett (Chair), K. Osei (Vice-Chair), M. O'Neill and T. Whitcombe\n",
         "T. Whitcombe", "Councillor", None, None),
        ("Officers: Helen Marsh (Head of Planning), Robert Tan (Legal Adviser) and Kate Denny\n",
         "Helen Marsh", "Head of Planning", None, None),
        # a signature block
        ("We will publish the plan in June.\n\nHelen Ashworth-Brown\nLeader, Westmoor County Council\n",
         "Helen Ashworth-Brown", "Leader", "Westmoor County Council", None),
        # "of the <kind of body> NAME": the name is the organisation, the honour is skipped
        ("Ms Adaeze Kirkwood MBE, director of the housing charity Riverside Futures, said the plan was overdue.",
         "Adaeze Kirkwood", "director", "Riverside Futures", None),
        # "in <field>" after the role noun, then "at ORG"
        ("Professor Tomasz Wilk, a senior lecturer in urban planning at Northgate University, warned of delays.",
         "Tomasz Wilk", "senior lecturer in urban planning", "Northgate University", None),
        # officer lists in minutes: "NAME – ROLE (ROLE)", "NAME – ROLE, ORG"
        (("Officers in attendance:\nDaniel Ferreira – Director of Law and Governance (Monitoring Officer)\n"
         "Priti Shah – Senior Audit Manager, Mazars LLP\n"),
         "Daniel Ferreira", "Director of Law and Governance", None, None),
        (("Officers in attendance:\nDaniel Ferreira – Director of Law and Governance (Monitoring Officer)\n"
         "Priti Shah – Senior Audit Manager, Mazars LLP\n"),
         "Daniel Ferreira", "Monitoring Officer", None, None),
        (("Officers in attendance:\nDaniel Ferreira – Director of Law and Governance (Monitoring Officer)\n"
         "Priti Shah – Senior Audit Manager, Mazars LLP\n"),
         "Priti Shah", "Senior Audit Manager", "Mazars LLP", None),
        # two roles joined by "and", in brackets or an apposition; two brackets
        (("Councillors Helen Tarrant (Leader and Cabinet Member for Regeneration), Omar Siddiqui (Cabinet "
         "Member for Schools and Skills)\n"),
         "Helen Tarrant", "Leader", None, None),
        (("Councillors Helen Tarrant (Leader and Cabinet Member for Regeneration), Omar Siddiqui (Cabinet "
         "Member for Schools and Skills)\n"),
         "Helen Tarrant", "Cabinet Member for Regeneration", None, None),
        ("Cllr Bryony Hale, Deputy Leader and Cabinet Member for Resources, said the savings were achievable.",
         "Bryony Hale", "Cabinet Member for Resources", None, None),
        ("Cllr Bryony Hale, Deputy Leader and Cabinet Member for Resources, said the savings were achievable.",
         "Bryony Hale", "Deputy Leader", None, None),
        ("In attendance: Councillor Gwen Ashby (Leader of the Opposition) (Vice-Chair)\n",
         "Gwen Ashby", "Leader of the Opposition", None, None),
        ("In attendance: Councillor Gwen Ashby (Leader of the Opposition) (Vice-Chair)\n",
         "Gwen Ashby", "Vice-Chair", None, None),
        # "NAME, the ROLE" closed by a comma is still an apposition
        ("Sandra Quill, the head of legal services, confirmed the advice was sound.",
         "Sandra Quill", "head of legal services", None, None),
        # continuing in a post
        ("Until the new director starts, Tom Barraclough will continue as acting Head of Service.",
         "Tom Barraclough", "acting Head of Service", None, "interim"),
    ],
)
def test_role_shape(nlp, text, person, role, organisation, status):
    roles = roles_of(nlp, text, person)
    assert role in roles, roles
    assert roles[role] == (organisation, status)


def test_courtesy_titles_give_no_role(nlp):
    facts = facts_of(nlp, "Mr John Hollis, Dr Sarah Bell and Professor Alan Whitby attended the meeting.")
    assert {p.name for p in facts.people} >= {"John Hollis", "Sarah Bell"}
    assert facts.roles == []


@pytest.mark.parametrize(
    "text",
    [
        "Jane Smith, a member of the public, said the closure was wrong.",
        "Margaret O'Connor, 74, said the library was a lifeline.",
        "Cllr Lloyd-Owen's cabinet approved the recruitment package in January.",
    ],
)
def test_not_roles(nlp, text):
    assert [r for r in facts_of(nlp, text).roles if r.role != "Councillor"] == []


def test_role_belongs_to_the_title_it_stands_before(nlp):
    text = "A spokesman for European Justice and Home Affairs Commissioner Franco Frattini said the plans were unlawful."
    roles = roles_of(nlp, text, "Franco Frattini")
    assert "European Justice and Home Affairs Commissioner" in roles
    assert not any("spokesman" in r for r in roles)


def test_a_role_found_twice_is_one_role(nlp):
    text = ("Deborah Quayle, interim chief executive, said the council was ready. "
            "The council's interim chief executive, Deborah Quayle, will remain in post.")
    assert list(roles_of(nlp, text, "Deborah Quayle")) == ["interim chief executive"]


def test_organisation_falls_back_to_the_document(nlp):
    roles = roles_of(nlp, "Councillor Robert Evans asked councillors to agree.", "Robert Evans",
                     organisation="Bromley Council")
    assert roles == {"Councillor": ("Bromley Council", None)}


def test_a_contact_card_gives_its_post(nlp):
    text = ("Parliament backs new rules on river pollution\n\nMEPs voted for stricter limits on Tuesday.\n\n"
            "Contacts:\n\nMarek DVOŘÁK\n\nPress Officer\n")
    people = {p.name: [m.text for m in p.mentions] for p in facts_of(nlp, text).people}
    assert people["Marek Dvořák"] == ["Marek DVOŘÁK"]  # the surname in capitals shown as a name
    assert roles_of(nlp, text, "Marek Dvořák") == {"Press Officer": (None, None)}


def test_a_post_before_a_bracketed_name(nlp):
    text = "The Leader (Councillor Smith) welcomed everyone. The Chief Executive (Mr Tom Reilly) reported."
    assert "Leader" in roles_of(nlp, text, "Smith")
    assert roles_of(nlp, text, "Tom Reilly") == {"Chief Executive": (None, None)}


def test_a_newspaper_is_no_fallback_organisation(nlp):
    text = "President Amara Osei said the talks had failed."
    document = Document(doc_id="doc.html", path="doc.html", root=".", content_hash="", format="html",
                        raw_text=text, text=text, title="", doc_type="news", organisation="Daily Courier")
    roles = {r.role: r.organisation for r in extract(document, nlp(text)).roles if r.person == "Amara Osei"}
    assert roles == {"President": None}


def test_role_date_is_the_sentence_date_else_the_document_date(nlp):
    text = ("On 3 March 2021 Jane Smith was appointed as chief executive of the Kingsmere Care Association.\n\n"
            "Cllr John Dunn, Executive Member for Housing, said he was pleased.")
    facts = facts_of(nlp, text, date="2021-05-01")
    dates = {r.role: r.date for r in facts.roles}
    assert dates["chief executive"] == "2021-03-03"
    assert dates["Executive Member for Housing"] == "2021-05-01"
    evidence = {r.role: r.evidence for r in facts.roles}
    assert evidence["Executive Member for Housing"].startswith("Cllr John Dunn, Executive Member")


def _score_module():
    spec = importlib.util.spec_from_file_location("score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.mark.skipif(not SCORE_PY.exists(), reason="../shared/tools/score.py is not beside this checkout")
def test_fixture_roles_score(nlp):
    """The fact fixtures scored as ../shared/tools/score.py scores them (in process, no CLI)."""
    score = _score_module()
    rows = []
    for path in sorted(FACT_FIXTURES.glob("*.txt")):
        source = Source(doc_id=path.name, path=str(path), root=str(FACT_FIXTURES), content_hash="", size=0, mtime=0.0)
        processed = prepare(source, path.read_bytes())
        assert processed.document is not None
        facts = extract(processed.document, nlp(processed.document.text))
        rows += [{"kind": "person", "doc_id": path.name, "name": p.name} for p in facts.people]
        rows += [{"kind": "role", "doc_id": path.name, "person": r.person, "role": r.role} for r in facts.roles]
    gold = json.loads((FACT_FIXTURES / "people.json").read_text())
    people, roles = score.score_people(rows, gold), score.score_roles(rows, gold)
    assert people["people_f1"] >= 0.95, people
    assert roles["roles_f1"] >= 0.85 and roles["roles_p"] >= 0.9, roles


def test_another_bodys_post_does_not_take_the_documents_organisation(nlp):
    roles = roles_of(nlp, "Inspector Dawn Godfrey said the council had improved.", "Dawn Godfrey",
                     organisation="Bromley Council")
    assert roles == {"Inspector": (None, None)}


def test_same_title_new_and_former_elsewhere_are_two_roles(nlp):
    text = ("Wexley Borough Council has confirmed that Priya Okonjo has been appointed as Head of Planning. "
            "Ms Okonjo, the former head of planning at Marlowe District Council, starts in May.")
    roles = roles_of(nlp, text, "Priya Okonjo")
    assert roles["Head of Planning"] == (None, "appointed")
    assert roles["head of planning"] == ("Marlowe District Council", "former")


def test_apposition_running_into_a_verb_is_a_new_subject(nlp):
    text = ("Following a question from Councillor Pemberton, the Monitoring Officer confirmed that the "
            "report was lawful.")
    roles = roles_of(nlp, text, "Pemberton")
    assert "Monitoring Officer" not in roles, roles


def test_and_inside_a_portfolio_stays_one_role(nlp):
    text = "Councillors Omar Siddiqui (Cabinet Member for Schools and Skills) and Lena Ford (Chair)\n"
    assert list(roles_of(nlp, text, "Omar Siddiqui")) == ["Councillor", "Cabinet Member for Schools and Skills"]
