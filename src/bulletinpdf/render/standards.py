"""Standards: what an edition needs after drawing to conform, PDF/UA-1 with PDF/A-2a or PDF/X-4.

For the tagged edition: the structure tree from layout's elements and the marked content the canvas recorded, the
link annotations in it, the language, the window title, and XMP metadata naming both standards, with an sRGB output
intent. For print: a CMYK output intent, PDF 1.6, Trapped false, the PDF/X identification, and no annotations on
the page. Both: metadata equal in the document information and XMP, dates and document id from the content, never
the clock, so a rebuild gives the same bytes. The file is rewritten by pdf_file.py, without a PDF library.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections import defaultdict

from bulletinpdf.layout.structure import Element
from bulletinpdf.render.canvas import Metadata
from bulletinpdf.render.marked_content import LinkAnnotation, MarkedContent
from bulletinpdf.render.pdf_file import Name, PdfFile, Ref, Stream
from bulletinpdf.render.profiles import OutputIntent, Standard

PRODUCER = "bulletinpdf (ReportLab)"


def conform(
    data: bytes, *, standard: Standard, info: Metadata, intent: OutputIntent, structure: Element,
    marked_content: list[MarkedContent], links: list[LinkAnnotation],
) -> bytes:
    """The drawn PDF `data` made to conform to `standard`."""
    pdf = PdfFile(data)
    pages = pdf.references(pdf.references(pdf.root, "Pages")[0], "Kids")
    for page in pages:
        # ReportLab writes an empty page transition; PDF/A forbids transitions.
        pdf.remove_entry(page, "Trans")
    _keep_unicode_mappings_real(pdf)
    if standard.tagged:
        _add_structure_tree(pdf, pages, structure, marked_content, links)
    elif standard.pdf_x:
        # PDF/X allows no annotations inside the bleed: print gets no clickable links (the outline stays).
        for page in pages:
            pdf.remove_entry(page, "Annots")
    digest = hashlib.sha256(data + standard.label.encode()).digest()
    pdf.fill(Ref(pdf.info), _info(info, standard))
    xmp = _xmp(info, standard, document_id=_uuid(digest[:16]))
    pdf.set_entries(pdf.root, {
        "Lang": info.language,
        # Unfiltered, as PDF/A asks.
        "Metadata": pdf.add(Stream({"Type": Name("Metadata"), "Subtype": Name("XML")}, xmp, compress=False)),
        "OutputIntents": [_output_intent(pdf, intent, standard)],
    })
    # The document id from the content, never the time: a rebuild gives the same bytes.
    return pdf.to_bytes(version="1.6" if standard.pdf_x else None, document_id=digest[16:32])


def _output_intent(pdf: PdfFile, intent: OutputIntent, standard: Standard) -> dict:
    profile = pdf.add(Stream({"N": intent.colour_count}, intent.profile.read_bytes(), level=1))
    return {
        "Type": Name("OutputIntent"), "S": Name("GTS_PDFX" if standard.pdf_x else "GTS_PDFA1"),
        "OutputConditionIdentifier": intent.identifier, "Info": intent.description,
        "RegistryName": "http://www.color.org", "DestOutputProfile": profile,
    }


# ReportLab's TrueType subsets map the codes a subset does not use to U+0000; a checker reads that as text that
# has no Unicode value (PDF/UA 7.21.7), so those entries go.
def _keep_unicode_mappings_real(pdf: PdfFile) -> None:
    cmaps = {cmap for font in pdf.numbers_where(rb"/ToUnicode \d+ 0 R") for cmap in pdf.references(font, "ToUnicode")}
    for cmap in sorted(cmaps):
        text = pdf.stream_data(cmap)
        if b"<0000>" in text:
            pdf.replace_stream(cmap, _without_null_mappings(text))


def _without_null_mappings(cmap: bytes) -> bytes:
    """The CMap with every `<code> <0000>` entry removed and each bfchar block's count corrected."""
    def block(match: re.Match) -> bytes:
        entries = re.findall(rb"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>", match.group(2))
        kept = [entry for entry in entries if not re.search(rb"<0000>$", entry)]
        if not kept:
            return b""
        return b"%d beginbfchar\n%s\nendbfchar" % (len(kept), b"\n".join(kept))

    return re.sub(rb"(\d+)\s+beginbfchar(.*?)endbfchar", block, cmap, flags=re.S)


