"""A JSON Schema of the issue file, made from the loader's own key tables, for completion in editors."""

from __future__ import annotations

import json
from typing import Any

from bulletinpdf.load import reader as loader

# The first line of every issue file: the YAML extension of VS Code (and other editors using
# yaml-language-server) reads it and completes keys and underlines mistakes while typing.
MODELINE = "# yaml-language-server: $schema=../docs/issue.schema.json"

# What the loader requires and what it uses when a key is left out. The loader spells these inside
# its reading functions, not in constants, so they are written here once; tests/test_schema.py
# checks each entry against what the loader does with a file that leaves the key out.
REQUIRED = {
    "issue": ("title", "period", "sections"),
    "period": loader.PERIOD_KEYS,
    "section": ("heading",),
    "text_block": ("text",),
    "image_block": ("image",),
    "contact": (),
}
DEFAULTS: dict[str, Any] = {
    "language": "en",
    "level": 1,
    "style": "normal",
    "float": "right",
    "width": "50%",
    "contact.heading": loader.DEFAULT_CONTACT_HEADING,
}

# The hover text an editor shows for each key; the full story is docs/issue-format.md.
DESCRIPTIONS = {
    "title": "The title printed at the top of the first page, e.g. Highlights.",
    "period": "The quarter covered: from and to, written year-month-day.",
    "from": "The first day of the quarter, e.g. 2016-10-01.",
    "to": "The last day of the quarter, e.g. 2016-12-31.",
    "language": "The language of the text (en, fr, es, en-GB...), used to hyphenate.",
    "brand": "Another design file in assets/ (without .yaml). Normally leave it out.",
    "subject": "One line describing the issue, stored in the PDF's properties.",
    "sections": "The sections (articles), in printed order; each starts with '- heading:'.",
    "contact": "The contact box at the end of the issue.",
    "heading": "The heading, as printed.",
    "style": "notice: the whole section in a tinted box across both columns.",
    "level": "1 for a section, 2 for a sub-heading that belongs to the section before it.",
    "text": "Paragraphs of text after 'text: |'; a blank line starts a new paragraph. A list: lines starting "
            "'- ' or '1. '. A table: '| a | b |' rows, the second '|---|---|'. A '\\' at a line's end breaks it.",
    "blocks": "Text and photos mixed, in order: '- text: |' or '- image: images/...'.",
    "image": "The photo file, from inside assets/: images/2016Q4/raviac-seminar.jpg.",
    "float": "Where the photo sits: right or left of the column (text flows around it), or none.",
    "width": "How much of the column's width the photo takes: 10% to 100%.",
    "caption": "A short line printed under the photo: what, where, when.",
    "alt": "What the photo shows, for readers who cannot see it (not printed).",
    "credit": "Who took or owns the photo, e.g. \"Photo: RAVIAC\".",
    "lines": "The address, one line per '- ' item.",
    "email": "The e-mail address; it becomes a link.",
    "website": "The web address, without 'See more at:' (the layout adds it).",
    "contact.heading": "The box's heading.",
}


# The loader reads a width with its PERCENT_PATTERN, then checks 10 <= value <= 100; a pattern must say both.
PERCENT_10_TO_100 = r"^0*(?:[1-9][0-9](?:\.[0-9]+)?|100(?:\.0+)?)\s*%?$"


def _anchored(pattern: str) -> str:
    # The loader uses fullmatch; JSON Schema patterns match anywhere unless anchored.
    return f"^(?:{pattern})$"


# The loader keeps every value as the text typed, so `heading: 2017` or `caption: no` are text to it;
# editors read such values as numbers or booleans, which must not be underlined.
_SCALAR = ["string", "number", "boolean"]


def _text(key: str, *, optional: bool = True, description_key: str | None = None, **more: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"type": _SCALAR + (["null"] if optional else []),
                             "description": DESCRIPTIONS[description_key or key]}
    found.update(more)
    return found


def _closed(keys: tuple[str, ...], properties: dict[str, Any], required: tuple[str, ...]) -> dict[str, Any]:
    """An object with exactly the loader's keys: a typo is underlined as an unknown key."""
    assert set(properties) == set(keys), f"schema and loader disagree on keys: {sorted(set(properties) ^ set(keys))}"
    return {"type": "object", "properties": {key: properties[key] for key in keys},
            "required": list(required), "additionalProperties": False}


