"""The April 2020 report in Word, rendered to PDF by LibreOffice as a reader's office suite would
lay it out: the national motto on one line, no table header broken inside a word, section III's
rows headed as documents, and the signer's name on the page of the signing title with some of
the body before it. The list of extensions, the last section before the signature, is written
with 0 to VARIANTS rows (April's one extension repeated), so the body ends at every height of a
page and the signature meets a page break in some of them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pdfplumber
import pytest
from docx import Document

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.reading.period_report import build_report
from dondoc.reading.periods import month_period
from dondoc.reading.report_rows import PeriodReport
from dondoc.reports.letterhead import NATIONAL_MOTTO, Letterhead, load_letterhead
from dondoc.reports.word import write_docx
from tests.libreoffice import to_pdf
from tests.reports.april import REPORTED_AT, play_april

VARIANTS = 16


def _pages(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as opened:
        return [page.extract_text() or "" for page in opened.pages]


def _words(pdf: Path) -> set[str]:
    with pdfplumber.open(pdf) as opened:
        return {w["text"] for page in opened.pages for w in page.extract_words()}


@pytest.fixture
def april(ctx: Context, seeded: RegistrationResult, monkeypatch: pytest.MonkeyPatch) -> PeriodReport:
    play_april(ctx, monkeypatch)
    with ctx.session() as session:
        return build_report(session, period=month_period("2020-04"), now=REPORTED_AT, calendar=ctx.calendar)


@pytest.fixture
def letterhead(ctx: Context) -> Letterhead:
    return load_letterhead(ctx.settings.config_dir)


def _render(report: PeriodReport, letterhead: Letterhead, out: Path, lengths: range) -> dict[int, Path]:
    """The report with as many extension rows as each of `lengths`, as PDFs by length."""
    (extension,) = report.extensions
    documents = [
        write_docx(
            dataclasses.replace(report, extensions=[extension] * n), letterhead, out / f"bao-cao-{n}.docx"
        )
        for n in lengths
    ]
    return dict(zip(lengths, to_pdf(documents, out), strict=True))


def _header_words(docx: Path) -> set[str]:
    """The words of every data table's header rows, those all in bold (the letterhead and
    signature tables aside)."""
    tables = Document(str(docx)).tables[1:-1]
    headers = [
        row
        for table in tables
        for row in table.rows
        if all(run.bold for cell in row.cells for p in cell.paragraphs for run in p.runs if run.text.strip())
    ]
    return {word.strip(",") for row in headers for cell in row.cells for word in cell.text.split()}


def _all_words(docx: Path) -> set[str]:
    document = Document(str(docx))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    return {word.strip(",.;:()") for text in texts for word in text.split()}


def test_the_motto_and_headers_stay_whole(
    april: PeriodReport, letterhead: Letterhead, tmp_path: Path
) -> None:
    pdf = _render(april, letterhead, tmp_path, range(VARIANTS, VARIANTS + 1))[VARIANTS]
    full = tmp_path / f"bao-cao-{VARIANTS}.docx"
    first_page = _pages(pdf)[0].splitlines()
    for motto in NATIONAL_MOTTO:
        assert any(motto in line for line in first_page), first_page[:6]
    headers = _header_words(full)
    assert {"Không", "Trong", "Đúng", "Quá"} <= headers
    known = _all_words(full)
    fragments = {
        piece
        for word in headers
        for cut in range(1, len(word))
        for piece in (word[:cut], word[cut:])
        if piece not in known
    }
    broken = fragments & _words(pdf)
    assert not broken, f"header words broken across lines: {sorted(broken)}"


def test_section_three_heads_its_rows_as_documents(
    april: PeriodReport, letterhead: Letterhead, tmp_path: Path
) -> None:
    written = write_docx(april, letterhead, tmp_path / "bao-cao.docx")
    agencies, documents = Document(str(written)).tables[1:3]
    assert agencies.rows[0].cells[1].text.strip() == "Cơ quan, đơn vị"
    assert documents.rows[0].cells[1].text.strip() == "Văn bản"
    assert documents.rows[2].cells[1].text.startswith("Kết luận số 125-KL/HU")


def test_the_signer_keeps_the_signing_title_and_some_body(
    april: PeriodReport, letterhead: Letterhead, tmp_path: Path
) -> None:
    signer = letterhead.signer
    signature_pages = set()
    for rows, pdf in _render(april, letterhead, tmp_path, range(VARIANTS + 1)).items():
        pages = _pages(pdf)
        name_page = max(i for i, text in enumerate(pages) if signer.name in text)
        title_page = max(i for i, text in enumerate(pages) if signer.title in text)
        authority_page = max(i for i, text in enumerate(pages) if signer.authority in text)
        assert name_page == title_page == authority_page, f"{rows} rows: name on page {name_page + 1}"
        before_signature = pages[name_page].split("Nơi nhận")[0]
        assert before_signature.strip(), f"{rows} rows: the signature alone on page {name_page + 1}"
        signature_pages.add(name_page)
    # the rows moved the signature over a page break: the checks above met the hard case
    assert len(signature_pages) > 1, signature_pages
