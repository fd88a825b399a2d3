"""Vietnamese words for the audit log's actions."""

ACTION_LABELS = {
    "directive.registered": "Đăng ký văn bản",
    "directive.updated": "Cập nhật văn bản",
    "draft.created": "Mở bản nháp để rà soát",
    "draft.discarded": "Bỏ bản nháp",
    "subtask.created": "Giao việc",
    "subtask.cancelled": "Hủy việc",
    "subtask.restored": "Khôi phục việc",
    "subtask.due_changed": "Đổi hạn",
    "subtask.unblocked": "Việc trước đã xong, bắt đầu thực hiện",
    "subtask.done": "Báo hoàn thành",
    "subtask.acknowledged": "Tiếp nhận",
    "subtask.progress": "Báo cáo tiến độ",
    "subtask.confirmed": "Xác nhận hoàn thành",
    "subtask.returned": "Trả lại, yêu cầu làm lại",
    "subtask.extension_requested": "Đề nghị gia hạn",
    "subtask.extension_approved": "Đồng ý gia hạn",
    "subtask.extension_rejected": "Không đồng ý gia hạn",
    "subtask.reassigned": "Giao lại cho cơ quan khác",
    "subtask.follow_up_scheduled": "Hẹn đôn đốc",
    "subtask.follow_up_reminded": "Đôn đốc theo lịch hẹn",
    "subtask.follow_up_skipped": "Đến lịch hẹn, việc đã xong: không nhắc",
    "subtask.overdue": "Quá hạn: nhắc cơ quan",
    "subtask.escalated": "Quá hạn: báo cấp trên",
    "agency.added": "Thêm cơ quan vào danh mục",
    "agency.changed": "Sửa danh mục cơ quan",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
