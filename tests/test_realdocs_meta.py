"""Types, dates and metadata of real-shaped documents (fixture files in tests/fixtures/realdocs,
written for these tests): minutes dated by their heading, not the minutes they approve; agendas;
officer and councillor reports; letters; HTML pages that carry JSON-LD and OpenGraph dates;
Markdown exports with front matter, tables and entities."""
from __future__ import annotations

import pytest

from corpus_search import clean, metadata
from corpus_search.ingest import load_path
from tests.paths import FIXTURES

REAL = FIXTURES / "realdocs"


def describe(name: str) -> tuple[str, str, str | None, str | None]:
    loaded = load_path(REAL / name)
    return metadata.describe(clean.clean(loaded.text), loaded.text, loaded)


@pytest.mark.parametrize(
    "name, kind, date",
    [
        ("minutes_heading.txt", "minutes", "2025-01-30"),  # not 12 December (approved) nor 27 February (next)
        ("agenda_notice.txt", "agenda", "2025-03-10"),  # the meeting, not the clerk's date nor the last minutes
        ("agenda_summons_letter.txt", "agenda", "2025-02-05"),  # a summons opens "Dear Councillor" and is signed
        ("officer_report.txt", "report", "2024-11-14"),
        ("councillor_report.txt", "report", "2025-02"),
        ("letter.txt", "letter", "2025-03-21"),
        ("news_jsonld.html", "news", "2024-06-03"),  # JSON-LD datePublished before og and <time>
        ("og_time.html", "news", "2023-11-20"),  # the article's own <time>, not a teaser's
        ("front_matter.md", "other", "2021-03-04"),
        ("front_matter.toml.md", "other", "2022-07-11"),
    ],
)
def test_type_and_date(name, kind, date):
    _, got_kind, got_date, _ = describe(name)
    assert (got_kind, got_date) == (kind, date)


def test_minutes_heading_over_several_lines():
    text = "P a g e | 1\n\nMINUTES OF THE PARISH COUNCIL MEETING\n\nHELD IN THE VILLAGE HALL\n\nON 26th September 2024\n\nPresent:\n\n" \
           "09.24.01\n\nApologies\n\n09.24.03\n\nThe minutes of the parish council meeting held on 25th July 2024 were agreed as a true record."
    title, kind, date, _ = metadata.describe(clean.clean(text), text)
    assert (kind, date) == ("minutes", "2024-09-26")
    assert title == "MINUTES OF THE PARISH COUNCIL MEETING"  # the page field is dropped


def test_item_numbers_are_not_dates():
    from corpus_search.facts.dates import find_dates

    text = "09.24.01 Apologies\n09.24.02 Declarations\n2019. Police report\nItem 78/2017 and v1.2 of the plan; 12/25/2004."
    assert [(m.text, m.value) for m in find_dates(text) if m.value] == [("12/25/2004", "2004-12-25")]


def test_press_release_from_press_room_heading():
    text = "Council tax set for the year\n\nPress Releases\n\n18-07-2019 - 11:37\n\nThe council set its budget.\n\nContacts:\n\nJo Bell\n\nPress Officer"
    _, kind, date, _ = metadata.describe(text, text)
    assert (kind, date) == ("press_release", "2019-07-18")


def test_news_page_minutes_ago_is_not_minutes():
    text = "Storm closes roads\n\nRoads were closed.\n\nFloods hit town\n\n49 minutes ago\n\nFrom the section UK\n\nMore 12 minutes ago"
    from corpus_search.models import LoadedText

    loaded = LoadedText(text, meta={"og_type": "article", "publisher": "Daily Item", "date": "2020-01-02"})
    assert metadata.describe(text, text, loaded)[1:] == ("news", "2020-01-02", "Daily Item")