def _add_structure_tree(pdf: PdfFile, pages: list[int], structure: Element, marked_content: list[MarkedContent],
                        links: list[LinkAnnotation]) -> None:
    content: dict[int, list[MarkedContent]] = defaultdict(list)
    for piece in marked_content:
        content[id(piece.element)].append(piece)
    owned_links: dict[int, list[tuple[LinkAnnotation, int]]] = defaultdict(list)
    for page_index, page in enumerate(pages):
        annotations = [a for a in pdf.references(page, "Annots") if b"/Subtype /Link" in pdf.dictionary(a)]
        drawn = [link for link in links if link.page == page_index]
        if len(annotations) != len(drawn):
            raise RuntimeError(f"page {page_index + 1}: {len(annotations)} links, {len(drawn)} recorded")
        for link, annotation in zip(drawn, annotations):
            owned_links[id(link.element)].append((link, annotation))

    def has_content(element: Element) -> bool:
        return bool(content[id(element)]) or any(has_content(child) for child in element.children)

    page_refs = [Ref(page) for page in pages]
    parent_tree: dict[int, list | Ref] = {
        index: [None] * (1 + max((p.mcid for p in marked_content if p.page == index), default=-1))
        for index in range(len(pages))
    }
    next_key = len(pages)
    root = pdf.reserve()

    def element_for(element: Element, parent: Ref) -> Ref:
        nonlocal next_key
        made = pdf.reserve()
        kids: list = []
        pieces = content[id(element)]
        for piece in pieces:
            kids.append({"Type": Name("MCR"), "Pg": page_refs[piece.page], "MCID": piece.mcid})
            parent_tree[piece.page][piece.mcid] = made
        for link, annotation in owned_links[id(element)]:
            page = page_refs[link.page]
            link_element = pdf.add({
                "Type": Name("StructElem"), "S": Name("Link"), "P": made, "Pg": page,
                "K": [{"Type": Name("OBJR"), "Obj": Ref(annotation), "Pg": page}],
            })
            # Printable (F 4), as PDF/A asks; Contents says where it leads, as PDF/UA asks.
            pdf.set_entries(annotation, {"StructParent": next_key, "Contents": link.description, "F": 4})
            parent_tree[next_key] = link_element
            next_key += 1
            kids.append(link_element)
        for child in element.children:
            if has_content(child):
                kids.append(element_for(child, made))
        entry: dict = {"Type": Name("StructElem"), "S": Name(element.role), "P": parent}
        if pieces:
            entry["Pg"] = page_refs[pieces[0].page]
        if element.alt:
            entry["Alt"] = element.alt
        if element.scope:
            entry["A"] = {"O": Name("Table"), "Scope": Name(element.scope)}
        entry["K"] = kids
        pdf.fill(made, entry)
        return made

    document = element_for(structure, root)
    nums: list = []
    for key in sorted(parent_tree):
        value = parent_tree[key]
        nums += [key, pdf.add(value) if isinstance(value, list) else value]
    pdf.fill(root, {
        "Type": Name("StructTreeRoot"), "K": document, "ParentTree": pdf.add({"Nums": nums}),
        "ParentTreeNextKey": next_key,
    })
    for index, page in enumerate(pages):
        pdf.set_entries(page, {"StructParents": index, "Tabs": Name("S")})  # tab through links in structure order
    pdf.set_entries(pdf.root, {
        "StructTreeRoot": root, "MarkInfo": {"Marked": True}, "ViewerPreferences": {"DisplayDocTitle": True},
    })


def _info(info: Metadata, standard: Standard) -> dict:
    date = _pdf_date(info.date)
    entries: dict = dict(Title=info.title, Author=info.author, Subject=info.subject, Keywords=info.keywords,
                         Creator="bulletinpdf", Producer=PRODUCER, CreationDate=date, ModDate=date)
    if standard.pdf_x:
        entries["Trapped"] = Name("False")
    return entries


def _moment(day: dt.date) -> dt.datetime:
    """The date the metadata gives: SOURCE_DATE_EPOCH where a reproducible-build set-up gives one, as ReportLab
    reads it, else the issue's own date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _pdf_date(day: dt.date) -> str:
    return f"D:{_moment(day):%Y%m%d%H%M%S}+00'00'"


def _xmp_date(day: dt.date) -> str:
    return f"{_moment(day):%Y-%m-%dT%H:%M:%S}+00:00"


def _uuid(sixteen: bytes) -> str:
    """Sixteen bytes written as a UUID (the uuid module is not imported for this)."""
    digits = sixteen.hex()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def _xmp(info: Metadata, standard: Standard, *, document_id: str) -> bytes:
    def text(value: str) -> str:
        # (xml.sax.saxutils.escape would import urllib.request: 60 ms of every build.)
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    identification = []
    if standard.pdf_a:
        part, level = standard.pdf_a
        identification.append(f"<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>{level}</pdfaid:conformance>")
    if standard.pdf_ua:
        identification.append(f"<pdfuaid:part>{standard.pdf_ua}</pdfuaid:part>")
    if standard.pdf_x:
        identification.append(f"<pdfxid:GTS_PDFXVersion>{standard.pdf_x}</pdfxid:GTS_PDFXVersion>")
        identification.append("<pdf:Trapped>False</pdf:Trapped>")
    # PDF/A accepts only the schemas it knows; the PDF/UA identification is described for it here.
    extension = _PDFUA_EXTENSION if standard.pdf_a and standard.pdf_ua else ""
    date = _xmp_date(info.date)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
  xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
  xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
  xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(info.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{text(info.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(info.subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{text(info.language)}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{text(info.keywords)}</pdf:Keywords>
<pdf:Producer>{PRODUCER}</pdf:Producer>
<xmp:CreatorTool>bulletinpdf</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
<xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID>
<xmpMM:RenditionClass>default</xmpMM:RenditionClass>
{"".join(identification)}{extension}
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


_PDFUA_EXTENSION = """
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>"""
