"""Batch G of the labelled set: what rose or fell, and whether that is good news.

Written for this project. Each sentence says that a measure went up or down (or only names the
measure, or a measure with no valence). Its label comes from the measure and the direction:
costs rose -> negative, attainment rose -> positive, profits rose -> positive, waiting lists fell ->
positive, net sales decreased -> negative; naming a measure or a change in a measure without
valence (population, headcount) -> neutral. Every sentence frame is used with every kind of
measure and both directions, so no frame carries a label on its own: only the measure and the
direction do, which is what the model has to learn.

  python data/sentiment/compose_directional.py > /tmp/batch_g.jsonl   (deterministic)
"""
from __future__ import annotations

import json
import random
import sys

# (noun phrase, register group, topic). GOOD_UP: more is good news; BAD_UP: more is bad news.
GOOD_UP_COUNCIL = [
    ("attainment at key stage 2", "schools"), ("the proportion of pupils reaching the expected standard in reading", "schools"),
    ("the recycling rate", "waste"), ("the number of approved foster carers", "fostering"),
    ("council tax collection", "council-finances"), ("the share of EHC plans issued within 20 weeks", "send"),
    ("the number of affordable homes completed", "housing"), ("school attendance", "schools"),
    ("the proportion of older people still at home 91 days after leaving hospital", "adult-social-care"),
    ("resident satisfaction with the council", "governance"), ("the number of households prevented from becoming homeless", "homelessness"),
    ("the share of major planning applications decided on time", "planning"),
    ("the proportion of 999 calls answered within ten seconds", "police-fire"), ("the number of neighbourhood police officers", "police-fire"),
    ("take-up of the flu vaccine among care staff", "health"), ("the number of council apprenticeships", "workforce"),
    ("the share of local care homes rated good or outstanding", "care-homes"), ("the charge rate for burglary", "police-fire"),
    ("the percentage of streets graded clean", "waste"), ("library visits", "libraries"),
    ("the number of children adopted within a year", "childrens-social-care"), ("GCSE results in the borough", "schools"),
    ("the number of empty homes brought back into use", "housing"), ("business rates income", "council-finances"),
    ("the council's general reserves", "council-finances"), ("the proportion of repairs completed at the first visit", "housing-repairs"),
    ("the number of young people in education, employment or training", "youth-services"),
    ("the proportion of carers who say they feel supported", "adult-social-care"), ("uptake of free school meals", "schools"),
    ("the share of fire safety audits completed", "police-fire"), ("the number of people quitting smoking with council support", "health"),
    ("the proportion of new mothers breastfeeding at eight weeks", "health"), ("use of the new leisure centre", "leisure"),
    ("the number of electric vehicle charging points", "highways"), ("food waste collected for composting", "waste"),
]
BAD_UP_COUNCIL = [
    ("the cost of temporary accommodation", "temporary-accommodation"), ("demand for adult social care", "adult-social-care"),
    ("the number of households in temporary accommodation", "temporary-accommodation"),
    ("waiting times for an EHC needs assessment", "send"), ("complaints about missed bin collections", "waste"),
    ("the council's overspend", "council-finances"), ("the housing repairs backlog", "housing-repairs"),
    ("rough sleeping", "homelessness"), ("fly-tipping", "waste"), ("staff sickness absence", "workforce"),
    ("spending on agency social workers", "childrens-social-care"), ("the number of children placed out of area", "childrens-social-care"),
    ("the deficit on the high needs block", "send"), ("rent arrears", "housing"), ("emergency response times", "police-fire"),
    ("delayed discharges from hospital", "health"), ("the waiting list for social housing", "housing"),
    ("violent crime", "police-fire"), ("permanent exclusions from school", "schools"), ("compensation claims for potholes", "highways"),
    ("the vacancy rate among social workers", "workforce"), ("the time taken to decide planning applications", "planning"),
    ("the council's energy bills", "council-finances"), ("the cost of home-to-school transport", "send"),
    ("the number of people waiting for a care assessment", "adult-social-care"), ("four-hour waits in A&E", "health"),
    ("antisocial behaviour", "police-fire"), ("accidental fires in homes", "police-fire"),
    ("the number of reports of damp and mould", "damp-mould"), ("the council's debt", "council-finances"),
    ("the budget gap for next year", "council-finances"), ("the number of children in care", "looked-after-children"),
    ("the average caseload of a social worker", "childrens-social-care"), ("the number of upheld complaints", "governance"),
    ("waiting lists for child mental health services", "mental-health"), ("the number of empty council homes", "housing"),
    ("missed appointments for home care", "adult-social-care"), ("the cost of placements in independent special schools", "send"),
]
GOOD_UP_COMPANY = [
    "operating profit", "net sales", "revenue", "pre-tax profit", "earnings per share", "order intake", "comparable sales",
    "the operating margin", "net profit", "cash flow from operations", "the dividend", "like-for-like sales", "EBITDA",
    "the gross margin", "the number of subscribers", "its market share", "passenger numbers", "deliveries",
    "the order book", "underlying profit", "turnover", "exports", "net interest income", "operating income",
    "profit for the period", "sales in the Nordic countries", "online sales", "premium income",
]
BAD_UP_COMPANY = [
    "the operating loss", "the net loss", "operating costs", "net debt", "raw material costs", "impairment charges",
    "restructuring costs", "the pre-tax loss", "customer churn", "financing costs", "warranty provisions",
    "the loss per share", "credit losses", "staff costs", "the loss for the period", "energy costs", "bad debts",
]
# Measures that rise and fall without being good or bad news: the sentence is a fact.
NO_VALENCE = [
    ("the population of the district", "council"), ("the number of councillors", "council"), ("the number of wards", "council"),
    ("the number of polling stations", "council"), ("the length of the agenda", "council"), ("the size of the committee", "council"),
    ("the number of pupils on roll", "council"), ("the average age of the fleet", "council"), ("the group's headcount", "company"),
    ("the number of shares outstanding", "company"), ("the nominal value of the share", "company"),
    ("the number of members of the board", "company"), ("the number of parish councils in the area", "council"),
    ("the share of the company held by the state", "company"), ("the number of employees in Finland", "company"),
]
ORGS_COUNCIL = ["the council", "the borough", "the county council", "the authority", "the city council", "the district council",
                "the combined authority", "the fire and rescue service", "the police force", "the NHS trust", "the housing association",
                "the integrated care board"]
