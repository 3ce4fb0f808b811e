"""The OpenAPI 3 description served at /api/openapi.json (written by hand; shapes per CONTRACT.md)."""
from __future__ import annotations

from typing import Any

from corpus_search import __version__


def _q(name: str, description: str, schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


_STR = {"type": "string"}
_NULLSTR = {"type": "string", "nullable": True}
_ERROR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_ERRORS = {"400": _ERROR, "401": _ERROR, "503": _ERROR}
_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}


def _json(ref: str) -> dict[str, Any]:
    return {"description": "OK", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


_JSONL = {"description": "JSON lines, one object a line", "content": {"application/x-ndjson": {"schema": _STR}}}

OPENAPI: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "corpus-search",
        "version": __version__,
        "description": "Search a pile of public documents and the facts pulled out of them. "
        "The JSON shapes are those of `corpus-search ... --json`.",
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": _STR}},
            "Hit": {
                "type": "object",
                "required": ["doc_id", "title", "date", "doc_type", "sentiment", "score", "snippet"],
                "properties": {
                    "doc_id": _STR,
                    "title": _STR,
                    "date": _NULLSTR,
                    "doc_type": _STR,
                    "sentiment": _NULLSTR,
                    "score": {"type": "number"},
                    "snippet": _STR,
                },
            },
            "Search": {
                "type": "object",
                "required": ["query", "total", "results"],
                "properties": {
                    "query": _STR,
                    "total": {"type": "integer"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                    "facets": {
                        "type": "object",
                        "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}},
                    },
                },
            },
            "Person": {
                "type": "object",
                "required": ["name", "aliases", "honours", "roles", "documents", "related"],
                "properties": {
                    "name": _STR,
                    "aliases": {"type": "array", "items": _STR},
                    "honours": {"type": "array", "items": _STR},
                    "roles": {"type": "array", "items": {"type": "object"}},
                    "documents": {"type": "array", "items": {"type": "object"}},
                    "related": {"type": "array", "items": {"type": "object"}},
                },
            },
            "Document": {
                "type": "object",
                "required": ["doc_id", "title", "text", "facts"],
                "properties": {
                    "doc_id": _STR,
                    "title": _STR,
                    "date": _NULLSTR,
                    "doc_type": _STR,
                    "text": _STR,
                    "facts": {"type": "object"},
                },
            },
            "Status": {
                "type": "object",
                "required": ["documents", "by_type", "by_year", "facts", "failed"],
                "properties": {
                    "documents": {"type": "integer"},
                    "by_type": {"type": "object"},
                    "by_year": {"type": "object"},
                    "facts": {"type": "object"},
                    "failed": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
    },
    "security": [{}, {"bearer": []}],
    "paths": {
        "/api/search": {
            "get": {
                "summary": "Ranked full-text search with snippets and facet counts",
                "parameters": [
                    _q("q", "the query", {"type": "string", "minLength": 1}, required=True),
                    _q("limit", "how many results", {"type": "integer", "minimum": 0, "maximum": 1000}),
                    _q("offset", "skip this many results", {"type": "integer", "minimum": 0}),
                    _q("sort", "relevance or date", {"type": "string", "enum": ["relevance", "date"]}),
                    _q(
                        "type",
                        "document type",
                        {"type": "string", "enum": ["press_release", "minutes", "news", "other"]},
                    ),
                    _q("since", "from this date on", _DATE),
                    _q("until", "up to this date, inclusive", _DATE),
                    _q("sentiment", "document label", {"type": "string", "enum": ["positive", "negative", "neutral"]}),
                    _q("person", "documents mentioning this person", _STR),
                    _q("org", "documents of this organisation", _STR),
                    _q("all", "require every word", {"type": "boolean"}),
                ],
                "responses": {"200": _json("Search"), **_ERRORS, "404": _ERROR, "501": _ERROR},
            }
        },
        "/api/similar/{doc_id}": {
            "get": {
                "summary": "The documents most like one",
                "parameters": [
                    {"name": "doc_id", "in": "path", "required": True, "schema": _STR},
                    _q("limit", "how many results", {"type": "integer", "minimum": 0, "maximum": 1000}),
                ],
                "responses": {"200": _json("Search"), **_ERRORS, "404": _ERROR, "501": _ERROR},
            }
        },
        "/api/who": {
            "get": {
                "summary": "A person's profile",
                "parameters": [
                    _q("name", "full name, surname or alias", {"type": "string", "minLength": 1}, required=True)
                ],
                "responses": {"200": _json("Person"), **_ERRORS, "404": _ERROR},
            }
        },
        "/api/documents/{doc_id}": {
            "get": {
                "summary": "A document: cleaned text, metadata and facts (the `show --json` shape)",
                "parameters": [{"name": "doc_id", "in": "path", "required": True, "schema": _STR}],
                "responses": {"200": _json("Document"), **_ERRORS, "404": _ERROR},
            }
        },
        "/api/status": {"get": {"summary": "What the index holds", "responses": {"200": _json("Status"), **_ERRORS}}},
        "/api/report": {
            "get": {
                "summary": "Every extracted fact as JSON lines",
                "parameters": [
                    _q(
                        "kind",
                        "which facts",
                        {
                            "type": "string",
                            "enum": [
                                "all",
                                "people",
                                "roles",
                                "dates",
                                "money",
                                "judgements",
                                "documents",
                                "sentences",
                            ],
                        },
                    )
                ],
                "responses": {"200": _JSONL, **_ERRORS},
            }
        },
        "/api/classify": {
            "post": {
                "summary": "Judgement sentiment of each line of the body",
                "requestBody": {"required": True, "content": {"text/plain": {"schema": _STR}}},
                "responses": {"200": _JSONL, "400": _ERROR, "401": _ERROR, "413": _ERROR},
            }
        },
        "/api/openapi.json": {
            "get": {"summary": "This description", "responses": {"200": {"description": "OpenAPI 3"}}}
        },
    },
}
