"""The one workflow mechanism: transition tables as data, one guard, one service to move a
record, one history model shape and one history widget.

Every record that moves through states (dossier, council evaluation, certificate, idea,
business plan, plan task, periodic report) is described by a `Workflow`:

- its **transition table**: `Transition` rows (action, the states it may start from, the
  state it leads to, the button label, who may make it, whether a reason is required, the
  named checks it needs, the legal article it applies), kept as data beside the app's models
  (`<app>/workflow.py`), never as `if state == …` branches in views;
- its **guard**: by default the `rules` permission named on the transition, checked on the
  record (`user.has_perm("ideas.review_idea", idea)`); a workflow whose actors are roles
  relative to the record (the dossier's producer, commune, province) passes its own guard;
- its **history**: a concrete subclass of `WorkflowEvent` (one row per move: action, from →
  to, actor, time, comment, data), shown by the same widget everywhere
  (`{% include "core/workflow_history.html" with events=… %}`).

`transition_apply(...)` is the only code that changes a workflow state: it locks the row,
finds the move, runs the guard, requires the reason, runs the checks, applies the app's
effect, saves with the actor recorded by django-auditlog, and writes the event — in one
transaction. Apps keep their own service functions (`dossier_transition`, `idea_transition`…)
as thin wrappers that add what is theirs (notifications, follow-up work).

How to add a workflow: write the states (TextChoices) and the `Transition` rows, a concrete
`WorkflowEvent` subclass with a foreign key to the record, a `Workflow(...)` instance passed
to `register()`, and call `transition_apply` from the app's service. See docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

# Labels of the actions every workflow may record without a transition row (creation, import).
COMMON_ACTION_LABELS = {
    "tao": "Tạo mới",
    "create": "Tạo mới",
    "import": "Nhập từ danh sách có sẵn",
}


class TransitionNotAllowed(ValidationError):
    """The move does not exist from the record's current state."""


@dataclass(frozen=True)
class Transition:
    """One row of a transition table.

    `sources`: the states the move may start from; `target`: where it leads (may equal a
    source, e.g. "cập nhật tiến độ"). `permission`: the `rules` permission the default guard
    checks on the record; `actors`: the roles a record-specific guard checks instead.
    `checks`: names of the workflow's check functions run before the move. `manual=False`
    marks moves never offered as buttons (applied only by another service, e.g. a list
    decision adds an idea to the yearly list). `todo_for`: whose to-do list shows a record
    waiting for this move (default: its actors)."""

    action: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str = ""
    actors: tuple[str, ...] = ()
    comment_required: bool = False
    checks: tuple[str, ...] = ()
    manual: bool = True
    todo_for: tuple[str, ...] | None = None
    style: str = "primary"
    source_article: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.sources, str):  # a single source state
            object.__setattr__(self, "sources", frozenset({self.sources}))
        else:
            object.__setattr__(self, "sources", frozenset(self.sources))

    def allows_from(self, state: str) -> bool:
        return state in self.sources

    @property
    def source(self) -> str:
        """The one state the move starts from, for tables written one row per source state
        (a row with several sources has no single source: ValueError)."""
        if len(self.sources) != 1:
            raise ValueError(f"Transition {self.action!r} starts from several states.")
        return next(iter(self.sources))

    @property
    def waiting_for(self) -> tuple[str, ...]:
        return self.actors if self.todo_for is None else self.todo_for


Check = Callable[..., Iterable[str]]  # (record, payload, actor) -> problems in Vietnamese
Prepare = Callable[..., None]  # (record, actor, payload): apply the move's form before the checks
Effect = Callable[..., dict | None]  # (record, actor, payload) -> data kept on the event
Guard = Callable[[Any, Any, Transition], bool]  # (user, record, transition) -> allowed


def permission_guard(user, record, transition: Transition) -> bool:
    """Default guard: the `rules` permission named on the transition, on this record."""
    return bool(transition.permission) and user.has_perm(transition.permission, record)


