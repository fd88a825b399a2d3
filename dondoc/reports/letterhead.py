"""Who issues the giao ban report and who signs it: config/report.yaml, read strictly (a key that
is not understood is an error naming file, line and field; text arrives NFC from load_yaml)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dondoc.record.errors import SpecError, SpecProblem
from dondoc.record.spec_errors import problems_from_validation
from dondoc.record.yamlsrc import load_yaml

NATIONAL_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Issuer(_Strict):
    parent: str = ""  # the body above the issuer ("UBND HUYỆN SƠN LÂM"), may be empty
    name: str = Field(min_length=1)
    symbol: str = Field(default="BC", min_length=1)


class Signer(_Strict):
    authority: str = ""  # "KT. CHÁNH VĂN PHÒNG": signing on someone's behalf
    title: str = Field(min_length=1)
    name: str = Field(min_length=1)


class Letterhead(_Strict):
    issuer: Issuer
    place: str = Field(min_length=1)
    motto: tuple[str, ...] = NATIONAL_MOTTO
    signer: Signer
    recipients: tuple[str, ...] = ("Lưu: VT",)


def load_letterhead(config_dir: Path) -> Letterhead:
    path = config_dir / "report.yaml"
    if not path.exists():
        raise SpecError(
            [SpecProblem(str(path), None, "report.yaml", "thiếu tệp: cơ quan ban hành và người ký báo cáo")]
        )
    data = load_yaml(path)
    try:
        return Letterhead.model_validate(data)
    except ValidationError as exc:
        raise SpecError(problems_from_validation(exc, data, path)) from exc
