"""Draft a directive spec from the document itself (.txt, .docx, .pdf): rules and the agency
registry only, no model and no network."""

from dondoc.draft.builder import Draft, DraftTask, draft_file, draft_lines
from dondoc.draft.source_files import DocumentError

__all__ = ["DocumentError", "Draft", "DraftTask", "draft_file", "draft_lines"]