def test_html_meta_fields():
    meta = load_path(REAL / "news_jsonld.html").meta
    assert meta["date"] == "2024-06-03"
    assert meta["author"] == "Priya Hartnell"
    assert meta["publisher"] == "The Weald Courier"
    assert meta["schema_type"] == "newsarticle"
    assert load_path(REAL / "og_time.html").meta["author"] == "Tom Aske"


@pytest.mark.parametrize(
    "value, iso",
    [("2015-07-24T05:36:09+01:00", "2015-07-24"), ("20180925", "2018-09-25"),
     ("Fri Mar 13 21:30:09 EST 2015", "2015-03-13"), ("18-07-2019", "2019-07-18"), ("soon", None)],
)
def test_meta_date_values(value, iso):
    from corpus_search.ingest.html_meta import iso_date

    assert iso_date(value) == iso


def test_markdown_front_matter_table_entities():
    loaded = load_path(REAL / "front_matter.md")
    assert loaded.meta == {"title": "Allotment rents to rise", "date": "2021-03-04", "section": "news"}
    assert loaded.title == "Allotment rents to rise"
    text = loaded.text
    assert "layout:" not in text and "<img" not in text and "&pound;" not in text and "&amp;" not in text
    assert "£12.50" in text and "Tenants & waiting-list" in text
    assert "environment committee" in text and "https://" not in text
    assert "Half plot | £45.00 | £51.25" in text.split("\n")
    assert "---" not in text and "**" not in text


def test_plain_text_without_markup_is_unchanged():
    from corpus_search.ingest.text import plain

    text = "A line with 3 > 2 and email a@b.org.\n\nAnother line."
    assert plain("Plain words only.\nSecond line.") == "Plain words only.\nSecond line."
    assert plain(text) == text


def test_compound_class_wrapper_keeps_the_article():
    text = load_path(REAL / "compound_wrapper.html").text
    assert "agreed its precept" in text and "available from the clerk on request" in text
    assert "Recent posts" not in text and "Footpath survey results" not in text
    assert "Sign up to our newsletter" not in text and "About" not in text.split("\n")


def test_news_page_furniture_dropped():
    text = clean.clean(load_path(REAL / "news_jsonld.html").text)
    assert "Opening hours at eleven libraries" in text and "next full council meeting" in text
    assert "Advertisement" not in text and "By Priya Hartnell" not in text and "Copyright" not in text


@pytest.mark.parametrize(
    "token, furniture",
    [
        ("sidebar", True), ("sidebar-left", True), ("l-sidebar", True), ("widget-area", True), ("site-nav", True),
        ("most-read__item", True), ("most-popular-list-item__headline", True), ("story-media__caption", True),
        ("off-screen", True), ("comment-body", True), ("share-wrapper", True), ("story-tags", True),
        ("content-sidebar-wrap", False), ("layout-with-sidebar", False), ("has-sidebar", False),
        ("elementor-widget", False), ("elementor-widget-container", False), ("entry-content", False),
        ("story-body__list-item", False), ("navigator", False), ("header2", False), ("loaded", False),
    ],
)
def test_furniture_matches_whole_class_words(token, furniture):
    from corpus_search.ingest.html import furniture_token

    assert furniture_token(token) is furniture


from hypothesis import given, settings
from hypothesis import strategies as st

_WORDS = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" ,.'’-£"),
                 min_size=1, max_size=60).filter(lambda s: s.strip() == s and s)


@settings(max_examples=200)
@given(title=_WORDS, year=st.integers(1990, 2030), month=st.integers(1, 12), day=st.integers(1, 28),
       body=st.lists(_WORDS, min_size=1, max_size=5), toml=st.booleans())
def test_front_matter_round_trip(title, year, month, day, body, toml):
    from corpus_search.ingest.text import front_matter

    date = f"{year:04d}-{month:02d}-{day:02d}"
    fence, sep = ("+++", " = ") if toml else ("---", ": ")
    rest = "\n\n".join(body)
    text = f'{fence}\nlayout{sep}"post"\ntitle{sep}"{title}"\ndate{sep}{date} 10:00:00\n{fence}\n{rest}'
    meta, got = front_matter(text)
    assert meta["title"] == title and meta["date"] == date
    assert got == rest


