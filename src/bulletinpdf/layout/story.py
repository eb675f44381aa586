"""Story: the issue's sections turned into the flowables the column engine places, in reading order."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus import Table as ReportLabTable
from reportlab.platypus import TableStyle

from bulletinpdf.tolerances import UNLIMITED_HEIGHT
from bulletinpdf.diagnostics import Diagnostic, error, warning
from bulletinpdf.text.issue_text import IssueText
from bulletinpdf.model import ImageBlock, Issue, Section, TextBlock
from bulletinpdf.brand.theme import Theme
from bulletinpdf.layout.columns import Float, Flow, Ref, Span, StoryItem
from bulletinpdf.layout.flowables import (
    BodyParagraph, Box, Figure, FigureSource, FloatingFigure, PhotoRow, SectionHeading, TableBlock, TwoColumns,
)
from bulletinpdf.layout.rules import MIN_CHARACTERS_BESIDE_PHOTO, characters_in, measure_for
from bulletinpdf.layout.structure import Element, TaggedParagraph
from bulletinpdf.text.blocks import ListItem, Table
from bulletinpdf.lines.linebreak import NARROW_MEASURE_EMS, LineBreaking

# A caption's last two words are tied with a no-break space when together they are no longer than this many
# characters (a heading's, where they fit its line): one word alone on the last line reads as an accident (rule 7).
TIED_LAST_WORDS_MAX = 24
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def tie_last_words(markup: str, fits: Callable[[str], bool] | None = None) -> str:
    """The markup with the space before its last word made a no-break space (never inside a tag), where the two
    words together `fits` a line (by default: are no longer than TIED_LAST_WORDS_MAX characters)."""
    fits = fits or (lambda text: len(text) <= TIED_LAST_WORDS_MAX)
    parts = _TAG_OR_TEXT.split(markup.rstrip())
    word_seen = False
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        if part.startswith("<"):
            continue
        cut = part.rstrip(" ").rfind(" ") if not word_seen else len(part.rstrip(" ")) if part.endswith(" ") else -1
        if word_seen and cut < 0:
            cut = part.rfind(" ")
        if cut >= 0 and (word_seen or part[cut + 1:].strip()):
            last = re.sub(r"<[^>]*>", "", part[cut + 1:] + "".join(parts[index + 1:]))
            before = re.sub(r"<[^>]*>", "", "".join(parts[:index]) + part[:cut]).split()
            if not before or not fits(f"{before[-1]} {last}"):
                return markup
            parts[index] = part[:cut] + "\u00a0" + part[cut + 1:]
            return "".join(parts)
        word_seen = word_seen or bool(part.strip())
    return markup


def keep_italics_whole(markup: str) -> str:
    """Words in italics (titles of publications, foreign words) are never hyphenated (rule 5): ReportLab's
    <nobr> keeps its line breaks at spaces and turns hyphenation off."""
    return markup.replace("<i>", "<i><nobr>").replace("</i>", "</nobr></i>")


def float_gap(theme: Theme) -> float:
    """Between a floated photo and the text beside it."""
    return theme.paragraph_gap * theme.brand.spacing.beside_photo


# At most this many photos floated one after another stand side by side in a row; more make rows of as even
# a number as they can (four: two and two).
PHOTOS_IN_A_ROW = 3


def _floated_in_a_row(blocks: list, position: int) -> list[ImageBlock]:
    """The first row of the photos floated left or right one after another from `position`, with no text between
    them."""
    run = []
    for block in blocks[position:]:
        if not isinstance(block, ImageBlock) or block.float == "none":
            break
        run.append(block)
    rows = math.ceil(len(run) / PHOTOS_IN_A_ROW)
    return run[:math.ceil(len(run) / rows)] if run else []


def placed_shares(issue: Issue, theme: Theme) -> dict[ImageBlock, float]:
    """The share of the column each photo is placed at (before the column engine narrows one to level columns),
    which the photos' preparation sizes their files for: as written; across the column where text beside it
    would be too narrow (rule 2); narrowed alike with the photos of its row where they do not fit side by side."""
    shares: dict[ImageBlock, float] = {}
    for section in issue.sections:
        blocks = list(section.blocks)
        position = 0
        while position < len(blocks):
            block = blocks[position]
            row = _floated_in_a_row(blocks, position)
            if len(row) > 1:
                scale = _row_scale(row, theme)
                shares.update({photo: photo.width * scale for photo in row})
                position += len(row)
                continue
            if isinstance(block, ImageBlock):
                shares[block] = placed_share(block, theme)
            position += 1
    return shares


def _row_scale(row: list[ImageBlock], theme: Theme) -> float:
    """How much the photos of a row are narrowed, alike, to stand side by side in the column with the gaps."""
    column = theme.geometry.column_width
    gaps = float_gap(theme) * (len(row) - 1)
    return min(1.0, (column - gaps) / (column * sum(block.width for block in row)))


def placed_share(block: ImageBlock, theme: Theme) -> float:
    """The share of the column a photo is placed at: the whole column when text beside it would be too narrow to
    read (rule 2), which the photo's preparation must know too (its resolution)."""
    if block.float == "none":
        return block.width
    geometry = theme.geometry
    beside = geometry.column_width * (1 - block.width) - float_gap(theme)
    return 1.0 if characters_in(beside, theme) < MIN_CHARACTERS_BESIDE_PHOTO else block.width


