"""edXML packages built in the test with the structure of QCVN 102:2016/BTTTT as the document
exchange's gateways send them: a prefixed envelope with the message header and an XML-DSig
signature, and the signed file zipped and base64-encoded in an unprefixed AttachmentEncoded."""

from __future__ import annotations

import base64
import io
import zipfile
from xml.sax.saxutils import escape

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
GOOD_SIGNATURE = """
      <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
        <SignedInfo>
          <CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>
          <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
          <Reference URI=""><DigestValue>q1w2e3r4t5y6u7i8o9p0aAbBcCdDeEfFgGhHiIjJkKk=</DigestValue></Reference>
        </SignedInfo>
        <SignatureValue>TWF1IGNo4buvIGvDvSBz4buRIGPhu6dhIHbEg24gYuG6o24=</SignatureValue>
        <KeyInfo><X509Data><X509Certificate>TUlJQ2VEQ0NBV0NnQXdJQkFnSUJBVEFOQmdr</X509Certificate></X509Data></KeyInfo>
      </Signature>"""
# cut in transit: the signed part is there, the value is not
BROKEN_SIGNATURE = """
      <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
        <SignedInfo><Reference URI=""><DigestValue>q1w2e3r4</DigestValue></Reference></SignedInfo>
      </Signature>"""


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # gateways name the inner file by a UUID and keep the extension
        archive.writestr("2b7f0a52-3c1e-4d7a-9b1e-5f0c2d9e8a11" + name[name.rfind(".") :], data)
    return buffer.getvalue()


def package(
    attachments: list[tuple[str, bytes]],
    *,
    signature: str = GOOD_SIGNATURE,
    due: str | None = "2020/04/30",
    notation: str = "KL/HU",
) -> bytes:
    files = "".join(
        f"""
    <Attachment>
      <ContentId>cid:{i}</ContentId>
      <AttachmentName>{escape(name)}</AttachmentName>
      <ContentType>application/zip</ContentType>
      <edXML:ContentTransferEncoded xmlns:edXML="{NS}">{base64.b64encode(zipped(name, data)).decode()}</edXML:ContentTransferEncoded>
    </Attachment>"""
        for i, (name, data) in enumerate(attachments)
    )
    due_date = f"<edXML:DueDate>{due}</edXML:DueDate>" if due else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NS}">
  <edXML:edXMLEnvelope xmlns:edXML="{NS}">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From>
          <edXML:OrganId>000.00.31.H41</edXML:OrganId>
          <edXML:OrganizationInCharge>Huyện ủy Sơn Lâm</edXML:OrganizationInCharge>
          <edXML:OrganName>Huyện ủy Sơn Lâm</edXML:OrganName>
        </edXML:From>
        <edXML:To><edXML:OrganId>000.01.31.H41</edXML:OrganId><edXML:OrganName>UBND huyện Sơn Lâm</edXML:OrganName></edXML:To>
        <edXML:DocumentId>000.00.31.H41,2020/04/02,130</edXML:DocumentId>
        <edXML:Code><edXML:CodeNumber>130</edXML:CodeNumber><edXML:CodeNotation>{notation}</edXML:CodeNotation></edXML:Code>
        <edXML:PromulgationInfo>
          <edXML:Place>Sơn Lâm</edXML:Place>
          <edXML:PromulgationDate>2020/04/02</edXML:PromulgationDate>
        </edXML:PromulgationInfo>
        <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeDetail>0</edXML:TypeDetail><edXML:TypeName>Kết luận</edXML:TypeName></edXML:DocumentType>
        <edXML:Subject>Kết luận của Thường trực Huyện ủy tại hội nghị giao ban tháng 4 năm 2020</edXML:Subject>
        <edXML:Content>Kết luận giao ban tháng 4</edXML:Content>
        <edXML:SignerInfo><edXML:Competence>T/M BAN THƯỜNG VỤ</edXML:Competence><edXML:Position>Bí thư</edXML:Position><edXML:FullName>Nguyễn Văn An</edXML:FullName></edXML:SignerInfo>
        {due_date}
        <edXML:SteeringType>1</edXML:SteeringType>
      </edXML:MessageHeader>
      <edXML:TraceHeaderList><edXML:TraceHeader><edXML:OrganId>000.00.31.H41</edXML:OrganId><edXML:Timestamp>2020/04/02 08:00:00</edXML:Timestamp></edXML:TraceHeader></edXML:TraceHeaderList>{signature}
    </edXML:edXMLHeader>
    <edXML:edXMLBody><edXML:edXMLManifest version="1.0"/></edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>{files}
  </AttachmentEncoded>
</edXML>
""".encode()