@settings(max_examples=200)
@given(cells=st.lists(st.lists(_WORDS.filter(lambda s: "|" not in s), min_size=2, max_size=4), min_size=1, max_size=4))
def test_markdown_table_rows(cells):
    from corpus_search.ingest.text import plain

    width = len(cells[0])
    rows = [row[:width] + ["x"] * (width - len(row)) for row in cells]
    table = "\n".join(["|" + "|".join(rows[0]) + "|", "|" + "|".join(["---"] * width) + "|"]
                      + ["|" + "|".join(r) + "|" for r in rows[1:]])
    out = plain(table).split("\n")
    assert out == [" | ".join(" ".join(c.split()) for c in r) for r in rows]


@settings(max_examples=200)
@given(st.text(alphabet=st.characters(blacklist_characters="<>&[|#*_!"), max_size=200))
def test_plain_leaves_text_without_markup_alone(text):
    from corpus_search.ingest.text import plain

    assert plain(text) == text


@settings(max_examples=200)
@given(year=st.integers(1990, 2030), month=st.integers(1, 12), day=st.integers(1, 28),
       tail=st.sampled_from(["", "T05:36:09+01:00", "T14:15+0000", "T21:28:31.000Z", " 10:00"]))
def test_meta_iso_dates(year, month, day, tail):
    from corpus_search.ingest.html_meta import iso_date

    assert iso_date(f"{year:04d}-{month:02d}-{day:02d}{tail}") == f"{year:04d}-{month:02d}-{day:02d}"


@pytest.mark.parametrize(
    "text, kind, date",
    [
        ("Public Document Pack\n\nCABINET\n\nMinutes of the meeting held on Thursday, 30 January 2025 at 10.00 am in the "
         "Council Chamber\n\nPresent: Councillor A Smith (Chair)\n\n1. APOLOGIES FOR ABSENCE\nApologies were received from "
         "Councillor B.\n2. MINUTES\nRESOLVED that the minutes of the meeting held on 12 December 2024 be approved.\n",
         "minutes", "2025-01-30"),
        ("Agenda Item 3\n\nCOUNCIL\n\n11 December 2024\n\nPresent: The Mayor (Councillor J Bloggs), Councillors A, B, C\n\n"
         "45. Declarations of Interest\nNone.\nRESOLVED: That the report be noted.\n", "minutes", "2024-12-11"),
        ("Public Document Pack\n\nCabinet\n\nDate: Thursday, 30 January 2025\nTime: 10.00 am\nVenue: Council Chamber\n\n"
         "Agenda\n\n1. Apologies for absence\n2. Minutes of the previous meeting (Pages 1 - 6)\nTo approve the minutes of "
         "the meeting held on 12 December 2024.\n", "agenda", "2025-01-30"),
        ("Notice of Meeting\n\nPlanning Committee\n\nThis agenda was published on 25 February 2025\n\n"
         "Wednesday 5 March 2025 at 6.30 pm\n\nAGENDA\n1. Apologies\n", "agenda", "2025-03-05"),
        ("Agenda Item 7\n\nCABINET\n\n30 January 2025\n\nBUDGET MONITORING QUARTER 3\n\nReport of the Director of Finance\n\n"
         "Purpose of Report\nTo update Cabinet.\n\nRecommendations\nThat Cabinet notes the position.\n", "report", "2025-01-30"),
        ("Our ref: HW/2025/044\n\n14 February 2025\n\nDear Ms Patel\n\nThank you for your email of 3 February 2025.\n\n"
         "Yours sincerely\n\nJ Smith\nHighways Officer\n", "letter", "2025-02-14"),
    ],
)
def test_council_document_shapes(text, kind, date):
    assert metadata.describe(clean.clean(text), text)[1:3] == (kind, date)
