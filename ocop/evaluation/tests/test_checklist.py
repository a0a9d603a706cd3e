"""The dossier checklist: known before the dossier exists, shown once afterwards."""

import re
from datetime import date

import pytest
from django.urls import reverse

from ocop.evaluation import selectors
from ocop.evaluation.models import Dossier, DossierState
from ocop.evaluation.tests.builders import current_dakkoi, make_product
from ocop.products.models import Product

ROBUSTA = "Cà phê bột Robusta Đăk Kôi"


@pytest.mark.django_db
def test_it_lists_what_the_dossier_needs_before_it_exists(client_for, demo):
    product = Product.objects.get(name=ROBUSTA)
    before = Dossier.objects.count()
    response = client_for("chuthe1").get(reverse("evaluation:create") + f"?product={product.pk}&kind=nang_hang")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hồ sơ nâng hạng cần có" in html
    assert "Theo QĐ 26/2026/QĐ-TTg" in html and "Điều 6.1.b" in html
    assert "Những thay đổi so với sản phẩm đã được công nhận" in html
    # Shared papers already in the producer's library are reused, not asked for again.
    assert "Giấy đăng ký kinh doanh: đã có trong thư viện của chủ thể, sẽ được dùng lại" in html
    assert re.search(r"Công bố chất lượng sản phẩm: chưa có tài liệu", html)
    assert "05 sản phẩm gửi kèm" in html
    assert Dossier.objects.count() == before  # nothing saved


@pytest.mark.django_db
def test_it_refreshes_the_checklist_for_another_kind_without_the_layout(client_for, demo):
    product = Product.objects.get(name=ROBUSTA)
    response = client_for("chuthe1").get(
        reverse("evaluation:create_checklist"), {"product": product.pk, "kind": "lan_dau"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="danh-muc"' in html and "Hồ sơ lần đầu cần có" in html
    assert "Những thay đổi so với sản phẩm" not in html


@pytest.mark.django_db
def test_it_shows_no_checklist_for_a_product_the_user_may_not_file_for(client_for, demo):
    other = Product.objects.exclude(producer__name__contains="Đăk Kôi").exclude(
        pk__in=Dossier.objects.values("product_id")
    ).first()
    response = client_for("chuthe1").get(
        reverse("evaluation:create_checklist"), {"product": other.pk, "kind": "lan_dau"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Hồ sơ lần đầu cần có" not in html and "Chọn sản phẩm" in html


@pytest.mark.django_db
def test_it_uses_the_regime_of_the_filing_day_and_exempts_tourism_from_samples():
    tourism = make_product(commune=current_dakkoi(), criteria_set=26)
    old = selectors.filing_checklist(product=tourism, kind="lan_dau", on=date(2026, 1, 10))
    assert old.regime.key == "qd148-1489-2025"
    now = selectors.filing_checklist(product=tourism, kind="danh_gia_lai", on=date(2026, 9, 1))
    assert now.regime.key == "qd26-2026"
    assert any("không gửi" in note for _, note in now.forms)
    assert [s.item.key for s in now.required][:1] == ["business_registration"]


@pytest.mark.django_db
def test_the_dossier_page_lists_each_need_once_with_ticks(client_for, demo):
    dossier = Dossier.objects.filter(state=DossierState.DRAFT, producer__name__contains="Đăk Kôi").first()
    html = client_for("chuthe1").get(reverse("evaluation:detail", args=[dossier.pk])).content.decode()
    assert html.count('id="con-thieu"') == 1
    section = html[html.index('id="con-thieu"'):html.index("</section>", html.index('id="con-thieu"'))]
    assert section.count("Giấy đăng ký kinh doanh") == 1
    assert "✗" in section and "Mẫu 01: chưa nhập" in section  # what is missing, with the reason
    assert html.count("Giấy đăng ký kinh doanh") == 1  # no second table or alert elsewhere


@pytest.mark.django_db
def test_the_checklist_address_opened_directly_gives_the_whole_page(client_for, demo):
    product = Product.objects.get(name=ROBUSTA)
    response = client_for("chuthe1").get(reverse("evaluation:create_checklist"), {"product": product.pk, "kind": "lan_dau"})
    assert response.status_code == 302
    page = client_for("chuthe1").get(response["Location"]).content.decode()
    assert '<html lang="vi">' in page and "Hồ sơ lần đầu cần có" in page
