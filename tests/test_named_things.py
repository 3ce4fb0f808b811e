"""Names given to things (gritters, lifeboats, mascots, animals, storms) are not people; the people
beside them are."""
from __future__ import annotations

import pytest

from corpus_search.facts.named_things import is_named_thing
from corpus_search.facts.people import find_people


def named(text: str, name: str) -> bool:
    start = text.index(name)
    return is_named_thing(text, start, start + len(name), name)


@pytest.mark.parametrize("text, name", [
    ("The depot's six new gritters have been named Sir Andy Salt, Brad Grit and Gritty Gritterson.", "Brad Grit"),
    ("The depot's six new gritters have been named Sir Andy Salt, Brad Grit and Gritty Gritterson.", "Sir Andy Salt"),
    ("Our fleet of snowploughs grew this year. Plough Jackson, Dame Edna Slush and Ice Cube "
     "are among the winning names.", "Dame Edna Slush"),
    ("The sanctuary's oldest tortoise, called Harold Pennywhistle, turned 120.", "Harold Pennywhistle"),
    ("Children voted for the lifeboat \"Mary Stanford Jones\" in a competition.", "Mary Stanford Jones"),
    ("The tunnel boring machine Florence Nightshade has reached the station.", "Florence Nightshade"),
    ("Storm Eunice brought down trees across the district.", "Storm Eunice"),
])
def test_names_given_to_things(text, name):
    assert named(text, name)


@pytest.mark.parametrize("text, name", [
    ("The new bus was named after Cllr Jane Hart, who served the ward for 30 years.", "Jane Hart"),
    ("A man called John Marsh rang the council about the gritters.", "John Marsh"),
    ("The lifeboat was named by Dame Kelly Orr at the ceremony.", "Kelly Orr"),
    ("Cllr Ann Wood said the gritters had been named by pupils.", "Ann Wood"),
    ("Bus driver Mary Jones was thanked for her work.", "Mary Jones"),
    ("Cllr Hale thanked the driver of the gritter, John Brown, for his work.", "John Brown"),
    ("Sheep farmer Dafydd Price said the dogs had been calm.", "Dafydd Price"),
])
def test_people_near_things_stay_people(text, name):
    assert not named(text, name)


def test_a_winter_service_report_lists_no_gritter_as_a_person(nlp):
    text = ("Winter service\n\n"
            "The county's 28 gritters have all been named by local schools this year. Salty McSaltface, "
            "Sir Gritalot, Dame Judi Drench and Prof Isaac Newtonne are among the names picked "
            "[the last is ours]. Cllr Megan Rowe, Cabinet Member for Highways, said the crews had "
            "already spread 4,000 tonnes. Later in the season Dame Judi Drench was out on the A40.\n")
    found = {p.name for p in find_people(nlp(text))}
    assert "Megan Rowe" in found
    assert not found & {"Salty McSaltface", "Judi Drench", "Dame Judi Drench", "Isaac Newtonne", "Gritalot"}
