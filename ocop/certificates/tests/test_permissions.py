"""Every certificate and monitoring view for every role, allowed and forbidden.

Objects (demo): the coffee of chuthe1 (today's Xã Đăk Kôi, in its re-evaluation window), the
roasted coffee of the former Xã Đắk Tơ Lung (now Xã Đăk Kôi, extended pending) and the
revoked rice wine of the former Xã Đắk Ruồng (now Xã Kon Braih).
"""

import pytest
from django.urls import reverse

from ocop.certificates.models import Certificate, Revocation

ROLES = [
    "admin", "tinh", "huyen", "xa.dakrve", "xa.dakkoi", "xa.konbraih", "hoidong1",
    "hoidong2", "tuvan1", "nganh.congthuong", "chuthe1", "chuthe2",
]

# role → (list, dashboard, import, detail of the three, revocation proposal of the three)
EXPECTED = {
    "admin":            (200, 200, 200, (200, 200, 200), (200, 200, 200)),
    "tinh":             (200, 200, 200, (200, 200, 200), (200, 200, 200)),
    "huyen":            (200, 200, 403, (404, 200, 200), (404, 403, 403)),
    "xa.dakrve":        (200, 200, 403, (404, 404, 404), (404, 404, 404)),
    "xa.dakkoi":        (200, 200, 403, (200, 200, 404), (403, 403, 404)),
    "xa.konbraih":      (200, 200, 403, (404, 404, 200), (404, 404, 403)),
    "hoidong1":         (200, 200, 403, (200, 200, 200), (403, 403, 403)),
    "hoidong2":         (200, 200, 403, (200, 200, 200), (403, 403, 403)),
    "tuvan1":           (200, 200, 403, (200, 200, 200), (403, 403, 403)),
    "nganh.congthuong": (200, 200, 403, (200, 200, 200), (403, 403, 403)),
    "chuthe1":          (200, 200, 403, (200, 404, 404), (403, 404, 404)),
    "chuthe2":          (200, 200, 403, (404, 404, 404), (404, 404, 404)),
}


@pytest.fixture
def targets(demo):
    names = ["Cà phê bột Robusta Đăk Kôi", "Cà phê hạt rang Đắk Tơ Lung", "Rượu cần Đắk Ruồng"]
    return [Certificate.objects.get(product__name=name) for name in names]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_permission_matrix_to_every_certificate_view(role, client_for, targets):
    client = client_for(role)
    list_status, dashboard_status, import_status, read, propose = EXPECTED[role]
    assert client.get(reverse("certificates:list")).status_code == list_status
    assert client.get(reverse("certificates:dashboard")).status_code == dashboard_status
    assert client.get(reverse("certificates:import")).status_code == import_status
    assert client.get(reverse("certificates:import_template")).status_code == import_status
    for certificate, expected in zip(targets, read, strict=True):
        assert client.get(reverse("certificates:detail", args=[certificate.pk])).status_code == expected, certificate
    for certificate, expected in zip(targets, propose, strict=True):
        url = reverse("certificates:revocation_propose", args=[certificate.pk])
        assert client.get(url).status_code == expected, certificate
        assert client.post(url, {"ground": "a"}).status_code == expected, certificate


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_lists_only_certificates_in_scope(role, client_for, targets):
    rows = client_for(role).get(reverse("certificates:list")).context["rows"]
    listed = {certificate.pk for certificate, _ in rows}
    _, _, _, read, _ = EXPECTED[role]
    for certificate, expected in zip(targets, read, strict=True):
        assert (certificate.pk in listed) is (expected == 200), certificate


@pytest.mark.django_db
def test_a_read_only_role_cannot_record_a_reevaluation_or_decide_a_revocation(client_for, targets):
    coffee = targets[0]
    response = client_for("xa.dakkoi").post(
        reverse("certificates:reevaluation_filed", args=[coffee.pk]), {"filed_on": "2026-11-01"}
    )
    assert response.status_code == 403
    revocation = Revocation.objects.get(certificate=targets[2])
    assert client_for("xa.konbraih").post(
        reverse("certificates:revocation_cancel", args=[revocation.pk]), {"reason": "x"}
    ).status_code == 403
    assert client_for("xa.dakkoi").get(reverse("certificates:revocation_detail", args=[revocation.pk])).status_code == 404
    coffee.refresh_from_db()
    assert coffee.reevaluation_filed_on is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name, args",
    [("certificates:list", []), ("certificates:dashboard", []), ("certificates:import", []), ("monitoring:index", [])],
)
def test_it_sends_anonymous_users_to_the_login_page(client, demo, url_name, args):
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_the_verification_page_needs_no_login(client, targets):
    assert client.get(reverse("certificates:verify", args=[targets[0].public_code])).status_code == 200
    assert client.get(reverse("certificates:verify", args=["KHONGCOMA"])).status_code == 404


# -- monitoring ------------------------------------------------------------------------------

# role → (plan create, inspection of the coffee, label check of the coffee, document of the coffee)
MONITORING = {
    "admin":            (200, 200, 200, 200),
    "tinh":             (200, 200, 200, 200),
    "huyen":            (403, 404, 404, 404),
    "xa.dakrve":        (403, 404, 404, 404),
    "xa.dakkoi":        (403, 403, 200, 200),
    "xa.konbraih":      (403, 404, 404, 404),
    "hoidong1":         (403, 403, 403, 403),
    "nganh.congthuong": (403, 403, 403, 403),
    "chuthe1":          (403, 403, 403, 200),
    "chuthe2":          (403, 404, 404, 404),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(MONITORING))
def test_it_applies_the_permission_matrix_to_monitoring(role, client_for, targets):
    client = client_for(role)
    product = targets[0].product
    plan, inspect, labels, document = MONITORING[role]
    assert client.get(reverse("monitoring:plan_create")).status_code == plan
    assert client.get(reverse("monitoring:record_create", args=[product.pk])).status_code == inspect
    assert client.get(reverse("monitoring:label_check_create", args=[product.pk])).status_code == labels
    assert client.get(reverse("monitoring:document_create", args=[product.pk])).status_code == document
    assert client.get(reverse("monitoring:index")).status_code == 200


@pytest.mark.django_db
def test_a_commune_officer_checks_labels_of_products_of_former_communes_too(client_for, targets):
    # The roasted coffee was registered under the former Xã Đắk Tơ Lung, now in Xã Đăk Kôi.
    former = targets[1].product
    assert client_for("xa.dakkoi").get(reverse("monitoring:label_check_create", args=[former.pk])).status_code == 200
    assert client_for("xa.konbraih").get(reverse("monitoring:label_check_create", args=[former.pk])).status_code == 404
