"""A real province's (or commune's) agency tree in one command: an agencies.yaml skeleton written
from the administrative divisions in force since 1 July 2025 (the `vietnam-provinces` package:
34 provinces, 3,321 communes, wards and special zones) and a template that names the standard
bodies (dondoc's own in agency_templates/, or the deployment's in its config's templates/).
Mailboxes are left as ${MAIL_<CODE>} placeholders to fill in."""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vietnam_provinces
from vietnam_provinces import Province, VietNamDivisionType, Ward

from dondoc.directives.registry import CODE_PATTERN
from dondoc.record.errors import DondocError, SpecError, SpecProblem
from dondoc.record.text import fold, nfc
from dondoc.record.yamlsrc import LineDict, LineList, load_yaml

PROVINCE_TEMPLATE = "tinh.yaml"
COMMUNE_TEMPLATE = "xa.yaml"
SHIPPED_TEMPLATES = Path(__file__).resolve().parent / "agency_templates"
_PLACEHOLDER = re.compile(r"(?<!\$)\{([a-z_A-Z]+)\}")
_PREFIXES = {
    VietNamDivisionType.XA: "Xã ",
    VietNamDivisionType.PHUONG: "Phường ",
    VietNamDivisionType.DAC_KHU: "Đặc khu ",
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: "Thành phố ",
    VietNamDivisionType.TINH: "",
}
_KEYS = ("code", "name", "kind", "aliases", "escalates_to")


@dataclass(frozen=True)
class Template:
    path: Path
    data: LineDict

    def problem(self, node: Any, key: str, where: str, message: str) -> SpecError:
        line = node.key_lines.get(key) if isinstance(node, LineDict) else None
        return SpecError([SpecProblem(str(self.path), line, where, message)])

    def section(self, key: str, kind: type[LineDict] | type[LineList] | type[str]) -> Any:
        value = self.data.get(key)
        if not isinstance(value, kind):
            what = "một chuỗi" if kind is str else "một danh sách" if kind is LineList else "một bảng khóa"
            raise self.problem(self.data, key, key, f"cần {what}")
        return value


def template_path(config_dir: Path, name: str) -> Path:
    """The deployment's own template (DONDOC_CONFIG/templates/NAME) when it has one, else the one
    shipped with dondoc: a province starts from an empty config folder."""
    own = config_dir / "templates" / name
    return own if own.is_file() else SHIPPED_TEMPLATES / name


def load_template(config_dir: Path, name: str) -> Template:
    path = template_path(config_dir, name)
    data = load_yaml(path)
    if not isinstance(data, LineDict):
        raise SpecError([SpecProblem(str(path), 1, "", "cần một bảng khóa (words, root, bodies …)")])
    return Template(path, data)


def _short(name: str, kind: VietNamDivisionType) -> str:
    return name.removeprefix(_PREFIXES[kind])


