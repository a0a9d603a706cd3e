"""The workflow mechanism on its own: table lookups, guard, reason, checks, effects, history.

The apps' own tests drive it through real records (dossiers, ideas, tasks…); here a small
stand-in record shows each rule of the mechanism in isolation."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from ocop.core import workflow as wf

# transition_apply runs in a transaction, even for a record that is not stored.
pytestmark = pytest.mark.django_db


class State(models.TextChoices):
    DRAFT = "nhap", "Nháp"
    SENT = "da_gui", "Đã gửi"
    DONE = "xong", "Hoàn thành"


class Record(SimpleNamespace):
    pk = None
    saved = 0

    def save(self):
        self.saved += 1


class Events:
    rows: list = []

    class objects:  # noqa: N801 – the manager's name, as on a model
        @staticmethod
        def create(**values):
            Events.rows.append(values)
            return SimpleNamespace(**values)


class User(SimpleNamespace):
    def has_perm(self, name, record=None):
        return name in self.perms


TABLE = (
    wf.Transition("gui", "Gửi", {State.DRAFT}, State.SENT, permission="app.send", checks=("named",)),
    wf.Transition("tra_lai", "Trả lại", {State.SENT}, State.DRAFT, permission="app.review", comment_required=True),
    wf.Transition("xong", "Hoàn thành", {State.SENT}, State.DONE, permission="app.review", manual=False),
)


def named(record, payload, actor):
    return [] if record.name else ["Chưa có tên."]


FLOW = wf.Workflow(
    name="test", model=Record, event_model=Events, subject_field="record", states=State,
    transitions=TABLE, checks={"named": named},
    effects={"gui": lambda record, actor, payload: {"number": payload.get("number")}},
)


@pytest.fixture(autouse=True)
def _clear():
    Events.rows = []


def test_it_finds_a_move_only_from_its_source_states():
    assert FLOW.find(Record(status=State.DRAFT), "gui").target == State.SENT
    assert FLOW.find(Record(status=State.SENT), "gui") is None
    assert [t.action for t in FLOW.outgoing(Record(status=State.SENT))] == ["tra_lai", "xong"]


def test_it_offers_only_manual_moves_the_guard_allows():
    reviewer = User(perms={"app.review"})
    assert [t.action for t in FLOW.available(reviewer, Record(status=State.SENT))] == ["tra_lai"]
    assert FLOW.available(User(perms=set()), Record(status=State.SENT)) == []


def test_it_moves_the_record_and_writes_the_event_with_the_effects_data():
    record = Record(status=State.DRAFT, name="Cà phê")
    record, event = wf.transition_apply(
        workflow=FLOW, record=record, action="gui", actor=User(perms={"app.send"}), payload={"number": 7},
    )
    assert record.status == State.SENT and record.saved == 1
    assert (event.from_state, event.to_state, event.action, event.data) == ("nhap", "da_gui", "gui", {"number": 7})
    assert Events.rows[0]["record"] is record


def test_it_refuses_a_move_missing_from_the_table_in_vietnamese():
    with pytest.raises(wf.TransitionNotAllowed, match="«Hoàn thành»"):
        wf.transition_apply(workflow=FLOW, record=Record(status=State.DONE, name="x"), action="gui", actor=None)
    assert Events.rows == []


def test_it_refuses_an_actor_the_guard_refuses():
    with pytest.raises(PermissionDenied, match="«Gửi»"):
        wf.transition_apply(
            workflow=FLOW, record=Record(status=State.DRAFT, name="x"), action="gui", actor=User(perms=set()),
        )


def test_it_requires_the_reason_and_runs_the_checks_before_moving():
    record = Record(status=State.SENT)
    with pytest.raises(ValidationError) as error:
        wf.transition_apply(workflow=FLOW, record=record, action="tra_lai", actor=User(perms={"app.review"}))
    assert "comment" in error.value.message_dict
    record = Record(status=State.DRAFT, name="")
    with pytest.raises(ValidationError, match="Chưa có tên"):
        wf.transition_apply(workflow=FLOW, record=record, action="gui", actor=User(perms={"app.send"}))
    assert record.status == State.DRAFT and record.saved == 0 and Events.rows == []


def test_it_labels_actions_and_states_for_the_history():
    assert FLOW.action_label("tra_lai") == "Trả lại"
    assert FLOW.action_label("tao") == "Tạo mới"
    assert FLOW.state_label("da_gui") == "Đã gửi"
    assert FLOW.state_label("") == ""


def test_a_single_source_state_is_accepted_as_a_string():
    transition = wf.Transition("a", "A", "nhap", "xong")
    assert transition.sources == frozenset({"nhap"}) and transition.waiting_for == ()


def test_a_row_with_one_source_state_names_it_and_one_with_several_does_not():
    assert wf.Transition("a", "A", "nhap", "xong").source == "nhap"
    with pytest.raises(ValueError):
        _ = wf.Transition("a", "A", {"nhap", "da_gui"}, "xong").source


def test_it_applies_the_moves_form_before_the_checks_and_names_the_record_in_refusals():
    flow = wf.Workflow(
        name="test-prepare", model=Record, event_model=Events, subject_field="record", states=State,
        transitions=TABLE, checks={"named": named}, record_noun="hồ sơ",
        prepares={"gui": lambda record, actor, payload: setattr(record, "name", payload.get("name", ""))},
    )
    record, _event = wf.transition_apply(
        workflow=flow, record=Record(status=State.DRAFT, name=""), action="gui",
        actor=User(perms={"app.send"}), payload={"name": "Mật ong"},
    )
    assert (record.name, record.status) == ("Mật ong", State.SENT)
    with pytest.raises(wf.TransitionNotAllowed, match="khi hồ sơ đang ở trạng thái «Đã gửi»"):
        wf.transition_apply(workflow=flow, record=record, action="gui", actor=None)
    with pytest.raises(PermissionDenied, match="«Trả lại» đối với hồ sơ này"):
        wf.transition_apply(workflow=flow, record=record, action="tra_lai", actor=User(perms=set()), comment="x")


class SharedEvents(Events):
    """A history model written by two workflows."""


def test_an_event_shared_by_two_workflows_is_labelled_by_the_one_that_knows_its_action():
    first = wf.register(wf.Workflow(
        name="test-first", model=Record, event_model=SharedEvents, subject_field="record", states=State,
        transitions=TABLE,
    ))
    second = wf.register(wf.Workflow(
        name="test-second", model=Record, event_model=SharedEvents, subject_field="record", states=State,
        transitions=(wf.Transition("ket_thuc", "Kết thúc", State.SENT, State.DONE),),
    ))
    assert wf.workflow_of_event(SharedEvents, "ket_thuc", "test-first") is second
    assert wf.workflow_of_event(SharedEvents, "gui", "test-first") is first
    assert wf.workflow_of_event(SharedEvents, "tao", "test-first").action_label("tao") == "Tạo mới"


def test_a_move_recorded_after_the_fact_is_stamped_at_nine_on_its_day():
    from datetime import date

    from django.utils import timezone

    stamped = wf.recorded_at(date(2024, 3, 5))
    assert (timezone.localtime(stamped).date(), timezone.localtime(stamped).hour) == (date(2024, 3, 5), 9)
    before = timezone.now()
    assert wf.recorded_at(None) >= before and wf.recorded_at(timezone.localdate()) >= before


def test_a_history_row_without_a_move_keeps_the_event_models_own_fields():
    record = Record(status=State.SENT)
    wf.record_event(FLOW, record, action="ghi_chu", comment="Ghi chú", sheet="phiếu 3")
    assert Events.rows[0] == {
        "record": record, "action": "ghi_chu", "from_state": "", "to_state": "da_gui", "actor": None,
        "comment": "Ghi chú", "data": {}, "sheet": "phiếu 3",
    }


class BulkEvents(SimpleNamespace):
    rows: list = []

    class objects:  # noqa: N801 – the manager's name, as on a model
        @staticmethod
        def bulk_create(rows):
            BulkEvents.rows.extend(rows)
            return rows


def test_it_writes_one_history_row_per_record_in_one_bulk_write():
    flow = wf.Workflow(name="bulk", model=Record, event_model=BulkEvents, subject_field="record", states=State)
    records = [Record(status=State.DRAFT), Record(status=State.SENT)]
    BulkEvents.rows = []
    rows = wf.record_events(flow, records, action="tao", actor="system")
    assert [(row.record, row.action, row.from_state, row.to_state, row.actor) for row in rows] == [
        (records[0], "tao", "", "nhap", "system"), (records[1], "tao", "", "da_gui", "system"),
    ]
    assert BulkEvents.rows == rows and wf.record_events(flow, [], action="tao") == []