COMPANIES = ["Nordvik Group", "Kestrel Components", "Halvard Paper", "Aurelia Foods", "Lindberg Steel", "Marlow Engineering",
             "Tarvo Telecom", "Brightwater Utilities", "Saarinen Pulp", "Copperfield Retail", "Vasa Shipping", "Elmstead Bank",
             "Pohjola Machinery", "Greyfriars Insurance", "Kallio Software", "Fenwick Logistics", "Ostra Chemicals", "Redshaw Media"]
PEOPLE = ["Cllr Amina Patel", "Cllr Gareth Owen", "Cllr Siobhan Kerr", "Cllr David Mensah", "Cllr Rhiannon Price", "Cllr Tom Whitfield",
          "the cabinet member, Cllr Joanne Hart", "the leader, Cllr Marcus Bell", "Sarah Quinn, the director of finance",
          "the chief executive, Paul Dempsey", "the chief fire officer, Karen Lowe", "the director of adult services, Neil Carter"]
EXECS = ["chief executive Mikael Rantanen", "finance director Helen Shaw", "the chief executive, Laura Niemi",
         "CEO Jonas Berg", "chief financial officer Ravi Kapoor", "managing director Anne Holm"]
PERIODS = ["in the year to March", "over the last twelve months", "this year", "in the second quarter", "since 2021",
           "for the third year running", "in the first half", "between April and September", "last year", "compared with 2022",
           "in the quarter to June", "over the winter", "in 2023", "in the past six months"]
CO_PERIODS = ["in the third quarter", "in January-March", "in the first half of the year", "in the fourth quarter of 2023",
              "for the full year", "in the period under review", "in the second quarter", "in January-September",
              "year on year", "from the corresponding period a year earlier", "in 2024", "in the financial year"]
