"""Identity across documents: merges, refusals, order independence, canonical names."""
from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from corpus_search.people.identity import Appearance, canonical_names, forenames_match, resolve

A = Appearance


def names_of(apps: list[Appearance]) -> dict[tuple[str, str], str]:
    return canonical_names(apps)


def test_initials_join_the_full_forename_with_a_shared_organisation():
    apps = [
        A("press.txt", "Roger Smith", ("Cllr Roger Smith",), organisations=("Northshire County Council",),
          roles=("Leader of the Council",)),
        A("minutes.pdf", "R J Smith", ("Mr R J Smith",), organisations=("Northshire County Council",),
          roles=("Leader",)),
    ]
    got = names_of(apps)
    assert got[("minutes.pdf", "R J Smith")] == "Roger Smith"
    assert len(resolve(apps)) == 1


def test_initials_without_evidence_stay_apart():
    apps = [A("a.txt", "Roger Smith", organisations=("Kent County Council",)),
            A("b.txt", "R J Smith", organisations=("Surrey County Council",))]
    assert len(resolve(apps)) == 2


def test_surname_alone_joins_the_one_person_of_that_organisation():
    colleagues = ("Cobb", "Hoskins", "Richards")
    apps = [A("a.txt", "Ann Hayward", organisations=("Tintern Community Council",), related=colleagues),
            A("b.txt", "Hayward", ("Cllr Hayward",), organisations=("Tintern Community Council",), related=colleagues),
            A("c.txt", "Hayward", ("Cllr Hayward",), organisations=("Tintern Community Council",),
              roles=("Councillor",))]
    assert set(names_of(apps).values()) == {"Ann Hayward"}


def test_organisations_without_ties_do_not_give_a_surname_a_forename():
    # Organisations the appearances name, but no tie (no post held there, not the body's own
    # paper): no evidence. With ties, step 3 decides (the tests at the end of this file).
    apps = [A("a.txt", "Martyn Evans", organisations=("Tintern Council",), roles=("Councillor",)),
            A("b.txt", "Evans", ("Cllr Evans",), organisations=("Tintern Council",), roles=("Councillor",))]
    assert names_of(apps)[("b.txt", "Evans")] == "Evans"


def test_surname_alone_with_two_candidates_stays_its_own_person():
    apps = [A("a.txt", "Ann Hayward", organisations=("Tintern Council",)),
            A("b.txt", "Bob Hayward", organisations=("Tintern Council",)),
            A("c.txt", "Hayward", organisations=("Tintern Council",))]
    assert names_of(apps)[("c.txt", "Hayward")] == "Hayward"


def test_nickname_and_full_forename_with_a_shared_colleague():
    apps = [A("a.txt", "Ben Okafor", related=("Mary Lowe",)),
            A("b.txt", "Benjamin Okafor", related=("Mary Lowe",))]
    assert set(names_of(apps).values()) == {"Benjamin Okafor"}


def test_spelling_variant_with_shared_organisation():
    apps = [A("a.txt", "Stephan Kowalski", organisations=("Westmoor Council",)),
            A("b.txt", "Stephen Kowalski", organisations=("Westmoor Council",))]
    assert len(resolve(apps)) == 1
    assert resolve(apps)[0].name == "Stephan Kowalski"  # tie on fullness: alphabetical


def test_two_john_smiths_at_two_councils_are_two_people():
    apps = [A("a.txt", "John Smith", organisations=("Kent County Council",), roles=("Cabinet Member for Finance",)),
            A("b.txt", "John Smith", organisations=("Lancashire County Council",), roles=("Leader",))]
    people = resolve(apps)
    assert len(people) == 2
    assert {p.person_id for p in people} == {"john smith", "john smith#2"}


def test_a_name_in_two_publishers_articles_is_one_person():
    # The issuing organisation of a news story says nothing about the people in it.
    apps = [A("bbc.html", "Jane Doherty", organisations=("BBC",)),
            A("reuters.txt", "Jane Doherty", organisations=("Reuters",))]
    assert len(resolve(apps)) == 1


