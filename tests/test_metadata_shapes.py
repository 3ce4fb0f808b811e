"""Types, dates, titles and money on small documents written here in the shapes real councils
and sites publish (no text copied from anywhere): what the hidden sets probe in general."""
from __future__ import annotations

import pytest

from corpus_search import metadata
from corpus_search.clean import clean
from corpus_search.facts.money import find_money
from corpus_search.ingest import load_path
from corpus_search.ingest.pages import clean_pages
from corpus_search.models import LoadedText
from tests.paths import FIXTURES


@pytest.mark.parametrize("given", ["untitled", "Untitled document", "Document1", "Slide 1", "minutes 2024-09-26.pdf",
                                   "Microsoft Word - Agenda March.docx", "Microsoft PowerPoint - budget"])
def test_placeholder_titles_give_way_to_the_text(given):
    raw = "Northfield Parish Council\nAnnual Report of the Chairman 2024\n\nThe year began with ..."
    assert metadata.title(clean(raw), given) == "Northfield Parish Council"


def test_a_real_title_is_kept():
    assert metadata.title("Some heading\nbody", "Highways capital programme 2025/26") == "Highways capital programme 2025/26"


def test_a_type_the_format_declares_decides():
    # An e-mail's header block carries "Subject:", which in an officer report is a report cue.
    raw = "From: Dana Pryce\nTo: Parish Clerk\nDate: Mon, 3 Mar 2025 10:00:00 +0000\nSubject: Agenda for March\n\nHello."
    loaded = LoadedText(text=raw, title="Agenda for March", format="email", meta={"doc_type": "letter"})
    assert metadata.describe(clean(raw), raw, loaded)[1] == "letter"
    assert metadata.doc_type(raw, clean(raw)) != "letter"


# ---- whole files (tests/fixtures/shapes, made by make_shape_fixtures.py) -----------------
SHAPES = FIXTURES / "shapes"


def described(name: str) -> tuple[str, str, str | None, str | None, str]:
    loaded = load_path(SHAPES / name)
    text, _ = clean_pages(loaded.pages) if loaded.pages is not None else (clean(loaded.text), [])
    return (*metadata.describe(text, loaded.text, loaded), text)


@pytest.mark.parametrize("name, kind, date, org", [
    # the front sheet's "Date:" beats the publication date, the minutes approved and the next meeting
    ("northbrook_cabinet_agenda.pdf", "agenda", "2025-03-12", "Northbrook District Council"),
    # signed by the clerk on 31 March, the meeting summoned for 7 April
    ("ashby_parish_summons.pdf", "agenda", "2025-04-07", "Ashby Magna Parish Council"),
    # the heading over three lines; the first item approves January's minutes; "24/113" is an item
    ("northbrook_council_minutes.pdf", "minutes", "2025-02-27", "Northbrook District Council"),
    # "Date of meeting", not the Cabinet decision, a version "2.1 (03.2025)" or the document control dates
    ("northbrook_leisure_report.pdf", "report", "2025-04-09", "Northbrook District Council"),
    ("northbrook_planning_letter.pdf", "letter", "2024-11-14", "Northbrook District Council"),
    # the only date line is right-aligned under the letterhead; the prose names a meeting before it
    ("ashby_letter_to_resident.pdf", "letter", "2025-02-03", "Ashby Magna Parish Council"),
    ("westmoor_press_release.html", "press_release", "2025-01-16", "Westmoor County Council"),
    # "Each council will receive ..." is nobody's name; the JSON-LD author organisation issued it
    ("govuk_press_release.html", "press_release", "2025-03-03", "Department for Transport"),
    ("gazette_news.html", "news", "2025-01-09", "Westmoor Gazette"),
    ("drupal_council_news.html", "press_release", "2025-02-11", None),
    ("wordpress_council_news.html", "press_release", "2024-10-14", "Eastvale Borough Council"),
    # a public body's own article is its press release, though its markup says NewsArticle
    ("council_newsarticle.html", "press_release", "2025-05-02", "Northbrook District Council"),
    ("parliament_committee_news.html", "press_release", "2025-03-14", "UK Parliament"),
])
def test_document_shapes(name, kind, date, org):
    _, got_kind, got_date, got_org, _ = described(name)
    assert (got_kind, got_date, got_org) == (kind, date, org)


@pytest.mark.parametrize("name, values", [
    ("northbrook_cabinet_agenda.pdf", [412000, 18600000, 2350000]),
    ("ashby_parish_summons.pdf", [48, 412.5, 365, (2500, 3000)]),
    ("northbrook_council_minutes.pdf", [19245000, 1100000, 7000000, 201.42, 5.94, -240000]),
    ("northbrook_leisure_report.pdf", [3400000, 2900000, 500000, 150000, 200000, 850000]),
    ("northbrook_planning_letter.pdf", [578]),
    ("westmoor_press_release.html", [1400000, 2]),
    ("govuk_press_release.html", [150000000, 150000000, 500000]),
    ("wordpress_council_news.html", [85000]),  # &pound; decoded
    # £000 columns end with their table; the payments table under it is in pounds (pence only)
    ("ashby_budget_tables.pdf", [1250000, 1310000, 60000, 2400000, 2350000, -50000, 3650000, 3660000, 10000,
                                 300, 60, 360, 412.5, 0, 412.5]),
])
def test_money_as_written(name, values):
    text = described(name)[-1]
    got = [(m.value, m.end_value) if m.end_value is not None else m.value for m in find_money(text)]
    assert got == values


