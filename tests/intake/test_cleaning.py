"""Metadata stripping at intake (issue 24): every picture leaves intake without EXIF, XMP, IPTC,
owner names, camera serials, embedded thumbnails or GPS, still standing upright; PDFs without their
document information; and every bad file is refused with the code the reporter's message comes from.

Properties over generated images (sizes, colours, all eight EXIF orientations, three formats), then
one test per kind of bad file."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageOps

from chalicelib.domain.errors import ValidationFailed
from chalicelib.intake.cleaning import MAX_BYTES, MAX_PDF_PAGES, clean
from tests.fixtures import images

SECRETS = (images.OWNER.encode(), images.SERIAL.encode(), images.XMP_MARK.encode(), images.IPTC_MARK, b"LaporCam")
ENCODERS = {"image/jpeg": images.jpeg, "image/png": images.png, "image/webp": images.webp}


def refusal(content_type: str, data: bytes) -> str:
    with pytest.raises(ValidationFailed) as refused:
        clean(content_type, data)
    assert refused.value.params["field"] == "attachments"
    return refused.value.code


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def metadata_of(image: Image.Image) -> dict:
    """Everything Pillow reads besides pixels that could carry who or where."""
    found = {k: v for k, v in image.info.items() if k not in ("dpi", "jfif", "jfif_version", "jfif_unit",
                                                              "jfif_density", "progressive", "progression",
                                                              "loop", "background", "duration", "timestamp")}
    exif = image.getexif()
    if len(exif):
        found["exif"] = dict(exif)
    if exif.get_ifd(0x8825):
        found["gps"] = exif.get_ifd(0x8825)
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content_type=st.sampled_from(sorted(ENCODERS)), width=st.integers(2, 64), height=st.integers(2, 64),
       orientation=st.integers(1, 8), red=st.integers(0, 255), green=st.integers(0, 255))
def test_no_metadata_survives_and_the_picture_stands_upright(content_type: str, width: int, height: int,
                                                              orientation: int, red: int, green: int) -> None:
    picture = images.picture(width, height, (red, green, 40))
    original = images.jpeg(picture, orientation=orientation) if content_type == "image/jpeg" else ENCODERS[content_type](picture)
    assert images.OWNER.encode() in original  # the generator did write the metadata
    assert decoded(original).getexif().get_ifd(0x8825), "the original carries a GPS position"

    cleaned = clean(content_type, original)

    assert cleaned.content_type == content_type
    assert not [secret for secret in SECRETS if secret in cleaned.data]
    assert b"Exif\x00\x00" not in cleaned.data and b"<x:xmpmeta" not in cleaned.data
    assert b"8BIM" not in cleaned.data and b"THUMB" not in cleaned.data
    out = decoded(cleaned.data)
    assert metadata_of(out) == {}
    assert out.format == {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[content_type]
    # Orientation applied before EXIF went: the cleaned pixels are the upright original's.
    upright = ImageOps.exif_transpose(decoded(original))
    assert out.size == upright.size == (cleaned.width, cleaned.height)
    tolerance = 60 if content_type != "image/png" else 0  # lossy formats blur the colour edge
    for x, y in ((0, 0), (out.width - 1, out.height - 1)):
        got, want = out.convert("RGB").getpixel((x, y)), upright.convert("RGB").getpixel((x, y))
        assert all(abs(a - b) <= tolerance for a, b in zip(got, want)), (x, y, got, want)
    # The list's thumbnail is small, and metadata-free too.
    thumb = decoded(cleaned.thumbnail)
    assert max(thumb.size) <= 320 and metadata_of(thumb) == {}


def test_a_sideways_phone_photo_is_stored_upright() -> None:
    """Orientation 6 (the phone held upright, sensor sideways): 48x24 stored as 24x48."""
    cleaned = clean("image/jpeg", images.jpeg(images.picture(48, 24), orientation=6))
    assert (cleaned.width, cleaned.height) == (24, 48)
    top = decoded(cleaned.data).convert("RGB").getpixel((12, 2))
    assert top[0] > 150 and top[1] < 100  # the red half, rotated to the top


def test_a_pdf_loses_its_document_metadata_and_keeps_its_pages() -> None:
    from pypdf import PdfReader

    original = images.pdf(pages=3)
    assert images.OWNER.encode() in original
    cleaned = clean("application/pdf", original)
    assert images.OWNER.encode() not in cleaned.data and images.SERIAL.encode() not in cleaned.data
    reader = PdfReader(io.BytesIO(cleaned.data))
    assert len(reader.pages) == 3 and not reader.metadata and reader.xmp_metadata is None
    assert cleaned.thumbnail is None


# --- bad files: refused, with the code the message comes from ---------------------------------

def test_empty_and_oversized_files_are_refused() -> None:
    assert refusal("image/jpeg", b"") == "attachment_empty"
    assert refusal("image/jpeg", images.jpeg() + b"\x00" * MAX_BYTES) == "attachment_too_large"


@pytest.mark.parametrize("declared,data", [
    ("image/jpeg", images.PLAIN_PNG),  # a PNG sent as a JPEG
    ("image/png", b"<html><script>alert(1)</script></html>"),  # a page named foto.png
    ("application/pdf", images.PLAIN_PNG),
    ("image/webp", b"RIFF\x10\x00\x00\x00WAVEfmt "),  # a RIFF that is audio, not WebP
    ("image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 200),  # JPEG magic, nothing decodable after it
])
def test_bytes_that_are_not_the_declared_type_are_refused(declared: str, data: bytes) -> None:
    assert refusal(declared, data) in ("attachment_type", "attachment_damaged")


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture (its data decompresses to gigabytes)."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024 * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def test_decompression_bombs_are_refused_before_decoding() -> None:
    bomb = _png_claiming(60_000, 60_000)  # 3.6 gigapixels in a few hundred bytes
    assert len(bomb) < 2_000
    assert refusal("image/png", bomb) == "attachment_bomb"
    real = io.BytesIO()
    Image.new("L", (8000, 6000)).save(real, "PNG")  # 48 MP of black: ~50 KB on disk
    assert refusal("image/png", real.getvalue()) == "attachment_bomb"
    assert refusal("application/pdf", images.pdf(pages=MAX_PDF_PAGES + 1)) == "attachment_bomb"


@pytest.mark.parametrize("name,content_type,data", [
    ("jpeg+zip", "image/jpeg", images.jpeg() + b"PK\x03\x04\x14\x00" + b"\x00" * 40 + b"PK\x05\x06" + b"\x00" * 18),
    ("jpeg+pdf", "image/jpeg", images.jpeg() + b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"),
    ("png+html", "image/png", images.PLAIN_PNG + b"<html><script>fetch('/x')</script></html>"),
    ("webp+php", "image/webp", images.webp() + b"<?php system($_GET['c']); ?>"),
    ("pdf+script", "application/pdf",
     images.pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")),
    ("pdf+html", "application/pdf", b"%PDF-1.4\n<html><body>hi</body></html>\n" + images.pdf()[9:]),
])
def test_polyglots_are_refused(name: str, content_type: str, data: bytes) -> None:
    assert refusal(content_type, data) == "attachment_polyglot", name


def test_a_truncated_file_is_refused_as_damaged() -> None:
    whole = images.jpeg(images.picture(64, 64))
    assert refusal("image/jpeg", whole[: len(whole) // 2]) == "attachment_damaged"
    assert refusal("application/pdf", b"%PDF-1.7\nnot really a document") == "attachment_damaged"


def test_harmless_bytes_after_the_picture_are_dropped_not_refused() -> None:
    """Some phones append their own data after a JPEG (motion photos): not another file type, so
    the photo is accepted and the re-encoded copy simply leaves it out."""
    cleaned = clean("image/jpeg", images.jpeg() + b"\x00\x00SEFT-trailer-bytes")
    assert b"SEFT" not in cleaned.data
