"""Document metadata on the seeds: dates (UK day-first), types, titles."""
from __future__ import annotations

import pytest

from corpus_search import metadata
from corpus_search.clean import clean
from tests.paths import SEEDS


def meta(prefix: str) -> tuple[str, str]:
    raw = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    return raw, clean(raw)


@pytest.mark.parametrize(
    "prefix, date",
    [("000", "2016-09-30"), ("001", "2019-01-09"), ("002", "2017-12-14"), ("003", "2016-06-28"), ("004", "2017-03-21")],
)
def test_seed_dates(prefix, date):
    raw, text = meta(prefix)
    assert metadata.document_date(text, raw) == date


@pytest.mark.parametrize(
    "prefix, kind", [("000", "press_release"), ("001", "news"), ("002", "press_release"), ("003", "minutes"), ("004", "minutes")]
)
def test_seed_types(prefix, kind):
    raw, text = meta(prefix)
    assert metadata.doc_type(raw, text) == kind


@pytest.mark.parametrize(
    "prefix, title",
    [
        ("000", "Councillors hear that journey to improved Children’s Services is underway"),
        ("001", "Statutory directions lifted as council’s children’s services ‘vastly improved’"),
        ("004", "Progress in Implementing Children's Service Improvement Action Plan, including Thematic Audit Outcome"),
    ],
)
def test_seed_titles(prefix, title):
    _, text = meta(prefix)
    assert metadata.title(text) == title


def test_organisation_from_council_names():
    assert metadata.organisation("Bromley LBC’s children’s services improved. Bromley LBC said so.") == "Bromley Council"
    assert metadata.organisation("The London Borough of Hackney agreed the plan.") == "Hackney Council"
    assert metadata.organisation("Nothing here names a council.") is None


def test_undated_text_has_no_date():
    assert metadata.document_date("A heading\n\nSome words without any date at all.") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("THE LEADER OF WESTMOOR Council said the plan was agreed.", "Westmoor Council"),
        ("NORTHBROOK DISTRICT COUNCIL planning committee", "Northbrook District Council"),
        ("Former Council leader Jane Smith", None),
        ("Full Council met on Monday.", None),
        ("The Royal Borough of Kensington and Chelsea", "Kensington and Chelsea Council"),
        ("Kingston upon Hull City Council", "Kingston upon Hull City Council"),
    ],
)
def test_organisation_name_is_the_place_not_the_words_before_it(text, expected):
    from corpus_search.metadata import organisation

    assert organisation(text) == expected


def test_minutes_date_from_held_on_line():
    text = "NORTHBROOK DISTRICT COUNCIL\n\nMINUTES OF THE MEETING OF THE PLANNING COMMITTEE\nheld on Wednesday 8 November 2017 at 7.00 pm\n\nThe minutes of the meeting of 11 October 2017 were agreed."
    assert metadata.document_date(text, text) == "2017-11-08"
