"""What cleaning makes of a file, the limits it holds files to, and how it refuses one: shared by
cleaning.py (checks, PDFs) and images.py (pictures, apart so that only they load Pillow)."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.errors import ValidationFailed

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 MP: above any phone camera, far below what would exhaust a Lambda
MAX_PDF_PAGES = 200
THUMBNAIL_EDGE = 320  # px, longest side: enough for a list, small enough to load many at once
JPEG_QUALITY = 88
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
PDF = "application/pdf"


@dataclass(frozen=True)
class Cleaned:
    data: bytes
    content_type: str
    thumbnail: bytes | None  # a small JPEG for lists (images only)
    width: int | None = None
    height: int | None = None


def refuse(code: str) -> ValidationFailed:
    """The refusal of an attachment: `code` is one of the attachment_* messages (http/messages.py)."""
    return ValidationFailed(code, field="attachments")
