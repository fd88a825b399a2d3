"""The reader's first step: a directive document (.txt, .docx, .pdf, a scan or photo, an edXML
package) as the source lays it out, lines of NFC text and tables.

A line here is what the source gives as one line: a paragraph of a .txt or .docx (blank
lines kept, since they separate paragraphs), a visual line of a PDF's text layer. A Word
table comes back as a table (rows of cells, a merged cell once per row it spans), and so does
a table a web page's copy wrote as "|" lines (`webcopy`). Joining broken lines into paragraphs
is the job of `paragraphs`, which knows the document's shape.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from dondoc import documents
from dondoc.documents import DocumentError
from dondoc.documents.office import text_lines, word_parts
from dondoc.draft.blocks import SourceItem, SourceTable
from dondoc.draft.webcopy import read_web_copy
from dondoc.record.text import nfc

SUPPORTED = (".txt", ".docx", *documents.SUFFIXES)


def read_source(path: Path) -> list[SourceItem]:
    """The document's lines and tables, in order."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError(
            f"{path}: định dạng '{suffix or '(không có đuôi)'}' chưa hỗ trợ; dùng .txt, .docx, .pdf, "
            "ảnh chụp hoặc quét (.jpg, .png, .tif, .heic) hoặc gói edXML"
        )
    if not path.is_file():
        raise DocumentError(f"{path}: không tìm thấy tệp")
    try:
        if suffix == ".txt":
            items = read_web_copy([nfc(line) for line in text_lines(path, str(path))])
        elif suffix == ".docx":
            items = _parts_as_items(word_parts(path))
        else:
            items = arrived_items(documents.read_document(path))
    except DocumentError:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise DocumentError(f"{path}: không đọc được tệp ({exc})") from exc
    except Exception as exc:  # pypdf and python-docx raise their own types for damaged files
        raise DocumentError(
            f"{path}: tệp hỏng hoặc không đúng định dạng {suffix} ({type(exc).__name__})"
        ) from exc
    if not any(item.rows if isinstance(item, SourceTable) else item.strip() for item in items):
        raise DocumentError(f"{path}: tệp không có nội dung chữ")
    return items


def read_lines(path: Path) -> list[str]:
    """The document as lines, a table's cells one after another (for measuring and timing)."""
    return lines_of(read_source(path))


def lines_of(items: list[SourceItem]) -> list[str]:
    """Lines and tables as the lines a printed page shows, a table's cells one after another."""
    lines: list[str] = []
    for item in items:
        if isinstance(item, SourceTable):
            for row in item.rows:
                lines.extend(line for cell in row for line in (*cell.splitlines(), ""))
        else:
            lines.append(item)
    return lines


def arrived_items(document: documents.Document) -> list[SourceItem]:
    """A PDF's, a scan's or a package's pages as the reader's items: "\f" after each page (a
    paragraph may continue across it)."""
    items: list[SourceItem] = []
    for page in document.pages:
        items += [*_parts_as_items(page.parts), "\f"]
    return items


def _parts_as_items(parts: Sequence[str | documents.Table]) -> list[SourceItem]:
    return [SourceTable(part.rows) if isinstance(part, documents.Table) else part for part in parts]
