"""Diagnostics: the one type for everything a user can get wrong, printed like a compiler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a user's input, located in the file they edit."""

    severity: Severity
    file: str
    """The path as the user knows it (as given on the command line)."""
    line: int
    """1-based line; 0 when the problem concerns the whole file."""
    column: int
    """1-based column; 0 when unknown."""
    message: str
    hint: str | None = None
    """What to write instead, when we can say."""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def error(file: str, line: int, column: int, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic("error", file, line, column, message, hint)


def warning(file: str, line: int, column: int, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic("warning", file, line, column, message, hint)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sorted_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """In file order, so the user reads them top to bottom as they fix them; those about the whole file
    (line 0, such as 'too many errors; stopped after the first 50') come after the located ones."""
    return sorted(diagnostics, key=lambda d: (d.file, d.line == 0, d.line, d.column))


class IssueFileError(Exception):
    """Raised by a stage when the user's input has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics
