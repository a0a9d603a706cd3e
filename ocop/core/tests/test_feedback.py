from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from ocop.core.feedback import commented_action, report_outcome


class ReasonForm(forms.Form):
    comment = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _texts(request):
    return [(message.level_tag, message.message) for message in get_messages(request)]


def _refuse(comment):
    raise ValidationError(["Báo cáo đã được duyệt.", "Không thể trả lại."])


def test_it_shows_the_success_message_when_the_call_goes_through():
    request = _request()
    assert report_outcome(request, lambda: None, success="Đã lưu.") is True
    assert _texts(request) == [("success", "Đã lưu.")]


def test_it_turns_every_validation_message_into_an_error():
    request = _request()
    assert report_outcome(request, lambda: _refuse(""), success="Đã lưu.") is False
    assert _texts(request) == [("error", "Báo cáo đã được duyệt."), ("error", "Không thể trả lại.")]


def test_it_asks_for_the_reason_and_does_not_act_without_one():
    request, calls = _request(), []
    done = commented_action(request, ReasonForm({"comment": ""}), calls.append, success="Đã trả lại.", missing="Vui lòng ghi lý do.")
    assert done is False and calls == []
    assert _texts(request) == [("error", "Vui lòng ghi lý do.")]


def test_it_passes_the_reason_to_the_action():
    request, calls = _request(), []
    done = commented_action(request, ReasonForm({"comment": "Bổ sung số liệu"}), calls.append, success="Đã trả lại.", missing="x")
    assert done is True and calls == ["Bổ sung số liệu"]
    assert _texts(request) == [("success", "Đã trả lại.")]


def test_it_reports_the_service_refusal_after_a_valid_reason():
    request = _request()
    done = commented_action(request, ReasonForm({"comment": "Lý do"}), _refuse, success="Đã trả lại.", missing="x")
    assert done is False
    assert [level for level, _ in _texts(request)] == ["error", "error"]
