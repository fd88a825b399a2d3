"""A Word or plain-text file as one page: a Word paragraph a line with a blank line after it, a
Word table as a table (rows of cells, a merged cell once per row it spans). The drafter reads a
.docx through this, and so does an edXML package's attached file."""

from __future__ import annotations

from pathlib import Path

from dondoc.documents.errors import DocumentError
from dondoc.documents.pages import Page, Table
from dondoc.record.text import nfc

SUFFIXES = (".docx", ".txt")


def office_page(path: Path, name: str) -> Page:
    if path.suffix.lower() == ".txt":
        return Page(1, tuple(nfc(line) for line in text_lines(path, name)))
    return Page(1, tuple(word_parts(path)))


def text_lines(path: Path, name: str) -> list[str]:
    """A text file's lines; `name` is how the message names the file."""
    raw = path.read_bytes()
    # Notepad saves "Unicode" as UTF-16 with a byte-order mark; without one, only UTF-8 is believed
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return raw.decode(encoding).splitlines()
    except UnicodeDecodeError:
        # older offices still save in Windows-1258 or TCVN3: better a clear error than mojibake in the draft
        raise DocumentError(f"{name}: tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8") from None


def word_parts(path: Path) -> list[str | Table]:
    """A .docx's paragraphs (each followed by a blank line) and tables, in body order."""
    import docx
    from docx.table import Table as WordTable
    from docx.text.paragraph import Paragraph

    parts: list[str | Table] = []
    # body order matters: the header of an administrative document is usually a two-column table
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, Paragraph):
            parts += [nfc(_paragraph(block)), ""]
        elif isinstance(block, WordTable):
            parts.append(Table(tuple(_row(row) for row in block.rows)))
    return parts


def _row(row: object) -> tuple[str, ...]:
    """A row's cells; a cell merged across columns is the same cell at each grid position, and
    counts once. A cell merged down the rows repeats its text in each, as the reader of the
    printed table understands it."""
    cells: list[str] = []
    previous = None
    for cell in row.cells:  # type: ignore[attr-defined]
        if cell._tc is previous:
            continue
        previous = cell._tc
        cells.append(nfc("\n".join(_paragraph(p) for p in cell.paragraphs).strip()))
    return tuple(cells)


def _paragraph(paragraph: object) -> str:
    text: str = paragraph.text  # type: ignore[attr-defined]
    # Word's automatic numbering is not in the text; keep the item visible as a bullet
    properties = paragraph._p.pPr  # type: ignore[attr-defined]
    if text.strip() and properties is not None and properties.numPr is not None:
        return f"- {text}"
    return text
