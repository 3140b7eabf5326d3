"""Images re-encoded from their pixels only (cleaning.py says why and what is refused).

Apart from cleaning.py so that Pillow is loaded only where a picture is cleaned: SMS filings and
reports without files never import it.
"""
from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

from chalicelib.intake.cleaned import IMAGE_FORMATS, JPEG_QUALITY, MAX_PIXELS, THUMBNAIL_EDGE, Cleaned, refuse


def _open(content_type: str, data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[IMAGE_FORMATS[content_type]])
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise refuse("attachment_bomb") from None
        except Exception:  # noqa: BLE001 - Pillow raises many kinds for undecodable bytes
            raise refuse("attachment_type") from None
    width, height = image.size
    if width < 1 or height < 1:
        raise refuse("attachment_damaged")
    if width * height > MAX_PIXELS:  # decided from the header, before a single pixel is decoded
        raise refuse("attachment_bomb")
    return image


def _pixels_only(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """A fresh image holding the pixels and nothing else (no info, no EXIF, no profile)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if keep_alpha and has_alpha else ("L" if image.mode in ("1", "L") else "RGB")
    converted = image.convert(mode)
    bare = Image.new(mode, converted.size)
    bare.paste(converted)
    return bare


def clean_image(content_type: str, data: bytes) -> Cleaned:
    """The picture re-encoded from its pixels only, upright, with a thumbnail (polyglots are refused
    before this, by cleaning.clean)."""
    image = _open(content_type, data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            upright = ImageOps.exif_transpose(image)  # orientation applied before EXIF is dropped
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise refuse("attachment_bomb") from None
    except Exception:  # noqa: BLE001 - any decoder failure means the file cannot be cleaned
        raise refuse("attachment_damaged") from None
    fmt = IMAGE_FORMATS[content_type]
    try:  # unusual modes (16-bit, CMYK, palettes) are converted; one Pillow cannot is refused, never a 500
        bare = _pixels_only(upright, keep_alpha=fmt != "JPEG")
        out = io.BytesIO()
        if fmt == "JPEG":
            bare.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        elif fmt == "PNG":
            bare.save(out, "PNG", optimize=True)
        else:
            bare.save(out, "WEBP", quality=JPEG_QUALITY)
        thumbnail = _thumbnail(bare)
    except Exception:  # noqa: BLE001 - any decoder failure means the file cannot be cleaned
        raise refuse("attachment_damaged") from None
    return Cleaned(out.getvalue(), content_type, thumbnail, bare.width, bare.height)


def _thumbnail(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
    if small.mode in ("RGBA", "LA"):
        flat = Image.new("RGB", small.size, (255, 255, 255))
        flat.paste(small, mask=small.getchannel("A"))
        small = flat
    out = io.BytesIO()
    small.convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()
