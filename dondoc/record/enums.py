"""Statuses and kinds, defined once, with their Vietnamese labels."""

from __future__ import annotations

from enum import StrEnum


class AgencyKind(StrEnum):
    HUYEN = "huyen"
    LANH_DAO = "lanh_dao"
    DANG = "dang"
    BAN_DANG = "ban_dang"
    CHINH_QUYEN = "chinh_quyen"
    VAN_PHONG = "van_phong"
    PHONG_BAN = "phong_ban"
    DON_VI = "don_vi"
    MAT_TRAN = "mat_tran"
    DOAN_THE = "doan_the"
    XA = "xa"
    THON = "thon"
    TINH = "tinh"

    @property
    def label(self) -> str:
        return _AGENCY_KIND_LABELS[self]


_AGENCY_KIND_LABELS = {
    AgencyKind.TINH: "Tỉnh",
    AgencyKind.HUYEN: "Huyện",
    AgencyKind.LANH_DAO: "Thường trực",
    AgencyKind.DANG: "Cấp ủy",
    AgencyKind.BAN_DANG: "Ban, văn phòng Huyện ủy",
    AgencyKind.CHINH_QUYEN: "Chính quyền",
    AgencyKind.VAN_PHONG: "Văn phòng",
    AgencyKind.PHONG_BAN: "Phòng, ban",
    AgencyKind.DON_VI: "Đơn vị",
    AgencyKind.MAT_TRAN: "Mặt trận",
    AgencyKind.DOAN_THE: "Đoàn thể",
    AgencyKind.XA: "Xã, thị trấn",
    AgencyKind.THON: "Thôn, tổ dân phố",
}


class DirectiveKind(StrEnum):
    KET_LUAN = "ket_luan"
    THONG_BAO_KET_LUAN = "thong_bao_ket_luan"
    CHI_THI = "chi_thi"
    CONG_VAN = "cong_van"
    CONG_DIEN = "cong_dien"
    NGHI_QUYET = "nghi_quyet"
    KE_HOACH = "ke_hoach"

    @property
    def label(self) -> str:
        return _DIRECTIVE_KIND_LABELS[self]


_DIRECTIVE_KIND_LABELS = {
    DirectiveKind.KET_LUAN: "Kết luận",
    DirectiveKind.THONG_BAO_KET_LUAN: "Thông báo kết luận",
    DirectiveKind.CHI_THI: "Chỉ thị",
    DirectiveKind.CONG_VAN: "Công văn",
    DirectiveKind.CONG_DIEN: "Công điện",
    DirectiveKind.NGHI_QUYET: "Nghị quyết",
    DirectiveKind.KE_HOACH: "Kế hoạch",
}


class SubtaskStatus(StrEnum):
    BLOCKED = "blocked"
    PENDING = "pending"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    DONE = "done"
    RETURNED = "returned"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self not in (SubtaskStatus.DONE, SubtaskStatus.CANCELLED)


# Who is chased. Not `blocked`: it waits for another agency's work and has nothing to do yet.
# Not `awaiting_confirmation`: the agency has reported its part done; a slow confirmation is the
# coordinator's delay, not the agency's. Not done or cancelled, obviously.
CHASED_STATUSES = frozenset(
    {
        SubtaskStatus.PENDING,
        SubtaskStatus.ACKNOWLEDGED,
        SubtaskStatus.IN_PROGRESS,
        SubtaskStatus.RETURNED,
    }
)

_STATUS_LABELS = {
    SubtaskStatus.BLOCKED: "Chờ việc trước",
    SubtaskStatus.PENDING: "Chưa tiếp nhận",
    SubtaskStatus.ACKNOWLEDGED: "Đã tiếp nhận",
    SubtaskStatus.IN_PROGRESS: "Đang thực hiện",
    SubtaskStatus.AWAITING_CONFIRMATION: "Chờ xác nhận",
    SubtaskStatus.DONE: "Hoàn thành",
    SubtaskStatus.RETURNED: "Trả lại, làm lại",
    SubtaskStatus.CANCELLED: "Đã hủy",
}

OPEN_STATUSES = tuple(s for s in SubtaskStatus if s.is_open)


class Timeliness(StrEnum):
    WITHIN = "within"
    NEAR_DUE = "near_due"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    NO_DEADLINE = "no_deadline"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _TIMELINESS_LABELS[self]


_TIMELINESS_LABELS = {
    Timeliness.WITHIN: "Trong hạn",
    Timeliness.NEAR_DUE: "Sắp đến hạn",
    Timeliness.OVERDUE: "Quá hạn",
    Timeliness.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Timeliness.DONE_LATE: "Hoàn thành quá hạn",
    Timeliness.NO_DEADLINE: "Không thời hạn",
    Timeliness.CANCELLED: "Đã hủy",
}


class Role(StrEnum):
    LEAD = "lead"
    SUPPORT = "support"
    FAN_OUT = "fan_out"

    @property
    def label(self) -> str:
        return {"lead": "Chủ trì", "support": "Phối hợp", "fan_out": "Thực hiện"}[self.value]


class NotificationKind(StrEnum):
    REMINDER = "reminder"
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATION = "escalation"
    DIGEST = "digest"
    FOLLOW_UP = "follow_up"
    INFO = "info"


class Reminders(StrEnum):
    """What an agency chooses to receive: a message per item, one daily digest, or both."""

    ITEMS = "items"
    DIGEST = "digest"
    BOTH = "both"

    @property
    def gets_items(self) -> bool:
        return self is not Reminders.DIGEST

    @property
    def gets_digest(self) -> bool:
        return self is not Reminders.ITEMS


class NotificationStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
