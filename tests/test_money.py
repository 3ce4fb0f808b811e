"""Rule-based money mentions: shapes, never-money, purposes, the seed documents and properties."""
from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_search.facts.money import MoneyMention, find_money, normalise_money

SHARED = Path(__file__).resolve().parents[2] / "shared"
# The seed documents ship in corpus/; their gold lives beside the checkout (../shared), when it is there.
SEEDS = Path(__file__).resolve().parents[1] / "corpus"
MONEY_GOLD = SHARED / "eval" / "seeds" / "money.json"
GOLD_MONEY = json.loads(MONEY_GOLD.read_text()) if MONEY_GOLD.exists() else {}


@pytest.mark.parametrize(
    "expr, value, currency",
    [
        ("£2.3 million", 2_300_000, "GBP"),
        ("£2.3m", 2_300_000, "GBP"),
        ("£2.3 m", 2_300_000, "GBP"),
        ("£2.3M", 2_300_000, "GBP"),
        ("£2.3million", 2_300_000, "GBP"),
        ("£1,524k", 1_524_000, "GBP"),
        ("£30k", 30_000, "GBP"),
        ("£112,998", 112_998, "GBP"),
        ("£112,998.50", 112_998.5, "GBP"),
        ("£850,000", 850_000, "GBP"),
        ("£ 400", 400, "GBP"),
        ("50p", 0.5, "GBP"),
        ("12.5p", 0.125, "GBP"),
        ("50 pence", 0.5, "GBP"),
        ("£5bn", 5e9, "GBP"),
        ("£1.2 billion", 1.2e9, "GBP"),
        ("£1.2bn", 1.2e9, "GBP"),
        ("2.3 million pounds", 2_300_000, "GBP"),
        ("10 pounds sterling", 10, "GBP"),
        ("GBP 2,000", 2_000, "GBP"),
        ("2,000 GBP", 2_000, "GBP"),
        ("400 mln stg", 400e6, "GBP"),
        ("Up to £2.3 million", 2_300_000, "GBP"),
        ("$5bn", 5e9, "USD"),
        ("US$4m", 4e6, "USD"),
        ("€3m", 3e6, "EUR"),
        ("3m euros", 3e6, "EUR"),
        ("EUR 3,000", 3_000, "EUR"),
        ("5.93 mln dlrs", 5.93e6, "USD"),
        ("1,750 dlrs", 1_750, "USD"),
        ("10 mln Canadian dlrs", 10e6, "CAD"),
        ("1.4 BILLION DLR", 1.4e9, "USD"),
        ("50 cts", 0.5, "USD"),
        ("80,000 yen", 80_000, "JPY"),
        ("10 mln marks", 10e6, "DEM"),
        ("A$20m", 20e6, "AUD"),
    ],
)
def test_normalise_money_shapes(expr: str, value: float, currency: str) -> None:
    got = normalise_money(expr)
    assert got is not None, expr
    assert got[1] == currency
    assert round(got[0], 2) == round(value, 2)


@pytest.mark.parametrize(
    "text",
    [
        "PDF 337 KB", "020 8461 7911", "Item 78", "Report CS17130", "93% of the 200 actions", "45%", "2,000",
        "50 people", "2pm", "1080p video", "in 2016", "21/03/2017", "2016 marks the anniversary",
        "3/4 cent", "1-1/4 cents", "100 pounds of cocaine", "the 2.3 million residents", "",
    ],
)
def test_never_money(text: str) -> None:
    assert find_money(text) == []
    assert normalise_money(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("£2m-£3m", [("£2m", 2e6), ("£3m", 3e6)]),
        ("between £2m and £3m", [("£2m", 2e6), ("£3m", 3e6)]),
        ("£2-3m", [("£2-3m", 2e6)]),  # one range: see test_money_as_written for its end_value
        ("£2 to £3 million", [("£2 to £3 million", 2e6)]),
        ("$1.13bn (£600m)", [("$1.13bn", 1.13e9), ("£600m", 6e8)]),
        ("£5 and 3 million people", [("£5", 5)]),
    ],
)
def test_ranges_and_pairs(text: str, expected: list) -> None:
    assert [(m.text, m.value) for m in find_money(text)] == expected


@pytest.mark.parametrize(
    "sentence, purpose",
    [
        (("Up to £2.3 million was agreed by the council from contingency funds to be used as necessary "
         "to deliver the Improvement Plan and will support strengthening management."),
         "to deliver the Improvement Plan"),
        ("The Executive agreed an additional £2.3m of funding for the action plan.", "for the action plan"),
        ("The council will spend £5m on new roads over the next three years.", "on new roads"),
        ("A £2m fund to support small businesses was launched.", "to support small businesses"),
        ("The highways budget of £12.5m was approved.", "highways budget"),
        ("The council will invest £3m in new school places.", "in new school places"),
        ("It received a £1.5m flood defence scheme.", "flood defence scheme"),
        ("They raised £20,000 towards the cost of a new minibus, which was great.",
         "towards the cost of a new minibus"),
        ("The trust hopes to raise $32m (£17m) to pay for a fifth series.", "to pay for a fifth series"),
        ("He paid £50 for the year.", None),
        ("Profits rose to £600m for the three months to December.", None),
        ("The council holds reserves of £40m.", None),
        ("It was £37.5bn, as announced by the Office for National Statistics.", None),
    ],
)
def test_purpose(sentence: str, purpose: str | None) -> None:
    [first, *_] = find_money(sentence)
    assert first.purpose == purpose


