"""The system of record: agencies, directives, tasks, subtasks, their dependencies, the audit log.

Every datetime is timezone-aware UTC; dates are local (Asia/Ho_Chi_Minh) calendar days.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Enum, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from dondoc.record.enums import (
    AgencyKind,
    DirectiveKind,
    NotificationKind,
    NotificationStatus,
    Reminders,
    Role,
    SubtaskStatus,
)


def enum_type(enum: type[StrEnum], length: int = 32) -> Enum:
    """A VARCHAR of the enum's values (not a native enum: adding a status later needs no ALTER
    TYPE) that reads back as the enum member."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
    )


class Agency(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=64)
    name: str = Field(max_length=255)
    kind: AgencyKind = Field(sa_type=enum_type(AgencyKind))
    parent_id: int | None = Field(default=None, foreign_key="agency.id", index=True)
    # "/HUYEN/XA-A/XA-A-T01/": subtree queries with one LIKE on an index
    path: str = Field(index=True, max_length=1024)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    escalates_to_code: str | None = Field(default=None, max_length=64)
    notify: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    is_coordinator: bool = False
    position: int = 0
    # item-by-item reminders, the daily digest, or both (config/agencies.yaml `reminders`)
    reminders: Reminders = Field(default=Reminders.BOTH, sa_type=enum_type(Reminders, 16))
    # gets the weekly digest (config/agencies.yaml `leadership`)
    is_leadership: bool = False
    # a deactivated body keeps its history but is offered for no new work
    active: bool = True
    # changed through the portal: `dondoc init` then leaves it as the portal made it
    edited_in_portal: bool = False


class RegistryVersion(SQLModel, table=True):
    """One row whose number the database moves on every change to `agency` (triggers, migration
    0011): what a process keeps of the agency tree is good while the number stands."""

    id: int = Field(default=1, primary_key=True)
    version: int = 1


class Directive(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True, index=True, max_length=64)
    kind: DirectiveKind = Field(sa_type=enum_type(DirectiveKind))
    title: str
    # "" when the issuer is not one of the registry's bodies (a province's or a city's office)
    issuer_code: str = Field(max_length=64)
    # the issuer as the document writes it
    issuer_name: str = Field(default="", max_length=255)
    issued_on: dt.date
    source_file: str | None = None
    spec_hash: str = Field(max_length=64)
    registered_at: dt.datetime
    updated_at: dt.datetime
    flow_run_id: str | None = Field(default=None, max_length=64)


