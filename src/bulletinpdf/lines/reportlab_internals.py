"""ReportLab's private internals, behind one door: the only module that names what ReportLab does not document.

Line breaking and the photo wrapping need to know how ReportLab's paragraph splits words and how its
ImageAndFlowables keeps the text beside an image; ReportLab offers no public way to ask. Every such name is here,
each with the ReportLab version it was checked against, so that a new ReportLab release is one module to read and
`shape_problems()` (run by tests/test_architecture.py) says at once which of them changed.

Checked against: reportlab 5.1.0 (the range pinned in pyproject.toml is the one the tests pass on).
"""

from __future__ import annotations

import hashlib
import inspect
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, ImageAndFlowables, Paragraph, Table
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as _paragraph

from bulletinpdf.lines.address_breaks import ADDRESS_PIECE as _ADDRESS_BREAKS, KEEP_WHOLE, address_break
from bulletinpdf.text.addresses import break_points as address_break_points

CHECKED_AGAINST = "5.1.0"

# Classes of ReportLab's split words (5.1.0). A word broken by hyphenation is a _SplitWordH (its head) or a
# _SplitWordEnd (its tail) in a one-font paragraph, a _SplitFragH in a paragraph of several fonts; a _SplitWord is
# any split piece. _HSFrag is a fragment word followed by a space.
SplitWord = _paragraph._SplitWord
SplitWordEnd = _paragraph._SplitWordEnd
SplitWordH = _paragraph._SplitWordH
SplitFragH = _paragraph._SplitFragH
# Any piece of a word split in a paragraph of several fonts (5.1.0): an address broken without a hyphen.
SplitFrag = _paragraph._SplitFrag
HSFrag = _paragraph._HSFrag
# Which line ends carry a hyphen the line breaker added (5.1.0), for the tagged text: a one-font paragraph's
# _SplitWordHY (or, at the foot of a split's head, _SplitWordLL; _SHYSplit for a soft hyphen), a paragraph of
# several fonts' _SplitFragHY (_SplitFragLL, _SHYWordHS). A _SplitFrag not followed by a space ends mid-word.
ADDED_HYPHEN_WORDS = (_paragraph._SplitWordHY, _paragraph._SplitWordLL, _paragraph._SHYSplit)
ADDED_HYPHEN_FRAGS = (_paragraph._SplitFragHY, _paragraph._SplitFragLL, _paragraph._SHYWordHS)
SplitFrag = _paragraph._SplitFrag
# A fragment's kind: plain text (5.1.0: the frag attribute `_fkind`).
FK_TEXT = _paragraph._FK_TEXT
# The soft hyphen as ReportLab spells it, and its patterns for what may be hyphenated (5.1.0).
SOFT_HYPHEN = _paragraph._shy
# What may be hyphenated is asked at each use, hyphenation_letters(): words_held widens it while breaking.
HYPHEN_PREFIX = _paragraph._hy_pfx_pat
HYPHEN_SUFFIX = _paragraph._hy_sfx_pat


def fragment_words(frags, measure: float):
    """ReportLab's own split of a paragraph of several fonts into words: [width, (frag, text), ...] each (5.1.0)."""
    return _paragraph._getFragWords(frags, measure)


def fragments_processed(frags) -> bool:
    """Are these the words of an earlier split rather than the paragraph's own fragments (5.1.0)?"""
    return _paragraph._processed_frags(frags)


def no_break_space_count(text: str) -> int:
    """How many no-break spaces ReportLab counts as word spaces when it justifies a line (5.1.0)."""
    return _paragraph._nbspCount(text)


def fragment_kind(frag):
    """The kind of a fragment (text, image, ...); None when ReportLab set none (5.1.0)."""
    return getattr(frag, "_fkind", None)


def justifies_last_line(paragraph: Paragraph) -> bool:
    """Does ReportLab justify this paragraph's last line too (the head of a split paragraph; 5.1.0)?"""
    return bool(getattr(paragraph, "_JustifyLast", False))


def is_split_rest(paragraph: Paragraph) -> bool:
    """Is this a piece of a split paragraph (ReportLab marks both pieces; 5.1.0)?"""
    return bool(getattr(paragraph, "_splitpara", 0))