@dataclass(frozen=True)
class PhotoShape:
    """What layout needs of a photo: its upright pixel size, for its proportions, and the name under which the
    renderer finds each edition's prepared file for it."""

    name: str
    width_px: int
    height_px: int


def build_story(
    issue: Issue, text: IssueText, photos: dict[ImageBlock, PhotoShape], theme: Theme, *,
    line_breaking: LineBreaking, file: str, structure: Element,
) -> tuple[list[StoryItem], list[Diagnostic]]:
    """The flowables in reading order; each section, paragraph, photo and box is added to `structure` as well."""
    builder = _StoryBuilder(issue=issue, text=text, photos=photos, theme=theme, line_breaking=line_breaking,
                            file=file, structure=structure)
    return builder.build(), builder.diagnostics


class _StoryBuilder:
    def __init__(self, *, issue: Issue, text: IssueText, photos: dict[ImageBlock, PhotoShape], theme: Theme,
                 line_breaking: LineBreaking, file: str, structure: Element):
        self.issue = issue
        self.structure = structure
        self.text = text
        self.photos = photos
        self.theme = theme
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.line_breaking = line_breaking
        self._outline_depth = 0
        self._list_styles: dict[tuple, ParagraphStyle] = {}
        geometry = theme.geometry
        # A photo must fit a whole column of a continuation page (page 1 has the masthead too).
        self.page_body_height = geometry.body_top - geometry.margin_bottom
        self.max_figure_height = self.page_body_height - 2 * theme.paragraph_gap
        self.float_gap = float_gap(theme)

    def build(self) -> list[StoryItem]:
        story: list[StoryItem] = []
        for index, section in enumerate(self.issue.sections):
            if section.style == "notice":
                story.append(self._notice(index, section))
            else:
                story.extend(self._section(index, section))
        if self.issue.contact is not None:
            story.append(self._contact())
        return story

    def _heading(self, index: int, section: Section, parent: Element, *, in_box: bool = False) -> SectionHeading:
        styles = self.theme.styles
        style = styles.box_heading if in_box else (styles.heading_1 if section.level == 1 else styles.heading_2)
        # The outline may only go one level deeper than the entry before it; so may headings (H1 is the title).
        level = min(section.level - 1, self._outline_depth)
        self._outline_depth = level + 1
        # A heading's last two words stay together wherever they fit a line together: the heading is ragged, so
        # the line before only ends a word earlier (rule 7).
        measure = self.theme.geometry.column_width
        return SectionHeading(
            tie_last_words(self.text.headings[index],
                           fits=lambda text: stringWidth(text, style.fontName, style.fontSize) <= measure),
            style,
            outline_title=self.text.plain.headings[index], outline_level=level, key=f"section-{index + 1}",
            tag=parent.add(f"H{level + 2}"),
        )

    def _paragraphs(self, block: TextBlock, parent: Element) -> list[Flowable]:
        """A text block's paragraphs, list items and tables, in reading order; each a P, an LI of an L, or a Table
        of `parent`."""
        flowables: list[Flowable] = []
        lists = _OpenLists(parent)
        for piece in self.text.paragraphs[block]:
            if isinstance(piece, ListItem):
                flowables.append(self._list_item(piece, *lists.body_for(piece)))
                continue
            lists.close()
            if isinstance(piece, Table):
                table = self._table(piece, block, parent)
                if table is not None:
                    flowables.append(table)
            else:
                flowables.append(self._justified(piece, self.theme.styles.body, tag=parent.add("P")))
        return flowables

    def _justified(self, markup: str, style, *, tag: Element, **options) -> BodyParagraph:
        paragraph = BodyParagraph(keep_italics_whole(markup), style, tag=tag, **options)
        paragraph.line_breaking = self.line_breaking
        return paragraph

    def _list_item(self, item: ListItem, body: Element, label: Element | None) -> BodyParagraph:
        base = self.theme.styles.list_item
        key = (item.depth, item.ends_list)
        if key not in self._list_styles:
            indent = base.leftIndent * item.depth
            self._list_styles[key] = ParagraphStyle(
                f"list_item_{item.depth}{'_last' if item.ends_list else ''}", parent=base, leftIndent=indent,
                bulletIndent=indent - base.leftIndent,
                spaceAfter=self.theme.paragraph_gap if item.ends_list else base.spaceAfter,
            )
        paragraph = self._justified(item.markup, self._list_styles[key], tag=body, bulletText=item.label or None)
        paragraph.label_tag = label
        return paragraph

    def _table(self, table: Table, block: TextBlock, parent: Element) -> TableBlock | None:
        theme, styles = self.theme, self.theme.styles
        aligned = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}

        element = Element("Table")

        def cells(row: tuple[str, ...], style: ParagraphStyle, role: str) -> list[Paragraph]:
            tr = element.add("TR")
            return [TaggedParagraph(markup, self._cell_style(style, aligned[alignment]), tag=tr.add(role))
                    for markup, alignment in zip(row, table.alignments)]

        made = TableBlock(cells(table.header, styles.table_header, "TH"),
                          [cells(row, styles.table_cell, "TD") for row in table.rows],
                          alignments=table.alignments, padding=theme.brand.spacing.table_padding,
                          rule=theme.colour("accent"), tint=theme.colour("tint"))
        made.spaceBefore = made.spaceAfter = theme.paragraph_gap
        column = theme.geometry.column_width
        if made.least_width() > column:
            where = block.text_where or block.where
            self.diagnostics.append(error(
                self.file, where.line + table.line_offset, where.column,
                f"this table is too wide for a column: its longest words need {made.least_width():.0f} pt, "
                f"a column has {column:.0f} pt",
                hint="shorten the longest words of its widest columns (a date as '4–6 Sept.'), or make it two "
                     "tables of fewer columns",
            ))
            return None
        parent.children.append(element)
        return made

    def _cell_style(self, style: ParagraphStyle, alignment: int) -> ParagraphStyle:
        key = (style.name, alignment)
        if key not in self._list_styles:
            self._list_styles[key] = ParagraphStyle(f"{style.name}_{alignment}", parent=style, alignment=alignment)
        return self._list_styles[key]

    def _section(self, index: int, section: Section) -> list[StoryItem]:
        sect = self.structure.add("Sect")
        items: list[StoryItem] = [
            Flow(self._heading(index, section, sect), Ref("heading", index, None, section.where.line)),
        ]
        blocks = list(section.blocks)
        position = 0
        while position < len(blocks):
            block = blocks[position]
            if isinstance(block, TextBlock):
                items.extend(self._text_flows(index, position, block, sect))
                position += 1
                continue
            row = _floated_in_a_row(blocks, position)
            if len(row) > 1:
                items.extend(self._photo_row(index, position, row, sect))
                position += len(row)
                continue
            share = placed_share(block, self.theme)
            figure = self._figure(block, sect, width=share)
            ref = Ref("figure", index, position, block.where.line)
            if not figure.fits:  # reported as an error: the build stops, and a preflight goes on without it
                position += 1
                continue
            if share != block.width:
                # Text beside it would run a few words a line, hyphen after hyphen: the photo takes the column.
                figure.widened_from = block.width
            if block.float == "none" or figure.widened_from is not None:
                items.append(Flow(figure, ref))
                position += 1
                continue
            # The text blocks after a floated photo, up to the next photo, flow around it.
            wrapped: list[Flow] = []
            position += 1
            while position < len(blocks) and isinstance(blocks[position], TextBlock):
                wrapped.extend(self._text_flows(index, position, blocks[position], sect))
                position += 1
            # A table needs the column's whole width: it and what follows it go under the photo.
            cut = next((i for i, flow in enumerate(wrapped) if isinstance(flow.flowable, TableBlock)), len(wrapped))
            if cut:
                items.append(Float(figure=figure, text=tuple(wrapped[:cut]), ref=ref,
                                   compose=self._composer(block.float)))
            else:
                items.append(Flow(figure, ref))  # nothing to flow around it: floated beside a hole, it stands alone
            items.extend(wrapped[cut:])
        return items

    def _photo_row(self, section_index: int, position: int, row: list[ImageBlock], parent: Element) -> list[Flow]:
        """Photos floated one after another, side by side: at the widths written where they fit the column with
        the gaps between them, all narrowed alike where they do not."""
        scale = _row_scale(row, self.theme)
        figures = [self._figure(block, parent, width=block.width * scale) for block in row]
        figures = [figure for figure in figures if figure.fits]  # the rest are reported as errors
        if not figures:
            return []
        return [Flow(PhotoRow(figures, gap=self.float_gap), Ref("figure", section_index, position, row[0].where.line))]

    def _text_flows(self, section_index: int, block_index: int, block: TextBlock, parent: Element) -> list[Flow]:
        ref = Ref("paragraph", section_index, block_index, block.where.line)
        return [Flow(paragraph, ref) for paragraph in self._paragraphs(block, parent)]

    def _composer(self, side: str):
        theme = self.theme
        em = theme.styles.body.fontSize
        # The column engine composes the same photo with the same text at every height it tries; one flowable
        # for each pair keeps what it has worked out (it and the text are kept alive with it, so ids stay valid).
        composed: dict[tuple[int, ...], tuple[Figure, list[Flowable], Flowable]] = {}

        def compose(figure: Figure, text: list[Flowable]) -> Flowable:
            key = (id(figure), *map(id, text))
            if key not in composed:
                composed[key] = (figure, list(text), FloatingFigure(
                    figure, text, side=side, gap=self.float_gap,
                    narrow_style=theme.styles.body_narrow, narrow_below=NARROW_MEASURE_EMS * em,
                    nothing_below=measure_for(MIN_CHARACTERS_BESIDE_PHOTO, theme),
                ))
            return composed[key][2]
        return compose

    def _figure(self, block: ImageBlock, parent: Element, width: float | None = None) -> Figure:
        styles = self.theme.styles
        caption_markup, credit_markup = self.text.captions[block]
        photo = self.photos[block]
        tag = parent.add("Figure", alt=block.alt)
        # The caption beside the figure, not in it: a reader is told a Figure's alt text instead of its content.
        caption = parent.add("Caption") if caption_markup or credit_markup else None
        figure = Figure(
            FigureSource(photo.name, photo.width_px, photo.height_px),
            width=self.theme.geometry.column_width * (block.width if width is None else width),
            caption=TaggedParagraph(tie_last_words(caption_markup), styles.caption, tag=caption)
            if caption_markup else None,
            credit=TaggedParagraph(credit_markup, styles.credit, tag=caption) if credit_markup else None,
            caption_gap=self.theme.paragraph_gap * self.theme.brand.spacing.under_photo,
            max_height=self.max_figure_height, tag=tag, line=block.where.line,
        )
        figure.spaceBefore = figure.spaceAfter = self.theme.paragraph_gap
        if not figure.fits:
            self.diagnostics.append(error(
                self.file, block.where.line, block.where.column,
                f"the caption of photo '{block.path}' is too long to fit in a column with the photo",
                hint="shorten the caption or the credit, or put the longer text in a paragraph after the photo",
            ))
        elif figure.scaled_down:
            # Rounded down, so the width the hint names fits as it is; under 10 % no width is accepted.
            share = math.floor(100 * figure.image_width / self.theme.geometry.column_width)
            self.diagnostics.append(warning(
                self.file, block.where.line, block.where.column,
                f"photo '{block.path}' is taller than a column at {round(block.width * 100)} % width; "
                f"scaled down to {max(share, 1)} % to fit",
                hint=f"write 'width: {share}%' to choose this size yourself, or crop the photo" if share >= 10 else
                "crop the photo to a less tall shape: even at 10 %, the smallest width, it is taller than a column",
            ))
        return figure

    def _notice(self, index: int, section: Section) -> Span:
        theme = self.theme
        group = self.structure.add("Div")
        heading = self._heading(index, section, group, in_box=True)
        content: list[Flowable] = [heading]
        text: list[Flowable] = []

        def set_text() -> None:
            # Across the full width a line would run over 100 characters: two columns inside the box (rule 4).
            if text:
                columns = TwoColumns(list(text), gutter=theme.geometry.gutter)
                columns.spaceBefore = heading.style.spaceAfter
                content.append(columns)
                text.clear()

        for block in section.blocks:
            if isinstance(block, TextBlock):
                text.extend(self._paragraphs(block, group))
            elif (figure := self._figure(block, group)).fits:
                set_text()
                content.append(figure)
        set_text()
        box = Box(content, fill=theme.colour("tint"), padding=theme.paragraph_gap * theme.brand.spacing.box_padding,
                  edge=theme.colour("accent"), edge_width=3)
        box.spaceBefore = box.spaceAfter = theme.paragraph_gap * theme.brand.spacing.box_around
        if box.wrap(theme.geometry.body_width, UNLIMITED_HEIGHT)[1] > self.page_body_height:
            # A box does not run over pages: a longer notice would run off the foot of the page.
            self.diagnostics.append(error(
                self.file, section.where.line, section.where.column,
                f"the notice '{section.heading}' is too long to fit on one page",
                hint="shorten it, or make the longer part an ordinary section (remove 'style: notice')",
            ))
        return Span(box, Ref("notice", index, None, section.where.line))

    def _contact(self) -> Span:
        theme = self.theme
        styles = theme.styles
        contact = self.issue.contact
        assert contact is not None
        group = self.structure.add("Div")
        heading = SectionHeading(
            self.text.contact_heading, styles.box_heading,
            outline_title=self.text.plain.contact_heading, outline_level=0, key="contact", tag=group.add("H2"),
        )
        address = [TaggedParagraph(line, styles.contact, tag=group.add("P")) for line in self.text.contact_lines]
        reach: list[Flowable] = []
        if self.text.contact_email:
            reach.append(TaggedParagraph(self.text.contact_email, styles.contact, tag=group.add("P")))
        if self.text.contact_website:
            reach.append(TaggedParagraph(f"{self.text.see_more_at} {self.text.contact_website}", styles.contact,
                                         tag=group.add("P")))
        width = theme.geometry.body_width - 2 * theme.paragraph_gap * theme.brand.spacing.box_padding
        table = ReportLabTable([[address, reach]], colWidths=[width * 0.62, width * 0.38])
        table.setStyle(TableStyle([
            # A table sets its own cell font even around paragraphs; ReportLab's default is unembedded Helvetica.
            ("FONT", (0, 0), (-1, -1), styles.contact.fontName, styles.contact.fontSize),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), theme.paragraph_gap),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        table.spaceBefore = theme.paragraph_gap * 0.5
        box = Box([heading, table], fill=theme.colour("tint"),
                  padding=theme.paragraph_gap * theme.brand.spacing.box_padding,
                  edge=theme.colour("primary"), edge_width=3)
        box.spaceBefore = theme.paragraph_gap * theme.brand.spacing.box_around
        # It follows the last columns, balanced, rather than stand at the foot under a void (rule 3).
        return Span(box, Ref("contact", None, None, contact.where.line))


class _OpenLists:
    """The lists open while a text block's pieces are read: an L for each depth, the LBody of each last item."""

    def __init__(self, parent: Element):
        self.parent = parent
        self.lists: list[Element] = []
        self.bodies: list[Element] = []

    def body_for(self, item: ListItem) -> tuple[Element, Element | None]:
        """The LBody the item's paragraph goes into (a new item's, or its item's own for a second paragraph), and
        the Lbl of its bullet or number when it has one."""
        del self.lists[item.depth:], self.bodies[item.depth:]
        if len(self.lists) < item.depth:
            # A list inside an item hangs in that item's body.
            holder = self.bodies[-1] if self.bodies else self.parent
            self.lists.append(holder.add("L"))
        label = None
        if item.label or len(self.bodies) < item.depth:
            del self.bodies[item.depth - 1:]
            entry = self.lists[-1].add("LI")
            label = entry.add("Lbl") if item.label else None
            self.bodies.append(entry.add("LBody"))
        body = self.bodies[item.depth - 1]
        if item.ends_list:
            self.close()
        return body, label

    def close(self) -> None:
        self.lists.clear()
        self.bodies.clear()