def test_same_name_without_organisations_is_one_person():
    apps = [A("a.txt", "John Smith"), A("b.txt", "John Smith", organisations=("Kent County Council",))]
    assert len(resolve(apps)) == 1


def test_mr_and_mrs_carter_are_kept_apart():
    apps = [A("a.txt", "Mrs Carter", ("Mrs Carter",)), A("a.txt", "Mr Carter", ("Mr Carter",)),
            A("b.txt", "Carter", ("Mrs Carter",))]
    people = resolve(apps)
    assert len(people) == 2
    by_doc = names_of(apps)
    assert by_doc[("b.txt", "Carter")] == by_doc[("a.txt", "Mrs Carter")] == "Mrs Carter"
    assert by_doc[("a.txt", "Mr Carter")] == "Mr Carter"


def test_peer_title_is_kept_in_the_name():
    apps = [A("a.txt", "Baroness Taylor", ("Baroness Taylor",))]
    assert resolve(apps)[0].name == "Baroness Taylor"


def test_canonical_name_is_the_fullest_form():
    apps = [A("a.txt", "R Evans", organisations=("X Council",)), A("b.txt", "Robert Evans", organisations=("X Council",)),
            A("c.txt", "Robert Glyn Evans", organisations=("X Council",))]
    # "Robert Evans" and "Robert Glyn Evans" are different keys of one surname and forename.
    names = set(names_of(apps).values())
    assert "Robert Glyn Evans" in names or "Robert Evans" in names


def test_forename_matching():
    assert forenames_match("r", "roger") == "initial"
    assert forenames_match("bob", "robert") == "nickname"
    assert forenames_match("bob", "rob") == "nickname"  # both short for Robert
    assert forenames_match("jan", "jon") is None
    assert forenames_match("stephen", "stephan") == "spelling"
    assert forenames_match("chris", "christine") == "nickname"
    assert forenames_match("mary", "margaret") is None


_FORENAMES = ["Roger", "R", "Ben", "Benjamin", "Ann", "A", "John"]
_SURNAMES = ["Smith", "Okafor", "Hayward"]
_ORGS = ["Kent County Council", "Tintern Council", ""]


@st.composite
def corpora(draw):
    n = draw(st.integers(1, 9))
    apps = []
    for i in range(n):
        fore = draw(st.sampled_from(_FORENAMES + [""]))
        sur = draw(st.sampled_from(_SURNAMES))
        name = f"{fore} {sur}".strip()
        title = draw(st.sampled_from(["", "Mr ", "Mrs ", "Cllr "]))
        org = draw(st.sampled_from(_ORGS))
        apps.append(A(f"d{i % 4}.txt", name, (title + name,), organisations=(org,) if org else ()))
    return list(dict.fromkeys(apps))


def test_order_does_not_matter_on_a_fixed_shuffle():
    apps = [A("a.txt", "Roger Smith", organisations=("K",)), A("b.txt", "R J Smith", organisations=("K",)),
            A("c.txt", "Smith", ("Cllr Smith",), organisations=("K",)), A("d.txt", "Rob Smith", organisations=("K",))]
    first = resolve(apps)
    for seed in range(5):
        shuffled = list(apps)
        random.Random(seed).shuffle(shuffled)
        assert resolve(shuffled) == first


def test_two_people_one_document_told_apart_stay_apart_elsewhere():
    colleagues = ("Cobb", "Hoskins", "Richards")
    apps = [A("may.pdf", "Evans", ("Cllr Evans",), organisations=("Tintern Council",), related=colleagues + ("Martyn Evans",)),
            A("may.pdf", "Martyn Evans", organisations=("Tintern Council",), related=colleagues + ("Evans",)),
            A("nov.pdf", "Evans", ("Cllr Evans",), organisations=("Tintern Council",), related=colleagues)]
    got = names_of(apps)
    assert got[("nov.pdf", "Evans")] == "Evans"
    assert got[("may.pdf", "Martyn Evans")] == "Martyn Evans"


