"""`bulletinpdf email`: the .eml parsed back: headers, text and HTML bodies, page 1 inline, the PDF attached."""

from __future__ import annotations

import email
import shutil
from email import policy
from pathlib import Path

import pytest

from bulletinpdf.cli import main
from bulletinpdf.run.email import first_sentence
from bulletinpdf.text.blocks import mark_up
from bulletinpdf.text.markup import mark_up_inline

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def eml(tmp_path_factory) -> tuple[Path, email.message.EmailMessage]:
    root = tmp_path_factory.mktemp("email")
    shutil.copytree(REPO / "issues", root / "issues")
    shutil.copytree(REPO / "assets", root / "assets")
    assert main(["email", str(root / "issues" / "2016Q4.yaml"), "--quiet"]) == 0
    path = root / "build" / "2016Q4" / "highlights-2016Q4.eml"
    return path, email.message_from_bytes(path.read_bytes(), policy=policy.default)


def test_headers(eml):
    _, message = eml
    assert message["Subject"] == "Highlights — 1 October to 31 December 2016"
    assert message["From"] == "info@clusterconvention.org"
    assert message["X-Unsent"] == "1"
    assert message.get_content_type() == "multipart/mixed"


def test_plain_text_body(eml):
    _, message = eml
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # .eml lines end in CRLF
    assert text.startswith("Highlights\n1 October to 31 December 2016\n")
    assert "Universalization\nIn October 2016, the First Committee approved" in text
    # The first sentence only: an abbreviation such as "H.E." does not end it.
    assert ("The President of the 7MSP, H.E. Ambassador Biontino from the Federal Republic of Germany, is pleased "
            "to announce that the 7MSP will take place") in text
    assert "meaning that" not in text  # from the second sentence of Universalization
    assert "15th Meeting" in text and "^" not in text and "*" not in text
    assert "info@clusterconvention.org" in text and "See more at: https://www.clusterconvention.org" in text
    assert "highlights-2016Q4-email.pdf" in text


def test_html_body_with_inline_page_1(eml):
    _, message = eml
    html_part = message.get_body(("html",))
    html = html_part.get_content()
    assert "<h2>Publications</h2>" in html and "<h3>Congratulations to Mozambique</h3>" in html
    assert '<a href="mailto:info@clusterconvention.org">' in html
    assert '<a href="https://www.clusterconvention.org">www.clusterconvention.org</a>' in html
    related = [part for part in message.walk() if part.get_content_type() == "multipart/related"]
    assert len(related) == 1
    (image,) = [part for part in related[0].iter_parts() if part.get_content_maintype() == "image"]
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html
    assert image.get_content()[:3] == b"\xff\xd8\xff"  # a JPEG


def test_the_email_edition_is_attached(eml):
    path, message = eml
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "highlights-2016Q4-email.pdf"
    assert attachment.get_content_type() == "application/pdf"
    pdf = path.parent / "highlights-2016Q4-email.pdf"
    assert attachment.get_content() == pdf.read_bytes()


@pytest.mark.parametrize("text, first", [
    ("One. Two.", "One."),
    ("H.E. Ambassador Biontino spoke. Then.", "H.E. Ambassador Biontino spoke."),
    ("On 5^th^ December the *UN* met. It [voted](https://un.org).", "On 5th December the UN met."),
    ("A line\nbroken in two. Next.", "A line broken in two."),
    ("No full stop at all", "No full stop at all"),
    ("First paragraph\n\nSecond. Third.", "First paragraph"),
    ("Dr. Smith arrived. Later.", "Dr. Smith arrived."),
])
def test_first_sentence(text: str, first: str):
    assert first_sentence(mark_up(text).plain[0]) == first


def test_plain_text_keeps_escaped_characters():
    assert mark_up_inline(r"5 \* 3 and \^ and [the site](https://x.org)").plain == ("5 * 3 and ^ and the site",)


@pytest.mark.parametrize("text", ["3 * 4 = 12", "a ^ b", "**bold** and *italic*", "see www.un.org or [UN](https://un.org)"])
def test_the_email_reads_what_the_pdf_prints(text: str):
    # One parse: the PDF's markup without its tags is the e-mail's text, so "3 * 4" is not "3 4" in one of them.
    import re
    marked = mark_up(text)
    printed = re.sub(r"<[^>]+>", "", marked.paragraphs[0]).replace("&amp;", "&")
    assert marked.plain[0] == " ".join(printed.split())