class Task(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("directive_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", index=True)
    key: str = Field(max_length=128)
    position: int
    text: str
    lead_code: str = Field(max_length=64)
    support_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    due_rule: str = Field(max_length=128)
    due_text: str | None = None
    policy_name: str = Field(default="default", max_length=64)
    fan_out: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    depends_on: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    cancelled: bool = False


class Subtask(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("task_id", "agency_id"),
        Index("ix_subtask_next_action", "next_action_at"),
        # the reads (dondoc.reading): lists in due-date order, overall and by status; and the
        # counts and lists per agency and per task, each from its index alone (covering; SQLite
        # keeps the id in every index, PostgreSQL is told to)
        Index("ix_subtask_due", "due_at", "id", "status"),
        Index("ix_subtask_status_due", "status", "due_at", "id", "agency_id"),
        Index(
            "ix_subtask_agency_state",
            "agency_id",
            "status",
            "due_at",
            "completed_at",
            postgresql_include=["id"],
        ),
        Index("ix_subtask_task_state", "task_id", "status", "due_at", postgresql_include=["id"]),
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    agency_id: int = Field(foreign_key="agency.id")
    role: Role = Field(sa_type=enum_type(Role, 16))
    status: SubtaskStatus = Field(sa_type=enum_type(SubtaskStatus))
    due_at: dt.datetime | None = None
    # the due date before any extension, kept for the statistics
    original_due_at: dt.datetime | None = None
    created_at: dt.datetime
    updated_at: dt.datetime
    acknowledged_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    note: str | None = None
    policy_name: str = Field(default="default", max_length=64)
    # the policy as it was when the subtask was created: editing config does not rewrite it
    policy: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # when the sweep should look at this subtask next; null when nothing is scheduled
    next_action_at: dt.datetime | None = None
    # the escalation cursor: index of the next action of the policy (see dondoc.escalation.interpreter),
    # valid for the due date in action_due_at; a new due date restarts the policy
    action_cursor: int = 0
    action_due_at: dt.datetime | None = None


class SubtaskDependency(SQLModel, table=True):
    subtask_id: int = Field(foreign_key="subtask.id", primary_key=True)
    prerequisite_id: int = Field(foreign_key="subtask.id", primary_key=True, index=True)


class Event(SQLModel, table=True):
    """The append-only audit log: one row for every change, written in the change's transaction.

    The row is also what gets published outside (the Prefect event feed): `published_at` marks it
    sent, `publishing_until` is a publisher's lease on it (dondoc.record.publication)."""

    __table_args__ = (
        # only the backlog is indexed: the cost of finding what to publish follows what is pending,
        # not the length of the history
        Index(
            "ix_event_unpublished",
            "id",
            sqlite_where=text("published_at IS NULL"),
            postgresql_where=text("published_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(index=True)
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64)
    source: str = Field(max_length=32)
    directive_id: int | None = Field(default=None, foreign_key="directive.id", index=True)
    subtask_id: int | None = Field(default=None, foreign_key="subtask.id", index=True)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    published_at: dt.datetime | None = None
    publishing_until: dt.datetime | None = None


class Notification(SQLModel, table=True):
    """The outbox: one row per message to one recipient agency, written in the transaction of the
    change that causes it; the dispatcher sends it later. `dedup_key` is unique, so the same
    reminder can never be queued twice, whoever queues it."""

    __table_args__ = (Index("ix_notification_ready", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    subtask_id: int | None = Field(default=None, foreign_key="subtask.id", index=True)
    kind: NotificationKind = Field(sa_type=enum_type(NotificationKind))
    # which policy step caused it ("overdue@1#2": step 1, repeat 2), or what did for other kinds
    step: str = Field(default="", max_length=64)
    recipient_code: str = Field(max_length=64, index=True)
    status: NotificationStatus = Field(
        default=NotificationStatus.PENDING, sa_type=enum_type(NotificationStatus, 16)
    )
    attempts: int = 0
    last_error: str | None = None
    dedup_key: str = Field(unique=True, index=True, max_length=255)
    title: str
    body: str
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime
    # not before this instant: quiet hours, retry backoff, and the lease of a dispatcher's claim
    next_attempt_at: dt.datetime
    sent_at: dt.datetime | None = None


class AccessToken(SQLModel, table=True):
    """A secret link: only the sha256 of the token is kept, so a copy of the database opens nothing."""

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    # "agency" acts for its own subtasks and its children's; "coordinator" for everything
    scope: str = Field(max_length=16)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None


class PortalSession(SQLModel, table=True):
    """A browser signed in through a secret link. Kept server-side so revoking the link ends it."""

    id: int | None = Field(default=None, primary_key=True)
    # sha256 of the cookie value, like the tokens
    session_hash: str = Field(unique=True, index=True, max_length=64)
    token_id: int = Field(foreign_key="accesstoken.id", index=True)
    csrf_token: str = Field(max_length=64)
    created_at: dt.datetime
    expires_at: dt.datetime


class EvidenceFile(SQLModel, table=True):
    """A file sent as evidence of completion; its bytes live under DONDOC_HOME by content hash."""

    id: int | None = Field(default=None, primary_key=True)
    subtask_id: int = Field(foreign_key="subtask.id", index=True)
    sha256: str = Field(max_length=64, index=True)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=128)
    size: int
    uploaded_by: str = Field(max_length=64)
    uploaded_at: dt.datetime


class ExtensionRequest(SQLModel, table=True):
    """An agency's request for more time, and the coordinator's decision on it."""

    id: int | None = Field(default=None, primary_key=True)
    subtask_id: int = Field(foreign_key="subtask.id", index=True)
    requested_by: str = Field(max_length=64)
    requested_at: dt.datetime
    reason: str
    proposed_on: dt.date
    # pending | approved | rejected
    status: str = Field(default="pending", max_length=16, index=True)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: dt.datetime | None = None
    granted_on: dt.date | None = None
    decision_note: str | None = None


class FollowUp(SQLModel, table=True):
    """A follow-up ("hẹn đôn đốc") a coordinator scheduled: a Prefect flow run fires it at `remind_at`."""

    id: int | None = Field(default=None, primary_key=True)
    subtask_id: int = Field(foreign_key="subtask.id", index=True)
    remind_at: dt.datetime
    message: str | None = None
    created_by: str = Field(max_length=64)
    created_at: dt.datetime
    flow_run_id: str | None = Field(default=None, max_length=64)
    # scheduled | reminded | skipped
    status: str = Field(default="scheduled", max_length=16)
    fired_at: dt.datetime | None = None
