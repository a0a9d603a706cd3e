"""Every dossier, round and calendar view for every role, allowed and forbidden.

Outside the reader's scope: 404. Visible but not allowed to change: 403.

Demo dossiers used (see ocop/evaluation/demo.py):
  DRAFT     "Mật ong rừng Đăk Kôi"         chuthe1, Xã Đăk Kôi, draft
  CHECKING  "Cà phê nhân xanh Đăk Kôi"     chuthe1, Xã Đăk Kôi, being checked by the commune
  RICE      "Gạo lúa rẫy Kon Braih"        chuthe2, Xã Kon Braih, forwarded to the province
  ACCEPTED  "Cà phê hạt rang Đắk Tơ Lung"  (no user), Xã Đăk Kôi, accepted into a round
  Y2024     "Thịt heo đen gác bếp"         (no user), legacy Xã Đắk Kôi, 2024, district round
"""

import pytest
from django.urls import reverse

from ocop.evaluation.models import Dossier, DossierState, EvaluationRound

ROLES = [
    "admin", "tinh", "huyen", "xa.dakrve", "xa.dakkoi", "xa.konbraih", "hoidong1",
    "hoidong2", "hoidong3", "tuvan1", "nganh.congthuong", "chuthe1", "chuthe2",
]
TARGETS = ["DRAFT", "CHECKING", "RICE", "ACCEPTED", "Y2024"]
NAMES = {
    "DRAFT": "Mật ong rừng Đăk Kôi",
    "CHECKING": "Cà phê nhân xanh Đăk Kôi",
    "RICE": "Gạo lúa rẫy Kon Braih",
    "ACCEPTED": "Cà phê hạt rang Đắk Tơ Lung",
    "Y2024": "Thịt heo đen gác bếp",
}

# role → (list, todo, rounds, calendar, create, round_create)
LISTS = {
    "admin":            (200, 200, 200, 200, 200, 200),
    "tinh":             (200, 200, 200, 200, 403, 200),
    "huyen":            (200, 200, 200, 200, 403, 200),
    "xa.dakrve":        (200, 200, 200, 200, 200, 403),
    "xa.dakkoi":        (200, 200, 200, 200, 200, 403),
    "xa.konbraih":      (200, 200, 200, 200, 200, 403),
    "hoidong1":         (200, 200, 200, 200, 403, 403),
    "hoidong2":         (200, 200, 200, 200, 403, 403),
    "hoidong3":         (200, 200, 200, 200, 403, 403),
    "tuvan1":           (200, 200, 200, 200, 403, 403),
    "nganh.congthuong": (403, 403, 403, 403, 403, 403),
    "chuthe1":          (200, 200, 200, 200, 200, 403),
    "chuthe2":          (200, 200, 200, 200, 200, 403),
}

# role → read status of (DRAFT, CHECKING, RICE, ACCEPTED, Y2024): detail, evidence, history,
# Mẫu 01 download.
COUNCIL_READ = (404, 404, 404, 200, 200)
READ = {
    "admin":            (200, 200, 200, 200, 200),
    "tinh":             (200, 200, 200, 200, 200),
    "huyen":            (404, 404, 404, 404, 200),
    "xa.dakrve":        (404, 404, 404, 404, 404),
    "xa.dakkoi":        (200, 200, 404, 200, 200),
    "xa.konbraih":      (404, 404, 200, 404, 404),
    "hoidong1":         COUNCIL_READ,
    "hoidong2":         COUNCIL_READ,
    "hoidong3":         COUNCIL_READ,
    "tuvan1":           COUNCIL_READ,
    "nganh.congthuong": (404, 404, 404, 404, 404),
    "chuthe1":          (200, 200, 404, 404, 404),
    "chuthe2":          (404, 404, 200, 404, 404),
}