def table_cells(table: Table) -> list[list]:
    """A table's cell values, row by row (5.1.0)."""
    return table._cellvalues


def row_heights(table: Table) -> list[float]:
    """A wrapped table's row heights, top first (5.1.0)."""
    return list(table._rowHeights)


class UnsqueezedFlowable(Flowable):
    """A flowable that ImageAndFlowables places as it is: it asks its image to shrink to fit (5.1.0), a figure
    with its caption never does."""

    _oldDrawSize = None

    def _restrictSize(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N802, N803
        return self.wrap(availWidth, availHeight)

    def _unRestrictSize(self) -> None:  # noqa: N802
        pass


class WrappingImage(ImageAndFlowables):
    """ImageAndFlowables with what it keeps made readable, and one hook before its search for a split (5.1.0)."""

    @property
    def text_beside(self) -> list[Flowable]:
        """The flowables set beside the image after the last wrap."""
        return list(getattr(self, "_C0", []))

    @property
    def text_below(self) -> list[Flowable]:
        """The flowables set under the image after the last wrap."""
        return list(getattr(self, "_C1", []))

    @property
    def image(self) -> Flowable:
        return self._I

    @property
    def width_beside(self) -> float:
        """The measure of the text beside the image after the last wrap."""
        return self._iW

    @property
    def side(self) -> str:
        return self._side

    @property
    def content(self) -> list[Flowable]:
        """Every flowable that wraps around the image, as given."""
        return wrapping_content(self)

    def last_wrapped_at(self, width: float) -> bool:
        """Was the last wrap at this width (ReportLab keys its own cache on the height too)?"""
        return hasattr(self, "_wrapArgs") and self._wrapArgs[0] == width

    def remember_height_asked(self, width: float, height: float) -> None:
        self._wrapArgs = (width, height)

    def split_before_search(self, width: float, height: float):
        """A split decided without ReportLab's search, in its form (width, height, beside, below); None to search."""
        return None

    def fits_beside(self, flowable: Flowable, width: float) -> bool:
        """May this flowable stand beside the image at this measure? Where it may not, it and all that follows it go
        under the image."""
        return True

    def _findSplit(self, canv, availWidth, availHeight, *args, **kwargs):  # noqa: N802, N803 - ReportLab's names
        decided = self.split_before_search(availWidth, availHeight)
        if decided is not None:
            return decided
        content = list(self._content)
        first_under = next((i for i, f in enumerate(content) if not self.fits_beside(f, availWidth)), None)
        if first_under is None:
            return super()._findSplit(canv, availWidth, availHeight, *args, **kwargs)
        if first_under == 0:
            return availWidth + 1, 0, [], content  # wider than the measure: ReportLab puts it all under the image
        width, height, beside, below = super()._findSplit(canv, availWidth, availHeight, content=content[:first_under])
        return width, height, beside, [*below, *content[first_under:]]


@contextmanager
def text_below_image_lowered(flowable: ImageAndFlowables, by: float) -> Iterator[None]:
    """Draw the text under the image `by` points lower: ReportLab draws it `_aH` (the image's height with its
    padding, or the text beside it if taller) below the top (5.1.0)."""
    flowable._aH += by
    try:
        yield
    finally:
        flowable._aH -= by


def image_and_flowables_parts(flowable: ImageAndFlowables) -> tuple[list[Flowable], list[Flowable], Flowable]:
    """Beside, below and the image of any ImageAndFlowables after its last wrap (5.1.0)."""
    return list(getattr(flowable, "_C0", [])), list(getattr(flowable, "_C1", [])), flowable._I


def measure_beside_image(flowable: ImageAndFlowables) -> float | None:
    """The width left beside the image of any ImageAndFlowables at its last wrap (5.1.0: `_iW`)."""
    return getattr(flowable, "_iW", None)


def wrapping_content(flowable: ImageAndFlowables) -> list[Flowable]:
    """Every flowable that wraps around the image of any ImageAndFlowables, as given (5.1.0)."""
    return list(flowable._content)


NARROW_NO_BREAK_SPACE = "\u202f"

# ReportLab 5.1.0 splits a paragraph's text into words with its module function `split`, looked up by name at
# each call from `Paragraph.breakLines` (one font) and `_getFragWords` (several): every white space but U+00A0
# ends a word there, U+202F (the narrow no-break space of French typography) included, so 'date :' could end a
# line before its colon. Its list of white spaces is `_wsc`.
_rl_split = _paragraph.split
_HOLDING_SPLIT = re.compile("[%s]+" % re.escape(_paragraph._wsc.replace(NARROW_NO_BREAK_SPACE, ""))).split


def split_holding_narrow_spaces(text, delim=None):
    """ReportLab's `split`, except that a narrow no-break space joins the words around it, as U+00A0 does."""
    if delim is not None or not isinstance(text, str) or NARROW_NO_BREAK_SPACE not in text:
        return _rl_split(text, delim)
    words = _HOLDING_SPLIT(text)
    # ReportLab's own split keeps the empty ends only on its U+00A0 path (str.split drops them otherwise).
    return words if "\xa0" in text else [word for word in words if word]


# ReportLab offers a word to the hyphenator only when, quotes and punctuation stripped, it is all letters
# (`_hy_letters_pat`, read by name in `_hyGenPair`): French elisions (l’application, d’assistance) never were,
# and a French column lost most of its breaks. With elisions, the apostrophe counts as a letter; the
# hyphenator (hyphenation.py) breaks only the word after it.
# Held narrow spaces make '« mot »' and 'parties ;' one word: it may be hyphenated too, between
# its guillemets and marks (the hyphenator keeps them on their side of the break).
_MARKED = "^(?:« )?[%s]+(?: [;:!?»]*)?$"
_HELD_LETTERS = re.compile(_MARKED % _paragraph._hy_letters)
_ELIDING_LETTERS = re.compile(_MARKED % (_paragraph._hy_letters + "’'"))


def hyphenation_letters() -> re.Pattern:
    """What ReportLab counts as a word it may hyphenate, at this moment (see `words_held`)."""
    return _paragraph._hy_letters_pat


@contextmanager
def words_held(*, narrow_spaces: bool = True, elisions: bool = False, addresses: str | None = None) -> Iterator[None]:
    """While breaking lines: ReportLab's word splitting holds U+202F, with `elisions` a word with an apostrophe
    may be hyphenated, and with `addresses` web and e-mail addresses break only where rule 8 allows, in
    "justified" or "ragged" text (address_breaks.address_break; all restored afterwards, even on error).

    A swap for the length of one call, not a patch left in place: every other paragraph ReportLab breaks is
    split and hyphenated by ReportLab's own rules.
    """
    saved = _paragraph.split, _paragraph._hy_letters_pat, _paragraph._hyphenateWord, _paragraph._hyphenateFragWord
    if narrow_spaces:
        _paragraph.split = split_holding_narrow_spaces
        _paragraph._hy_letters_pat = _HELD_LETTERS
    if elisions:
        _paragraph._hy_letters_pat = _ELIDING_LETTERS
    if addresses:
        _paragraph._hyphenateWord = partial(_hyphenate_word, ragged=addresses == "ragged")
        _paragraph._hyphenateFragWord = partial(_hyphenate_fragment_word, ragged=addresses == "ragged")
    try:
        yield
    finally:
        _paragraph.split, _paragraph._hy_letters_pat, _paragraph._hyphenateWord, _paragraph._hyphenateFragWord = saved


# Addresses (rule 8). ReportLab's breakLines asks `_hyphenateWord` (a paragraph of one font) and
# `_hyphenateFragWord` (several fonts), looked up by name, for a split of each word that does not fit its line
# (5.1.0): (head, tail) as split words, or None. Its own address split (`_uri_split_pairs`) breaks only after a
# '/', and a tail it cannot split again runs out of the column (splitLongWords never splits a split word's tail).
# Here an address is split where address_breaks.py says, with no hyphen; any other word as ReportLab would.
# A head ending without a hyphen is a _SplitWordH (_SplitFragH), a tail a _SplitWordEnd (_SplitFrag, or
# _SplitFragHS when a space follows the word): ReportLab's own classes for a split without a hyphen.
_rl_hyphenate_word = _paragraph._hyphenateWord
_rl_hyphenate_fragment_word = _paragraph._hyphenateFragWord


def _hyphenate_word(hyphenator, fontName, fontSize, w, ww, newWidth, maxWidth, *args, ragged: bool,  # noqa: N803
                    **kwargs):
    start = newWidth - ww
    choice = address_break(str(w), getattr(w, _ADDRESS_BREAKS, None),
                           lambda n: stringWidth(w[:n], fontName, fontSize), room=maxWidth - start,
                           line_width=maxWidth, first_on_line=start <= 1e-6, ragged=ragged)
    if choice is None or ww == 0:
        return _rl_hyphenate_word(hyphenator, fontName, fontSize, w, ww, newWidth, maxWidth, *args, **kwargs)
    if choice is KEEP_WHOLE:
        return None
    tail = _paragraph._SplitWordEnd(w[choice.at:])
    setattr(tail, _ADDRESS_BREAKS, choice.tail_breaks)
    head = _paragraph._SplitWordH(w[:choice.at])
    setattr(head, _ADDRESS_BREAKS, ())
    return [head, tail]


def _hyphenate_fragment_word(hyphenator, FW, newWidth, maxWidth, *args, ragged: bool, **kwargs):  # noqa: N803
    pieces = FW[1:]
    if FW[0] == 0 or any(getattr(frag, "rise", 0) or getattr(getattr(frag, "cbDefn", None), "width", 0)
                         for frag, _ in pieces):
        return _rl_hyphenate_fragment_word(hyphenator, FW, newWidth, maxWidth, *args, **kwargs)
    text = "".join(piece for _, piece in pieces)
    start = newWidth - FW[0]
    known = getattr(FW, _ADDRESS_BREAKS, None)
    if known is None:
        known = _breaks_in_link(text, pieces)
    choice = address_break(text, known, lambda n: _head_width(pieces, n),
                           room=maxWidth - start, line_width=maxWidth, first_on_line=start <= 1e-6, ragged=ragged)
    if choice is None:
        return _rl_hyphenate_fragment_word(hyphenator, FW, newWidth, maxWidth, *args, **kwargs)
    if choice is KEEP_WHOLE:
        return None
    head, tail = _split_pieces(pieces, choice.at)
    if not any(piece for _, piece in head):
        # The line ends before the address: an empty head, in no link, so that no empty link is drawn.
        first = pieces[0][0].clone(link=[])
        first.text = ""
        head = [(first, "")]
    tail_word = (_paragraph._SplitFragHS if isinstance(FW, HSFrag) else _paragraph._SplitFrag)(
        [_pieces_width(tail), *tail])
    setattr(tail_word, _ADDRESS_BREAKS, choice.tail_breaks)
    head_word = _paragraph._SplitFragH([_pieces_width(head), *head])
    setattr(head_word, _ADDRESS_BREAKS, ())
    return [head_word, tail_word]


def _breaks_in_link(text: str, pieces) -> tuple[int, ...] | None:
    """The break points of a piece of an address shown as its own link, from the link's target; None if it is not.

    The rest of a paragraph split across columns starts with a tail that no longer reads as an address
    ('B530E02C/french-versions/...'): its link does (5.1.0: a fragment's `link` is [(index, href), ...]).
    Words of letters and hyphens ('report', 'anti-personnel' in a link to .../anti-personnel) are words, not
    pieces of an address: a piece has a digit or one of / . @ _ ? # & = : in it.
    """
    if not any(char.isdigit() or char in "/.@_?#&=:" for char in text):
        return None
    for frag, _ in pieces:
        for _, href in getattr(frag, "link", None) or ():
            at = str(href).find(text)
            if at >= 0:
                return tuple(point - at for point in address_break_points(str(href)) if at < point < at + len(text))
    return None


def _head_width(pieces, length: int) -> float:
    width = 0.0
    for frag, text in pieces:
        if length <= 0:
            break
        width += stringWidth(text[:length], frag.fontName, frag.fontSize)
        length -= len(text)
    return width


def _pieces_width(pieces) -> float:
    return sum(stringWidth(text, frag.fontName, frag.fontSize) for frag, text in pieces)


def _split_pieces(pieces, at: int) -> tuple[list, list]:
    """A word's (style, text) pieces cut after `at` characters."""
    head, tail = [], []
    for frag, text in pieces:
        if at >= len(text):
            head.append((frag, text))
        elif at <= 0:
            tail.append((frag, text))
        else:
            head.append((frag, text[:at]))
            tail.append((frag, text[at:]))
        at -= len(text)
    return head, tail
def draw_jpeg(canvas: Canvas, data: bytes, x: float, y: float, width: float, height: float) -> None:
    """Draw JPEG `data` as ReportLab's drawImage does, as an image XObject named by the bytes' digest (5.1.0).

    drawImage names an image from a file after the md5 of the file's path, so the same issue built in two
    folders differed; given the bytes, it would decode every pixel to name them. This is its body (5.1.0,
    pdfgen/canvas.py drawImage) with the name taken from the JPEG's own bytes, which are embedded as they are.
    """
    name = "photo" + hashlib.sha256(data).hexdigest()[:32]
    canvas._currentPageHasImages = 1
    document = canvas._doc
    registered = document.getXObjectName(name)
    if document.idToObject.get(registered) is None:
        image = PDFImageXObject(name)
        if not image.loadImageFromJPEG(io.BytesIO(data)):
            raise ValueError("a prepared photo is not a JPEG")
        image.name = name
        canvas._setXObjects(image)
        document.Reference(image, registered)
        document.addForm(name, image)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)  # the page's resources name what it draws


