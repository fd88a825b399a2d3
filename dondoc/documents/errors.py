"""The one error of this wing: a file that cannot be read, its message naming the file."""

from __future__ import annotations

from dondoc.record.errors import DondocError


class DocumentError(DondocError):
    """A document that cannot be read: the message names the file."""


class OcrUnavailable(DocumentError):
    """Tesseract or its Vietnamese data is not installed: the message names the packages."""


class Cancelled(Exception):
    """Raised by a progress callback to stop reading; it reaches the caller unchanged."""