CURR = ["EUR", "USD", "GBP", "SEK", "£", "€"]

UP_VERBS = ["rose", "increased", "grew", "climbed", "went up", "jumped", "edged up", "rose sharply", "increased slightly",
            "was up", "surged", "doubled", "rose steadily", "has risen", "has increased", "has grown", "went on rising", "soared"]
DOWN_VERBS = ["fell", "decreased", "declined", "dropped", "went down", "slipped", "edged down", "fell sharply",
              "decreased slightly", "was down", "shrank", "halved", "fell steadily", "has fallen", "has decreased",
              "has dropped", "came down", "tumbled"]
UP_NOUNS = ["rise", "increase", "sharp rise", "steady increase", "jump", "marked increase", "small rise", "record rise", "growth"]
DOWN_NOUNS = ["fall", "decrease", "sharp fall", "steady decline", "drop", "marked reduction", "small fall", "reduction", "decline"]
UP_ADJ = ["higher", "increased", "rising", "record"]
DOWN_ADJ = ["lower", "reduced", "falling", "weaker"]


def pct(r: random.Random) -> str:
    return f"{r.choice([2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 15, 18, 21, 23, 27, 31, 40])}{r.choice(['', '.5', '.2', '.8'])}%"


def money(r: random.Random) -> str:
    cur = r.choice(CURR)
    amount = f"{r.randint(1, 480)}.{r.randint(0, 9)}"
    unit = r.choice(["mn", "million", "m", "bn"]) if cur not in ("£", "€") else r.choice(["m", "million", "bn"])
    return f"{cur}{amount}{unit}" if cur in ("£", "€") else f"{cur} {amount} {unit}"


def money_pair(r: random.Random, up: bool) -> tuple[str, str]:
    """(new, old) amounts in one currency, the new one above the old when `up`."""
    cur = r.choice(CURR)
    unit = r.choice(["mn", "million", "m"]) if cur not in ("£", "€") else r.choice(["m", "million", "mn"])
    old = r.randint(20, 4800) / 10
    new = round(old * (1 + r.choice([0.04, 0.09, 0.13, 0.2, 0.31, 0.45])) if up else old * (1 - r.choice([0.04, 0.09, 0.13, 0.2, 0.31, 0.45])), 1)

    def fmt(v: float) -> str:
        return f"{cur}{v:.1f}{unit}" if cur in ("£", "€") else f"{cur} {v:.1f} {unit}"

    return fmt(new), fmt(old)


def amount_tail(r: random.Random, company: bool, up: bool) -> str:
    k = r.random()
    if k < 0.3:
        return f" by {pct(r)}"
    if k < 0.55 and company:
        new, old = money_pair(r, up)
        return f" to {new} from {old}" if r.random() < 0.7 else f" to {new}"
    if k < 0.6 and not company:
        return f" by {pct(r)} to a {r.choice(['five', 'ten', 'seven', 'three'])}-year {'high' if up else 'low'}"
    return ""


PLURAL_HEADS = ("results", "sales", "costs", "deliveries", "exports", "arrears", "visits", "bills", "charges", "numbers",
                "losses", "provisions", "debts", "times", "exclusions", "claims", "fires", "waits", "discharges", "lists",
                "appointments", "placements", "reserves", "points")


def plural(subj: str) -> bool:
    head = subj
    for sep in (" of ", " in ", " for ", " among ", " from ", " on ", " with "):
        head = head.split(sep)[0]
    return head.split()[-1] in PLURAL_HEADS


def agree(subj: str, text: str) -> str:
    if plural(subj):
        text = text.replace(f"{subj} has ", f"{subj} have ").replace(f"{subj} is ", f"{subj} are ").replace(f"{subj} was ", f"{subj} were ")
        text = text.replace(f"{cap(subj)} has ", f"{cap(subj)} have ").replace(f"{cap(subj)} is ", f"{cap(subj)} are ").replace(f"{cap(subj)} was ", f"{cap(subj)} were ")
    return text


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def directional(r: random.Random, subj: str, up: bool, company: bool, org: str) -> str:
    return agree(subj, _directional(r, subj, up, company, org))


