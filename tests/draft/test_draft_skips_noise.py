"""What a copy carries that is not the directive: the signing portal's stamp, a web page's chrome,
page numbers and running titles, a byline, lines OCR could not read. They are skipped wherever
they stand, and the tasking part is found by what it says, not by where it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.draft import Draft, draft_file
from dondoc.draft.noise import is_garbled, is_noise_line
from tests.draft.files import write_docx, write_pdf
from tests.draft_documents import calendar, draft_of, registry

STAMPED = """Ký bởi: Văn phòng Ủy ban nhân dân huyện Sơn Lâm
Email: vpub@sonlam.gov.vn
Cơ quan: Huyện Sơn Lâm
Thời gian ký: 12.09.2023 16:20:35 +07:00

ỦY BAN NHÂN DÂN HUYỆN SƠN LÂM
Số: 21/CĐ-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Sơn Lâm, ngày 12 tháng 9 năm 2023

CÔNG ĐIỆN
Về việc chủ động ứng phó với mưa lớn, lũ quét

CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN điện:
- Trưởng các phòng, ban, ngành huyện;
- Chủ tịch Ủy ban nhân dân các xã, thị trấn.

Theo dự báo, từ đêm nay đến hết ngày 14/9/2023 trên địa bàn huyện có mưa to đến rất to. Để chủ động ứng phó, Chủ tịch Ủy ban nhân dân huyện yêu cầu:

1. Chủ tịch Ủy ban nhân dân các xã, thị trấn sơ tán người dân ra khỏi khu vực nguy hiểm trước 17 giờ ngày 13/9/2023.
2. Phòng Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Công an huyện kiểm tra an toàn các hồ chứa; báo cáo tình hình về Ủy ban nhân dân huyện trước 15 giờ hằng ngày.
3. Đài Truyền thanh huyện đưa tin thường xuyên về diễn biến mưa lũ.

Nơi nhận:
- Như trên;
- Lưu: VT.

CHỦ TỊCH
"""

WEB_PAGE = """Trang chủ
Đang tải nội dung, vui lòng chờ giây lát...
Tìm kiếm tin tức
UBND huyện họp giao ban tháng 9
Ngày đăng 29/09/2023 | 08:15 | Lượt xem: 312

Sáng ngày 28/9/2023, UBND huyện Sơn Lâm tổ chức họp giao ban tháng 9/2023. Hội nghị đã được nghe 11 ý kiến phát biểu của các đại biểu.

Kết luận hội nghị, đồng chí Chủ tịch UBND huyện yêu cầu Phòng Tài chính - Kế hoạch rà soát các khoản chi thường xuyên trong tháng 10/2023. Yêu cầu Hạt Kiểm lâm huyện tăng cường tuần tra các vùng rừng trọng điểm.

Toàn cảnh hội nghị
Nguyễn Văn An
sonlam.gov.vn
Các tin khác
Xem tin theo ngày
"""


def _summary(drafted: Draft) -> list[tuple[str | None, str | None, str | None]]:
    return [(t.lead, t.lead_text, str(t.due_date) if t.due_date else None) for t in drafted.tasks]


@pytest.fixture(scope="module")
def stamped() -> Draft:
    return draft_of(STAMPED.splitlines())


def test_the_stamp_is_not_the_header_and_the_recipients_are_not_tasks(stamped: Draft) -> None:
    assert (stamped.number, stamped.kind, stamped.issuer, str(stamped.issued_on)) == (
        "21/CĐ-UBND",
        "cong_dien",
        "UBND",
        "2023-09-12",
    )
    assert _summary(stamped) == [
        ("UBND", "Chủ tịch Ủy ban nhân dân các xã, thị trấn", "2023-09-13"),
        ("PNNPTNT", "Phòng Nông nghiệp và Phát triển nông thôn", None),
        ("PNNPTNT", "Phòng Nông nghiệp và Phát triển nông thôn", None),  # "trước 15 giờ hằng ngày": recurring
        ("TTVHTT", "Đài Truyền thanh huyện", None),
    ]
    assert stamped.tasks[0].fan_out == {"parent": "HUYEN", "kind": "xa"}
    assert stamped.tasks[1].support == ["CAH"]
    text = " ".join(t.text for t in stamped.tasks)
    assert "Ký bởi" not in text and "Thời gian ký" not in text and "Trưởng các phòng" not in text


def test_a_pdf_with_a_running_title_and_page_numbers_drafts_the_same(tmp_path: Path, stamped: Draft) -> None:
    path = tmp_path / "cong-dien.pdf"
    write_pdf(
        STAMPED.splitlines(), path, running_title="Công điện số 21/CĐ-UBND ngày 12/9/2023", rows_per_page=18
    )
    drafted = draft_file(path, registry(), calendar())
    assert _summary(drafted) == _summary(stamped)
    assert not any("Trang" in t.text or "Công điện số 21" in t.text for t in drafted.tasks)


def test_word_numbering_gives_the_items(tmp_path: Path, stamped: Draft) -> None:
    path = tmp_path / "cong-dien.docx"
    write_docx(STAMPED.splitlines(), path, numbered=True)
    assert _summary(draft_file(path, registry(), calendar())) == _summary(stamped)


def test_a_web_pages_chrome_caption_and_byline_are_skipped() -> None:
    drafted = draft_of(WEB_PAGE.splitlines())
    assert str(drafted.issued_on) == "2023-09-28"  # the meeting's day, not the day it was posted
    assert _summary(drafted) == [
        ("PTCKH", "Phòng Tài chính - Kế hoạch", "2023-10-31"),
        ("HKL", "Hạt Kiểm lâm huyện", None),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Ký bởi: Văn phòng Chính phủ",
        "Thời gian ký: 13.05.2022 16:20:35 +07:00",
        "Email: vpcp@chinhphu.vn",
        "- 2 -",
        "Trang 3/5",
        "Số lượt xem 4571Ngày cập nhật 27/03/2020",
        "Ngày đưa: 04/05/2018 01:38:10 PM In bài",
        "Xem chi tiết tại đây.",
        "Tác giả: Nguyễn Văn A – Bí thư Đảng ủy",
        "www.example.gov.vn",
        r"d:\2011\CV\SVH\Bau cu",
        "Cn c Lut T chc chnh quyn đa phng",  # OCR that lost most letters
    ],
)
def test_noise_lines(line: str) -> None:
    assert is_noise_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ủy ban Quốc gia tìm kiếm cứu nạn",  # "tìm kiếm" is a body's name here, not a search box
        "Ban Chỉ huy PCLB và TKCN các tỉnh, thành phố",  # capitals are abbreviations, not OCR damage
        "Giao Sở Kế hoch và Đu tư ch trì, phi hp vi Công an tỉnh triển khai Đề án.",  # damaged, still read
        "Chia sẻ kinh nghiệm với các địa phương bạn về mô hình hợp tác xã kiểu mới trong sản xuất.",
    ],
)
def test_text_that_is_not_noise(line: str) -> None:
    assert not is_noise_line(line)
    assert not is_garbled(line) or line.startswith("Giao")
