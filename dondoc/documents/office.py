"""A Word or plain-text file as one page of lines, as the drafter's line reader gives them: a
paragraph a line with a blank line after it, a table cell by cell. Used for the file an edXML
package carries; a reader that keeps Word's tables as tables takes this place later."""

from __future__ import annotations

from pathlib import Path

from dondoc.documents.errors import DocumentError
from dondoc.documents.pages import Page
from dondoc.record.text import nfc

SUFFIXES = (".docx", ".txt")


def office_page(path: Path, name: str) -> Page:
    lines = text_lines(path, name) if path.suffix.lower() == ".txt" else _docx_lines(path)
    return Page(1, tuple(nfc(line) for line in lines))


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


def _docx_lines(path: Path) -> list[str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    # body order matters: the header of an administrative document is usually a two-column table
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, Paragraph):
            lines += [_paragraph(block), ""]
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    lines += [_paragraph(paragraph) for paragraph in cell.paragraphs]
                    lines.append("")
    return lines


def _paragraph(paragraph: object) -> str:
    text: str = paragraph.text  # type: ignore[attr-defined]
    # Word's automatic numbering is not in the text; keep the item visible as a bullet
    properties = paragraph._p.pPr  # type: ignore[attr-defined]
    if text.strip() and properties is not None and properties.numPr is not None:
        return f"- {text}"
    return text