def test_purpose_is_short_and_from_the_same_sentence() -> None:
    text = ("The council agreed £4m. It will be used to deliver a very long list of many different "
            "things across every single part of the whole of the borough and beyond.")
    [m] = find_money(text)
    assert m.purpose is None
    long = "The council agreed £4m to deliver " + " ".join(["new"] * 30) + " homes."
    [m] = find_money(long)
    assert m.purpose is not None and len(m.purpose.split()) <= 12


def test_offsets_and_curly_text() -> None:
    text = "Cllr Evans said: “We have agreed £2.3m\u00a0for the plan” – and 50p more."
    found = find_money(text)
    assert [(m.text, m.value, m.currency) for m in found] == [("£2.3m", 2.3e6, "GBP"), ("50p", 0.5, "GBP")]
    for m in found:
        assert text[m.start:m.end] == m.text


def test_mention_is_frozen() -> None:
    m = MoneyMention("£1", 0, 2, 1.0, "GBP", None)
    with pytest.raises(AttributeError):
        m.value = 2.0  # type: ignore[misc]


# --- the seed documents ----------------------------------------------------------------------

def gold_money() -> dict:
    return GOLD_MONEY


@pytest.mark.skipif(not GOLD_MONEY, reason="the seeds' gold (../shared/eval) is not beside this checkout")
@pytest.mark.parametrize("doc", sorted(GOLD_MONEY) or ["000_6c236a2a44f5c600.txt"])
def test_seed_values_match_gold_exactly(doc: str) -> None:
    text = (SEEDS / doc).read_text(encoding="utf-8")
    found = find_money(text)
    predicted = {round(m.value, 2) for m in found if m.currency == "GBP"}
    gold = {round(float(e["value_gbp"]), 2) for e in gold_money()[doc]}
    assert predicted == gold
    assert [m.text for m in found] == [e["text"] for e in gold_money()[doc]]


def test_seed_purposes() -> None:
    text = (SEEDS / "000_6c236a2a44f5c600.txt").read_text(encoding="utf-8")
    [m] = find_money(text)
    assert m.purpose == "to deliver the Improvement Plan"


# --- properties ------------------------------------------------------------------------------

MAGNITUDES = {"": 1, "k": 10**3, "m": 10**6, " m": 10**6, " million": 10**6, "million": 10**6, "mn": 10**6,
              "bn": 10**9, " billion": 10**9, " thousand": 10**3}
SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR", "US$": "USD", "GBP ": "GBP"}


def grouped(n: int) -> str:
    return f"{n:,}"


@settings(max_examples=400)
@given(
    whole=st.integers(0, 999_999_999),
    cents=st.none() | st.integers(0, 99),
    mag=st.sampled_from(sorted(MAGNITUDES)),
    sym=st.sampled_from(sorted(SYMBOLS)),
    commas=st.booleans(),
)
def test_rendered_amounts_normalise(whole: int, cents: int | None, mag: str, sym: str, commas: bool) -> None:
    number = grouped(whole) if commas else str(whole)
    if cents is not None:
        number += f".{cents:02d}"
    expr = f"{sym}{number}{mag}"
    expected = float(Decimal(number.replace(",", "")) * MAGNITUDES[mag])
    got = normalise_money(expr)
    assert got is not None, expr
    assert got[1] == SYMBOLS[sym]
    assert math.isclose(got[0], expected, rel_tol=1e-6, abs_tol=1e-9), expr
    [m] = find_money(f"The council agreed {expr} for the plan.")
    assert m.text == expr


@settings(max_examples=200)
@given(whole=st.integers(1, 99_999), frac=st.integers(0, 99),
       unit=st.sampled_from([("mln dlrs", 10**6, "USD"), ("billion dlrs", 10**9, "USD"), ("mln stg", 10**6, "GBP"),
                             ("million pounds", 10**6, "GBP"), ("dlrs", 1, "USD"), ("pence", 0.01, "GBP")]))
def test_word_currencies_normalise(whole: int, frac: int, unit: tuple) -> None:
    words, scale, currency = unit
    expr = f"{whole}.{frac:02d} {words}"
    got = normalise_money(expr)
    assert got is not None, expr
    assert got[1] == currency
    assert math.isclose(got[0], (whole + frac / 100) * scale, rel_tol=1e-6)


@settings(max_examples=500)
@given(text=st.text())
def test_find_money_never_raises_on_any_text(text: str) -> None:
    last_end = 0
    for m in find_money(text):
        assert text[m.start:m.end] == m.text
        assert m.start >= last_end
        last_end = m.end


MONEYISH = st.sampled_from(["£", "$", "€", "US$", "1", "23", ",", "000", ".", "5", "m", "bn", " ", "million",
                            "k", "p", "-", "to", "and", "for", "the", "plan", "(", ")", "mln", "dlrs", "stg",
                            "\n", "\u00a0", "on", "budget", "of", "pence", "%"])


