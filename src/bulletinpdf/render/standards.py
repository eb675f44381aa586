"""Standards: what an edition needs after drawing to conform, PDF/UA-1 with PDF/A-2a or PDF/X-4 (the one user of pikepdf).

For the tagged edition: the structure tree from layout's elements and the marked content the canvas recorded, the
link annotations in it, the language, the window title, and XMP metadata naming both standards, with an sRGB output
intent. For print: a CMYK output intent, PDF 1.6, Trapped false, the PDF/X identification, and no annotations on
the page. Both: metadata equal in the document information and XMP, dates and document id from the content, never
the clock, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import uuid
import zlib
from collections import defaultdict
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from bulletinpdf.layout.structure import Element
from bulletinpdf.render.canvas import Metadata
from bulletinpdf.render.marked_content import LinkAnnotation, MarkedContent
from bulletinpdf.render.profiles import OutputIntent, Standard

PRODUCER = "bulletinpdf (ReportLab, pikepdf)"


def conform(
    data: bytes, *, standard: Standard, info: Metadata, intent: OutputIntent, structure: Element,
    marked_content: list[MarkedContent], links: list[LinkAnnotation],
) -> bytes:
    """The drawn PDF `data` made to conform to `standard`."""
    with Pdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            # ReportLab writes an empty page transition; PDF/A forbids transitions.
            if "/Trans" in page.obj and not page.obj.Trans.keys():
                del page.obj["/Trans"]
        _keep_unicode_mappings_real(pdf)
        if standard.tagged:
            _add_structure_tree(pdf, structure, marked_content, links)
        elif standard.pdf_x:
            # PDF/X allows no annotations inside the bleed: print gets no clickable links (the outline stays).
            for page in pdf.pages:
                if "/Annots" in page.obj:
                    del page.obj["/Annots"]
        _set_info(pdf, info, standard)
        digest = hashlib.sha256(data).digest()
        pdf.Root.Metadata = _stream(pdf, _xmp(info, standard, document_id=uuid.UUID(bytes=digest[:16])),
                                    compress=False, Type=Name.Metadata, Subtype=Name.XML)
        pdf.Root.OutputIntents = Array([_output_intent(pdf, intent, standard)])
        out = io.BytesIO()
        # A document id made from the content (not the time), and streams left as written: the metadata stream
        # must stay readable without a filter.
        pdf.save(out, deterministic_id=True, compress_streams=False, min_version="1.6" if standard.pdf_x else "",
                 fix_metadata_version=False)
    return out.getvalue()


def _stream(pdf: Pdf, data: bytes, *, compress: bool = True, **keys) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, b"", **keys)
    if compress:
        stream.write(zlib.compress(data, 6), filter=Name.FlateDecode)
    else:
        stream.write(data)
    return stream


def _output_intent(pdf: Pdf, intent: OutputIntent, standard: Standard) -> Dictionary:
    profile = _stream(pdf, intent.profile.read_bytes(), N=intent.colour_count)
    return Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFX if standard.pdf_x else Name.GTS_PDFA1,
        OutputConditionIdentifier=String(intent.identifier), Info=String(intent.description),
        RegistryName=String("http://www.color.org"), DestOutputProfile=pdf.make_indirect(profile),
    )


# ReportLab's TrueType subsets map the codes a subset does not use to U+0000; a checker reads that as text that
# has no Unicode value (PDF/UA 7.21.7), so those entries go.
_TO_NOTHING = re.compile(rb"<[0-9A-Fa-f]+>\s*<0000>\s*")


def _keep_unicode_mappings_real(pdf: Pdf) -> None:
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            text = cmap.read_bytes()
            if b"<0000>" not in text:
                continue
            cmap.write(zlib.compress(_without_null_mappings(text), 6), filter=Name.FlateDecode)


def _without_null_mappings(cmap: bytes) -> bytes:
    """The CMap with every `<code> <0000>` entry removed and each bfchar block's count corrected."""
    def block(match: re.Match) -> bytes:
        entries = re.findall(rb"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>", match.group(2))
        kept = [entry for entry in entries if not re.search(rb"<0000>$", entry)]
        if not kept:
            return b""
        return b"%d beginbfchar\n%s\nendbfchar" % (len(kept), b"\n".join(kept))

    return re.sub(rb"(\d+)\s+beginbfchar(.*?)endbfchar", block, cmap, flags=re.S)


