"""Photos and scanned images as page images: a phone's .jpg or .heic, a scanner's .png or
multi-page .tif (one page per frame)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from dondoc.documents.errors import DocumentError

SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".heif")


def _register_heif() -> None:
    """iPhones save photos as HEIC; pillow-heif (maintained, wheels bundle libheif) opens them."""
    from pillow_heif import register_heif_opener

    register_heif_opener()


def count_frames(path: Path, name: str) -> int:
    with _opened(path, name) as image:
        return getattr(image, "n_frames", 1)


def frames(path: Path, name: str) -> Iterator[Image.Image]:
    """Each page of the image file, loaded, in colour (the seal is told apart by its colour)."""
    with _opened(path, name) as image:
        for frame in ImageSequence.Iterator(image):
            yield frame.convert("RGB")


def _opened(path: Path, name: str) -> Image.Image:
    if path.suffix.lower() in (".heic", ".heif"):
        _register_heif()
    try:
        return Image.open(path)
    except UnidentifiedImageError as exc:
        raise DocumentError(f"{name}: không phải tệp ảnh, hoặc ảnh đã hỏng") from exc
    except Image.DecompressionBombError as exc:
        raise DocumentError(f"{name}: ảnh quá lớn (quá nhiều điểm ảnh) để đọc") from exc