@settings(max_examples=500)
@given(parts=st.lists(MONEYISH, max_size=25))
def test_find_money_spans_on_money_like_text(parts: list[str]) -> None:
    text = "".join(parts)
    last_end = 0
    for m in find_money(text):
        assert text[m.start:m.end] == m.text
        assert m.start >= last_end
        negative = m.text.startswith("-") or text[m.start - 1:m.start] == "(" or m.text.startswith("(")
        assert m.value >= 0 or negative
        assert m.currency.isupper() and len(m.currency) == 3
        assert m.end_value is None or abs(m.end_value) > 0
        assert m.purpose is None or len(m.purpose.split()) <= 12
        last_end = m.end


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The scheme will cost c£77m over ten years.", [("c£77m", 77e6, "GBP", None, "circa")]),
        ("The gap is −£20.8m this year.", [("−£20.8m", -20.8e6, "GBP", None, None)]),
        ("The gap is -£20.8m this year.", [("-£20.8m", -20.8e6, "GBP", None, None)]),
        ("Merlin Waste - £30 paid.", [("£30", 30.0, "GBP", None, None)]),  # a dash, not a minus
        ("Net position | (£1.2m) | £3m", [("£1.2m", -1.2e6, "GBP", None, None), ("£3m", 3e6, "GBP", None, None)]),
        ("Income was $32m (£17m) last year.", [("$32m", 32e6, "USD", None, None), ("£17m", 17e6, "GBP", None, None)]),
        ("replacing the frame would cost £2,500-3,000.", [("£2,500-3,000", 2500.0, "GBP", 3000.0, None)]),
        ("between £2,500 to £3,000 a year", [("£2,500 to £3,000", 2500.0, "GBP", 3000.0, None)]),
        ("£2-3m", [("£2-3m", 2e6, "GBP", 3e6, None)]),
        ("a grant of €5m and a $3bn loan", [("€5m", 5e6, "EUR", None, None), ("$3bn", 3e9, "USD", None, None)]),
    ],
)
def test_money_as_written(text: str, expected: list) -> None:
    assert [(m.text, m.value, m.currency, m.end_value, m.note) for m in find_money(text)] == expected


@pytest.mark.parametrize(
    "table",
    [
        # one row a line, cells separated by " | " (or tabs) ...
        "Payments\nPayee | Detail | Total £s | VAT\nA. Smith | Salary | 132.69 | 0.0\nKompan | Inspection | 107.06 | 17.84\n"
        "The clerk reported that all the payments listed above had been approved by the council tonight as usual.",
        "Payee\tDetail\tTotal £s\tVAT\nA. Smith\tSalary\t132.69\t0.0\nKompan\tInspection\t107.06\t17.84\n",
        # ... or one cell a line, as a PDF's text layer gives it
        "Payee\n\nDetail\n\nTotal £s\n\nVAT\n\nA. Smith\n\nSalary\n\n132.69\n\nKompan\n\nInspection\n\n107.06\n\n17.84\n\n"
        "Mobile : 07989 398 838\n\nThe clerk reported that all the payments listed above had been approved by the council as usual 12.50.",
    ],
)
def test_table_column_amounts(table: str) -> None:
    values = [m.value for m in find_money(table)]
    assert [v for v in values if v] == [132.69, 107.06, 17.84]


def test_table_thousands_column_and_accounts_negatives() -> None:
    table = "Budget line | 2024/25 £000\nStaff | 1,234\nIncome | (56)\n"
    assert [(m.text, m.value) for m in find_money(table)] == [("1,234", 1_234_000.0), ("(56)", -56_000.0)]


def test_bare_numbers_outside_a_currency_table_are_not_money() -> None:
    assert find_money("Item | Count\nBins | 132.69\nVotes were 12.50 and 2024") == []


@settings(max_examples=300)
@given(pounds=st.integers(min_value=1, max_value=10**7), pence=st.integers(min_value=0, max_value=99),
       circa=st.booleans(), minus=st.sampled_from(["", "-", "−"]))
def test_written_amount_round_trips(pounds: int, pence: int, circa: bool, minus: str) -> None:
    written = f"{pounds:,}.{pence:02d}"
    text = f"It cost {'c' if circa and not minus else ''}{minus}£{written} in all."
    found = find_money(text)
    assert len(found) == 1
    expected = (pounds + pence / 100) * (-1 if minus else 1)
    assert found[0].value == pytest.approx(expected)
    assert found[0].note == ("circa" if circa and not minus else None)


@settings(max_examples=300)
@given(low=st.integers(min_value=1, max_value=9999), step=st.integers(min_value=1, max_value=9999),
       sep=st.sampled_from(["-", "–", " to ", " - "]))
def test_ranges_round_trip(low: int, step: int, sep: str) -> None:
    high = low + step
    found = find_money(f"The work will cost £{low:,}{sep}{high:,} next year.")
    assert [(m.value, m.end_value) for m in found] == [(float(low), float(high))]