def test_document_name_drops_posts_and_keeps_peers():
    from corpus_search.people.identity import document_name

    assert document_name(["Police Commissioner Andrew Colvin"], "x") == "Andrew Colvin"
    assert document_name(["Mr R J Smith", "Mr Smith"], "x") == "R J Smith"
    assert document_name(["MALCOLM Fraser", "Malcolm Fraser"], "x") == "Malcolm Fraser"
    assert document_name(["Baroness Taylor"], "x") == "Baroness Taylor"
    assert document_name([], "Fallback Name") == "Fallback Name"


# Step 3: a surname or initials alone and the one full name the corpus ties to the same body.
NORTH, KINGS = "Northshire County Council", "Kingsmere Borough Council"


def _full(doc, name, org, *roles, aliases=()):
    return A(doc, name, aliases or (f"Cllr {name}",), organisations=(org,), roles=roles, ties=(org,), posts_at=(org,))


def _short(doc, name, org, *roles, aliases=(), related=()):
    return A(doc, name, aliases or (f"Cllr {name}",), organisations=(org,), roles=roles or ("Councillor",),
             related=related, ties=(org,), posts_at=(org,))


def test_a_councillor_by_surname_joins_the_one_full_name_of_that_council():
    apps = [_full("press.txt", "Roger Smith", NORTH, "Leader"),
            _short("cabinet.pdf", "Smith", NORTH, "Councillor", "Leader"),
            _short("council.pdf", "Smith", NORTH),
            _short("agenda.pdf", "R Smith", NORTH, aliases=("Mr R Smith",))]
    assert set(names_of(apps).values()) == {"Roger Smith"}
    assert len(resolve(apps)) == 1


def test_two_full_names_of_one_surname_at_the_council_leave_the_surname_alone():
    apps = [_full("press.txt", "Roger Smith", NORTH, "Leader"),
            _full("scrutiny.txt", "Jane Smith", NORTH, "Chair of the Scrutiny Committee"),
            _short("highways.pdf", "Smith", NORTH)]
    assert names_of(apps)[("highways.pdf", "Smith")] == "Smith"
    # A post only one of them holds still says which: the Leader.
    apps.append(_short("cabinet.pdf", "Smith", NORTH, "Leader"))
    assert names_of(apps)[("cabinet.pdf", "Smith")] == "Roger Smith"
    assert names_of(apps)[("highways.pdf", "Smith")] == "Smith"


def test_mrs_smith_is_not_given_to_roger_smith():
    apps = [_full("press.txt", "Roger Smith", NORTH, "Leader"),
            _short("planning.pdf", "Smith", NORTH, aliases=("Mrs Smith",))]
    assert names_of(apps)[("planning.pdf", "Smith")] == "Smith"
    # With a councillor of her sex and surname at the council, she is that councillor.
    apps.append(_full("scrutiny.txt", "Jane Smith", NORTH, "Chair of the Scrutiny Committee"))
    assert names_of(apps)[("planning.pdf", "Smith")] == "Jane Smith"
    # And a courtesy title read in a document overrides nothing it contradicts: Mr is not Jane.
    apps.append(_short("licensing.pdf", "Smith", NORTH, aliases=("Mr Smith",)))
    assert names_of(apps)[("licensing.pdf", "Smith")] == "Roger Smith"


def test_initials_that_do_not_fit_stay_apart():
    apps = [_full("press.txt", "Roger Smith", NORTH, "Leader"), _short("minutes.pdf", "P Smith", NORTH)]
    assert names_of(apps)[("minutes.pdf", "P Smith")] == "P Smith"


def test_the_same_surname_at_two_councils_goes_to_each_councils_person():
    apps = [_full("north.txt", "Roger Smith", NORTH, "Leader"),
            _full("kings.txt", "Rachel Smith", KINGS, "Chair of Planning"),
            _short("north-minutes.pdf", "Smith", NORTH),
            _short("kings-minutes.pdf", "Smith", KINGS)]
    got = names_of(apps)
    assert got[("north-minutes.pdf", "Smith")] == "Roger Smith"
    assert got[("kings-minutes.pdf", "Smith")] == "Rachel Smith"


