"""Turn pydantic validation errors into problems that name file, line and field."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from dondoc.record.errors import SpecProblem
from dondoc.record.yamlsrc import line_of

_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "khóa không hợp lệ",
    "string_type": "cần một chuỗi",
    "string_too_short": "không được để trống",
    "too_short": "cần ít nhất một mục",
    "int_parsing": "cần một số nguyên",
    "date_from_datetime_parsing": "cần ngày dạng YYYY-MM-DD",
    "date_parsing": "cần ngày dạng YYYY-MM-DD",
    "date_type": "cần ngày dạng YYYY-MM-DD",
    "list_type": "cần một danh sách",
    "tuple_type": "cần một danh sách",
    "dict_type": "cần một bảng khóa: giá trị",
    "model_type": "cần một bảng khóa: giá trị",
    "enum": "giá trị không hợp lệ",
    "literal_error": "giá trị không hợp lệ",
    "union_tag_invalid": "loại bước không hợp lệ",
}


ModelForLoc = Callable[[tuple[Any, ...]], type[BaseModel] | None]


def problems_from_validation(
    exc: ValidationError, data: Any, path: Path, model_for: ModelForLoc | None = None
) -> list[SpecProblem]:
    """`model_for` names the model a location belongs to, for "did you mean" on unknown keys."""
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        field_name = ".".join(str(part) for part in loc) or "(gốc)"
        message = _MESSAGES.get(error["type"], error["msg"])
        if error["type"] == "value_error":
            message = str(error.get("ctx", {}).get("error", error["msg"]))
        if error["type"] == "enum" and "expected" in error.get("ctx", {}):
            message = f"giá trị '{error['input']}' không hợp lệ; cần một trong {error['ctx']['expected']}"
        if error["type"] == "extra_forbidden" and loc:
            model = model_for(loc) if model_for else None
            fields = list(model.model_fields) if model else []
            near = difflib.get_close_matches(str(loc[-1]), fields, n=1)
            if near:
                message += f"; có phải '{near[0]}'?"
        problems.append(SpecProblem(str(path), line_of(data, loc), field_name, message))
    return problems
