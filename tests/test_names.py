"""The name canonicaliser (corpus_search.names): examples and hypothesis properties."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from corpus_search.names import (
    HONOURS,
    TITLES,
    _fold_unicode,
    display_case,
    fold,
    name_key,
    same_person,
)

# Latin letters with and without accents; case and accents round-trip through fold() for these.
LATIN = "abcdefghijklmnopqrstuvwxyzàáâäãåçèéêëìíîïñòóôöøùúûüýÿ"
# Words that are a title or an honour once folded ("Àm" is "am", an Assembly Member) are not names.
NAME_WORD = st.text(alphabet=LATIN, min_size=2, max_size=10).filter(
    lambda w: fold(w) not in TITLES and fold(w) not in HONOURS and fold(w) != "s"
)
NAME = st.lists(NAME_WORD, min_size=1, max_size=4).map(lambda ws: " ".join(w.capitalize() for w in ws))
NAME_TEXT = st.text(alphabet=LATIN + LATIN.upper() + " '’-.,", max_size=40)


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@pytest.mark.parametrize(
    "written, key",
    [
        ("Councillor Robert Evans", "robert evans"),
        ("Cllr Evans", "evans"),
        ("ROBERT EVANS", "robert evans"),
        ("Robert Evans's", "robert evans"),
        ("Ade Adetosoye OBE", "ade adetosoye"),
        ("ADE ADETOSOYE", "ade adetosoye"),
        ("Ms Frankie Sulke CBE", "frankie sulke"),
        ("The Rt Hon Dame Margaret Hodge MP", "margaret hodge"),
        ("José Muñoz", "jose munoz"),
        ("Gareth Lloyd-Owen", "gareth lloyd-owen"),
        ("Margaret O’Connor", "margaret o'connor"),
        ("", ""),
    ],
)
def test_name_key_examples(written, key):
    assert name_key(written) == key


@settings(max_examples=400)
@given(st.text())
def test_never_raises_on_any_text(text):
    name_key(text)
    fold(text)
    display_case(text)
    same_person(name_key(text), name_key(text[::-1]))


@settings(max_examples=400)
@given(st.one_of(st.text(), st.text(alphabet=st.characters(max_codepoint=127))))
@example("O`Neill SMITH-Jones")
@example("\x00A\x7f")
def test_folding_ascii_directly_is_the_unicode_fold(text):
    """fold's shortcut for ASCII text gives what the full Unicode folding gives."""
    assert fold(text) == _fold_unicode(text)


@settings(max_examples=400)
@given(st.text())
@example("a's's")
@example("ŉ")
def test_name_key_is_idempotent(text):
    key = name_key(text)
    assert name_key(key) == key


@settings(max_examples=300)
@given(NAME_TEXT)
def test_name_key_ignores_case(text):
    assert name_key(text.upper()) == name_key(text.lower()) == name_key(text)


@settings(max_examples=300)
@given(NAME_TEXT)
def test_name_key_ignores_accents(text):
    assert name_key(strip_accents(text)) == name_key(text)


@settings(max_examples=300)
@given(NAME, st.sampled_from(["Councillor", "Cllr", "Mr", "Ms", "Dr", "Dame", "Inspector", "The Rt Hon"]),
       st.lists(st.sampled_from(["OBE", "CBE", "MBE", "QPM", "MP"]), max_size=2))
def test_titles_and_honours_are_stripped(name, title, honours):
    written = " ".join([title, name, *honours])
    assert name_key(written) == name_key(name) == fold(name)


@settings(max_examples=300)
@given(NAME, st.sampled_from(["OBE", "CBE", "MBE", "QPM"]))
def test_written_in_capitals_with_an_honour_is_the_same_key(name, honour):
    assert name_key(f"{name.upper()} {honour}") == name_key(name)


@settings(max_examples=300)
@given(st.text())
def test_display_case_is_idempotent(text):
    once = display_case(text)
    assert display_case(once) == once


@settings(max_examples=300)
@given(NAME)
def test_display_case_of_capitals_matches_the_key(name):
    assert name_key(display_case(name.upper())) == name_key(name)


@settings(max_examples=300)
@given(NAME, NAME)
def test_same_person_is_symmetric(a, b):
    ka, kb = name_key(a), name_key(b)
    assume(ka and kb)
    assert same_person(ka, kb) == same_person(kb, ka)
    assert same_person(ka, ka)


@settings(max_examples=400)
@given(st.text())
@example("ŉ")
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(
    "written, key",
    [("Di Smith", "di smith"), ("Councillor Di Smith", "di smith"), ("DI Jane Smith", "jane smith"),
     ("Councillor Di OBE", "di"), ("Councillor", "")],
)
def test_police_abbreviations_that_are_first_names(written, key):
    assert name_key(written) == key


def test_same_person_without_the_first_forename():
    from corpus_search.names import same_person

    assert same_person("marie leroi", "armand marie leroi")
    assert not same_person("marie leroi", "armand paul leroi")


def test_a_surname_in_capitals_after_a_forename_is_shown_as_a_name():
    from corpus_search.names import display_case

    assert display_case("Viktor ALMQVIST") == "Viktor Almqvist"
    assert display_case("Snježana KOBEŠĆAK SMODIŠ") == "Snježana Kobešćak Smodiš"
    assert display_case("Jane SMITH OBE") == "Jane Smith OBE"
    assert display_case("Mr R J Smith") == "Mr R J Smith"
