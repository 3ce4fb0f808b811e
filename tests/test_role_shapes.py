"""Role shapes of issue 15: layouts of minutes, seats, groups, roles across sentences, the right
date and the right organisation."""
from __future__ import annotations

import json

import pytest

from corpus_search.facts import rules
from corpus_search.facts.roles.when import effective_date
from tests.test_roles import facts_of, roles_of


@pytest.mark.parametrize(
    "text, person, role",
    [
        ("Present:\n\nIsla Brennock (IB) CHAIR\n\nOwen Tarrant (OT)\n", "Isla Brennock", "Chair"),
        ("Present: Cllrs Pennington, Oduya, County Cllr Marsh and the Clerk.", "Marsh", "County Councillor"),
        ("Officers: Mrs K Lowe (Clerk), Mr D Ives (General Counsel)", "D Ives", "General Counsel"),
        ("At the summit, High Representative Aino Virtanen warned of new measures.", "Aino Virtanen", "High Representative"),
        ("Cllr Tom Ashdown, Leader of the Labour Group, voted against.", "Tom Ashdown", "Leader of the Labour Group"),
        ("Cllr Bo Chen, leader of the Conservative group on the council, agreed.", "Bo Chen", "leader of the Conservative group"),
        ("Jane Hillier, MP for Bolton Moor, said she would write to the minister.", "Jane Hillier", "MP for Bolton Moor"),
        ("Parish Clerk : Rosa Delgado\n", "Rosa Delgado", "Parish Clerk"),
    ],
)
def test_new_role_shapes(nlp, text, person, role):
    assert role in roles_of(nlp, text, person)


def test_a_role_in_the_sentence_before_the_name(nlp):
    text = "The Executive Member for Housing welcomed the report. Cllr Eva Lund said it was a good day for tenants."
    assert "Executive Member for Housing" in roles_of(nlp, text, "Eva Lund")


def test_a_role_sentence_across_a_paragraph_break_is_not_linked(nlp):
    text = "The Executive Member for Housing welcomed the report.\n\nCllr Eva Lund said it was a good day."
    assert "Executive Member for Housing" not in roles_of(nlp, text, "Eva Lund")


def test_role_date_is_the_date_it_takes_effect_not_a_deadline(nlp):
    text = "Tom Pryce was named chair of the board, and the review must finish by 30 September 2020."
    facts = facts_of(nlp, text, date="2020-02-20")
    assert {r.role: r.date for r in facts.roles}["chair of the board"] == "2020-02-20"
    text2 = "Cllr Helen Amos was appointed leader with effect from 12 June 2019, the council said on 3 July 2019."
    assert {r.role: r.date for r in facts_of(nlp, text2, date="2019-07-03").roles}["leader"] == "2019-06-12"


def test_effective_date_rules():
    assert effective_date("She will take up the post on 4 January 2022.", None) == "2022-01-04"
    assert effective_date("Bids must be in by 4 January 2022.", None) is None  # no change of post
    assert effective_date("He was appointed; comments are due by 4 January 2022.", None) is None
    assert effective_date("The meeting on 4 January 2022 agreed the budget.", None) is None


def test_the_organisation_of_a_quoted_outsider(nlp):
    text = "Cllr Ravi Okafor, leader of Wandsworth Council, said the scheme was welcome."
    roles = roles_of(nlp, text, "Ravi Okafor", organisation="Richmond Council")
    assert roles["leader"][0] == "Wandsworth Council"
    assert roles["Councillor"][0] == "Wandsworth Council"


def test_a_former_post_elsewhere_does_not_move_the_current_one(nlp):
    text = "Cllr Ana Reyes, former leader of Kingsmere Council, asked a question."
    roles = roles_of(nlp, text, "Ana Reyes", organisation="Richmond Council")
    assert roles["Councillor"][0] == "Richmond Council"


def test_constituency_is_not_a_person(nlp):
    facts = facts_of(nlp, "Jane Hillier, MP for Bolton Moor, spoke. Bolton Vale MP Tom Pike disagreed.")
    assert {p.name for p in facts.people} == {"Jane Hillier", "Tom Pike"}


def test_user_rules_directory_adds_a_title(tmp_path, monkeypatch):
    (tmp_path / "roles.json").write_text(json.dumps({"role_nouns": {"kind": "words", "value": ["reeve"]}}))
    monkeypatch.setenv(rules.RULES_ENV, str(tmp_path))
    merged = rules._read("roles.json")
    assert "reeve" in merged["role_nouns"]["value"] and "clerk" in merged["role_nouns"]["value"]
    assert "reeve" not in rules.ROLE_NOUNS  # the built-in vocabulary is untouched


def test_organisation_after_the_title_is_not_cut_from_it(nlp):
    text = "Sarah Okonedo, Corporate Director of Finance, Northshire County Council, said the budget balanced."
    roles = roles_of(nlp, text, "Sarah Okonedo", organisation="Westmoor Council")
    assert roles["Corporate Director of Finance"][0] == "Northshire County Council"


def test_signature_after_yours_sincerely(nlp):
    text = "We will write again.\n\nYours sincerely,\n\nGethin Pryce-Morgan\nSenior Traffic Engineer, Monmouthshire County Council\n"
    roles = roles_of(nlp, text, "Gethin Pryce-Morgan")
    assert roles["Senior Traffic Engineer"][0] == "Monmouthshire County Council"


def test_a_list_header_gives_its_post_to_every_name(nlp):
    text = "Commissioners: Jane Okafor, Tom Ridley and Asha Patel\n\nThe board met."
    for person in ("Jane Okafor", "Tom Ridley", "Asha Patel"):
        assert "Commissioner" in roles_of(nlp, text, person)


def test_bulleted_name_dash_role_comma_body(nlp):
    text = "Attendees:\n• Maria Costa – Interim Director of Children's Services\n• Paul Obi – Chair, Westmoor Safeguarding Board\n"
    assert roles_of(nlp, text, "Paul Obi")["Chair"][0] == "Westmoor Safeguarding Board"
    assert roles_of(nlp, text, "Maria Costa")["Interim Director of Children's Services"][1] == "interim"


def test_a_previous_post_in_the_next_sentence_by_pronoun(nlp):
    text = ("The council has appointed Dana Whitlock as Director of Housing. "
            "She was previously head of housing at Kingsmere Borough Council.")
    roles = roles_of(nlp, text, "Dana Whitlock", organisation="Westmoor Council")
    assert roles["head of housing"] == ("Kingsmere Borough Council", "former")
    two = facts_of(nlp, "Tom Ash and Jo Reed spoke. He was previously a teacher.")
    assert not any(r.role == "teacher" for r in two.roles)  # two people before: no one to give it to