def shape_problems() -> list[str]:
    """What no longer looks as this module expects, one sentence each; empty when all is as checked."""
    problems = []
    for name in ("_SplitWord", "_SplitWordEnd", "_SplitWordH", "_SplitFragH", "_SplitFrag", "_HSFrag", "_FK_TEXT", "_shy",
                 "_SplitWordHY", "_SplitWordLL", "_SHYSplit", "_SplitFragHY", "_SplitFragLL", "_SHYWordHS",
                 "_hy_letters_pat", "_hy_pfx_pat", "_hy_sfx_pat", "_getFragWords", "_processed_frags", "_nbspCount",
                 "_hyphenateWord", "_hyphenateFragWord", "_SplitFragHS"):
        if not hasattr(_paragraph, name):
            problems.append(f"reportlab.platypus.paragraph.{name} is gone")
    expected = {"_getFragWords": ["frags", "maxWidth"], "_processed_frags": ["frags"], "_nbspCount": ["w"],
                "_hyphenateWord": ["hyphenator", "fontName", "fontSize", "w", "ww", "newWidth", "maxWidth"],
                "_hyphenateFragWord": ["hyphenator", "FW", "newWidth", "maxWidth"]}
    for name, parameters in expected.items():
        function = getattr(_paragraph, name, None)
        if function is not None and list(inspect.signature(function).parameters)[:len(parameters)] != parameters:
            problems.append(f"reportlab.platypus.paragraph.{name} takes {inspect.signature(function)} now")
    if not callable(getattr(ImageAndFlowables, "_findSplit", None)):
        problems.append("reportlab's ImageAndFlowables._findSplit is gone")
    if "_findSplit" in dir(ImageAndFlowables):
        found = list(inspect.signature(ImageAndFlowables._findSplit).parameters)
        if found[:4] != ["self", "canv", "availWidth", "availHeight"] or "content" not in found:
            problems.append(f"reportlab's ImageAndFlowables._findSplit takes {found} now")
    # It asks its image to shrink to fit by these two calls (UnsqueezedFlowable answers them).
    for attribute in ("_C0", "_C1", "_I", "_iW", "_side", "_content", "_wrapArgs", "_restrictSize", "_unRestrictSize"):
        if attribute not in inspect.getsource(ImageAndFlowables):
            problems.append(f"reportlab's ImageAndFlowables no longer keeps {attribute}")
    for attribute in ("_JustifyLast", "_splitpara"):
        if attribute not in inspect.getsource(Paragraph):
            problems.append(f"reportlab's Paragraph no longer sets {attribute}")
    for attribute in ("_cellvalues", "_rowHeights"):
        if attribute not in inspect.getsource(Table):
            problems.append(f"reportlab's Table no longer keeps {attribute}")
    for attribute in ("_textOut", "_formatText", "_code", "_canvas"):
        if attribute not in inspect.getsource(PDFTextObject):
            problems.append(f"reportlab's PDFTextObject no longer has {attribute}")
    if "def _textOut(self, text, TStar=0)" not in inspect.getsource(PDFTextObject):
        problems.append("reportlab's PDFTextObject._textOut takes other arguments now")
    if "_fkind" not in inspect.getsource(_paragraph):
        problems.append("reportlab's paragraph fragments no longer carry _fkind")
    # Held narrow spaces (words_held): the word splitting looked up by name, its list of spaces, its letters.
    for name in ("split", "_wsc", "_hy_letters"):
        if not hasattr(_paragraph, name):
            problems.append(f"reportlab.platypus.paragraph.{name} is gone")
    for caller in ("_getFragWords", "_lineClean"):
        function = getattr(_paragraph, caller, None)
        if function is not None and "split(" not in inspect.getsource(function):
            problems.append(f"reportlab.platypus.paragraph.{caller} no longer splits words with split()")
    # addresses_broken: breakLines asks for a split of a word that does not fit by these two names.
    for name in ("_hyphenateWord(", "_hyphenateFragWord("):
        if name not in inspect.getsource(Paragraph.breakLines):
            problems.append(f"reportlab's Paragraph.breakLines no longer calls {name[:-1]}")
    if "_hy_letters_pat" not in inspect.getsource(_paragraph._hyGenPair):
        problems.append("reportlab's hyphenation no longer checks words with _hy_letters_pat")
    # draw_jpeg: drawImage's body, from the canvas's own attributes.
    draw_image = inspect.getsource(Canvas.drawImage)
    for attribute in ("_currentPageHasImages", "_setXObjects", "getXObjectName", "idToObject", "addForm", "_code",
                      "_formsinuse"):
        if attribute not in draw_image:
            problems.append(f"reportlab's Canvas.drawImage no longer uses {attribute}")
    if not callable(getattr(PDFImageXObject, "loadImageFromJPEG", None)):
        problems.append("reportlab's PDFImageXObject.loadImageFromJPEG is gone")
    return problems


