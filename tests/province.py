"""A generated province as after July 2025 (two levels of local government): the province's own
bodies, about a hundred communes and wards, some twenty villages in each; and one directive of
the province fanned out to every village, with enough tasks to reach a given number of subtasks.

Written as a config folder (agencies.yaml, policies.yaml, calendar.yaml, directives/) that
`DONDOC_CONFIG` can point at, so it goes through exactly what a real province's data would.

Run: .venv/bin/python -m tests.province OUTDIR [--communes 100 --villages 20 --subtasks 100000]
"""

from __future__ import annotations

import argparse
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
NUMBER = "150-KL/TU"
ISSUED_ON = "2026-03-02"
# the province's own bodies: (code, name, kind)
BODIES = [
    ("TU", "Tỉnh ủy", "dang"),
    ("TTTU", "Thường trực Tỉnh ủy", "lanh_dao"),
    ("VPTU", "Văn phòng Tỉnh ủy", "ban_dang"),
    ("UBND-TINH", "Ủy ban nhân dân tỉnh", "chinh_quyen"),
    ("VPUBND-TINH", "Văn phòng UBND tỉnh", "van_phong"),
    ("SO-NNMT", "Sở Nông nghiệp và Môi trường", "phong_ban"),
    ("SO-YT", "Sở Y tế", "phong_ban"),
    ("SO-GDDT", "Sở Giáo dục và Đào tạo", "phong_ban"),
    ("SO-TC", "Sở Tài chính", "phong_ban"),
    ("SO-NV", "Sở Nội vụ", "phong_ban"),
    ("CA-TINH", "Công an tỉnh", "don_vi"),
    ("MTTQ-TINH", "Ủy ban MTTQ Việt Nam tỉnh", "mat_tran"),
]
COORDINATORS = ["VPTU", "VPUBND-TINH"]
# what a province conclusion asks of every village, in turns (the text of each task)
VILLAGE_WORK = [
    "Rà soát, cập nhật danh sách hộ nghèo, hộ cận nghèo",
    "Tuyên truyền phòng, chống dịch bệnh trên cây trồng, vật nuôi",
    "Tổ chức ra quân vệ sinh môi trường, khơi thông cống rãnh",
    "Kiểm tra, báo cáo tình hình sử dụng đất công",
    "Vận động nhân dân tham gia bảo hiểm y tế",
]


@dataclass(frozen=True)
class Province:
    config: Path
    spec: Path
    agencies: int
    villages: int
    subtasks: int


def _mail(code: str) -> list[str]:
    address = f"{code.lower()}@sonlam.gov.vn"
    return [
        "mailto://${SMTP_USER}:${SMTP_PASSWORD}@${SMTP_HOST}:${SMTP_PORT}?from=${SMTP_FROM}&to=" + address
    ]


def agency_tree(communes: int, villages: int) -> dict[str, object]:
    """The province's bodies, then its communes (every fifth a ward) with their villages."""
    children: list[dict[str, object]] = [
        {"code": code, "name": name, "kind": kind, "escalates_to": "TTTU", "notify": _mail(code)}
        for code, name, kind in BODIES
    ]
    children[1].pop("escalates_to")  # the top of the chain
    for c in range(1, communes + 1):
        ward = c % 5 == 0
        code = f"XA{c:03d}"
        kids = [
            {
                "code": f"{code}-T{v:02d}",
                "name": f"{'Tổ dân phố' if ward else 'Thôn'} {v}, {'phường' if ward else 'xã'} số {c}",
                "kind": "thon",
                "escalates_to": code,
                "notify": _mail(f"{code}-T{v:02d}"),
            }
            for v in range(1, villages + 1)
        ]
        children.append(
            {
                "code": code,
                "name": f"{'Phường' if ward else 'Xã'} số {c}",
                "kind": "xa",
                "escalates_to": "UBND-TINH",
                "notify": _mail(code),
                "children": kids,
            }
        )
    root = {"code": "TINH", "name": "Tỉnh Sơn Lâm", "kind": "tinh", "children": children}
    return {"coordinators": COORDINATORS, "agencies": [root]}


def directive(village_tasks: int, number: str = NUMBER) -> dict[str, object]:
    """One commune task (each commune makes its plan), then village tasks that wait for it: a
    village waits only for its own commune's plan."""
    tasks: list[dict[str, object]] = [
        {
            "id": "xa-lap-ke-hoach",
            "text": "Xây dựng kế hoạch triển khai thực hiện Kết luận tại địa phương",
            "lead": "UBND-TINH",
            "fan_out": {"parent": "TINH", "kind": "xa"},
            "due": "10 working days",
        }
    ]
    for n in range(village_tasks):
        tasks.append(
            {
                "id": f"thon-viec-{n + 1:02d}",
                "text": f"{VILLAGE_WORK[n % len(VILLAGE_WORK)]} (đợt {n // len(VILLAGE_WORK) + 1})",
                "lead": "UBND-TINH",
                "support": ["MTTQ-TINH"],
                "fan_out": {"parent": "TINH", "kind": "thon"},
                "depends_on": ["xa-lap-ke-hoach"],
                "due": "end of quarter",
            }
        )
    return {
        "number": number,
        "kind": "ket_luan",
        "title": "Kết luận của Thường trực Tỉnh ủy về triển khai nhiệm vụ quý I năm 2026 tại cơ sở",
        "issuer": "TTTU",
        "issued_on": ISSUED_ON,
        "tasks": tasks,
    }


def write_directive(path: Path, village_tasks: int, number: str = NUMBER) -> Path:
    data = directive(village_tasks, number)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_province(
    out: Path, *, communes: int = 100, villages: int = 20, subtasks: int = 100_000
) -> Province:
    """The config folder for a province whose directive makes at least `subtasks` subtasks."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "directives").mkdir(exist_ok=True)
    for name in ("policies.yaml", "calendar.yaml"):
        shutil.copyfile(ROOT / "config" / name, out / name)
    tree = agency_tree(communes, villages)
    (out / "agencies.yaml").write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), "utf-8")
    all_villages = communes * villages
    # each village task: one subtask per village, plus one for the supporting Mặt trận
    village_tasks = max(0, math.ceil((subtasks - communes) / (all_villages + 1)))
    spec = write_directive(out / "directives" / "kl-tinh-quy-1-2026.yaml", village_tasks)
    return Province(
        config=out,
        spec=spec,
        agencies=1 + len(BODIES) + communes + all_villages,
        villages=all_villages,
        subtasks=communes + village_tasks * (all_villages + 1),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--villages", type=int, default=20, help="villages per commune")
    parser.add_argument("--subtasks", type=int, default=100_000)
    args = parser.parse_args()
    province = write_province(
        args.out, communes=args.communes, villages=args.villages, subtasks=args.subtasks
    )
    print(
        f"{province.config}: {province.agencies:,} agencies, {province.villages:,} villages; "
        f"{province.spec.name} makes {province.subtasks:,} subtasks"
    )


if __name__ == "__main__":
    main()