@pytest.mark.parametrize("raw, date", [
    # a date line of the heading, then an item that names the previous meeting after "held on"
    ("MINUTES\nPlanning Committee\n8 October 2024\nPresent: Councillors Jones, Khan\n"
     "55. Minutes of the meeting held on 10 September 2024\nThe minutes were agreed.", "2024-10-08"),
    ("Minutes of Full Council\n24 September 2024\n\nAttendees: Cllr Ross (Chair), Cllr Ng\n"
     "1. Minutes of previous meeting (23 July 2024) approved.", "2024-09-24"),
    # a heading without the year: the year of the document's other dates, checked by the weekday
    ("SOULBY PARISH COUNCIL\nMinutes of the Parish Council meeting held on Thursday 26th September at 7.30pm\n"
     "Present: Cllrs Amos, Bell\n1. Minutes of the meeting held on 25th July 2024 were approved.\n"
     "2. Date of next meeting: 31st October 2024", "2024-09-26"),
    # a heading with the month only
    ("SOULBY PARISH COUNCIL\nMinutes of the September 2024 meeting\nPresent: Cllrs Amos, Bell\n"
     "1. Minutes of the meeting held on 25th July 2024 were approved.", "2024-09"),
    # the body's dates still count when the heading has none
    ("MINUTES OF THE PARISH COUNCIL\nPresent: Cllrs Hope and Lane\n1. The meeting held on 4 March 2025 "
     "opened at 7pm.", "2025-03-04"),
])
def test_minutes_dated_by_their_heading_not_their_items(raw, date):
    text = clean(raw)
    assert metadata.describe(text, raw)[1:3] == ("minutes", date)


def test_a_letter_is_dated_by_its_date_line_not_a_meeting_in_its_prose():
    raw = ("Ashby Magna Parish Council\nMonday, 3rd February 2025\nDear Resident,\n"
           "At its meeting on 20 January 2025 the council set the precept.\nYours faithfully,\nJanet Fenwick")
    assert metadata.describe(clean(raw), raw)[1:3] == ("letter", "2025-02-03")


def test_a_council_domain_backs_the_full_name_in_the_text():
    text = "Northbrook District Council\nCabinet\nContact: democratic.services@northbrook.gov.uk"
    assert metadata.organisation(text) == "Northbrook District Council"
    assert metadata.organisation("A letter\nFrom: planning@northbrook.gov.uk") == "Northbrook Council"