# Mẫu 01 / Mẫu 02 edit pages (GET) and the evidence upload (POST) of the same targets: only
# the draft is editable, by its producer or its commune.
COUNCIL_EDIT = (404, 404, 404, 403, 403)
EDIT = {
    "admin":            (200, 403, 403, 403, 403),
    "tinh":             (403, 403, 403, 403, 403),
    "huyen":            (404, 404, 404, 404, 403),
    "xa.dakrve":        (404, 404, 404, 404, 404),
    "xa.dakkoi":        (200, 403, 404, 403, 403),
    "xa.konbraih":      (404, 404, 403, 404, 404),
    "hoidong1":         COUNCIL_EDIT,
    "hoidong2":         COUNCIL_EDIT,
    "hoidong3":         COUNCIL_EDIT,
    "tuvan1":           COUNCIL_EDIT,
    "nganh.congthuong": (404, 404, 404, 404, 404),
    "chuthe1":          (200, 403, 404, 404, 404),
    "chuthe2":          (404, 404, 403, 404, 404),
}

# Mẫu 03 page of (DRAFT, CHECKING): only the commune, while checking.
MAU03 = {
    "admin": (403, 200), "tinh": (403, 403), "huyen": (404, 404), "xa.dakrve": (404, 404),
    "xa.dakkoi": (403, 200), "xa.konbraih": (404, 404), "hoidong1": (404, 404),
    "hoidong2": (404, 404), "hoidong3": (404, 404), "tuvan1": (404, 404),
    "nganh.congthuong": (404, 404), "chuthe1": (403, 403), "chuthe2": (404, 404),
}

# Moves posted: "submit" on DRAFT (producer or commune; incomplete, so refused with the list
# and a redirect), "office_receive" on RICE (the province; it succeeds).
MOVES = {
    "admin": (302, 302), "tinh": (403, 302), "huyen": (404, 404), "xa.dakrve": (404, 404),
    "xa.dakkoi": (302, 404), "xa.konbraih": (404, 403), "hoidong1": (404, 404),
    "hoidong2": (404, 404), "hoidong3": (404, 404), "tuvan1": (404, 404),
    "nganh.congthuong": (404, 404), "chuthe1": (302, 404), "chuthe2": (404, 403),
}

# Rounds: (Quảng Ngãi's current round: detail, edit), (Huyện Kon Rẫy 2024: detail, edit).
ROUNDS = {
    "admin": (200, 200, 200, 200), "tinh": (200, 200, 200, 403), "huyen": (200, 403, 200, 200),
    "xa.dakrve": (200, 403, 200, 403), "xa.dakkoi": (200, 403, 200, 403),
    "xa.konbraih": (200, 403, 200, 403), "hoidong1": (200, 403, 200, 403),
    "hoidong2": (200, 403, 200, 403), "hoidong3": (200, 403, 200, 403),
    "tuvan1": (200, 403, 200, 403), "nganh.congthuong": (403, 403, 403, 403),
    "chuthe1": (404, 404, 404, 404), "chuthe2": (404, 404, 404, 404),
}


@pytest.fixture
def targets(demo):
    dossiers = {d.product.name: d for d in Dossier.objects.select_related("product")}
    return [dossiers[NAMES[key]] for key in TARGETS]


