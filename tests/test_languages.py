"""Editions in the Convention's languages: the words the layout adds, French typography, hyphenation per
language, the shipped French and Spanish translations of 2016 Q4 built end to end, and the language errors."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml
from pypdf import PdfReader
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from bulletinpdf.load.brand_file import load_brand
from bulletinpdf.lines.hyphenation import hyphenator_for, line_texts
from bulletinpdf.lines.linebreak import HeldParagraph, JustifiedParagraph
from bulletinpdf.load.language import load_language, month_names, supported_languages
from bulletinpdf.load.project import quarter_of, translation_of
from bulletinpdf.load.reader import load_issue
from bulletinpdf.model import Period, Typography
from bulletinpdf.render.profiles import PROFILES
from bulletinpdf.run.email import make_message
from bulletinpdf.run.new_issue import start_translation
from bulletinpdf.run.pipeline import build_issue
from bulletinpdf.text.blocks import mark_up
from bulletinpdf.text.markup import mark_up_inline, plain_words
from bulletinpdf.text.typography import NARROW_NO_BREAK_SPACE as NNBSP
from bulletinpdf.text.typography import Spacing

from .pdf_words import missing_in_order, pdf_words

ROOT = Path(__file__).resolve().parent.parent
QUARTER = Period(dt.date(2016, 10, 1), dt.date(2016, 12, 31))
ACROSS_YEARS = Period(dt.date(2016, 12, 1), dt.date(2017, 2, 28))
FRENCH = Spacing(load_language("fr").typography)
MARKS_BEFORE = ";:!?»"


# ---------------------------------------------------------------- the words the layout adds


def test_supported_languages_are_the_files_under_load_languages():
    assert supported_languages() == {"en": "English", "es": "Spanish", "fr": "French"}


@pytest.mark.parametrize(("code", "plain", "marked", "across"), [
    ("en", "1 October to 31 December 2016", "1 October to 31 December 2016",
     "1 December 2016 to 28 February 2017"),
    ("fr", "1er octobre au 31 décembre 2016", "1^er^ octobre au 31 décembre 2016",
     "1er décembre 2016 au 28 février 2017"),
    ("es", "1 de octubre al 31 de diciembre de 2016", "1 de octubre al 31 de diciembre de 2016",
     "1 de diciembre de 2016 al 28 de febrero de 2017"),
])
def test_period_line(code, plain, marked, across):
    language = load_language(code)
    assert language.period_line(QUARTER) == plain
    assert language.period_line(QUARTER, marked=True) == marked
    assert language.period_line(ACROSS_YEARS) == across
    assert language.say("period.line", range=plain) == f"({plain})"


def test_only_the_first_of_a_month_is_1er():
    assert load_language("fr").period_line(Period(dt.date(2017, 4, 2), dt.date(2017, 6, 30))) == "2 avril au 30 juin 2017"


def test_month_names_are_cldrs_and_kept_between_builds(tmp_path):
    assert month_names("fr")[0] == "janvier" and month_names("es")[8] == "septiembre"
    assert month_names("fr", cache_dir=tmp_path) == month_names("fr")
    assert len(list(tmp_path.rglob("*.entry"))) == 1  # one verified entry (cache_files.py)
    assert month_names("fr", cache_dir=tmp_path)[11] == "décembre"  # read back from the copy


@pytest.mark.parametrize(("code", "words"), [
    ("en", {"page_of": "page 1 of 2", "contact_heading": "Contact details", "see_more_at": "See more at:",
            "pdf_subject": "Quarterly bulletin, P", "email_subject": "T — P",
            "email_attached": "The full bulletin is attached: f.pdf", "email_page_1": "Page 1 of T"}),
    ("fr", {"page_of": "page 1 sur 2", "contact_heading": "Coordonnées", "see_more_at": "Pour en savoir plus :",
            "pdf_subject": "Bulletin trimestriel, P", "email_subject": "T — P",
            "email_attached": "Le bulletin complet est joint : f.pdf", "email_page_1": "Page 1 de T"}),
    ("es", {"page_of": "página 1 de 2", "contact_heading": "Datos de contacto", "see_more_at": "Más información en:",
            "pdf_subject": "Boletín trimestral, P", "email_subject": "T — P",
            "email_attached": "Se adjunta el boletín completo: f.pdf", "email_page_1": "Página 1 de T"}),
])
def test_every_localised_string(code, words):
    language = load_language(code)
    values = {"page": 1, "pages": 2, "period": "P", "title": "T", "file": "f.pdf"}
    assert {name: language.say(name, **values) for name in words} == words


def test_the_organisation_is_named_in_each_language():
    brand, _ = load_brand(ROOT / "assets")
    assert brand.organisation_in("en") == "Implementation Support Unit of the Convention on Cluster Munitions (ISU-CCM)"
    assert "Convention sur les armes à sous-munitions" in brand.organisation_in("fr")
    assert "Convención sobre Municiones en Racimo" in brand.organisation_in("es")
    assert brand.organisation_in("de") == brand.organisation  # a language the brand lacks: its first


def test_translation_files_are_named_after_their_language():
    assert (quarter_of(Path("issues/2016Q4.fr.yaml")), translation_of(Path("issues/2016Q4.fr.yaml"))) == ("2016Q4", "fr")
    assert (quarter_of(Path("issues/2016Q4.yaml")), translation_of(Path("issues/2016Q4.yaml"))) == ("2016Q4", None)
    assert (quarter_of(Path("issues/2016Q4.draft.yaml")), translation_of(Path("issues/2016Q4.draft.yaml"))) == (
        "2016Q4.draft", None)


# ---------------------------------------------------------------- French typography


@pytest.mark.parametrize(("typed", "printed"), [
    ("Retenez la date : le 4 ; et !", f"Retenez la date{NNBSP}: le 4{NNBSP}; et{NNBSP}!"),
    ("sans espace: oui; non! vraiment?", f"sans espace{NNBSP}: oui{NNBSP}; non{NNBSP}! vraiment{NNBSP}?"),
    ("« entre guillemets »", f"«{NNBSP}entre guillemets{NNBSP}»"),
    ("«collés»", f"«{NNBSP}collés{NNBSP}»"),
    (f"déjà{NNBSP}: fine", f"déjà{NNBSP}: fine"),
    ("insécable\u00a0: gardée", "insécable\u00a0: gardée"),
    ("Quoi ?!", f"Quoi{NNBSP}?!"),
    ("à 12:30 précises", "à 12:30 précises"),
    ("l'État et d'autres", "l’État et d’autres"),
    ("**gras**: suite", f"<b>gras</b>{NNBSP}: suite"),
])
def test_french_spacing_is_added_where_the_author_typed_a_space_or_none(typed, printed):
    assert mark_up_inline(typed, spacing=FRENCH).paragraphs == (printed,)


@pytest.mark.parametrize(("code", "typed", "printed"), [
    ("en", "The Lao People's Democratic Republic", "The Lao People’s Democratic Republic"),
    ("en", 'adopted "Implementation of the Convention" by 134 votes',
     "adopted “Implementation of the Convention” by 134 votes"),
    ("en", "the States' obligations, 'in full'", "the States’ obligations, ‘in full’"),
    ("en", '**"Save the date"**, *"Guidance"*', "<b>“Save the date”</b>, <i>“Guidance”</i>"),
    ("en", 'kept \\"straight\\" on purpose', "kept &quot;straight&quot; on purpose"),
    ("en", "the '90s", "the '90s"),  # a quote with no partner stays as typed
    ("fr", 'l\'État a dit "oui"', f"l’État a dit «{NNBSP}oui{NNBSP}»"),
    ("fr", '"une \'citation\' dedans"', f"«{NNBSP}une “citation” dedans{NNBSP}»"),
    ("es", 'la "Convención" y el \'Tratado\'', "la «Convención» y el “Tratado”"),
])
def test_straight_quotes_print_as_the_language_s_own(code, typed, printed):
    spacing = Spacing(load_language(code).typography)
    assert mark_up_inline(typed, spacing=spacing).paragraphs == (printed,)
    # In running text too, and an address keeps its own characters.
    assert mark_up(typed, spacing=spacing).paragraphs == (printed,)


def test_quotes_never_change_inside_an_address():
    spacing = Spacing(load_language("en").typography)
    (markup,) = mark_up('see "https://www.un.org/a\'b" now', spacing=spacing).paragraphs
    assert markup.startswith("see “<a href=") and markup.endswith("</a>” now")
    assert ">https://www.un.org/a'b</a>" in markup
    # A bare address without its scheme too (markdown-it finds those after the inline rules).
    (markup,) = mark_up("see www.un.org/a'b now", spacing=spacing).paragraphs
    assert ">www.un.org/a'b</a> now" in markup


def test_never_inside_web_or_email_addresses():
    typed = "Voir https://www.clusterconvention.org/?a=1;b=2 et info@clusterconvention.org: merci"
    (markup,) = mark_up(typed, spacing=FRENCH).paragraphs
    assert ">https://www.clusterconvention.org/?a=1;b=2</a>" in markup
    assert f"info@clusterconvention.org</a>{NNBSP}: merci" in markup


def test_english_and_spanish_text_is_left_as_typed():
    typed = "Note: this; that! « x » l'État"
    assert mark_up_inline(typed).paragraphs == ("Note: this; that! « x » l'État",)
    spanish = Spacing(load_language("es").typography)
    assert mark_up_inline("Nota: ¿qué? ¡sí!", spacing=spanish).paragraphs == ("Nota: ¿qué? ¡sí!",)


def test_the_words_compared_with_the_pdf_follow_the_same_rules():
    assert plain_words("date: oui «non»", spacing=FRENCH) == ["date", ":", "oui", "«", "non", "»"]


def _french_style(name: str = "fr-body") -> ParagraphStyle:
    return ParagraphStyle(name, fontName=_body_font(), fontSize=10.5, leading=13.5, alignment=TA_JUSTIFY,
                          hyphenationLang=hyphenator_for("fr"), embeddedHyphenation=1, uriWasteReduce=0.3)


def _body_font() -> str:
    from bulletinpdf.brand.theme import register_fonts

    fonts = ROOT / "assets" / "fonts"
    family = register_fonts(*(fonts / f"Carlito-{face}.ttf" for face in ("Regular", "Bold", "Italic", "BoldItalic")))
    return f"{family.name}-Regular"


FRENCH_PARAGRAPH = ("Le Président a déclaré : « La Convention progresse ! » Qui l’aurait cru ? Les États parties ; "
                    "les observateurs : tous étaient là ! L’Assemblée générale a adopté la résolution ; "
                    "ensuite, « l’universalisation » et « la dépollution » ont été débattues : pourquoi ? "
                    "Parce que l’application de la Convention l’exige ! Voilà : c’est dit ; merci.")


@pytest.mark.parametrize("kind", [JustifiedParagraph, HeldParagraph])
@pytest.mark.parametrize("bold", [False, True])
def test_no_line_starts_with_a_french_mark_at_any_measure(kind, bold):
    """Over 81 measures (ReportLab alone started 8 lines with ; : ! or ? there): the narrow space holds."""
    text = FRENCH_PARAGRAPH.replace("Convention", "**Convention**") if bold else FRENCH_PARAGRAPH
    (markup,) = mark_up_inline(text, spacing=FRENCH).paragraphs
    # A word wider than the measure is cut by ReportLab wherever it must, marks and all: the measures start where
    # the widest word fits (84 pt, '« l’universalisation »'; the layout sets no text narrower than 7 ems, 73.5 pt).
    widest = max(stringWidth(word, _body_font(), 10.5) for word in markup.replace("<b>", "").replace("</b>", "").split(" "))
    starts = []
    for width in range(int(widest) + 1, int(widest) + 244, 3):
        paragraph = kind(markup, _french_style())
        paragraph.wrap(width, 10_000)
        lines = line_texts(paragraph)
        starts += [(width, line) for line in lines if line[:1] in MARKS_BEFORE]
        joined = " ".join(lines)
        # Every mark kept its narrow space; none was lost or turned into a breaking space.
        assert len(re.findall(f"{NNBSP}[{MARKS_BEFORE}]", joined)) == sum(joined.count(m) for m in MARKS_BEFORE)
    assert starts == []


# ---------------------------------------------------------------- hyphenation per language


def test_french_hyphenation_keeps_two_letters_before_and_three_after():
    french = hyphenator_for("fr")
    for word in ("universalisation", "dépollution", "coopération", "internationale", "l’application"):
        pairs = french(word)
        assert pairs, word
        for head, tail in pairs:
            assert len(head.split("’")[-1]) >= 2 and len(tail) >= 3, (head, tail)
    assert ("conven", "tion") in french("convention")


def test_french_elisions_break_only_in_the_word_after_the_apostrophe():
    pairs = hyphenator_for("fr")("l’application")
    assert ("l’appli", "cation") in pairs
    assert all(head.startswith("l’") and len(head) > 3 for head, _ in pairs)
    # English words with an apostrophe stay whole, as before: ReportLab offers them to no hyphenator.
    assert hyphenator_for("fr").elides and not hyphenator_for("en").elides


def test_spanish_hyphenation():
    spanish = hyphenator_for("es")
    assert ("implementa", "ción") in spanish("implementación")
    assert ("municio", "nes") in spanish("municiones")


@pytest.mark.parametrize("code", ["fr", "es"])
def test_no_acronyms_names_or_addresses_are_hyphenated(code):
    hyphenate = hyphenator_for(code)
    for word in ("ISU-CCM", "CIMAP", "APMBC", "McDonald", "www.clusterconvention.org", "info@clusterconvention.org",
                 "sous-munitions", "2016-2017"):
        assert hyphenate(word) == [], word


# ---------------------------------------------------------------- the shipped translations, built


@pytest.fixture(scope="module", params=["fr", "es"])
def translation(request, tmp_path_factory):
    code = request.param
    path = ROOT / "issues" / f"2016Q4.{code}.yaml"
    out = tmp_path_factory.mktemp(f"build-2016Q4-{code}")
    return code, path, build_issue(path, profiles=list(PROFILES.values()), out_dir=out,
                                   display_name=f"issues/2016Q4.{code}.yaml")


def _running_words(path: Path, code: str) -> list[str]:
    """The words the page must carry in reading order: title, period, headings and running text, the contact box
    (captions are drawn after their page's running text, so they are left out here, as in test_build)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    language = load_language(code)
    spacing = Spacing(language.typography)
    period = Period(data["period"]["from"], data["period"]["to"])
    parts = [data["title"], language.say("period.line", range=language.period_line(period))]
    for section in data["sections"]:
        parts.append(section["heading"])
        blocks = [{"text": section["text"]}] if "text" in section else section["blocks"]
        parts += [block["text"] for block in blocks if "text" in block]
    contact = data["contact"]
    parts += [contact["heading"], *contact["lines"], contact["email"],
              f"{language.say('see_more_at')} {contact['website']}"]
    return [word for part in parts for word in plain_words(part, spacing=spacing)]


def test_the_translations_are_marked_as_ours():
    for code in ("fr", "es"):
        head = (ROOT / "issues" / f"2016Q4.{code}.yaml").read_text(encoding="utf-8")[:600]
        assert "Our translation of issues/2016Q4.yaml" in head


def test_every_word_of_the_translation_is_on_the_page_in_order(translation):
    code, path, built = translation
    expected = _running_words(path, code)
    assert len(expected) > 800
    for pdf in built.outputs.values():
        matched, missing = missing_in_order(expected, pdf_words(pdf))
        assert not missing, f"{pdf.name}: after {matched} words, not found in order: {missing}"


def test_the_translation_is_laid_out_at_zero_faults(translation):
    code, _, built = translation
    # The faults the English edition is held to (test_build.py); the word-spacing and balance counts main added
    # while this was written are reported, as they are for the English edition, not yet held to zero.
    held = ("stranded_headings", "orphans", "widows", "overfull_lines", "hyphen_ladders")
    counts = built.report.counts
    assert {name: counts[name] for name in held if counts[name]} == {}, [
        fault for fault in built.report.faults if fault.kind in held]
    assert built.diagnostics == []
    assert {name: len(PdfReader(pdf).pages) for name, pdf in built.outputs.items()} == {"print": 2, "email": 2}


FURNITURE = {
    "fr": {"head": "Unité d’appui à l’application de la Convention sur les armes à sous-munitions (ISU-CCM)",
           "period": "(1er octobre au 31 décembre 2016)", "folio": "page 1 sur 2", "see": "Pour en savoir plus :",
           "title": "Faits marquants — 1er octobre au 31 décembre 2016",
           "subject": "Bulletin trimestriel, 1er octobre au 31 décembre 2016", "contact": "Coordonnées"},
    "es": {"head": "Unidad de Apoyo a la Implementación de la Convención sobre Municiones en Racimo (ISU-CCM)",
           "period": "(1 de octubre al 31 de diciembre de 2016)", "folio": "página 1 de 2",
           "see": "Más información en:", "title": "Aspectos destacados — 1 de octubre al 31 de diciembre de 2016",
           "subject": "Boletín trimestral, 1 de octubre al 31 de diciembre de 2016", "contact": "Datos de contacto"},
}


def test_the_furniture_is_in_the_issues_language(translation):
    code, _, built = translation
    expected = FURNITURE[code]
    for name, pdf in built.outputs.items():
        assert pdf.name == f"highlights-2016Q4-{code}-{name}.pdf"
        reader = PdfReader(pdf)
        first, last = (" ".join(page.extract_text().split()) for page in (reader.pages[0], reader.pages[-1]))
        assert first.startswith(f"{expected['head']} {expected['title'].split(' — ')[0]} {expected['period']}")
        assert expected["folio"] in first and expected["folio"].replace("1", "2", 1) in last
        assert f"{expected['see']} www.clusterconvention.org" in last
        for english in ("page 1 of", "See more at", "Contact details", "October", "Implementation Support Unit"):
            assert english not in first + last
        meta = reader.metadata
        assert (meta.title, meta.subject) == (expected["title"], expected["subject"])
        assert meta.author == expected["head"]
        assert reader.trailer["/Root"]["/Lang"] == code
        assert expected["contact"] in [entry["/Title"] for entry in reader.outline if not isinstance(entry, list)]
    assert built.report_path.name == f"layout-report-{code}.json"


@pytest.mark.parametrize("translation", ["fr"], indirect=True)
def test_french_marks_keep_their_space_and_never_start_a_line(translation):
    _, _, built = translation
    for pdf in built.outputs.values():
        for page in PdfReader(pdf).pages:
            for line in page.extract_text().split("\n"):
                assert not line.strip() or line.strip()[0] not in MARKS_BEFORE, line
                # The narrow space reads back as a space; a mark glued to the word before would be a missing one.
                assert not re.search(f"[^\\s«][{MARKS_BEFORE}]", line.replace("https:", "")), line


def test_the_email_is_in_the_issues_language(translation):
    code, path, built = translation
    issue = built.issue
    message = make_message(issue=issue, plain=built.plain, pdf_name=f"highlights-2016Q4-{code}-email.pdf", pdf=b"%PDF-",
                           thumbnail_jpeg=b"")
    expected = FURNITURE[code]
    assert message["Subject"] == expected["title"]
    body = message.get_body(("plain",)).get_content()
    assert expected["period"].strip("()") in body and f"{expected['see']} https://www.clusterconvention.org" in body
    assert {"fr": "Le bulletin complet est joint", "es": "Se adjunta el boletín completo"}[code] in body
    html = message.get_body(("html",)).get_content()
    assert f'<html lang="{code}">' in html


# ---------------------------------------------------------------- mistakes and new translations


def _project(root: Path) -> Path:
    import shutil

    shutil.copytree(ROOT / "assets", root / "assets", ignore=shutil.ignore_patterns("images"))
    (root / "assets" / "images").mkdir()
    (root / "issues").mkdir()
    return root


def test_an_unknown_language_is_an_error_at_its_line_with_the_supported_ones(tmp_path):
    root = _project(tmp_path)
    issue = root / "issues" / "2016Q4.yaml"
    issue.write_text("title: Highlights\nperiod: {from: 2016-10-01, to: 2016-12-31}\nlanguage: de\n"
                     "sections:\n  - heading: A\n    text: x\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "bulletinpdf.cli", "build", "issues/2016Q4.yaml"], cwd=root,
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr == ("issues/2016Q4.yaml:3:11: error: 'de' is not a supported language\n"
                          "    hint: write one of en (English), es (Spanish), fr (French)\n"
                          "issues/2016Q4.yaml: 1 error; nothing was written\n")
    assert list(root.glob("build/2016Q4/*.pdf")) == []


def test_a_translation_must_be_in_the_language_its_name_says(tmp_path):
    root = _project(tmp_path)
    issue = root / "issues" / "2016Q4.fr.yaml"
    issue.write_text("title: Highlights\nperiod: {from: 2016-10-01, to: 2016-12-31}\nlanguage: es\n"
                     "sections:\n  - heading: A\n    text: x\n", encoding="utf-8")
    _, diagnostics = load_issue(issue, display_name="issues/2016Q4.fr.yaml")
    assert [str(d) for d in diagnostics] == [
        "issues/2016Q4.fr.yaml:3:11: error: the file's name says it is in 'fr' but 'language:' says 'es'\n"
        "    hint: write 'language: fr', or rename the file 2016Q4.es.yaml"]
    unnamed = root / "issues" / "2016Q4.de.yaml"
    unnamed.write_text(issue.read_text(encoding="utf-8").replace("language: es\n", ""), encoding="utf-8")
    _, diagnostics = load_issue(unnamed, display_name="issues/2016Q4.de.yaml")
    assert [d.message for d in diagnostics] == ["the file's name says its language is 'de', which is not supported"]


def test_a_translation_without_a_language_key_takes_its_names(tmp_path):
    root = _project(tmp_path)
    issue = root / "issues" / "2016Q4.es.yaml"
    issue.write_text("title: Aspectos\nperiod: {from: 2016-10-01, to: 2016-12-31}\n"
                     "sections:\n  - heading: A\n    text: x\ncontact:\n  email: info@clusterconvention.org\n",
                     encoding="utf-8")
    loaded, diagnostics = load_issue(issue)
    assert diagnostics == []
    assert (loaded.language, loaded.words.code, loaded.name_in_files) == ("es", "es", "2016Q4-es")
    assert loaded.contact.heading == "Datos de contacto"


def test_new_starts_a_translation_line_by_line(tmp_path):
    root = _project(tmp_path)
    (root / "issues" / "2016Q4.yaml").write_text((ROOT / "issues" / "2016Q4.yaml").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    import shutil

    shutil.copytree(ROOT / "assets" / "images" / "2016Q4", root / "assets" / "images" / "2016Q4")
    made = start_translation("2016Q4", "fr", root=root)
    assert made.issue_file == root / "issues" / "2016Q4.fr.yaml"
    text = made.issue_file.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../docs/issue.schema.json\n# Translation into French")
    assert "\nlanguage: fr\n" in text
    assert "  # en: Universalization\n  - heading: Universalization\n" in text
    assert ("    # en: In October 2016, the First Committee approved by a vote of 134 in favor a draft text on\n"
            in text)
    assert "        # en: Photo: RAVIAC\n        credit: \"Photo: RAVIAC\"" in text
    assert "    # en: Chemin Eugène-Rigot 2C, 1211 Geneva, Switzerland\n    - Chemin" in text
    issue, diagnostics = load_issue(made.issue_file)
    assert [d for d in diagnostics if d.is_error] == []
    original, _ = load_issue(root / "issues" / "2016Q4.yaml")
    assert [block.path for block in issue.image_blocks] == [block.path for block in original.image_blocks]
    assert [s.heading for s in issue.sections] == [s.heading for s in original.sections]
    assert issue.words.code == "fr"
    with pytest.raises(Exception, match="already exists"):
        start_translation("2016Q4", "fr", root=root)
    with pytest.raises(Exception, match="'de' is not a supported language; write one of en"):
        start_translation("2016Q4", "de", root=root)


def test_a_font_without_the_narrow_space_gets_the_no_break_space():
    """What the French rules add must be in the brand's fonts: without U+202F, U+00A0 (it never breaks
    either); without ’, the author's straight apostrophe."""
    from dataclasses import replace

    from bulletinpdf.brand.theme import register_fonts
    from bulletinpdf.run import pipeline

    issue, _ = load_issue(ROOT / "issues" / "2016Q4.fr.yaml")
    brand, _ = load_brand(ROOT / "assets")
    fonts = register_fonts(**brand.fonts)
    assert pipeline._spacing(issue, fonts) == Spacing(issue.words.typography, NNBSP)  # Carlito has them all
    lacking = replace(fonts, covered=fonts.covered - {ord(NNBSP), ord("’")})
    spacing = pipeline._spacing(issue, lacking)
    assert spacing.space == "\u00a0" and spacing.rules.apostrophe == ""
    assert mark_up_inline("l'État : oui", spacing=spacing).paragraphs == ("l'État\u00a0: oui",)
    english, _ = load_issue(ROOT / "issues" / "2016Q4.yaml")
    assert pipeline._spacing(english, fonts).rules == Typography(quotes="“”‘’")  # no spacing, smart quotes
    # Without the typographic quotes (or the apostrophe the typographer writes), the author's straight ones.
    assert pipeline._spacing(english, replace(fonts, covered=fonts.covered - {ord("“")})).key == ""


@pytest.mark.parametrize(("given", "built"), [
    ("", ["issues/2016Q4.yaml", "issues/2016Q4.es.yaml", "issues/2016Q4.fr.yaml"]),
    ("LANG=fr", ["issues/2016Q4.fr.yaml"]),
    ("LANG=en", ["issues/2016Q4.yaml"]),
])
def test_make_issue_builds_every_language_or_the_one_asked(given, built):
    command = ["make", "-n", "-W", ".venv/.compiled", "issue", "Q=2016Q4", *given.split()]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert run.returncode == 0, run.stderr
    assert re.findall(r"issues/2016Q4(?:\.\w+)?\.yaml", run.stdout) == built


def test_the_words_the_layout_adds_must_be_in_the_fonts():
    from dataclasses import replace

    from bulletinpdf.brand.font_coverage import characters_the_added_words_lack
    from bulletinpdf.brand.theme import register_fonts

    issue, _ = load_issue(ROOT / "issues" / "2016Q4.fr.yaml")
    brand, _ = load_brand(ROOT / "assets")
    fonts = register_fonts(**brand.fonts)
    organisation = brand.organisation_in("fr")
    assert characters_the_added_words_lack(issue, organisation, fonts, "issues/2016Q4.fr.yaml") == []
    lacking = replace(fonts, covered=fonts.covered - {ord("é")})
    (problem,) = characters_the_added_words_lack(issue, organisation, lacking, "issues/2016Q4.fr.yaml")
    assert str(problem) == (
        "issues/2016Q4.fr.yaml: error: the character 'é' (U+00E9) in the words the layout adds in French is not in "
        "the brand's fonts and would print as an empty box\n"
        "    hint: change it in src/bulletinpdf/load/languages/fr.yaml or in the brand's organisation name")


@pytest.mark.parametrize("width", [40, 70])
def test_french_marks_hold_beside_photos_of_other_widths(width, tmp_path):
    """The shipped translation with a punctuation-heavy text typed plainly (straight apostrophes, spaces or none
    before the marks) flowing around a photo of another width: the rule holds wherever the lines fall."""
    import shutil

    root = tmp_path / "project"
    shutil.copytree(ROOT / "assets", root / "assets")
    (root / "issues").mkdir()
    typed = FRENCH_PARAGRAPH.replace("’", "'").replace(" :", ":").replace(" !", "!")
    block = "\n".join("          " + line for line in [typed, "", typed])
    source = (ROOT / "issues" / "2016Q4.fr.yaml").read_text(encoding="utf-8")
    text = re.sub(r"      - text: \|\n          Le Centre pour la sécurité.*?(?=\n\n          L’un)",
                  lambda _: "      - text: |\n" + block, source, count=1, flags=re.S)
    assert typed in " ".join(text.split())
    path = root / "issues" / "2016Q4.fr.yaml"
    path.write_text(text.replace("width: 60%", f"width: {width}%", 1), encoding="utf-8")
    built = build_issue(path, profiles=[PROFILES["email"]], out_dir=root / "out")
    pdf = built.outputs["email"]
    lines = [line for page in PdfReader(pdf).pages for line in page.extract_text().split("\n")]
    assert [line for line in lines if line.strip()[:1] and line.strip()[0] in MARKS_BEFORE] == []
    assert [line for line in lines if re.search(f"[^\\s«][{MARKS_BEFORE}]", line)] == []
    assert missing_in_order(_running_words(path, "fr"), pdf_words(pdf))[1] == []


_QUOTED_WORDS = st.lists(st.sampled_from(["the", "States", "Parties", "Convention", "l", "État", "oui", "'", '"',
                                          "People's", "'in", "full'", '"Save', 'date"', "www.un.org/a'b", "90s"]),
                         min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(words=_QUOTED_WORDS, code=st.sampled_from(["en", "fr", "es"]))
def test_the_typographer_changes_quote_marks_only(words, code):
    """Whatever quotes an author types, only the marks change: every other character stays, in order, and a bare
    address reads as typed."""
    typed = " ".join(words)
    (plain,) = mark_up_inline(typed, spacing=Spacing(load_language(code).typography)).plain
    marks = str.maketrans("", "", "'\"‘’“”«»" + NNBSP + " ")
    assert plain.translate(marks) == typed.translate(marks)
    for word in words:
        if word.startswith("www."):
            assert word in plain