def test_a_surname_named_without_a_post_is_not_tied_to_the_council():
    # "Mr Smith, a neighbour, spoke" in the council's own minutes: named there, holding nothing.
    neighbour = A("planning.pdf", "Smith", ("Mr Smith",), organisations=(NORTH,), ties=(NORTH,))
    apps = [_full("press.txt", "Roger Smith", NORTH, "Leader"), neighbour]
    assert names_of(apps)[("planning.pdf", "Smith")] == "Smith"


def test_a_shared_publisher_is_not_a_tie():
    # Two newspaper articles: the publisher is in `organisations`, not in `ties`.
    apps = [A("a.html", "John Smith", ("John Smith",), organisations=("Daily Courier",)),
            A("b.html", "Smith", ("Mr Smith",), organisations=("Daily Courier",), roles=("Manager",))]
    assert names_of(apps)[("b.html", "Smith")] == "Smith"


def test_a_surname_told_apart_from_the_full_name_elsewhere_is_a_second_candidate():
    apps = [_full("may.pdf", "Martyn Evans", NORTH),
            _short("may.pdf", "Evans", NORTH),
            _short("nov.pdf", "Evans", NORTH)]
    assert names_of(apps)[("nov.pdf", "Evans")] == "Evans"


def test_mr_and_mrs_of_one_document_are_not_both_given_to_one_person():
    apps = [_full("press.txt", "Alex Carter", NORTH, "Leader"),
            _short("letter.pdf", "Mr Carter", NORTH, aliases=("Mr Carter",)),
            _short("letter.pdf", "Mrs Carter", NORTH, aliases=("Mrs Carter",))]
    got = names_of(apps)
    assert got[("letter.pdf", "Mr Carter")] != "Alex Carter" and got[("letter.pdf", "Mrs Carter")] != "Alex Carter"


@st.composite
def tied_corpora(draw):
    apps = []
    for i in range(draw(st.integers(1, 10))):
        fore = draw(st.sampled_from(["Roger", "R", "Jane", "J", ""]))
        name = f"{fore} {draw(st.sampled_from(['Smith', 'Evans']))}".strip()
        title = draw(st.sampled_from(["Cllr ", "Mr ", "Mrs "]))
        org = draw(st.sampled_from([NORTH, KINGS]))
        role = draw(st.sampled_from(["Councillor", "Leader", "Chair"]))
        apps.append(A(f"d{i % 5}.txt", name, (title + name,), organisations=(org,), roles=(role,),
                      ties=(org,), posts_at=draw(st.sampled_from([(org,), ()]))))
    return list(dict.fromkeys(apps))


@given(st.one_of(corpora(), tied_corpora()), st.randoms(use_true_random=False))
def test_order_does_not_matter(apps, rnd):
    """Mixed corpora of every name shape, and corpora where surnames alone meet posts and ties."""
    shuffled = list(apps)
    rnd.shuffle(shuffled)
    assert resolve(apps) == resolve(shuffled)


def test_a_surname_beside_the_full_name_with_the_same_post_is_that_person():
    # "Present: Cllr Smith (Leader)" … "the Leader, Councillor Roger Smith", split by the document.
    apps = [_full("cabinet.pdf", "Roger Smith", NORTH, "Leader"),
            _short("cabinet.pdf", "Smith", NORTH, "Councillor", "Leader"),
            _short("council.pdf", "Smith", NORTH)]
    assert set(names_of(apps).values()) == {"Roger Smith"}
    # Without a post in common the document told them apart, and the surname stays undecided elsewhere.
    apps[1] = _short("cabinet.pdf", "Smith", NORTH, "Councillor")
    got = names_of(apps)
    assert got[("cabinet.pdf", "Smith")] == "Smith" and got[("council.pdf", "Smith")] == "Smith"
