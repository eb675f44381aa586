"""The issue JSON Schema: committed copy up to date, every documented example and issue file valid, and
the schema agreeing with the loader on keys, required keys, defaults and what is a mistake."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml
from PIL import Image

from bulletinpdf.load.reader import load_issue
from bulletinpdf.load.schema import DEFAULTS, MODELINE, REQUIRED, issue_schema, schema_text

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "issue-format.md"
COMMITTED = REPO / "docs" / "issue.schema.json"


class EditorLoader(yaml.SafeLoader):
    """Reads YAML the way yaml-language-server does (YAML 1.2 core): dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_load(text: str):
    return yaml.load(text, Loader=EditorLoader)  # noqa: S506 - a SafeLoader subclass


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(issue_schema())


def test_committed_schema_is_up_to_date():
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "docs/issue.schema.json is out of date: run `.venv/bin/bulletinpdf schema --out docs/issue.schema.json`")


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(issue_schema())
    assert issue_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_means_the_same_to_a_draft_07_reader():
    # VS Code's YAML extension validates with draft-07; the same documents must pass and fail there.
    draft7 = {**issue_schema(), "$schema": "http://json-schema.org/draft-07/schema#"}
    jsonschema.Draft7Validator.check_schema(draft7)
    for path in sorted((REPO / "issues").glob("*.yaml")):
        assert jsonschema.Draft7Validator(draft7).is_valid(editor_load(path.read_text(encoding="utf-8")))
    for before, after in MISTAKES.values():
        assert not jsonschema.Draft7Validator(draft7).is_valid(editor_load(MINIMAL.replace(before, after, 1)))
    for before, after in ACCEPTED.values():
        assert jsonschema.Draft7Validator(draft7).is_valid(editor_load(MINIMAL.replace(before, after, 1)))
    refs_with_siblings = re.findall(r'"\$ref": "[^"]*",\s*"', schema_text())
    assert refs_with_siblings == []


@pytest.mark.parametrize("path", sorted((REPO / "issues").glob("*.yaml")), ids=lambda p: p.name)
def test_every_issue_file_validates_and_names_the_schema(path: Path):
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    errors = [error.message for error in validator().iter_errors(editor_load(text))]
    assert errors == []


def doc_examples() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_docs_have_yaml_examples():
    assert len(doc_examples()) >= 3


