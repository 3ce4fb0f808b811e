"""The query language, parsed into a small tree any engine can compile.

Plain words are optional (ranking does the work); explicit syntax is strict: "quoted phrases",
AND, OR, NOT / -word, +word and field:value. Punctuation among plain words (a pasted sentence
with brackets, a plus sign alone, a trailing colon) is just punctuation: brackets only group
when the query uses AND / OR / NOT, and only explicit syntax that cannot be parsed is an error.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from corpus_search.errors import UsageError
from corpus_search.search.analysis import fold_char_text

MAX_QUERY_CHARS = 5000
MAX_CLAUSES = 64
TEXT_FIELDS = ("title", "body", "org")
EXACT_FIELDS = ("doc_type", "year", "sentiment", "doc_id", "people")
FIELD_ALIASES = {"type": "doc_type", "organisation": "org", "organization": "org", "person": "people"}
OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class Words:
    """Plain words (or a field's words); `phrase` if they were quoted."""

    text: str
    field: str | None = None
    phrase: bool = False
    analysed: bool = False  # `text` is already an index term (more-like-this queries)


@dataclass
class Clause:
    node: Node
    occur: str = "should"  # should | must | not


@dataclass
class Group:
    """Clauses side by side: `must` ones required, `not` ones excluded, `should` ones optional
    (at least one of them required when nothing is `must`)."""

    clauses: list[Clause] = field(default_factory=list)


@dataclass
class AnyOf:
    options: list[Node]


@dataclass
class AllOf:
    parts: list[Node]


Node = Words | Group | AnyOf | AllOf


@dataclass
class Parsed:
    tree: Group
    explicit: bool  # the query used operators, quotes, +/- or fields
    plain: list[str]  # the plain words, in order (for proximity, messages, name expansion)


_LEX = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+|"')
_FIELD = re.compile(r"^([A-Za-z_]+):(.+)$")


def _field_name(name: str) -> str | None:
    name = FIELD_ALIASES.get(name.lower(), name.lower())
    return name if name in TEXT_FIELDS or name in EXACT_FIELDS else None


def parse(query: str, require_all: bool = False) -> Parsed:
    """Parse a user query; raise UsageError only for explicit syntax that cannot be parsed."""
    if len(query) > MAX_QUERY_CHARS:
        raise UsageError(f"query too long ({len(query):,} characters; at most {MAX_QUERY_CHARS:,})")
    query = fold_char_text(query)
    if not query.strip():
        raise UsageError("empty query: give some words to search for")
    if query.count('"') % 2:
        raise UsageError('malformed query: unbalanced quote (")')
    raw = _LEX.findall(query)
    boolean = any(t in OPERATORS for t in raw)
    explicit = boolean or any(t.startswith('"') or (t[:1] in "+-" and len(t) > 1 and t[1] not in "+-") for t in raw)
    tokens: list[str] = []
    for tok in raw:
        if tok in ("(", ")") and not boolean:
            continue  # stray brackets in a pasted sentence
        match = _FIELD.match(tok)
        if match and _field_name(match.group(1)):
            explicit = True
        tokens.append(tok)
    if boolean:
        _check_boolean(tokens, query)
    parser = _Parser(tokens, require_all)
    tree = parser.query()
    return Parsed(tree=tree, explicit=explicit, plain=parser.plain)


def _check_boolean(tokens: list[str], query: str) -> None:
    depth = 0
    for tok in tokens:
        depth += {"(": 1, ")": -1}.get(tok, 0)
        if depth < 0:
            break
    if depth != 0:
        raise UsageError("malformed query: unbalanced parentheses")
    words = [t for t in tokens if t not in ("(", ")")]
    if not words or words[0] in ("AND", "OR") or words[-1] in OPERATORS:
        raise UsageError(f"malformed query: {query!r} starts or ends with an operator")
    for a, b in itertools.pairwise(tokens):
        if (a in ("AND", "OR") and b in ("AND", "OR", ")")) or (a == "(" and b in ("AND", "OR")):
            raise UsageError(f"malformed query: {a} {b} in {query!r}")


class _Parser:
    """query := group (OR group)* ; group := conj+ ; conj := unary (AND unary)* ;
    unary := NOT unary | +atom | -atom | atom ; atom := word | "phrase" | field:value | ( query )."""

    def __init__(self, tokens: list[str], require_all: bool) -> None:
        self.tokens = tokens
        self.i = 0
        self.require_all = require_all
        self.plain: list[str] = []
        self.negated = 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def query(self) -> Group:
        groups = [self.group()]
        while self.peek() == "OR":
            self.take()
            groups.append(self.group())
        groups = [g for g in groups if g.clauses]
        if len(groups) == 1:
            return groups[0]
        return Group([Clause(AnyOf(list(groups)), "must")])

    def group(self) -> Group:
        group = Group()
        while self.peek() not in (None, "OR", ")"):
            clause = self.conj()
            if clause is not None:
                group.clauses.append(clause)
        return group

    def conj(self) -> Clause | None:
        first = self.unary()
        parts = [first]
        while self.peek() == "AND":
            self.take()
            if self.peek() in (None, "OR", ")"):
                break
            parts.append(self.unary())
        found = [p for p in parts if p is not None]
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        return Clause(AllOf([_as_node(p) for p in found]), "must")

    def unary(self) -> Clause | None:
        tok = self.peek()
        if tok is None:
            return None
        if tok == "NOT":
            self.take()
            self.negated += 1
            inner = self.unary()
            self.negated -= 1
            if inner is None:
                return None
            if inner.occur == "not":  # NOT NOT x: x, required
                return Clause(inner.node, "must")
            return Clause(_as_node(inner), "not")
        if tok in ("AND",):  # a stray AND (e.g. after NOT): skip it
            self.take()
            return None
        if tok == "(":
            self.take()
            sub = self.query()
            if self.peek() == ")":
                self.take()
            return Clause(sub, "must" if self.require_all else "should") if sub.clauses else None
        tok = self.take()
        if tok == ")":
            return None
        occur = "must" if self.require_all else "should"
        if len(tok) > 1 and tok[0] in "+-" and tok[1] not in "+-":
            occur = "must" if tok[0] == "+" else "not"
            tok = tok[1:]
        node = self.atom(tok, "not" if self.negated else occur)
        return Clause(node, occur) if node is not None else None

    def atom(self, tok: str, occur: str) -> Node | None:
        match = _FIELD.match(tok)
        if match and _field_name(match.group(1)):
            name = _field_name(match.group(1))
            value = match.group(2)
            phrase = value.startswith('"')
            return Words(value.strip('"'), field=name, phrase=phrase)
        if tok.startswith('"'):
            text = tok.strip('"')
            if occur == "should":
                self.plain.extend(text.split())
            return Words(text, phrase=True) if text.strip() else None
        if occur != "not":
            self.plain.append(tok)
        return Words(tok)


def _as_node(clause: Clause) -> Node:
    """A clause used inside AND / NOT: its own occur no longer matters (an inner -x is NOT x)."""
    if clause.occur == "not":
        return Group([clause])
    return clause.node
