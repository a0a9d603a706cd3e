"""The shared confirmation page (ocop.core.confirm)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from ocop.core.confirm import Confirmation, confirmation_page, confirmed


def _confirmation() -> Confirmation:
    return Confirmation(title="Nộp phiếu", action_url="/x/", cancel_url="/y/", confirm_label="Nộp", effect="Khóa phiếu.")


def test_only_the_explicit_confirmation_field_confirms():
    factory = RequestFactory()
    assert not confirmed(factory.post("/x/", {"a": "1"}))
    assert not confirmed(factory.post("/x/", {"xac_nhan": "co"}))
    assert confirmed(factory.post("/x/", {"xac_nhan": "dong-y"}))
    assert not confirmed(factory.get("/x/", {"xac_nhan": "dong-y"}))


def test_it_refuses_to_summarise_a_post_carrying_a_file_it_could_not_replay():
    request = RequestFactory().post("/x/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    with pytest.raises(ValueError):
        confirmation_page(request, _confirmation())