def _directional(r: random.Random, subj: str, up: bool, company: bool, org: str) -> str:
    verb = r.choice(UP_VERBS if up else DOWN_VERBS)
    noun = r.choice(UP_NOUNS if up else DOWN_NOUNS)
    adj = r.choice(UP_ADJ if up else DOWN_ADJ)
    period = r.choice(CO_PERIODS if company else PERIODS)
    tail = amount_tail(r, company, up)
    if verb in ("doubled", "halved"):
        tail = ""
    if "slightly" in verb or "sharply" in verb or "steadily" in verb:
        tail = "" if r.random() < 0.6 else tail
    speaker = r.choice(EXECS if company else PEOPLE)
    frame = r.randrange(14)
    if frame == 0:
        return f"{cap(subj)} {verb}{tail} {period}."
    if frame == 1:
        return f"{cap(period)}, {subj} {verb}{tail}."
    if frame == 2:
        return f"Figures published {r.choice(['on Tuesday', 'this week', 'today', 'in the annual report', 'by the government'])} show {subj} {verb}{tail} {period}."
    if frame == 3:
        return f"{cap(org)} said {subj} {verb}{tail} {period}."
    if frame == 4:
        return f"There was a {noun} in {subj} {period}{'' if r.random() < 0.5 else ', the report says'}."
    if frame == 5:
        return f"The {noun} in {subj} {period} {r.choice(['was noted by members', 'is set out in section 4', 'was reported to the board', 'was confirmed in the accounts'])}."
    if frame == 6:
        return f"{cap(subj)} {verb}{tail} {period}, according to {r.choice(['the quarterly report', 'the latest figures', 'officers', 'the interim report', 'the statement'])}."
    if frame == 7:
        return f"\"{cap(subj)} {verb}{tail} {period},\" said {speaker}."
    if frame == 8:
        return f"{cap(org)} reported a {noun} in {subj}{tail.replace(' by ', ' of ') if tail.startswith(' by ') else ''} {period}."
    if frame == 9:
        return f"{cap(subj)} {verb} again {period}{', ' + r.choice(['members heard', 'the company said', 'the report shows', 'the statement said']) if r.random() < 0.6 else ''}."
    if frame == 10:
        for head in ("the number of ", "the proportion of ", "the share of ", "the percentage of "):
            if subj.startswith(head):
                return f"{cap(org)} {r.choice(['recorded', 'reported', 'saw'])} a {'higher' if up else 'lower'} {head[4:]}{subj[len(head):]} {period}."
        if not subj.startswith("the ") and not subj.startswith("its "):
            return f"{cap(org)} {r.choice(['posted', 'recorded', 'reported', 'saw'])} {adj} {subj} {period}."
        return f"{cap(subj)} {verb}{tail} {period}."
    if frame == 11:
        return f"The {r.choice(['report', 'dashboard', 'statement', 'review', 'update'])} shows that {subj} {verb}{tail} {period}."
    if frame == 12:
        return f"{cap(period)} {subj} {verb}{tail}, {r.choice(['which', 'and this'])} {r.choice(['members noted', 'the board discussed', 'was reported in the accounts', 'was set out in the paper'])}."
    return f"Members were told that {subj} {verb}{tail} {period}." if not company else f"{cap(org)} said in a statement that {subj} {verb}{tail} {period}."


PARTICIPLE = {"rise": "risen", "increase": "increased", "grow": "grown", "go up": "gone up", "fall": "fallen",
              "decrease": "decreased", "come down": "come down", "drop": "dropped"}


def negated(r: random.Random, subj: str, up: bool, company: bool) -> str:
    return agree(subj, _negated(r, subj, up, company))