@dataclass
class Workflow:
    """A record type's states, transition table, guard, checks, effects and history model.

    `tables`: when the table depends on the record (the dossier's regime decides the first
    evaluating level), a function record -> transitions; otherwise `transitions` is used.
    `prepares`: per action, a function that applies values the move's form carries before the
    checks run (e.g. the proposal letter number a forward needs). `record_noun`: how the
    refusal messages name the record ("hồ sơ" → "khi hồ sơ đang ở trạng thái…").
    """

    name: str
    model: type[models.Model]
    event_model: type[models.Model]
    subject_field: str  # the event's foreign key to the record
    states: type[models.TextChoices]
    transitions: tuple[Transition, ...] = ()
    state_field: str = "status"
    guard: Guard = permission_guard
    checks: dict[str, Check] = field(default_factory=dict)
    effects: dict[str, Effect] = field(default_factory=dict)
    prepares: dict[str, Prepare] = field(default_factory=dict)
    record_noun: str = ""
    action_labels: dict[str, str] = field(default_factory=dict)
    tables: Callable[[Any], Iterable[Transition]] | None = None
    lock_related: tuple[str, ...] = ()

    # -- the table -------------------------------------------------------------------------

    def transitions_for(self, record=None) -> tuple[Transition, ...]:
        if self.tables is not None and record is not None:
            return tuple(self.tables(record))
        return self.transitions

    def state_of(self, record) -> str:
        return getattr(record, self.state_field)

    def find(self, record, action: str, state: str | None = None) -> Transition | None:
        """The move `action` from the record's state (or `state`), if the table has it."""
        state = self.state_of(record) if state is None else state
        for transition in self.transitions_for(record):
            if transition.action == action and transition.allows_from(state):
                return transition
        return None

    def outgoing(self, record, state: str | None = None) -> list[Transition]:
        state = self.state_of(record) if state is None else state
        return [t for t in self.transitions_for(record) if t.allows_from(state)]

    def knows_action(self, action: str) -> bool:
        return action in self.action_labels or any(t.action == action for t in self.all_transitions())

    def is_allowed(self, user, record, transition: Transition) -> bool:
        return user is not None and self.guard(user, record, transition)

    def available(self, user, record) -> list[Transition]:
        """The buttons `user` sees on `record`: manual moves from its state they may make."""
        return [
            t for t in self.outgoing(record) if t.manual and self.is_allowed(user, record, t)
        ]

    # -- labels (for the history widget and messages) ---------------------------------------

    def state_label(self, state: str) -> str:
        if not state:
            return ""
        return self.states(state).label if state in self.states.values else state

    def action_label(self, action: str) -> str:
        if action in self.action_labels:
            return self.action_labels[action]
        for transition in self.all_transitions():
            if transition.action == action:
                return transition.label
        return COMMON_ACTION_LABELS.get(action, action)

    def all_transitions(self) -> list[Transition]:
        """Every row of every table of this workflow (for labels and documentation)."""
        rows = list(self.transitions)
        for extra in _EXTRA_TABLES.get(self.name, ()):
            rows.extend(extra)
        return rows


_REGISTRY: dict[str, Workflow] = {}
# Tables chosen per record (e.g. one per regime) declared for labels and documentation.
_EXTRA_TABLES: dict[str, list[Iterable[Transition]]] = {}


def register(workflow: Workflow, *, all_tables: Iterable[Iterable[Transition]] = ()) -> Workflow:
    """Make `workflow` known by name (history labels, the workflow documentation page)."""
    _REGISTRY[workflow.name] = workflow
    _EXTRA_TABLES[workflow.name] = [tuple(table) for table in all_tables]
    return workflow


def get(name: str) -> Workflow:
    return _REGISTRY[name]


def registered() -> list[Workflow]:
    return list(_REGISTRY.values())


def workflow_of_event(event_model, action: str, default: str) -> Workflow:
    """The registered workflow that wrote an event: several workflows may share one history
    model (a dossier is moved by the evaluation table, then by the council table, and its
    history stays in one place); the one whose table knows `action` labels it, else `default`."""
    for workflow in _REGISTRY.values():
        if workflow.event_model is event_model and workflow.name != default and workflow.knows_action(action):
            return workflow
    return get(default)


# -- the service -----------------------------------------------------------------------------


def _lock(workflow: Workflow, record):
    if record.pk is None:
        return record
    queryset = workflow.model.objects.select_for_update(of=("self",))
    if workflow.lock_related:
        queryset = queryset.select_related(*workflow.lock_related)
    return queryset.get(pk=record.pk)