class LineEndText(PDFTextObject):
    """A text object whose lines' ends a subclass may write otherwise (the tagged edition's, render/marked_content.py).

    ReportLab's paragraphs write each piece of a line with _textOut(text, TStar), TStar=1 for the line's last
    (5.1.0); the text object formats text for its font subsets as it goes and keeps the operators in _code."""

    def _textOut(self, text, TStar=0):  # noqa: N802, N803 - ReportLab's names
        self.write_piece(text, line_end=bool(TStar))

    def write_piece(self, text: str, *, line_end: bool) -> None:
        """Where a subclass decides; by default what ReportLab would write."""
        self.emit(text, line_end=line_end)

    def emit(self, text: str, *, line_end: bool = False) -> None:
        PDFTextObject._textOut(self, text, 1 if line_end else 0)

    def formatted(self, text: str) -> str:
        """The operators that show `text` now, in the font selected now (formatting selects subsets: call it once
        per piece, in drawing order)."""
        return self._formatText(text)

    def append_operators(self, operators: str) -> None:
        self._code.append(operators)

    def replace_operators(self, index: int, operators: str) -> None:
        self._code[index] = operators

    @property
    def operator_count(self) -> int:
        return len(self._code)

    @property
    def drawn_on(self):
        """The canvas this text object belongs to."""
        return self._canvas


def append_to_page(canvas, operators: str) -> None:
    """Operators written into the current page's content as they are (marked content has no canvas method; 5.1.0)."""
    canvas._code.append(operators)
