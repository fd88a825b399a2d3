"""Score the drafter on the same documents as text, as PDF, as scans and as phone photos, and
time OCR.

    .venv/bin/python bench/draft_scans.py [--drafting DIR] [--limit N] [--forms text,pdf,scan,photo]

Each `NN_slug.txt` of the drafting folder is printed (its Word file when the office published
one, its tables ruled; else the text, its web-copy marks gone) and rendered as the tests render
scans (tests/documents/scans.py: 200 dpi, 13-point serif, tilted ±1°, blurred, speckled, a red
seal on the last page) into an image-only PDF ("scan"), and as a phone's photos of those pages,
smaller, warmer and more tilted, in a PDF as phone scanning apps save them ("photo"). A plan
published as Word is also printed to PDF by LibreOffice ("pdf": its tables read by pdfplumber).
Every form is drafted
and scored by the drafting README's rule (bench/draft_quality.py), and the seconds each OCR'd
page took: wall clock (the pages of a document read two at a time on this machine's cores) and CPU
(this process and its Tesseract processes; on an idle machine with two cores the wall clock is
about half of it).
"""

from __future__ import annotations

import argparse
import io
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from draft_quality import DRAFTING, Reading, _ratio, read_expected, score_reading
from PIL import Image

from dondoc.directives.registry import Registry, load_agencies
from dondoc.documents import Table, read_document
from dondoc.documents.office import word_parts
from dondoc.draft import Draft, draft_lines
from dondoc.draft.arrival import draft_document
from dondoc.draft.blocks import SourceTable
from dondoc.draft.webcopy import read_web_copy
from dondoc.record.workcalendar import WorkCalendar, load_calendar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the renderer the tests use

from tests.documents.scans import jpeg_bytes, photo_of, render_document  # noqa: E402

# the page as printed: text lines, and tables as their rows of cells
Printed = list[str | tuple[tuple[str, ...], ...]]


def _scan_pdf(lines: Printed, folder: Path, form: str, seed: int) -> tuple[Path, int]:
    pages = render_document(lines, seed=seed)
    if form == "photo":
        # through JPEG, as the phone saves it
        pages = [Image.open(io.BytesIO(jpeg_bytes(photo_of(page)))) for page in pages]
    path = folder / f"{form}.pdf"
    first, *rest = pages
    first.save(path, "PDF", resolution=200, save_all=True, append_images=rest)
    return path, len(pages)


class Timing:
    def __init__(self) -> None:
        self.pages = 0
        self.seconds = 0.0
        self.cpu = 0.0  # this process and its Tesseract children: what the machine's load does not inflate


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _printed_pdf(word: Path, folder: Path) -> Path:
    """The Word file as the PDF an office sends: printed by LibreOffice, its tables ruled."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(word)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / (word.stem + ".pdf")


def _draft(
    lines: Printed,
    word: Path,
    pasted: list[str],
    form: str,
    name: str,
    registry: Registry,
    calendar: WorkCalendar,
    timing: Timing,
    seed: int,
) -> Draft:
    if form == "text":
        # as an office pastes it: a web copy's marks and "|" tables are the reader's to read
        return draft_lines(pasted, registry, calendar, source=name)
    with tempfile.TemporaryDirectory(prefix="dondoc-bench-") as folder:
        if form == "pdf":
            return draft_document(
                read_document(_printed_pdf(word, Path(folder))), registry, calendar, source=name
            )
        path, pages = _scan_pdf(lines, Path(folder), form, seed)
        started, cpu = time.perf_counter(), _cpu()
        document = read_document(path)
        timing.seconds += time.perf_counter() - started
        timing.cpu += _cpu() - cpu
        timing.pages += pages
    return draft_document(document, registry, calendar, source=name)


def _printed(document: Path, pasted: list[str]) -> Printed:
    """The page as printed: the Word file when the office published one (its tables as they
    are laid out), else the text with its web-copy marks gone and its tables ruled."""
    word = document.with_suffix(".docx")
    if word.is_file():
        return [part.rows if isinstance(part, Table) else part for part in word_parts(word)]
    return [item.rows if isinstance(item, SourceTable) else item for item in read_web_copy(pasted)]


def _summary(form: str, readings: list[Reading], timing: Timing) -> None:
    total = {
        key: sum(getattr(r, key) for r in readings)
        for key in ("expected", "drafted", "matched", "deadlines", "deadlines_right", "leads_right")
    }
    per_page = (
        f"  OCR {timing.seconds / timing.pages:.2f} s/page, CPU {timing.cpu / timing.pages:.2f} s/page"
        f" ({timing.pages} pages)"
        if timing.pages
        else ""
    )
    print(
        f"{form:6} recall {_ratio(total['matched'], total['expected'])}"
        f"  precision {_ratio(total['matched'], total['drafted'])}"
        f"  deadlines {_ratio(total['deadlines_right'], total['deadlines'])}"
        f"  leads {_ratio(total['leads_right'], total['matched'])}{per_page}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "config")
    parser.add_argument("--drafting", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--forms", default="text,pdf,scan,photo")
    args = parser.parse_args(argv)
    registry, calendar = load_agencies(args.config), load_calendar(args.config)
    folder = args.drafting or next((path for path in DRAFTING if path.is_dir()), None)
    if folder is None:
        print("no drafting folder: ../shared/drafting not found, --drafting DIR to name one")
        return 1
    documents = [
        p for p in sorted(folder.glob("[0-9]*_*.txt")) if p.with_name(p.stem + ".expected.yaml").is_file()
    ]
    documents = documents[: args.limit] if args.limit else documents
    forms = args.forms.split(",")
    if "pdf" in forms and shutil.which("soffice") is None:
        print("the pdf form needs LibreOffice (soffice) to print the Word files: left out")
        forms.remove("pdf")
    readings: dict[str, list[Reading]] = {form: [] for form in forms}
    timings = {form: Timing() for form in forms}
    for seed, document in enumerate(documents):
        pasted = document.read_text(encoding="utf-8").splitlines()
        pasted = pasted[1:] if pasted and pasted[0].startswith("# source:") else pasted
        lines = _printed(document, pasted)
        expected = read_expected(document.with_name(document.stem + ".expected.yaml"))
        row = []
        for form in forms:
            if form == "pdf" and not document.with_suffix(".docx").is_file():
                continue  # the PDF form is the Word file printed: only the plans published as Word
            drafted = _draft(
                lines,
                document.with_suffix(".docx"),
                pasted,
                form,
                document.name,
                registry,
                calendar,
                timings[form],
                seed * 100,
            )
            reading = score_reading(document.stem, drafted, expected, registry)
            readings[form].append(reading)
            row.append(f"{form} {reading.matched}/{reading.expected}")
        print(f"{document.stem[:44]:44} " + "  ".join(row), flush=True)
    print(f"\n{len(documents)} documents of {folder}, per form:")
    for form in forms:
        _summary(form, readings[form], timings[form])
    return 0


if __name__ == "__main__":
    sys.exit(main())