def _add_structure_tree(pdf: Pdf, structure: Element, marked_content: list[MarkedContent],
                        links: list[LinkAnnotation]) -> None:
    pages = [page.obj for page in pdf.pages]
    content: dict[int, list[MarkedContent]] = defaultdict(list)
    for piece in marked_content:
        content[id(piece.element)].append(piece)
    owned_links: dict[int, list[tuple[LinkAnnotation, Dictionary]]] = defaultdict(list)
    for page_index, page in enumerate(pages):
        annotations = [a for a in page.get("/Annots", []) if a.get("/Subtype") == Name.Link]
        drawn = [link for link in links if link.page == page_index]
        if len(annotations) != len(drawn):
            raise RuntimeError(f"page {page_index + 1}: {len(annotations)} links, {len(drawn)} recorded")
        for link, annotation in zip(drawn, annotations):
            owned_links[id(link.element)].append((link, annotation))

    def has_content(element: Element) -> bool:
        return bool(content[id(element)]) or any(has_content(child) for child in element.children)

    parent_tree: dict[int, Array | Dictionary] = {
        index: Array([None] * (1 + max((p.mcid for p in marked_content if p.page == index), default=-1)))
        for index in range(len(pages))
    }
    next_key = len(pages)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def element_for(element: Element, parent) -> Dictionary:
        nonlocal next_key
        made = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + element.role), P=parent))
        kids = Array()
        pieces = content[id(element)]
        for piece in pieces:
            kids.append(Dictionary(Type=Name.MCR, Pg=pages[piece.page], MCID=piece.mcid))
            parent_tree[piece.page][piece.mcid] = made
        for link, annotation in owned_links[id(element)]:
            page = pages[link.page]
            link_element = pdf.make_indirect(Dictionary(
                Type=Name.StructElem, S=Name.Link, P=made, Pg=page,
                K=Array([Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page)]),
            ))
            annotation.StructParent = next_key
            annotation.Contents = String(link.description)
            annotation.F = 4  # printable, as PDF/A asks
            parent_tree[next_key] = link_element
            next_key += 1
            kids.append(link_element)
        for child in element.children:
            if has_content(child):
                kids.append(element_for(child, made))
        if pieces:
            made.Pg = pages[pieces[0].page]
        if element.alt:
            made.Alt = String(element.alt)
        made.K = kids
        return made

    root.K = element_for(structure, root)
    nums = Array()
    for key in sorted(parent_tree):
        nums.append(key)
        nums.append(pdf.make_indirect(parent_tree[key]) if isinstance(parent_tree[key], Array) else parent_tree[key])
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    for index, page in enumerate(pages):
        page.StructParents = index
        page.Tabs = Name.S  # tab through links in structure order
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)


def _set_info(pdf: Pdf, info: Metadata, standard: Standard) -> None:
    date = _pdf_date(info.date)
    fields = dict(Title=info.title, Author=info.author, Subject=info.subject, Keywords=info.keywords,
                  Creator="bulletinpdf", Producer=PRODUCER)
    docinfo = Dictionary({f"/{key}": String(value) for key, value in fields.items()})
    docinfo.CreationDate = docinfo.ModDate = String(date)
    if standard.pdf_x:
        docinfo.Trapped = Name('/False')
    pdf.trailer.Info = pdf.make_indirect(docinfo)
    pdf.Root.Lang = String(info.language)


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


def _xmp(info: Metadata, standard: Standard, *, document_id: uuid.UUID) -> bytes:
    def text(value: str) -> str:
        return escape(value)

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