def issue_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an issue file.

    It uses only keywords that mean the same in draft-07, because the YAML extension of VS Code
    (yaml-language-server) fully supports draft-07 and only partly the later drafts."""
    date = {"type": "string", "pattern": _anchored(loader.DATE_PATTERN.pattern), "examples": ["2016-10-01"]}
    period = _closed(loader.PERIOD_KEYS, {
        "from": {**date, "description": DESCRIPTIONS["from"]},
        "to": {**date, "description": DESCRIPTIONS["to"]},
    }, REQUIRED["period"])
    text_block = _closed(loader.TEXT_BLOCK_KEYS, {
        "text": {"type": "string", "pattern": r"\S", "description": DESCRIPTIONS["text"]},
    }, REQUIRED["text_block"])
    image_block = _closed(loader.IMAGE_BLOCK_KEYS, {
        "image": _text("image", optional=False, examples=["images/2016Q4/raviac-seminar.jpg"]),
        "float": {"enum": list(loader.FLOATS), "default": DEFAULTS["float"], "description": DESCRIPTIONS["float"]},
        "width": {
            "description": DESCRIPTIONS["width"], "default": DEFAULTS["width"],
            "anyOf": [{"type": "string", "pattern": PERCENT_10_TO_100},
                      {"type": "number", "minimum": 10, "maximum": 100}],
        },
        "caption": _text("caption"),
        "alt": _text("alt"),
        "credit": _text("credit"),
    }, REQUIRED["image_block"])
    section = _closed(loader.SECTION_KEYS, {
        "heading": _text("heading", optional=False),
        "style": {"enum": list(loader.STYLES), "default": DEFAULTS["style"], "description": DESCRIPTIONS["style"]},
        "level": {"enum": [1, 2, "1", "2"], "default": DEFAULTS["level"], "description": DESCRIPTIONS["level"]},
        "text": {"type": "string", "pattern": r"\S", "description": DESCRIPTIONS["text"]},
        "blocks": {"type": "array", "minItems": 1, "description": DESCRIPTIONS["blocks"],
                   "items": {"oneOf": [{"$ref": "#/$defs/text_block"}, {"$ref": "#/$defs/image_block"}]}},
    }, REQUIRED["section"])
    # Either text or blocks, never both (the loader says which one to keep).
    section["oneOf"] = [{"required": ["text"]}, {"required": ["blocks"]}]
    contact = _closed(loader.CONTACT_KEYS, {
        "heading": _text("heading", description_key="contact.heading", default=DEFAULTS["contact.heading"]),
        "lines": {"type": ["array", "null"], "items": {"type": _SCALAR}, "description": DESCRIPTIONS["lines"]},
        "email": _text("email", pattern=_anchored(loader.EMAIL_PATTERN.pattern)),
        "website": _text("website", pattern=r"^\S*$"),
    }, REQUIRED["contact"])
    issue = _closed(loader.ISSUE_KEYS, {
        "title": _text("title", optional=False),
        "period": {"$ref": "#/$defs/period"},
        "language": _text("language", pattern=_anchored(loader.LANGUAGE_PATTERN.pattern), default=DEFAULTS["language"]),
        "brand": _text("brand", pattern=_anchored(loader.BRAND_NAME_PATTERN.pattern)),
        "subject": _text("subject"),
        "sections": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/section"},
                     "description": DESCRIPTIONS["sections"]},
        "contact": {"$ref": "#/$defs/contact"},
    }, REQUIRED["issue"])
    # Descriptions sit inside the definitions: draft-07 readers ignore keywords beside a "$ref".
    period["description"] = DESCRIPTIONS["period"]
    contact["description"] = DESCRIPTIONS["contact"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Highlights issue file",
        "description": "One issue of the Highlights bulletin (issues/QUARTER.yaml); see docs/issue-format.md.",
        **issue,
        "$defs": {"period": period, "section": section, "text_block": text_block,
                  "image_block": image_block, "contact": contact},
    }


def schema_text() -> str:
    """The schema as written to docs/issue.schema.json: stable key order, one trailing newline."""
    return json.dumps(issue_schema(), indent=2, ensure_ascii=False) + "\n"
