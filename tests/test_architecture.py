"""The house's shape: stages import only earlier stages, ReportLab's private names stay behind one door, each
library is used by one stage, and one process builds exactly as fresh processes do."""

from __future__ import annotations

import ast
import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.platypus import Flowable, ImageAndFlowables, Paragraph, Table
from reportlab.platypus import paragraph as reportlab_paragraph

from bulletinpdf.lines import reportlab_internals
from bulletinpdf.render.profiles import PROFILES
from bulletinpdf.run.pipeline import build_issue

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "bulletinpdf"
# The pipeline's order; a stage may import the shared modules and any stage before it, never one after it.
STAGES = ("load", "text", "brand", "photos", "lines", "layout", "render", "run", "commands", "cli")
SHARED = ("model", "diagnostics", "cache_files", "tolerances")
INTERNALS = PACKAGE / "lines" / "reportlab_internals.py"
# Which stages may import each third-party library (by its import name).
LIBRARIES = {
    "yaml": {"load"},
    "markdown_it": {"text"}, "linkify_it": {"text"},
    "reportlab": {"brand", "lines", "layout", "render"},
    "svglib": {"brand"},
    "PIL": {"photos", "render"},
    "pyphen": {"lines"},
    "pypdfium2": {"render"},
    "pikepdf": {"render"},
    "babel": {"text"},
    "watchfiles": {"run"},
}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _stage_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module `path` imports (at the top, inside functions, under TYPE_CHECKING), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def test_no_stage_imports_a_later_one() -> None:
    wrong = []
    for path in _modules():
        stage = _stage_of(path)
        if stage == "__init__":
            continue
        for name, line in _imports(path):
            if not name.startswith("bulletinpdf."):
                continue
            target = name.split(".")[1]
            if target in SHARED:
                continue
            if stage in SHARED:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: a shared module imports {name}")
            elif target in STAGES and STAGES.index(target) > STAGES.index(stage):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {stage} imports the later stage {name}")
    assert not wrong, "\n".join(wrong)


def test_each_library_is_used_by_its_stage_only() -> None:
    wrong = []
    for path in _modules():
        stage = _stage_of(path)
        for name, line in _imports(path):
            library = name.split(".")[0]
            allowed = LIBRARIES.get(library)
            if allowed is not None and stage not in allowed:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {library} is for {sorted(allowed)}, not {stage}")
    assert not wrong, "\n".join(wrong)


def _reportlab_private_names() -> set[str]:
    """The names ReportLab keeps to itself that our code could touch: module-level and on the classes we extend."""
    names = {name for name in vars(reportlab_paragraph) if name.startswith("_") and not name.startswith("__")}
    for cls in (Paragraph, ImageAndFlowables, Flowable, Table):
        names |= {name for name in dir(cls) if name.startswith("_") and not name.startswith("__")}
        source = inspect.getsource(inspect.getmodule(cls))
        names |= {word for word in _attribute_names(source) if word.startswith("_") and not word.startswith("__")}
    return names


def _attribute_names(source: str) -> set[str]:
    return {node.attr for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Attribute)}


def _names_used(path: Path) -> list[tuple[str, int]]:
    used = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute):
            used.append((node.attr, node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reportlab"):
            used += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("getattr", "hasattr", "setattr"):
            if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
                used.append((node.args[1].value, node.lineno))
        elif isinstance(node, ast.ClassDef):
            # Overriding a private method is using it too.
            used += [(item.name, item.lineno) for item in node.body if isinstance(item, ast.FunctionDef)]
    return used


def test_reportlab_private_names_appear_only_behind_their_door() -> None:
    private = _reportlab_private_names()
    ours = {name for path in _modules() if path != INTERNALS for name, _ in _defined_names(path)}
    wrong = []
    for path in _modules():
        if path == INTERNALS:
            continue
        for name, line in _names_used(path):
            if name in private and name not in ours:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: ReportLab's private {name} belongs in "
                             f"lines/reportlab_internals.py")
    assert not wrong, "\n".join(wrong)


def _defined_names(path: Path) -> list[tuple[str, int]]:
    """Names our own code defines (methods, attributes it assigns): a private name of ours is not ReportLab's."""
    defined = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                    defined.append((target.attr, node.lineno))
    return [(name, line) for name, line in defined if name not in _reportlab_defaults()]


def _reportlab_defaults() -> set[str]:
    # Attributes ReportLab itself sets; assigning one of them is still touching ReportLab's state.
    names = set()
    for cls in (Paragraph, ImageAndFlowables, Flowable, Table):
        names |= _attribute_names(inspect.getsource(inspect.getmodule(cls)))
    return names


def test_reportlab_internals_are_as_checked() -> None:
    problems = reportlab_internals.shape_problems()
    assert not problems, (
        f"ReportLab's internals changed since {reportlab_internals.CHECKED_AGAINST}; read "
        f"lines/reportlab_internals.py against the new release:\n" + "\n".join(problems))


def _project(folder: Path) -> Path:
    """A copy of the project's 2016 Q4 issue with its own assets, so its brand can be changed."""
    (folder / "issues").mkdir(parents=True)
    shutil.copyfile(ROOT / "issues" / "2016Q4.yaml", folder / "issues" / "2016Q4.yaml")
    shutil.copytree(ROOT / "assets", folder / "assets")
    return folder / "issues" / "2016Q4.yaml"


def _variants(issue: Path):
    """The issue as it is, then in German, then with the brand's primary colour changed: what `watch` sees."""
    original = issue.read_text(encoding="utf-8")
    yield "as written"
    issue.write_text(original.replace("language: en", "language: de"), encoding="utf-8")
    yield "language: de"
    brand = issue.parent.parent / "assets" / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace('"#1F4E79"', '"#7A1F4E"'), encoding="utf-8")
    yield "primary colour changed"


@pytest.mark.parametrize("profile", ["email"])
def test_one_process_builds_each_variant_as_a_fresh_process_does(tmp_path: Path, monkeypatch, profile: str) -> None:
    monkeypatch.setenv("BULLETINPDF_JOBS", "1")
    issue = _project(tmp_path / "project")
    cache = tmp_path / "project" / "build" / "cache"
    in_one_process = {}
    for variant in _variants(issue):
        result = build_issue(issue, profiles=[PROFILES[profile]], out_dir=tmp_path / "same" / variant)
        in_one_process[variant] = result.outputs[profile].read_bytes()
    shutil.rmtree(tmp_path / "project")
    issue = _project(tmp_path / "project")
    for variant in _variants(issue):
        shutil.rmtree(cache, ignore_errors=True)
        out = tmp_path / "fresh" / variant
        run = subprocess.run([sys.executable, "-m", "bulletinpdf.cli", "build", str(issue), "--profile", profile,
                              "--out", str(out)], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        fresh = (out / f"highlights-2016Q4-{profile}.pdf").read_bytes()
        assert fresh == in_one_process[variant], f"{variant}: one process and a fresh one differ"
    assert len(set(in_one_process.values())) == 3
