"""The subscriber e-mail: a message (.eml) made from the issue, the e-mail edition attached; never sent."""

from __future__ import annotations

import html
import re
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid

from bulletinpdf.model import Issue, TextBlock
from bulletinpdf.text.issue_text import PlainText

# A sentence ends at . ! or ? followed by a space and a capital, a digit or an opening quote...
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z0-9“\"‘(])")
# ...unless the word before is an abbreviation: one letter (H.E.), or a title.
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\.[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Art|Amb|Prof|e\.g|i\.e|etc|vs))$")
THUMBNAIL_WIDTH_PX = 240


def first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph's plain words."""
    paragraph = " ".join(paragraph.split())
    for end in _SENTENCE_END.finditer(paragraph):
        if not _ABBREVIATION.search(paragraph[: end.start()]):
            return paragraph[: end.end()]
    return paragraph


def web_address(written: str) -> str:
    return written if re.match(r"https?://", written, re.IGNORECASE) else f"https://{written}"


def summaries(issue: Issue, plain: PlainText) -> list[tuple[str, int, str]]:
    """(heading, level, first sentence) of every section, in printed order."""
    found = []
    for section, heading in zip(issue.sections, plain.headings):
        paragraphs = next((plain.paragraphs[block] for block in section.blocks if isinstance(block, TextBlock)), ())
        found.append((heading, section.level, first_sentence(paragraphs[0]) if paragraphs else ""))
    return found


def make_message(*, issue: Issue, plain: PlainText, pdf_name: str, pdf: bytes, thumbnail_jpeg: bytes,
                 sender: str | None = None) -> EmailMessage:
    """The e-mail: plain text and HTML alternatives, page 1 inline in the HTML, the PDF attached."""
    message = EmailMessage(policy=SMTP)
    message["Subject"] = f"{plain.title} — {issue.period.label}"
    contact_email = issue.contact.email if issue.contact else None
    if sender or contact_email:
        message["From"] = sender or contact_email
    # Mail clients (Outlook, Thunderbird) open a message marked unsent as a draft, ready to address and send.
    message["X-Unsent"] = "1"
    message.set_content(_plain_body(issue, plain, pdf_name))
    thumbnail_id = make_msgid(domain="highlights.invalid")
    message.add_alternative(_html_body(issue, plain, pdf_name, thumbnail_id[1:-1]), subtype="html")
    html_part = message.get_payload()[1]
    html_part.add_related(thumbnail_jpeg, maintype="image", subtype="jpeg", cid=thumbnail_id,
                          filename="highlights-page-1.jpg")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return message


def _plain_body(issue: Issue, plain: PlainText, pdf_name: str) -> str:
    lines = [plain.title, issue.period.label, ""]
    for heading, level, sentence in summaries(issue, plain):
        lines.append(heading if level == 1 else f"  {heading}")
        if sentence:
            lines.append(("" if level == 1 else "  ") + sentence)
        lines.append("")
    lines += [f"The full bulletin is attached: {pdf_name}", ""]
    if issue.contact:
        contact = issue.contact
        lines.append(plain.contact_heading)
        lines += list(plain.contact_lines)
        if contact.email:
            lines.append(contact.email)
        if contact.website:
            lines.append(f"See more at: {web_address(contact.website)}")
    return "\n".join(lines) + "\n"


def _html_body(issue: Issue, plain: PlainText, pdf_name: str, thumbnail_cid: str) -> str:
    e = html.escape
    display_title = f"{plain.title} — {issue.period.label}"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(issue.language)}"><head><meta charset="utf-8"><title>{e(display_title)}</title></head>',
        '<body style="font-family: Calibri, Carlito, Arial, sans-serif; max-width: 640px; color: #222;">',
        f'<h1 style="margin-bottom: 0;">{e(plain.title)}</h1>',
        f'<p style="margin-top: 0;">{e(issue.period.label)}</p>',
        f'<p><img src="cid:{e(thumbnail_cid)}" width="{THUMBNAIL_WIDTH_PX}" '
        f'alt="Page 1 of {e(display_title)}" style="border: 1px solid #ccc;"></p>',
    ]
    for heading, level, sentence in summaries(issue, plain):
        tag = "h2" if level == 1 else "h3"
        parts.append(f"<{tag}>{e(heading)}</{tag}>")
        if sentence:
            parts.append(f"<p>{e(sentence)}</p>")
    parts.append(f"<p><strong>The full bulletin is attached: {e(pdf_name)}</strong></p>")
    if issue.contact:
        contact = issue.contact
        lines = [e(line) for line in plain.contact_lines]
        if contact.email:
            lines.append(f'<a href="mailto:{e(contact.email)}">{e(contact.email)}</a>')
        if contact.website:
            lines.append(f'See more at: <a href="{e(web_address(contact.website))}">{e(contact.website)}</a>')
        parts.append(f"<h2>{e(plain.contact_heading)}</h2><p>" + "<br>\n".join(lines) + "</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
