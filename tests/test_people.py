"""People: canonical names within a document, honours, and what is not a person."""
from __future__ import annotations

import pytest

from corpus_search.facts.people import find_people
from corpus_search.models import Person
from corpus_search.names import name_key


def people_of(nlp, text: str) -> dict[str, Person]:
    return {p.name: p for p in find_people(nlp(text))}


def test_titled_full_name_surname_and_bare_surname_are_one_person(nlp):
    text = ("Addressing the meeting, Councillor Robert Evans asked councillors to agree the proposals.\n\n"
            "Cllr Evans said: \"We are determined to put things right.\"\n\n"
            "Evans added that the board would meet again in November.")
    people = people_of(nlp, text)
    assert list(people) == ["Robert Evans"]
    evans = people["Robert Evans"]
    assert [m.text for m in evans.mentions] == ["Councillor Robert Evans", "Cllr Evans", "Evans"]
    assert {"Councillor Robert Evans", "Cllr Evans"} <= set(evans.aliases)
    for mention in evans.mentions:
        assert text[mention.start : mention.end] == mention.text


def test_honour_and_capitals_are_one_person(nlp):
    text = ("ADE ADETOSOYE APPOINTED\n\n"
            "The council has appointed Ade Adetosoye OBE as its new director.\n\n"
            "ADE ADETOSOYE said he was delighted.")
    people = people_of(nlp, text)
    assert list(people) == ["Ade Adetosoye"]
    assert people["Ade Adetosoye"].honours == ["OBE"]
    assert "Ade Adetosoye OBE" in people["Ade Adetosoye"].aliases


def test_one_key_for_the_same_person_in_every_document(nlp):
    first = people_of(nlp, "Cllr Peter Fortune, Executive Member for Children and Families, said so.")
    second = people_of(nlp, "Bromley's executive member Peter Fortune said he was proud.")
    assert {name_key(n) for n in first} == {name_key(n) for n in second} == {"peter fortune"}


@pytest.mark.parametrize(
    "text, not_people",
    [
        ("He said she would tell them. They agreed with him and her.", {"He", "She", "They"}),
        ("Ofsted said that Bromley's services had improved, and CIPFA agreed.", {"Ofsted", "CIPFA"}),
        ("The Executive Director said the Leader of the Council had approved the plan.",
         {"Executive Director", "Leader"}),
        ("Children Looked After and Leaving Care teams worked with the Virtual School.",
         {"Children Looked After", "Leaving Care"}),
        ("Kier Group, Balfour Beatty and Wates also bid. Grant Thornton raised concerns.",
         {"Balfour Beatty", "Grant Thornton"}),
        ("The contract for the new leisure centre was awarded to Sir Robert McAlpine last spring.",
         {"Robert McAlpine", "Sir Robert McAlpine"}),
        ("Meeting venue: Council Chamber, Hexley Town Hall\\nThe exhibition moves to Marlow Civic Centre.",
         {"Marlow Civic Centre", "Hexley Town Hall"}),
        ("Riverside Park – Planning Application\nThe application was refused.",
         {"Riverside Park"}),
    ],
)
def test_not_people(nlp, text, not_people):
    found = set(people_of(nlp, text))
    assert not found & not_people, found


def test_bylines_and_picture_credits_are_not_people(nlp):
    text = ("Residents angry over library closures\n\n"
            "By Sarah Whitlock, Local Democracy Reporter\n\n"
            "Library user Margaret O'Connor said the library was a lifeline.\n\n"
            "Photo: campaigners outside the town hall. Picture by James Fenwick")
    assert list(people_of(nlp, text)) == ["Margaret O'Connor"]


def test_minutes_list_names_are_people(nlp):
    text = "Present: Councillors A. Barrett (Chair), K. Osei (Vice-Chair), M. O'Neill and T. Whitcombe\n"
    assert list(people_of(nlp, text)) == ["A. Barrett", "K. Osei", "M. O'Neill", "T. Whitcombe"]


def test_two_people_sharing_a_surname_stay_apart(nlp):
    text = ("Cabinet Member for Communities Cllr Ann Lee said the decision was hard.\n\n"
            "But opposition leader Cllr Tom Lee said the closures were a false economy. "
            "Cllr Lee said he would ask for the decision to be called in.")
    people = people_of(nlp, text)
    assert set(people) == {"Ann Lee", "Tom Lee"}
    assert [m.text for m in people["Tom Lee"].mentions] == ["Cllr Tom Lee", "Cllr Lee"]


def test_officer_list_lines_with_a_dash_are_people(nlp):
    text = "Officers present:\nNkechi Adebayo – Head of Finance\nGordon Pryce – Strategic Housing Manager\n"
    assert {"Nkechi Adebayo", "Gordon Pryce"} <= set(people_of(nlp, text))


# ---- names across a hard line wrap (invented wire copy) -------------------------------------------
def test_a_name_broken_by_a_hard_wrap_is_one_name(nlp):
    text = ("MERIDIAN TOOLING NAMES CHAIRMAN\n\n"
            "Meridian Tooling Inc said Gregory T.\n"
            "Halvorsen has been named chairman of the board, succeeding Edwin\n"
            "R. Castellane, who is retiring after eleven years with the company.\n"
            "    Halvorsen was previously president of the company's machine tools unit.\n")
    people = {p.name: [m.text for m in p.mentions] for p in find_people(nlp(text))}
    assert "Gregory T. Halvorsen" in people and "Halvorsen" in people["Gregory T. Halvorsen"]
    assert "Edwin R. Castellane" in people
    assert not {"Gregory T", "Gregory T.", "R. Castellane", "Edwin"} & set(people)


def test_a_line_break_between_short_lines_still_ends_a_name():
    from corpus_search.facts.name_patterns import unwrap_name_end
    text = "Signed\nMargaret\nTreasurer\n"
    start = text.index("Margaret")
    assert unwrap_name_end(text, start, start + len("Margaret")) == start + len("Margaret")
    wire = "The company said the new director would be Margaret\nOkonkwo, formerly of the treasury department.\n"
    start = wire.index("Margaret")
    assert wire[start:unwrap_name_end(wire, start, start + len("Margaret"))] == "Margaret\nOkonkwo"


def test_a_royal_named_by_title_and_forename_keeps_the_title(nlp):
    text = "Crowds waited for hours to see Princess Adelina open the new wing. Princess Adelina said it was a joy."
    people = {p.name for p in find_people(nlp(text))}
    assert "Princess Adelina" in people and "Adelina" not in people


def test_a_surname_written_first_before_a_hyphenated_given_name_is_a_name():
    from corpus_search.facts.name_patterns import _build, _plausible
    text = "the director Park Min-Seo and the road Park Lane"
    korean = _build(text, text.index("Park Min"), text.index(" and"), "model")
    road = _build(text, text.index("Park Lane"), len(text), "model")
    assert korean is not None and _plausible(korean)
    assert road is not None and not _plausible(road)


def test_president_is_a_title_before_a_surname(nlp):
    text = "President Halvorsen signed the bill on Tuesday, aides said."
    people = {p.name: [m.text for m in p.mentions] for p in find_people(nlp(text))}
    assert people.get("Halvorsen") == ["President Halvorsen"]
