"""Extraction rules as data: titles, honours, words that are never names, role vocabulary.

The vocabulary lives in JSON files beside this module (`facts/data/people.json` for names,
`facts/data/roles.json` for roles), one entry per concept: `{"about": what it is for, "kind":
"words" | "map" | "list", "value": …}`. To teach the extractor a title your council uses, add the
word to `role_nouns` (the post's head noun: "clerk", "warden") or `role_modifiers` (a word before
it: "parish", "locality") in roles.json; no code changes. A directory named by the environment
variable CORPUS_SEARCH_RULES may hold more files of the same shape (`people.json`, `roles.json`):
their words are added to the built-in ones, their map entries override, their list items append.

The code in people.py and roles/ compiles these into regular expressions once, at import.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")
RULES_ENV = "CORPUS_SEARCH_RULES"


def _read(name: str) -> dict[str, Any]:
    """One rules file, with the user's additions from CORPUS_SEARCH_RULES merged in."""
    entries: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    extra_dir = os.environ.get(RULES_ENV)
    extra_path = Path(extra_dir) / name if extra_dir else None
    if extra_path is not None and extra_path.is_file():
        for key, entry in json.loads(extra_path.read_text(encoding="utf-8")).items():
            base = entries.setdefault(
                key, {"kind": entry.get("kind", "words"), "value": [] if entry.get("kind") != "map" else {}}
            )
            if base["kind"] == "map":
                base["value"] = {**base["value"], **entry["value"]}
            else:
                base["value"] = list(base["value"]) + [v for v in entry["value"] if v not in base["value"]]
    return entries


def _words(entries: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(entries[key]["value"])


def _map(entries: dict[str, Any], key: str) -> dict[str, Any]:
    return dict(entries[key]["value"])


def _list(entries: dict[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(tuple(v) if isinstance(v, list) else v for v in entries[key]["value"])


_P = _read("people.json")
_R = _read("roles.json")

# ---- titles ------------------------------------------------------------------------------
POST_TITLES: dict[str, str] = _map(_P, "post_titles")
POST_TITLE_PREFIXES = _words(_P, "post_title_prefixes")
COURTESY_TITLES = _words(_P, "courtesy_titles")
FIRST_NAME_TITLES = _words(_P, "first_name_titles")
COURTESY_GENDER: dict[str, str] = _map(_P, "courtesy_gender")
PEER_TITLES = _words(_P, "peer_titles")
TITLE_WORDS = frozenset(POST_TITLES) | COURTESY_TITLES
TITLE_FORMS: tuple[str, ...] = _list(_P, "title_forms")
EMPTY_TITLES = _words(_P, "empty_titles")

# ---- honours -------------------------------------------------------------------------------
HONOURS = _words(_P, "honours")

# ---- words that are not people -------------------------------------------------------------
NOT_PEOPLE = _words(_P, "not_people")
NOT_PEOPLE_NAMES = frozenset(n.strip() for n in _P["not_people_names"]["value"] if n.strip())
NON_NAME_WORDS = _words(_P, "non_name_words")
SURNAME_ONLY_WORDS = _words(_P, "surname_only_words")
PRONOUNS = _words(_P, "pronouns")
NAME_PARTICLES = _words(_P, "name_particles")
BYLINE_PREFIXES: tuple[str, ...] = _list(_P, "byline_prefixes")
BYLINE_NEXT_LINE = _words(_P, "byline_next_line")
CREDIT_PREFIXES: tuple[str, ...] = _list(_P, "credit_prefixes")
LIST_HEADERS: tuple[str, ...] = _list(_P, "list_headers")
CONTACT_HEADINGS: frozenset[str] = frozenset(_list(_P, "contact_headings"))
FUNCTION_WORDS = _words(_P, "function_words")

# ---- roles ---------------------------------------------------------------------------------
ROLE_NOUNS = _words(_R, "role_nouns")
WEAK_ROLE_NOUNS = _words(_R, "weak_role_nouns")
MEMBER_BODIES = _words(_R, "member_bodies")
ROLE_MODIFIERS = _words(_R, "role_modifiers")
STATUS_WORDS: dict[str, str] = _map(_R, "status_words")
STATUS_WORDS_KEPT = _words(_R, "status_words_kept")
DISTINCT_ROLE_MODIFIERS = _words(_R, "distinct_role_modifiers")
ORG_WORDS = _words(_R, "org_words")
ORG_DESCRIPTORS = _words(_R, "org_descriptors")
TITLE_COMPLEMENTS = _words(_R, "title_complements")
ROLE_STOP_WORDS = _words(_R, "role_stop_words")
APPOINT_VERBS = _words(_R, "appoint_verbs")
PREDICATE_CUES: tuple[tuple[str, str | None], ...] = _list(_R, "predicate_cues")
ROLE_VERBS: dict[str, str] = _map(_R, "role_verbs")
ROLE_VERB_BODIES = _words(_R, "role_verb_bodies")
ROLE_VERBS_PASSIVE: dict[str, str] = _map(_R, "role_verbs_passive")
ROLE_DETERMINERS = _words(_R, "role_determiners")
# Words that end an apposition's role phrase ("X, chief executive of Y, said"): verbs and
# clause words; punctuation ends one too.
APPOSITION_ENDS = ROLE_STOP_WORDS - frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "for",
        "at",
        "in",
        "on",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "per",
        "via",
        "to",
        "into",
        "by",
        "with",
        "from",
    ]
)
TIME_WORDS = _words(_R, "time_words")
PARTY_WORDS = _words(_R, "party_words")
NO_ORG_FALLBACK = _words(_R, "no_org_fallback")

# ---- evidence that a name is not a person ---------------------------------------------------
DESCRIPTOR_WORDS = _words(_P, "descriptor_words")
SAINT_WORDS = _words(_P, "saint_words")
PERSON_DEMONYMS = _words(_P, "person_demonyms")
THING_NOUNS = _words(_P, "thing_nouns")
NAMING_WORDS = _words(_P, "naming_words")
NAMED_THING_HEADS = _words(_P, "named_thing_heads")
PERSON_NOUNS = _words(_P, "person_nouns")
TABLE_NAME_HEADERS = _words(_P, "table_name_headers")
LINEUP_LABELS: tuple[str, ...] = _list(_P, "lineup_labels")
SCORE_LABELS: tuple[str, ...] = _list(_P, "score_labels")
FIRM_POSTS = _words(_P, "firm_posts")
LOOSE_DESCRIPTORS = _words(_P, "loose_descriptors")
FIRM_SUFFIXES = _words(_P, "firm_suffixes")
BODY_NOUNS = _words(_P, "body_nouns")
FIRM_POSSESSIONS: tuple[str, ...] = _list(_P, "firm_possessions")
NON_PERSON_LABELS = _words(_P, "non_person_labels")
COUNCIL_TIERS = _words(_R, "council_tiers")
PARTY_GROUP_WORDS = _words(_R, "party_group_words")
CONSTITUENCY_ROLES = _words(_R, "constituency_roles")
LIST_HEADER_POSTS: dict[str, str] = _map(_R, "list_header_posts")