@transaction.atomic
def transition_apply(
    *,
    workflow: Workflow,
    record,
    action: str,
    actor,
    comment: str = "",
    payload: dict | None = None,
    at=None,
    check_permission: bool = True,
):
    """Move `record` by `action` and write its history row; return `(record, event)`.

    Raises `TransitionNotAllowed` when the table has no such move from the current state,
    `PermissionDenied` when the guard refuses `actor` (`check_permission=False` only for
    moves made by another service on the system's behalf, e.g. a list decision), and
    `ValidationError` when the reason is missing or a check fails (all problems at once).
    `at`: the time of a move recorded after the fact (imports, demo history)."""
    from auditlog.context import set_actor

    payload = payload or {}
    record = _lock(workflow, record)
    state = workflow.state_of(record)
    move = workflow.find(record, action, state)
    noun = workflow.record_noun
    if move is None:
        raise TransitionNotAllowed(
            f"Không thể thực hiện thao tác này khi {noun + ' ' if noun else ''}đang ở trạng thái "
            f"«{workflow.state_label(state)}»."
        )
    if check_permission and actor is not None and not workflow.is_allowed(actor, record, move):
        raise PermissionDenied(f"Bạn không có quyền «{move.label}»{f' đối với {noun} này' if noun else ''}.")
    comment = (comment or "").strip()
    if move.comment_required and not comment:
        raise ValidationError({"comment": f"Vui lòng ghi rõ lý do khi «{move.label}»."})
    prepare = workflow.prepares.get(action)
    if prepare is not None:
        prepare(record, actor, payload)
    problems: list[str] = []
    for name in move.checks:
        problems.extend(workflow.checks[name](record, payload, actor))
    if problems:
        raise ValidationError(problems)
    effect = workflow.effects.get(action)
    data = (effect(record, actor, payload) if effect else None) or {}
    setattr(record, workflow.state_field, move.target)
    if hasattr(record, "refresh_search_text"):
        record.refresh_search_text()
    with set_actor(actor):
        record.save()
    event = record_event(
        workflow, record, action=action, from_state=state, to_state=move.target,
        actor=actor, comment=comment, data=data, at=at,
    )
    return record, event


def recorded_at(day: date | None):
    """The time of a move recorded on `day`: now for today (or no day), else 9:00 of that
    day (a paper dossier of 2024 entered after the fact, the demo's history)."""
    if day is None or day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def record_event(
    workflow: Workflow, record, *, action: str, from_state: str = "", to_state: str | None = None,
    actor=None, comment: str = "", data: dict | None = None, at=None, **fields,
):
    """Write one history row without a move (creation, import, a note such as "reopened").
    `fields`: values of the concrete event model's own extra fields (e.g. the score sheet
    a scoring action concerns)."""
    values = _event_values(
        workflow, record, action=action, from_state=from_state, to_state=to_state,
        actor=actor, comment=comment, data=data, at=at,
    )
    return workflow.event_model.objects.create(**values, **fields)


def record_events(
    workflow: Workflow, records: Iterable, *, action: str, from_state: str = "", actor=None,
    comment: str = "", at=None,
) -> list:
    """Write the same history row for each of `records` in one query (e.g. a task given to
    many holders at once), each with the record's own state as `to_state`."""
    rows = [
        workflow.event_model(
            **_event_values(
                workflow, record, action=action, from_state=from_state, actor=actor,
                comment=comment, at=at,
            )
        )
        for record in records
    ]
    return workflow.event_model.objects.bulk_create(rows) if rows else []


def _event_values(
    workflow: Workflow, record, *, action: str, from_state: str = "", to_state: str | None = None,
    actor=None, comment: str = "", data: dict | None = None, at=None,
) -> dict:
    values = {
        workflow.subject_field: record,
        "action": action,
        "from_state": from_state,
        "to_state": workflow.state_of(record) if to_state is None else to_state,
        "actor": actor,
        "comment": comment,
        "data": data or {},
    }
    if at is not None:
        values["at"] = at
    return values


def history_of(model) -> models.ForeignKey:
    """A history row's foreign key to its record: the rows go with the record and are read as
    `record.events`."""
    return models.ForeignKey(model, on_delete=models.CASCADE, related_name="events")


class WorkflowEvent(models.Model):
    """The shape of every workflow's history row. A concrete subclass adds the foreign key to
    its record (`history_of(Record)`, named as the workflow's `subject_field`) and sets
    `WORKFLOW` to the workflow's registered name, so the history widget can label actions and
    states."""

    WORKFLOW = ""

    action = models.CharField("thao tác", max_length=40)
    from_state = models.CharField("từ trạng thái", max_length=40, blank=True)
    to_state = models.CharField("sang trạng thái", max_length=40, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="người thực hiện",
    )
    at = models.DateTimeField("thời điểm", default=timezone.now)
    comment = models.TextField("ý kiến", blank=True)
    data = models.JSONField("dữ liệu kèm theo", default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.subject_id}: {self.from_state} → {self.to_state}"

    @property
    def subject_id(self):
        """The id of the record this row is the history of (the first `events` foreign key)."""
        for column in type(self)._meta.concrete_fields:
            if column.is_relation and column.remote_field.related_name == "events":
                return getattr(self, column.attname)
        return None

    @property
    def workflow(self) -> Workflow:
        return workflow_of_event(type(self), self.action, self.WORKFLOW)

    @property
    def action_label(self) -> str:
        return self.workflow.action_label(self.action)

    @property
    def from_state_label(self) -> str:
        return self.workflow.state_label(self.from_state)

    @property
    def to_state_label(self) -> str:
        return self.workflow.state_label(self.to_state)

    @property
    def details(self) -> list[tuple[str, str]]:
        """Extra lines the history widget shows under the comment (label, value)."""
        return []
