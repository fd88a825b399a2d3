"""Read a directive document (.txt, .docx, .pdf, a scan or photo, an edXML package) into lines
of NFC text.

A line here is what the source gives as one line: a paragraph of a .txt or .docx (blank
lines kept, since they separate paragraphs), a visual line of a PDF's text layer. Joining
broken lines into paragraphs is the job of `paragraphs`, which knows the document's shape.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from dondoc import documents
from dondoc.documents import DocumentError
from dondoc.record.text import nfc

SUPPORTED = (".txt", ".docx", *documents.SUFFIXES)


def read_lines(path: Path) -> list[str]:
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
            lines = _txt_lines(path)
        elif suffix == ".docx":
            lines = _docx_lines(path)
        else:
            lines = documents.as_lines(documents.read_document(path))
    except DocumentError:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise DocumentError(f"{path}: không đọc được tệp ({exc})") from exc
    except Exception as exc:  # pypdf and python-docx raise their own types for damaged files
        raise DocumentError(
            f"{path}: tệp hỏng hoặc không đúng định dạng {suffix} ({type(exc).__name__})"
        ) from exc
    if not any(line.strip() for line in lines):
        raise DocumentError(f"{path}: tệp không có nội dung chữ")
    return [nfc(line) for line in lines]


def _txt_lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    # Notepad saves "Unicode" as UTF-16 with a byte-order mark; without one, only UTF-8 is believed
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return raw.decode(encoding).splitlines()
    except UnicodeDecodeError:
        # older offices still save in Windows-1258 or TCVN3: better a clear error than mojibake in the draft
        raise DocumentError(f"{path}: tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8") from None


def _docx_lines(path: Path) -> list[str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    # body order matters: the header of an administrative document is usually a two-column table
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(_docx_paragraph(block))
            lines.append("")
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        lines.append(_docx_paragraph(paragraph))
                    lines.append("")
    return lines


def _docx_paragraph(paragraph: object) -> str:
    text: str = paragraph.text  # type: ignore[attr-defined]
    # Word's automatic numbering is not in the text; keep the item visible as a bullet
    properties = paragraph._p.pPr  # type: ignore[attr-defined]
    if text.strip() and properties is not None and properties.numPr is not None:
        return f"- {text}"
    return text
