"""A file as a form or the API received it, before anything checks it: the evidence of a
completion, or the document a directive is drafted from."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import UploadFile


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes

    @classmethod
    def read(cls, file: UploadFile, limit: int) -> Upload:
        """One byte past the limit is read, so that the check can say the file is too large."""
        return cls(file.filename or "tep", file.file.read(limit + 1))
