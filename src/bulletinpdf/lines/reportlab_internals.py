"""ReportLab's private names, in one place: the door to watch when ReportLab changes (checked against 5.1.0)."""

from __future__ import annotations

import hashlib
import io

from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfgen.canvas import Canvas


def draw_jpeg(canvas: Canvas, data: bytes, x: float, y: float, width: float, height: float) -> None:
    """Draw JPEG `data` as ReportLab's drawImage does, as an image XObject named by the bytes' digest.

    drawImage names an image from a file after the md5 of the file's path, so the same issue built in two
    folders differed; from bytes, it would decode every pixel to name it. This is its body (reportlab 5.1.0,
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
