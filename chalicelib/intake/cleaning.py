"""Cleans an uploaded file before anyone sees it: metadata stripped, bad files refused.

Why: a phone photo carries where it was taken (GPS), the camera's serial number and, on some
cameras, the owner's name; a PDF carries its author. For an anonim report that is the reporter's
identity, and the agency must never receive it. So every image is decoded and re-encoded from its
pixels only (EXIF, XMP, IPTC, comments, ICC profile and embedded thumbnails all dropped), after its
EXIF orientation has been applied so the picture still stands upright; a PDF is rebuilt from its
pages without the document information dictionary or XMP metadata. The cleaned bytes are all
that is ever stored (intake/attachments.py).

Refused, with a code from http/messages.py and nothing stored:
- `attachment_empty` (0 bytes), `attachment_too_large` (over MAX_BYTES);
- `attachment_type`: the bytes are not the declared type (a PNG declared as JPEG, an HTML page
  named foto.jpg);
- `attachment_bomb`: more pixels than MAX_PIXELS (a small file that decodes to gigabytes), or a
  PDF with more than MAX_PDF_PAGES pages;
- `attachment_polyglot`: a file that is also another kind of file (a PDF, ZIP, HTML or script
  hidden after the picture or in its first kilobyte), or a PDF with scripts, launch actions or
  embedded files;
- `attachment_damaged`: a file that does not decode (truncated, encrypted PDF).

Pure: bytes in, bytes out; no storage, no clock. Usage:
    cleaned = clean("image/jpeg", data)   # -> Cleaned(data, content_type, thumbnail, width, height)
"""
from __future__ import annotations

import io
import struct

from chalicelib.domain.errors import ValidationFailed
from chalicelib.intake.cleaned import MAX_BYTES, MAX_PDF_PAGES, PDF, Cleaned, refuse

MAGIC: dict[str, bytes] = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n",
                           "image/webp": b"RIFF", PDF: b"%PDF-"}
# Signatures of files that must not ride inside an image or a PDF: browsers sniff HTML and SVG in
# a file's first bytes, PDF readers find "%PDF-" anywhere in the first kilobyte, ZIP readers read
# a file from its end.
_MARKUP = (b"<html", b"<script", b"<svg", b"<?php", b"<!doctype", b"<iframe", b"<body")
_FOREIGN = _MARKUP + (b"%pdf-", b"pk\x03\x04", b"pk\x05\x06", b"\x7felf", b"rar!\x1a\x07", b"7z\xbc\xaf")
_PDF_ACTIVE = (b"/javascript", b"/js ", b"/js(", b"/js<", b"/launch", b"/embeddedfile", b"/richmedia")
_HEAD = 1024


def sniff_matches(content_type: str, data: bytes) -> bool:
    """Whether the leading bytes are the declared type's (WebP: "RIFF" then "WEBP" at 8)."""
    magic = MAGIC.get(content_type)
    if magic is None or not data.startswith(magic):
        return False
    return content_type != "image/webp" or data[8:12] == b"WEBP"


def clean(content_type: str, data: bytes) -> Cleaned:
    """The file without metadata, or ValidationFailed (field `attachments`) saying why not."""
    if not data:
        raise refuse("attachment_empty")
    if len(data) > MAX_BYTES:
        raise refuse("attachment_too_large")
    if not sniff_matches(content_type, data):
        raise refuse("attachment_type")
    if content_type == PDF:
        return _clean_pdf(data)
    _check_not_polyglot(content_type, data)
    from chalicelib.intake import images  # imported here: only image uploads pay for Pillow

    return images.clean_image(content_type, data)


# --- images ----------------------------------------------------------------------------------

def _png_end(data: bytes) -> int:
    """Offset just after the IEND chunk (chunks: length, type, data, CRC)."""
    at = 8
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind = data[at + 4:at + 8]
        at += 12 + length
        if kind == b"IEND":
            return min(at, len(data))
    raise refuse("attachment_damaged")


def _jpeg_end(data: bytes) -> int:
    """Offset just after the EOI marker, walking segments and entropy-coded scans (where 0xFF is
    followed by 0x00 or a restart marker), so an EOI inside an embedded thumbnail is skipped."""
    at, size = 2, len(data)
    while at + 2 <= size:
        if data[at] != 0xFF:
            raise refuse("attachment_damaged")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0xD9:
            return at + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            at += 2
            continue
        if at + 4 > size:
            break
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        at += 2 + length
        if marker == 0xDA:  # start of scan: skip entropy-coded data up to the next real marker
            while at + 1 < size and not (data[at] == 0xFF and data[at + 1] not in (0x00, *range(0xD0, 0xD8))):
                at += 1
    raise refuse("attachment_damaged")


def _webp_end(data: bytes) -> int:
    (length,) = struct.unpack("<I", data[4:8])
    return 8 + length + (length & 1)


_ENDS = {"image/jpeg": _jpeg_end, "image/png": _png_end, "image/webp": _webp_end}


def _check_not_polyglot(content_type: str, data: bytes) -> None:
    head = data[:_HEAD].lower()
    if any(sig in head for sig in _MARKUP + (b"%pdf-",)):
        raise refuse("attachment_polyglot")
    if b"%PDF-" in data:  # a PDF reader would open the picture as a document
        raise refuse("attachment_polyglot")
    trailer = data[_ENDS[content_type](data):].lower()
    if any(sig in trailer for sig in _FOREIGN):
        raise refuse("attachment_polyglot")
    if b"pk\x05\x06" in data[-66_000:].lower():  # a ZIP's end record: the file opens as an archive
        raise refuse("attachment_polyglot")


# --- PDF -------------------------------------------------------------------------------------

def _clean_pdf(data: bytes) -> Cleaned:
    from pypdf import PdfReader, PdfWriter  # imported here: only PDF uploads pay for it

    lowered = data.lower()
    if any(sig in lowered[:_HEAD] for sig in _MARKUP) or b"pk\x05\x06" in lowered[-66_000:]:
        raise refuse("attachment_polyglot")
    if any(sig in lowered for sig in _PDF_ACTIVE):
        raise refuse("attachment_polyglot")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise refuse("attachment_damaged")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise refuse("attachment_bomb")
        writer = PdfWriter()
        for page in reader.pages:  # pages only: the catalog's names, actions and XMP stay behind
            copied = writer.add_page(page)
            for key in ("/Metadata", "/AA", "/PieceInfo"):
                if key in copied:
                    del copied[key]
        writer.metadata = None  # no document information dictionary (author, creator, producer)
        out = io.BytesIO()
        writer.write(out)
    except ValidationFailed:
        raise
    except Exception:  # noqa: BLE001 - any decoder failure means the file cannot be cleaned
        raise refuse("attachment_damaged") from None
    return Cleaned(out.getvalue(), PDF, None)
