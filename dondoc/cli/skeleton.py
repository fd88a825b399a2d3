"""`dondoc init --province "…"` / `--commune "…"`: a real province's or commune's agency tree,
written as an agencies.yaml skeleton to review, fill in, then load with `dondoc init`."""

from __future__ import annotations

from pathlib import Path

from dondoc.cli.app import console
from dondoc.directives.skeleton import (
    COMMUNE_TEMPLATE,
    PROVINCE_TEMPLATE,
    commune_skeleton,
    find_commune,
    find_province,
    load_template,
    province_skeleton,
    refuse_existing,
    write_skeleton,
)
from dondoc.record.settings import Settings


def write_agency_skeleton(
    *, province: str | None, commune: str | None, output: Path | None, force: bool
) -> None:
    settings = Settings.from_env()
    path = output or settings.config_dir / "agencies.yaml"
    # refused before any work: an existing file is never replaced without --force
    refuse_existing(path, force=force)
    if commune:
        ward = find_commune(commune, find_province(province) if province else None)
        text = commune_skeleton(ward, load_template(settings.config_dir, COMMUNE_TEMPLATE))
        summary = f"{ward.name}: các cơ quan của xã theo khung"
    else:
        assert province is not None
        found = find_province(province)
        text, communes = province_skeleton(found, load_template(settings.config_dir, PROVINCE_TEMPLATE))
        summary = f"{found.name}: các cơ quan của tỉnh và {communes} xã, phường, đặc khu"
    write_skeleton(path, text, force=force)
    console.print(f"Đã ghi {path} ({summary}).")
    console.print(
        "Điền hộp thư ${MAIL_…} (hoặc đặt biến môi trường cùng tên), rà soát, rồi chạy: dondoc init"
    )