def test_a_pdf_made_later_does_not_date_an_undated_letter(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "overview.pdf"
    c = canvas.Canvas(str(path))  # not invariant: /CreationDate is now
    for i, line in enumerate(["Civil Parking Enforcement", "As you will know, the county takes over parking "
                              "enforcement from the police.", "Yours sincerely,", "Highways Team"]):
        c.drawString(72, 760 - 18 * i, line)
    c.save()
    loaded = load_path(path)
    assert "pdf_created" in loaded.meta
    text = clean(loaded.text)
    assert metadata.describe(text, loaded.text, loaded)[1:3] == ("letter", None)


@pytest.mark.parametrize("closing, date", [
    ("GE 270126", "2026-01-27"),  # initials and ddmmyy
    ("Cllr Ann Bell, 27 January 2026", "2026-01-27"),
    ("Dated: 3rd February 2025", "2025-02-03"),
    ("14 March 2025", "2025-03-14"),
    ("GE 310226", None),  # no 31 February
    ("The consultation closes on 30 January 2026 at noon.", None),  # a sentence of the body
])
def test_a_report_dated_only_in_its_closing_lines(closing, date):
    raw = ("County Councillor's Report\nPotholes were repaired in the village after the frost.\n"
           "The bus service will keep its Sunday timetable.\nThe library van calls every other Tuesday.\n"
           "Gritting routes are on the county's website.\n" + closing)
    assert metadata.describe(clean(raw), raw)[1:3] == ("report", date)


@pytest.mark.parametrize("raw, kind, date", [
    # a planning officer's report narrates what the committee did: not minutes without minutes' own marks
    ("Northbrook District Council\nAgenda Item 9\nPLANNING COMMITTEE\n18 June 2025\nApplication No: 25/00412/FUL\n"
     "Site: Land at Mill Road\nProposal: Erection of 14 dwellings\nRecommendation: Approve subject to conditions\n"
     "1. The committee resolved at its meeting on 14 May 2025 to defer the application. Members noted concerns. "
     "The committee considered a site visit.", "report", "2025-06-18"),
    # an agenda pack carrying the previous meeting's minutes after its front sheet
    ("Public Document Pack\nPlanning Committee\nTuesday, 18th March, 2025 at 6.00 pm\nCouncil Chamber\n"
     "Members of the Committee: Cllr Ahmed (Chair), Cllr Brooks\nAGENDA\n1. Minutes\nTo confirm the minutes of the "
     "meeting held on 18 February 2025 (attached).\nMinutes of the Planning Committee held on 18 February 2025\n"
     "Present: Cllr Ahmed, Cllr Brooks\nRESOLVED that the application be approved.\nRESOLVED that the minutes be "
     "signed.\nProposed by Cllr Ahmed, seconded by Cllr Brooks.", "agenda", "2025-03-18"),
    ("NOTICE IS HEREBY GIVEN that a meeting of the Westmoor Town Council will take place at the Guildhall on "
     "Thursday 10 April 2025 at 7pm.\nBusiness\n1. Apologies\n2. Declarations of interest\n"
     "3. To approve the minutes of 13 March 2025", "agenda", "2025-04-10"),
    ("Planning Committee\n18 March 2025\nPresent: Councillors Ahmed (Chair), Brooks, Chen\n1. Apologies\n"
     "Apologies were received from Cllr Dunn.\n2. Minutes\nRESOLVED that the minutes of 18 February 2025 be approved.",
     "minutes", "2025-03-18"),
])
def test_types_from_structure_not_vocabulary(raw, kind, date):
    assert metadata.describe(clean(raw), raw)[1:3] == (kind, date)


def test_a_question_and_answer_record_is_not_minutes():
    raw = ("Full Council - 27 February 2025\nQuestions from Members of the Public and Answers\n"
           "Question 1 from Mr Ian Cole to the Leader of the Council\nWill the council reopen the public toilets?\n"
           "Answer\nThe Cabinet considered the matter and agreed to review it. The committee noted the cost.\n"
           "Question 2 from Mrs Lyn Hart\nWhy was the meeting cancelled?\nAnswer\nMembers agreed to postpone it.")
    assert metadata.describe(clean(raw), raw)[1] != "minutes"


@pytest.mark.parametrize("written, value", [
    ("26 th September 2024", "2024-09-26"),  # a superscript ordinal read as a word of its own
    ("Thursday 1 st May 2025", "2025-05-01"),
    ("30-Jan-2025", "2025-01-30"),  # as spreadsheets and payment schedules print it
    ("12-March-2025", "2025-03-12"),
    ("Dated this 5th day of June 2024", "2024-06-05"),  # a legal notice
])
def test_date_shapes_in_council_papers(written, value):
    from corpus_search.facts.dates import find_dates

    assert [m.value for m in find_dates(f"Notice. {written}. End.") if m.value] == [value]


def test_meeting_date_with_a_split_ordinal():
    raw = "Ashby Magna Parish Council\nMinutes of the meeting held on Thursday 26 th September 2024\nPresent: Cllr Hope"
    assert metadata.describe(clean(raw), raw)[1:3] == ("minutes", "2024-09-26")


@pytest.mark.parametrize("data, suffix", [
    (b"---\nlayout: post\ntitle: \"Waste collections change in April\"\ndate: 2024-03-11 09:00:00 +0000\n"
     b"categories: [press-releases]\n---\nFrom 1 April garden waste will be collected fortnightly.\n", ".md"),
    (b"<html><head><meta property=\"article:section\" content=\"Press releases\"><title>Roads to close</title></head>"
     b"<body><article><h1>Roads to close</h1><p>Two roads will close for resurfacing in May, the highways team "
     b"said today after a long review of the county's network.</p></article></body></html>", ".html"),
    (b"<html><head><script type=\"application/ld+json\">{\"@type\": \"Article\", \"articleSection\": \"News releases\","
     b" \"headline\": \"Roads to close\"}</script></head><body><article><h1>Roads to close</h1><p>Two roads will close "
     b"for resurfacing in May, the highways team said today after a long review.</p></article></body></html>", ".html"),
])
def test_the_sites_own_section_says_press_release(data, suffix):
    from corpus_search.ingest import load_bytes

    loaded = load_bytes(data, suffix)
    assert metadata.describe(clean(loaded.text), loaded.text, loaded)[1] == "press_release"


@pytest.mark.parametrize("text, values", [
    ("The year-end variance is –£3.2m against budget.", [-3200000]),  # an en dash set as a minus sign
    ("Fees of £2,500–£3,000 a year.", [(2500, 3000)]),  # ... but between two amounts a range
    ("Service | Variance £m\nHousing | (3.2)\nWaste | 1.1\nTotal | –2.1\n", [-3200000, 1100000, -2100000]),
    ("Scheme | Cost (£bn)\nRoads | 1.25\n", [1250000000]),
    ("Service | £000\nHousing | 12.5\n", [12500]),
    ("Payee | Total £s | VAT\nA. Smith | 132.69 | 0.0\n", [132.69]),  # one decimal is not pounds and pence
])
def test_money_shapes_in_reports(text, values):
    got = [(m.value, m.end_value) if m.end_value is not None else m.value for m in find_money(text)]
    assert got == values
