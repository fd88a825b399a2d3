"""Vietnamese words for the audit log's actions."""

ACTION_LABELS = {
    "directive.registered": "Đăng ký văn bản",
    "directive.updated": "Cập nhật văn bản",
    "subtask.created": "Giao việc",
    "subtask.cancelled": "Hủy việc",
    "subtask.restored": "Khôi phục việc",
    "subtask.due_changed": "Đổi hạn",
    "subtask.unblocked": "Việc trước đã xong, bắt đầu thực hiện",
    "subtask.done": "Báo hoàn thành",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
