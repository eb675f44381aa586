"""The line-breaking cache: a rebuild reuses the line breaks earlier builds searched for, with the same result."""

from __future__ import annotations

import json

from bulletinpdf.run import pipeline
from bulletinpdf.lines import linebreak
from bulletinpdf.lines.choices_cache import load_choices, save_choices
from bulletinpdf.run.pipeline import build_issue
from bulletinpdf.render.profiles import PROFILES

from .conftest import ISSUE_2016Q4


def test_choices_survive_a_round_trip_and_bad_entries_are_skipped(tmp_path):
    save_choices(tmp_path, {"a" * 32: [100.5, 99.0], "b" * 32: None})
    (tmp_path / f"{'c' * 32}.json").write_text("{not json", encoding="utf-8")
    (tmp_path / f"{'d' * 32}.json").write_text(json.dumps(["x"]), encoding="utf-8")
    assert load_choices(tmp_path) == {"a" * 32: [100.5, 99.0], "b" * 32: None}
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_rebuild_uses_remembered_line_breaks_instead_of_searching(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETINPDF_JOBS", "1")
    # The project's own build/cache is not consulted: this test decides what is remembered.
    searched: dict = {}
    monkeypatch.setattr(pipeline, "load_choices", lambda folder: {})
    monkeypatch.setattr(pipeline, "save_choices", lambda folder, choices: searched.update(choices))
    first = build_issue(ISSUE_2016Q4, profiles=[PROFILES["email"]], out_dir=tmp_path / "first")
    assert searched, "2016Q4 has at least one paragraph that first-fit sets loose"

    # Every build starts afresh but for what is on disk: here, the choices the first build searched for.
    monkeypatch.setattr(pipeline, "load_choices", lambda folder: dict(searched))

    def no_search(*args, **kwargs):
        raise AssertionError("searched again although the choice was remembered")

    monkeypatch.setattr(linebreak, "_search", no_search)
    second = build_issue(ISSUE_2016Q4, profiles=[PROFILES["email"]], out_dir=tmp_path / "second")
    assert second.outputs["email"].read_bytes() == first.outputs["email"].read_bytes()