@pytest.mark.parametrize("example", doc_examples(), ids=lambda text: text.strip().splitlines()[0][:40])
def test_every_example_in_the_docs_validates(example: str):
    data = editor_load(textwrap.dedent(example))
    schema = issue_schema()
    if isinstance(data, dict) and "title" in data:
        assert [e.message for e in validator().iter_errors(data)] == []
        return
    # A fragment (a few lines of a section or a block) must be valid as one of the parts it shows.
    parts = data if isinstance(data, list) else [data]
    for part in parts:
        fits = [name for name in schema["$defs"]
                if jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"}).is_valid(part)]
        assert fits, f"{part!r} fits no part of the schema"


# --- the schema and the loader agree ---------------------------------------------------------------

MINIMAL = """\
title: Highlights
period:
  from: 2016-10-01
  to: 2016-12-31
language: en
sections:
  - heading: Universalization
    style: normal
    level: 1
    text: |
      Some text.
  - heading: Photos
    blocks:
      - image: images/2016Q4/photo.png
        float: right
        width: 50%
        caption: A caption
      - text: More text.
contact:
  heading: Contact details
  lines:
    - ISU-CCM
  email: info@clusterconvention.org
  website: www.clusterconvention.org
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "issues").mkdir()
    (tmp_path / "assets" / "images" / "2016Q4").mkdir(parents=True)
    Image.new("RGB", (40, 30), "grey").save(tmp_path / "assets" / "images" / "2016Q4" / "photo.png")
    return tmp_path


def load_both(project: Path, text: str):
    """The loader's verdict and the schema's verdict on the same text."""
    path = project / "issues" / "2016Q4.yaml"
    path.write_text(text, encoding="utf-8")
    issue, diagnostics = load_issue(path)
    errors = [d for d in diagnostics if d.is_error]
    return issue, errors, validator().is_valid(editor_load(text))


def without_line(text: str, starts: str) -> str:
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.strip().startswith(starts))
    return "".join(lines[:index] + lines[index + 1:])


def test_minimal_issue_is_valid_for_both(project: Path):
    issue, errors, valid = load_both(project, MINIMAL)
    assert errors == [] and issue is not None and valid


@pytest.mark.parametrize("key", REQUIRED["issue"])
def test_required_top_level_keys(project: Path, key: str):
    text = {"title": without_line(MINIMAL, "title:"),
            "period": MINIMAL.replace("period:\n  from: 2016-10-01\n  to: 2016-12-31\n", ""),
            "sections": MINIMAL.split("sections:")[0] + "contact:" + MINIMAL.split("contact:")[1]}[key]
    _, errors, valid = load_both(project, text)
    assert any(f"has no '{key}'" in e.message for e in errors)
    assert not valid


@pytest.mark.parametrize("key", REQUIRED["period"])
def test_required_period_keys(project: Path, key: str):
    _, errors, valid = load_both(project, without_line(MINIMAL, f"{key}:"))
    assert any(f"has no '{key}'" in e.message for e in errors) and not valid


def test_required_heading(project: Path):
    _, errors, valid = load_both(project, without_line(MINIMAL, "- heading: Universalization").replace(
        "    style: normal", "  - style: normal"))
    assert any("has no 'heading'" in e.message for e in errors) and not valid


def test_defaults_are_what_the_loader_uses(project: Path):
    text = MINIMAL
    for starts in ("language:", "style:", "level:", "float:", "width:", "heading: Contact"):
        text = without_line(text, starts)
    issue, errors, valid = load_both(project, text)
    assert errors == [] and valid
    section, photos = issue.sections
    image = photos.blocks[0]
    assert issue.language == DEFAULTS["language"]
    assert section.level == DEFAULTS["level"]
    assert section.style == DEFAULTS["style"]
    assert image.float == DEFAULTS["float"]
    assert image.width == float(DEFAULTS["width"].rstrip("%")) / 100
    assert issue.contact.heading == DEFAULTS["contact.heading"]


# Each change makes a mistake the loader reports; the schema must reject it too (underlined in the editor).
MISTAKES = {
    "unknown key": ("caption: A caption", "captoin: A caption"),
    "unknown style": ("style: normal", "style: boxed"),
    "level 3": ("level: 1", "level: 3"),
    "float up": ("float: right", "float: up"),
    "width 5%": ("width: 50%", "width: 5%"),
    "width 100.5%": ("width: 50%", "width: 100.5%"),
    "width words": ("width: 50%", "width: half"),
    "width without %": ("width: 50%", "width: 45"),
    "bad date": ("from: 2016-10-01", "from: 1 October 2016"),
    "bad email": ("email: info@clusterconvention.org", "email: info at clusterconvention.org"),
    "bad language": ("language: en", "language: English!"),
    "text and blocks": ("    blocks:\n", "    text: Also text.\n    blocks:\n"),
    "empty sections": ("sections:\n", "sections: []\nunused:\n"),
    "block with neither": ("      - text: More text.", "      - caption: Lonely"),
}


@pytest.mark.parametrize("before, after", MISTAKES.values(), ids=MISTAKES.keys())
def test_loader_mistakes_are_schema_mistakes(project: Path, before: str, after: str):
    assert before in MINIMAL
    _, errors, valid = load_both(project, MINIMAL.replace(before, after, 1))
    assert errors, "the loader should report this"
    assert not valid, "the schema should reject this"


# Spellings the loader accepts must not be underlined by the editor.
ACCEPTED = {
    "level as text": ("level: 1", 'level: "2"'),
    "width 100%": ("width: 50%", "width: 100 %"),
    "width 10.5%": ("width: 50%", "width: 10.5%"),
    "heading that YAML reads as a number": ("heading: Universalization", "heading: 2017"),
    "caption that YAML reads as a boolean": ("caption: A caption", "caption: no"),
    "period on one line": ("period:\n  from: 2016-10-01\n  to: 2016-12-31", "period: {from: 2016-10-01, to: 2016-12-31}"),
    "contact lines on one line": ("lines:\n    - ISU-CCM", "lines: [ISU-CCM, Geneva]"),
    "quoted text block": ("      - text: More text.", "      - text: 'More text.'"),
}


@pytest.mark.parametrize("before, after", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_loader_spellings_are_schema_valid(project: Path, before: str, after: str):
    assert before in MINIMAL
    issue, errors, valid = load_both(project, MINIMAL.replace(before, after, 1))
    assert errors == [] and issue is not None
    assert valid


def test_schema_lists_exactly_the_loader_keys():
    from bulletinpdf.load import reader as loader

    schema = issue_schema()
    assert list(schema["properties"]) == list(loader.ISSUE_KEYS)
    assert list(schema["$defs"]["section"]["properties"]) == list(loader.SECTION_KEYS)
    assert list(schema["$defs"]["image_block"]["properties"]) == list(loader.IMAGE_BLOCK_KEYS)
    assert list(schema["$defs"]["contact"]["properties"]) == list(loader.CONTACT_KEYS)
    assert json.loads(schema_text()) == schema
