"""An edXML package from the national document exchange (QCVN 102:2016/BTTTT, amended by
Thông tư 01/2022/TT-BTTTT): the header's fields as an Envelope, and the signed file it carries.

Gateways differ in prefixes (edXML:…, a default namespace, or none inside AttachmentEncoded),
so elements are found by local name. The attachment is base64, often zipped."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from dondoc.documents.errors import DocumentError
from dondoc.documents.pages import Envelope
from dondoc.record.text import nfc

SUFFIXES = (".edxml", ".xml")
# the file drafted from a package: the signed PDF first, then Word, then anything readable
READABLE = (".pdf", ".docx", ".txt", ".jpg", ".jpeg", ".png", ".tif", ".tiff")
_DATE = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})")
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(parent: ET.Element | None, name: str) -> ET.Element | None:
    if parent is None:
        return None
    return next((el for el in parent if _local(el.tag) == name), None)


def _find(root: ET.Element, name: str) -> ET.Element | None:
    return next((el for el in root.iter() if _local(el.tag) == name), None)


def _text(parent: ET.Element | None, *path: str) -> str | None:
    element = parent
    for name in path:
        element = _child(element, name)
    if element is None or element.text is None or not element.text.strip():
        return None
    return nfc(" ".join(element.text.split()))


def parse(path: Path, name: str) -> tuple[Envelope, list[Attachment]]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise DocumentError(f"{name}: gói edXML hỏng, không đọc được XML ({exc})") from exc
    if _local(root.tag) != "edXML":
        raise DocumentError(f"{name}: không phải gói edXML (thẻ gốc là <{_local(root.tag)}>)")
    header = _find(root, "MessageHeader")
    if header is None:
        raise DocumentError(f"{name}: gói edXML thiếu phần MessageHeader")
    _check_signature(root, name)
    return _envelope(header, name), _attachments(root, name)


def _envelope(header: ET.Element, name: str) -> Envelope:
    return Envelope(
        number=_number(_text(header, "Code", "CodeNumber"), _text(header, "Code", "CodeNotation")),
        issued_on=_date(_text(header, "PromulgationInfo", "PromulgationDate"), name, "PromulgationDate"),
        issuer=_text(header, "From", "OrganName"),
        kind=_text(header, "DocumentType", "TypeName"),
        title=_text(header, "Subject"),
        due_on=_date(_text(header, "DueDate"), name, "DueDate"),
        place=_text(header, "PromulgationInfo", "Place"),
        signer=_text(header, "SignerInfo", "FullName"),
    )


def _number(number: str | None, notation: str | None) -> str | None:
    """A party document is numbered "125-KL/HU", a state one "99/BC-UBND": the notation tells."""
    if not number:
        return notation
    if not notation:
        return number
    joint = "-" if "/" in notation and "-" not in notation else "/"
    return f"{number}{joint}{notation}"


def _date(value: str | None, name: str, field: str) -> dt.date | None:
    if value is None:
        return None
    match = _DATE.match(value)
    day_first = _DAY_FIRST.match(value)
    parts = (
        (match[1], match[2], match[3])
        if match
        else (day_first[3], day_first[2], day_first[1])
        if day_first
        else None
    )
    try:
        if parts is not None:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError as exc:  # a day that does not exist ("2025/02/30")
        raise DocumentError(f"{name}: {field} '{value}' không phải ngày có thật") from exc
    raise DocumentError(f"{name}: {field} '{value}' không phải ngày (cần dạng YYYY/MM/DD)")


def _check_signature(root: ET.Element, name: str) -> None:
    """A Signature section that is there must be whole: a package cut or edited in transit is
    refused rather than drafted from. (Verifying the certificate chain is the document system's
    job; dondoc does not hold the CA certificates.)"""
    signature = _find(root, "Signature")
    if signature is None:
        return
    if _find(signature, "SignedInfo") is None:
        raise DocumentError(f"{name}: phần chữ ký số (Signature) của gói edXML hỏng: thiếu SignedInfo")
    value = _text(signature, "SignatureValue")
    if value is None:
        raise DocumentError(f"{name}: phần chữ ký số (Signature) của gói edXML hỏng: thiếu SignatureValue")
    try:
        base64.b64decode(value.replace(" ", ""), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DocumentError(
            f"{name}: phần chữ ký số (Signature) của gói edXML hỏng: SignatureValue không phải base64"
        ) from exc


def _attachments(root: ET.Element, name: str) -> list[Attachment]:
    found: list[Attachment] = []
    for element in root.iter():
        if _local(element.tag) != "Attachment":
            continue
        file_name = _text(element, "AttachmentName") or "tep-dinh-kem"
        encoded = _child(element, "ContentTransferEncoded")
        if encoded is None or not (encoded.text or "").strip():
            raise DocumentError(f"{name}: tệp đính kèm '{file_name}' không có nội dung")
        try:
            data = base64.b64decode("".join((encoded.text or "").split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise DocumentError(f"{name}: tệp đính kèm '{file_name}' hỏng (không phải base64)") from exc
        found.append(_unzipped(Attachment(Path(file_name).name, data), name))
    return found


def _unzipped(attachment: Attachment, name: str) -> Attachment:
    """Gateways zip each file before encoding it; a .docx sent as it is, a zip of its own, stays whole."""
    if not attachment.data.startswith(b"PK"):
        return attachment
    try:
        with zipfile.ZipFile(io.BytesIO(attachment.data)) as archive:
            if "word/document.xml" in archive.namelist():
                return attachment
            entries = [info for info in archive.infolist() if not info.is_dir()]
            if len(entries) != 1:
                return attachment
            entry = entries[0]
            inner = Path(entry.filename).suffix.lower()
            # the inner file's own name is often a UUID: keep the name the sender gave
            stem = Path(attachment.name).stem if Path(attachment.name).suffix.lower() != ".zip" else None
            return Attachment(f"{stem}{inner}" if stem else Path(entry.filename).name, archive.read(entry))
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"{name}: tệp đính kèm '{attachment.name}' là tệp nén hỏng") from exc


def main_attachment(attachments: list[Attachment], name: str) -> Attachment:
    """The file to draft from: a PDF first (the signed one), then Word, then any other."""
    for suffix in READABLE:
        for attachment in attachments:
            if Path(attachment.name).suffix.lower() == suffix:
                return attachment
    carried = ", ".join(a.name for a in attachments) or "không có tệp nào"
    raise DocumentError(
        f"{name}: gói edXML không kèm văn bản đọc được (PDF, Word, văn bản, ảnh); tệp kèm theo: {carried}"
    )