@pytest.fixture
def rounds(demo):
    current = Dossier.objects.get(product__name=NAMES["ACCEPTED"]).round
    district = EvaluationRound.objects.get(level="district", year=2024)
    return current, district


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_permission_matrix_to_every_evaluation_view(role, client_for, targets, rounds):
    client = client_for(role)
    urls = ["list", "todo", "rounds", "calendar", "create", "round_create"]
    for name, expected in zip(urls, LISTS[role], strict=True):
        assert client.get(reverse(f"evaluation:{name}")).status_code == expected, name

    for dossier, expected in zip(targets, READ[role], strict=True):
        for name in ("detail", "evidence", "history"):
            assert client.get(reverse(f"evaluation:{name}", args=[dossier.pk])).status_code == expected, (name, dossier)
        document = client.get(reverse("evaluation:document", args=[dossier.pk, "mau-01", "docx"]))
        assert document.status_code == expected, dossier

    for dossier, expected in zip(targets, EDIT[role], strict=True):
        for name in ("mau01", "mau02"):
            assert client.get(reverse(f"evaluation:{name}", args=[dossier.pk])).status_code == expected, (name, dossier)
        upload = client.post(reverse("evaluation:evidence_upload", args=[dossier.pk]), {})
        # An allowed empty upload is refused by the form and redirects back with the reason.
        assert upload.status_code == (302 if expected == 200 else expected), dossier

    for dossier, expected in zip(targets[:2], MAU03[role], strict=True):
        assert client.get(reverse("evaluation:mau03", args=[dossier.pk])).status_code == expected, dossier

    submit_expected, receive_expected = MOVES[role]
    draft, rice = targets[0], targets[2]
    response = client.post(reverse("evaluation:transition", args=[draft.pk, "submit"]), {"submit-comment": ""})
    assert response.status_code == submit_expected
    assert Dossier.objects.get(pk=draft.pk).state == DossierState.DRAFT  # incomplete: never submitted
    response = client.post(reverse("evaluation:transition", args=[rice.pk, "office_receive"]), {})
    assert response.status_code == receive_expected
    expected_state = (
        DossierState.PROVINCE_CHECKING if receive_expected == 302 else DossierState.FORWARDED_TO_PROVINCE
    )
    assert Dossier.objects.get(pk=rice.pk).state == expected_state

    current, district = rounds
    current_detail, current_edit, district_detail, district_edit = ROUNDS[role]
    assert client.get(reverse("evaluation:round_detail", args=[current.pk])).status_code == current_detail
    assert client.get(reverse("evaluation:round_edit", args=[current.pk])).status_code == current_edit
    assert client.get(reverse("evaluation:round_detail", args=[district.pk])).status_code == district_detail
    assert client.get(reverse("evaluation:round_edit", args=[district.pk])).status_code == district_edit


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name, with_pk",
    [("list", False), ("todo", False), ("create", False), ("rounds", False), ("detail", True), ("mau01", True)],
)
def test_it_sends_anonymous_users_to_the_login_page(client, targets, url_name, with_pk):
    args = [targets[0].pk] if with_pk else []
    response = client.get(reverse(f"evaluation:{url_name}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_council_member_sees_only_dossiers_accepted_into_rounds(client_for, targets):
    from ocop.evaluation.models import IN_ROUND_STATES

    response = client_for("hoidong2").get(reverse("evaluation:list"))
    rows = [dossier for dossier, _ in response.context["rows"]]
    assert {NAMES["ACCEPTED"], NAMES["Y2024"]} <= {dossier.product.name for dossier in rows}
    assert all(dossier.state in IN_ROUND_STATES for dossier in rows)  # never a draft or a check


@pytest.mark.django_db
def test_the_producer_sees_status_and_history_of_its_own_dossiers_only(client_for, targets):
    response = client_for("chuthe1").get(reverse("evaluation:list"))
    names = {dossier.product.name for dossier, _ in response.context["rows"]}
    assert names == {NAMES["DRAFT"], NAMES["CHECKING"]}
    detail = client_for("chuthe1").get(reverse("evaluation:detail", args=[targets[1].pk]))
    text = detail.content.decode()
    assert "UBND xã đang kiểm tra" in text
    assert "Diễn biến xử lý" in text and "Y Liên – Cán bộ xã Đăk Kôi" in text


@pytest.mark.django_db
def test_a_producer_cannot_file_for_another_producers_product(client_for, demo):
    from ocop.products.models import Product

    rice = Product.objects.get(name="Măng le khô Kon Braih")
    response = client_for("chuthe1").post(reverse("evaluation:create"), {"product": rice.pk, "kind": "lan_dau"})
    assert response.status_code == 200
    assert "product" in response.context["form"].errors
    assert not Dossier.objects.filter(product=rice).exists()


@pytest.mark.django_db
def test_the_commune_officer_of_todays_commune_may_file_for_a_product_of_a_merged_commune(client_for, demo):
    from ocop.products.models import Product

    legacy = Product.objects.get(name="Cà phê phin giấy")  # Xã Đắk Tơ Lung, now Xã Đăk Kôi
    response = client_for("xa.dakkoi").post(reverse("evaluation:create"), {"product": legacy.pk, "kind": "lan_dau"})
    assert response.status_code == 302
    dossier = Dossier.objects.get(product=legacy)
    assert dossier.commune.name == "Xã Đăk Kôi" and dossier.commune.is_current
    assert dossier.regime_key == "qd26-2026"