def _fill(template: Template, node: Any, key: str, text: Any, values: dict[str, str], where: str) -> str:
    """`text` (found under `key` of `node`) with its {…} replaced; a mistake names its line."""
    if not isinstance(text, str):
        raise template.problem(node, key, where, "cần một chuỗi")

    def value(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            known = ", ".join("{" + k + "}" for k in sorted(values))
            raise template.problem(node, key, where, f"không rõ chỗ thay {match.group(0)} (có: {known})")
        return values[match.group(1)]

    return nfc(_PLACEHOLDER.sub(value, text))


def _mailbox(code: str) -> str:
    return "${MAIL_" + code.replace("-", "_") + "}"


def _notify(template: Template, values: dict[str, str], code: str) -> list[str]:
    """The template's notify URL for this agency: its mailbox is a placeholder to fill in."""
    url = template.section("notify", str)
    return [_fill(template, template.data, "notify", url, {**values, "hop_thu": _mailbox(code)}, "notify")]


def _node(template: Template, raw: Any, values: dict[str, str], where: str) -> dict[str, Any]:
    """One body of the template, its placeholders filled, its children after it."""
    if not isinstance(raw, LineDict) or not isinstance(raw.get("code"), str):
        raise template.problem(raw, "code", where, "cần một cơ quan với code, name, kind")
    code = raw["code"]
    node: dict[str, Any] = {"code": code}
    for key in _KEYS[1:]:
        if key in raw:
            value = raw[key]
            filled = (
                [_fill(template, raw, key, v, values, f"{where}.{key}") for v in value]
                if isinstance(value, list)
                else _fill(template, raw, key, value, values, f"{where}.{key}")
            )
            node[key] = filled
    node["notify"] = _notify(template, values, code)
    children = raw.get("children") or []
    node["children"] = [_node(template, c, values, f"{where}.children[{i}]") for i, c in enumerate(children)]
    return node


def _words(template: Template, kind: VietNamDivisionType) -> dict[str, str]:
    words = template.section("words", LineDict)
    found = words.get(kind.value)
    if not isinstance(found, dict):
        raise template.problem(
            words, kind.value, f"words.{kind.value}", f"thiếu các từ cho cấp '{kind.value}'"
        )
    return {str(k): str(v) for k, v in found.items()}


def _tree(template: Template, values: dict[str, str]) -> dict[str, Any]:
    root = _node(template, template.section("root", LineDict), values, "root")
    bodies = template.section("bodies", LineList)
    root["children"] = [_node(template, b, values, f"bodies[{i}]") for i, b in enumerate(bodies)]
    return root


def _commune_codes(wards: list[Ward]) -> dict[int, str]:
    """XA-IA-GRAI from the package's codename; names that fold to the same letters (Văn Lăng,
    Văn Lang) keep them apart with the official code."""
    base = {int(w.code): w.codename.upper().replace("_", "-") for w in wards}
    repeated = {code for code, n in Counter(base.values()).items() if n > 1}
    return {k: f"{v}-{k:05d}" if v in repeated else v for k, v in base.items()}


def province_tree(province: Province, template: Template) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The province with its bodies, and its communes with their official codes."""
    values = {
        **_words(template, province.division_type),
        "ten": _short(province.name, province.division_type),
    }
    root = _tree(template, values)
    spec = template.section("communes", LineDict)
    wards = sorted(Ward.iter_by_province(province.code), key=lambda w: int(w.code))
    codes = _commune_codes(wards)
    communes = []
    for ward in wards:
        code = codes[int(ward.code)]
        ward_values = {
            **values,
            "ten_xa": f"{ward.division_type.value} {_short(ward.name, ward.division_type)}",
        }
        # the official code, on the entry's line, for whoever fills in the file
        node: dict[str, Any] = {
            "code": code,
            "comment": f"mã ĐVHC {int(ward.code):05d}",
            "name": nfc(ward.name),
            "kind": spec.get("kind", "xa"),
        }
        if "aliases" in spec:
            node["aliases"] = [
                _fill(template, spec, "aliases", a, ward_values, "communes.aliases") for a in spec["aliases"]
            ]
        if "escalates_to" in spec:
            node["escalates_to"] = spec["escalates_to"]
        node["notify"] = _notify(template, ward_values, code)
        node["children"] = []
        communes.append(node)
    return root, communes


def commune_tree(ward: Ward, template: Template) -> dict[str, Any]:
    province = Province.from_code(ward.province_code)
    values = {
        **_words(template, ward.division_type),
        "ten": _short(ward.name, ward.division_type),
        "tinh": _short(province.name, province.division_type),
    }
    return _tree(template, values)


def _emit(node: dict[str, Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    comment = node.get("comment")
    lines.append(f"{pad}- code: {node['code']}" + (f"  # {comment}" if comment else ""))
    for key in _KEYS[1:]:
        if key in node:
            value = node[key]
            text = (
                "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
                if isinstance(value, list)
                else json.dumps(value, ensure_ascii=False)
            )
            lines.append(f"{pad}  {key}: {text}")
    lines.append(f"{pad}  notify:")
    lines.extend(f"{pad}    - {json.dumps(url, ensure_ascii=False)}" for url in node["notify"])
    if node["children"]:
        lines.append(f"{pad}  children:")
        for child in node["children"]:
            _emit(child, indent + 4, lines)


def _check_codes(root: dict[str, Any], template: Template) -> None:
    codes: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        codes.append(node["code"])
        for child in node["children"]:
            walk(child)

    walk(root)
    bad = [c for c in codes if not CODE_PATTERN.match(c)]
    twice = [c for c, n in Counter(codes).items() if n > 1]
    if bad or twice:
        message = f"mã không hợp lệ: {', '.join(bad)}" if bad else f"mã bị trùng: {', '.join(twice)}"
        raise template.problem(None, "", "code", message)


def _render(header: list[str], template: Template, root: dict[str, Any]) -> str:
    _check_codes(root, template)
    coordinators = ", ".join(str(c) for c in template.section("coordinators", LineList))
    lines = [*(f"# {line}" for line in header), f"coordinators: [{coordinators}]", "", "agencies:"]
    _emit(root, 2, lines)
    return "\n".join(lines) + "\n"


def _data_note() -> str:
    return f"gói vietnam-provinces {vietnam_provinces.__version__} (dữ liệu ngày {vietnam_provinces.__data_version__})"


def province_skeleton(province: Province, template: Template) -> tuple[str, int]:
    """The agencies.yaml text and how many communes it lists."""
    root, communes = province_tree(province, template)
    root["children"].extend(communes)
    text = _render(
        [
            f"Danh mục cơ quan của {province.name if province.name.startswith('Thành phố') else 'tỉnh ' + province.name} "
            f"(mã {int(province.code):02d}), {len(communes)} xã, phường, đặc khu theo {_data_note()},",
            f"các cơ quan theo khung {template.path.name}. Điền hộp thư (${{MAIL_…}}) hoặc đặt biến môi trường cùng tên,",
            "rồi chạy: dondoc init",
        ],
        template,
        root,
    )
    return text, len(communes)


def commune_skeleton(ward: Ward, template: Template) -> str:
    province = Province.from_code(ward.province_code)
    return _render(
        [
            f"Danh mục cơ quan của {ward.name} ({province.name}, mã ĐVHC {int(ward.code):05d}) theo {_data_note()},",
            f"các cơ quan theo khung {template.path.name}. Thêm thôn, tổ dân phố (kind: thon) vào children của XA;",
            "điền hộp thư (${MAIL_…}) hoặc đặt biến môi trường cùng tên, rồi chạy: dondoc init",
        ],
        template,
        commune_tree(ward, template),
    )


def _matches(query: str, name: str, short: str, codename: str, code: int, width: int) -> bool:
    key = fold(query)
    return key in (fold(name), fold(short), codename, str(code), f"{code:0{width}d}")


def find_province(query: str) -> Province:
    provinces = list(Province.iter_all())
    for province in provinces:
        short = _short(province.name, province.division_type)
        if _matches(query, province.name, short, province.codename, int(province.code), 2) or fold(
            query
        ) == fold(f"tỉnh {short}"):
            return province
    near = difflib.get_close_matches(fold(query), [fold(p.name) for p in provinces], n=3, cutoff=0.5)
    hint = f"; gần nhất: {', '.join(p.name for p in provinces if fold(p.name) in near)}" if near else ""
    raise DondocError(f"--province: không có tỉnh, thành phố '{query}' trong 34 đơn vị từ 1/7/2025{hint}")


def find_commune(query: str, province: Province | None = None) -> Ward:
    wards = list(Ward.iter_by_province(province.code) if province else Ward.iter_all())
    found = [
        w
        for w in wards
        if _matches(query, w.name, _short(w.name, w.division_type), w.codename, int(w.code), 5)
    ]
    if len(found) == 1:
        return found[0]
    where = f" của {province.name}" if province else ""
    if not found:
        names = {fold(w.name): w.name for w in wards}
        near = difflib.get_close_matches(fold(query), list(names), n=3, cutoff=0.6)
        hint = f"; gần nhất: {', '.join(names[n] for n in near)}" if near else ""
        raise DondocError(f"--commune: không có xã, phường '{query}'{where}{hint}")
    listed = "; ".join(
        f"{w.name} ({Province.from_code(w.province_code).name}, mã {int(w.code):05d})" for w in found[:8]
    )
    raise DondocError(
        f"--commune: có {len(found)} xã, phường tên '{query}': {listed}. Thêm --province \"…\" hoặc dùng mã"
    )


def refuse_existing(path: Path, *, force: bool) -> None:
    if path.exists() and not force:
        raise DondocError(f"{path}: tệp đã có, không ghi đè (thêm --force để thay bằng bản mới)")


def write_skeleton(path: Path, text: str, *, force: bool) -> None:
    """Write the file; an existing one is left alone unless `force` says to replace it."""
    refuse_existing(path, force=force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DondocError(f"{path}: không ghi được tệp ({exc.strerror})") from exc
