"""The cleaner on the seeds: page furniture and press-office trailers go, content paragraphs stay."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_search.clean import clean, normalize
from tests.paths import SEEDS


def seed(prefix: str) -> tuple[str, str]:
    raw = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    return raw, clean(raw)


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_press_release_trailer_is_cut():
    raw, text = seed("000")
    assert "ends" not in text.split("\n")
    assert "Susie Clark" not in text and "020 8461 7911" not in text
    assert text.endswith("enhancing legal support.")


def test_news_page_sidebar_and_comments_are_gone():
    raw, text = seed("001")
    for clutter in ("Image credit", "Comments", "There are no comments", "Add your comment", "more >",
                    "Rob Whiteman", "Peter Kyle", "Tom Chance", "21/06/2019", "Latest Public Sector News"):
        assert clutter not in text, clutter
    assert text.endswith("children and young people of our borough.”")


def test_notes_to_editors_is_cut():
    _, text = seed("002")
    assert "Notes to editors" not in text
    assert text.endswith("worthy of a ‘good’ judgement.”")


def test_minutes_fragments_are_stripped():
    _, text = seed("004")
    assert "pdf icon" not in text and "337 KB" not in text
    assert "view the full minutes text" not in text
    assert "78 Update on Children's Services" in text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_content_paragraph_stays(prefix):
    raw, text = seed(prefix)
    kept = " ".join(text.split())
    boilerplate = re.compile(
        r"^(ends|Notes to editors|Image credit|Comments|There are no comments|Add your comment|Latest Public Sector News|Issue - meetings)"
        r"|more >|For media enquiries|^\d\d/\d\d/\d{4}\S"
    )
    body = raw
    for marker in ("\nends\n", "Image credit", "Notes to editors"):
        if marker in body:
            body = body[: body.index(marker)]
    for para in paragraphs(body):
        if boilerplate.search(para):
            continue
        para = re.sub(r"\s*pdf icon PDF 337 KB|\s*\.\.\.\s*view the full minutes text for item 78", "", para)
        assert para in kept, para[:80]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_never_raises_and_is_idempotent(text):
    once = clean(text)
    assert clean(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_normalize_is_idempotent_and_trims(text):
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "\n\n\n" not in once


def test_related_news_before_the_story_drops_only_the_teasers():
    story = " ".join(["The council agreed a new plan for libraries on Monday evening after a long debate."] * 8)
    text = "Related news\nBins collected late\nNew park opens\n\nLibraries plan agreed\n\n" + story + "\n\nRelated news\nOther story"
    out = clean(text)
    assert "Bins collected late" not in out and "New park opens" not in out
    assert out.count("The council agreed") == 8
    assert "Other story" not in out


@pytest.mark.parametrize(
    "line, kept",
    [
        ("For media enquiries contact the press office on 01234 567890.", False),
        ("For more information contact the Communications Team.", False),
        ("Media contact: Olena Kovalenko, Press Officer, 020 7946 0000", True),
        ("For media enquiries, please contact Idris Mwangi in Corporate Communications", True),
    ],
)
def test_a_contact_line_stays_only_when_it_names_someone(line, kept):
    text = clean(f"The library reopened on Monday.\n\n{line}\n")
    assert (line in text) is kept


def test_a_contact_heading_stays_over_the_name_it_introduces():
    text = clean("The library reopened.\n\nPress contact\n\nOlena Kovalenko\n\nPress Officer\n")
    assert text.endswith("Press contact\n\nOlena Kovalenko\n\nPress Officer")
    # Over a phone number it is furniture, as before.
    assert clean("The library reopened.\n\nPress office\n\nCall 01234 567890\n") == "The library reopened.\n\nCall 01234 567890"