def _negated(r: random.Random, subj: str, up: bool, company: bool) -> str:
    """A direction that did NOT happen: 'costs did not rise' is good news."""
    period = r.choice(CO_PERIODS if company else PERIODS)
    verb = r.choice(["rise", "increase", "grow", "go up"] if up else ["fall", "decrease", "come down", "drop"])
    frame = r.randrange(3)
    if frame == 0:
        return f"{cap(subj)} did not {verb} {period}."
    if frame == 1:
        return f"{r.choice(['Contrary to forecasts', 'In the end', 'As it turned out', 'Against expectations'])}, {subj} did not {verb} {period}."
    return f"{cap(subj)} has not {PARTICIPLE[verb]} {period}."


def mention(r: random.Random, subj: str, company: bool, org: str) -> str:
    return agree(subj, _mention(r, subj, company, org))


def _mention(r: random.Random, subj: str, company: bool, org: str) -> str:
    """The measure named with no change and no verdict: procedure, scheduling, a definition."""
    frame = r.randrange(10)
    if frame == 0:
        return f"The committee noted the report on {subj}."
    if frame == 1:
        return f"Figures for {subj} will be published {r.choice(['in March', 'next month', 'on 14 November', 'with the annual report', 'at the end of the quarter'])}."
    if frame == 2:
        return f"Members asked how {subj} is measured and who collects the data."
    if frame == 3:
        return f"Appendix {r.choice('ABCDE')} sets out {subj} by {r.choice(['quarter', 'ward', 'month', 'region', 'business area'])}."
    if frame == 4:
        return f"{cap(org)} {r.choice(['does not', 'will not'])} report {subj} separately."
    if frame == 5:
        return f"The next update on {subj} is due {r.choice(['in the spring', 'at the September meeting', 'after the audit', 'in the interim report'])}."
    if frame == 6:
        return f"{cap(subj)} is {r.choice(['one of six indicators', 'a key performance indicator', 'among the measures', 'one of the figures'])} in the {r.choice(['corporate plan', 'annual report', 'scorecard', 'dashboard'])}."
    if frame == 7:
        return f"{cap(org)} will {r.choice(['present', 'publish', 'report'])} {subj} for {r.choice(['the year', 'the quarter', 'the half year'])} on {r.choice(['3 February', '27 April', '22 July', '28 October'])}."
    if frame == 8:
        return f"A question was asked about the definition of {subj} used in the report."
    return f"Officers explained how {subj} is calculated{r.choice(['', ' and how it compares with the national figure', ' for the purposes of the return'])}."


def main() -> None:
    r = random.Random(13)
    rows: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(text: str, label: str, topic: str, register: str) -> None:
        text = " ".join(text.split())
        if text not in seen:
            seen.add(text)
            rows.append({"text": text, "label": label, "topic": topic, "register": register})

    for subj, topic in GOOD_UP_COUNCIL + BAD_UP_COUNCIL:
        good_up = (subj, topic) in GOOD_UP_COUNCIL
        for _ in range(7):
            up = r.random() < 0.5
            org = r.choice(ORGS_COUNCIL)
            add(directional(r, subj, up, False, org), "positive" if up == good_up else "negative", topic, "council-statistics")
        up = r.random() < 0.5
        add(negated(r, subj, up, False), "negative" if up == good_up else "positive", topic, "council-statistics")
        for _ in range(2):
            add(mention(r, subj, False, r.choice(ORGS_COUNCIL)), "neutral", topic, "council-procedure")
    for subj in GOOD_UP_COMPANY + BAD_UP_COMPANY:
        good_up = subj in GOOD_UP_COMPANY
        for _ in range(12):
            up = r.random() < 0.5
            org = r.choice(COMPANIES)
            add(directional(r, subj, up, True, org), "positive" if up == good_up else "negative", "company-results", "financial-news")
        for _ in range(2):
            up = r.random() < 0.5
            add(negated(r, subj, up, True), "negative" if up == good_up else "positive", "company-results", "financial-news")
        for _ in range(4):
            add(mention(r, subj, True, r.choice(COMPANIES)), "neutral", "company-results", "financial-news")
    for subj, kind in NO_VALENCE:
        company = kind == "company"
        for _ in range(10):
            org = r.choice(COMPANIES if company else ORGS_COUNCIL)
            add(directional(r, subj, r.random() < 0.5, company, org), "neutral", "no-valence-change", "financial-news" if company else "council-statistics")
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
