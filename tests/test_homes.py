"""Role homes: the work of each role, counts equal to the linked lists, bounded queries,
and never another commune's or producer's records."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.core import homes
from ocop.evaluation.models import Dossier, DossierState

pytestmark = pytest.mark.django_db

TOTAL = re.compile(r"Tổng số: (\d+)")


def _home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def _lists(response):
    return [work for section in response.context["sections"] for work in section.todo + section.following]


def _linked_count(client, work) -> int | None:
    """The count the linked list page shows (its "Tổng số", or the scoring queue's rows)."""
    response = client.get(work.url, follow=True)
    assert response.status_code == 200, work.url
    html = response.content.decode()
    found = TOTAL.search(html)
    if found:
        return int(found.group(1))
    if work.url.endswith("/viec-cham-diem/"):
        return len(response.context["items"])
    return None


@pytest.mark.parametrize("username", ["chuthe1", "xa.dakkoi", "tinh", "hoidong1", "nganh.congthuong"])
def test_it_counts_what_the_linked_list_counts(client, demo, username):
    response = _home(client, demo["users"][username])
    checked = 0
    for work in _lists(response):
        linked = _linked_count(client, work)
        if linked is None:
            continue  # a page without a single total (the reports matrix, the council list)
        assert linked == work.count, (work.title, work.url)
        checked += 1
        for item in work.items:
            if item.badge.isdigit():  # a count by state links to the list filtered by it
                assert _linked_count(client, homes.HomeList("", "", "", [], 0, item.url)) == int(item.badge)
    assert checked >= 1


def test_it_shows_the_producer_its_dossiers_with_what_is_missing(client, demo):
    response = _home(client, demo["users"]["chuthe1"])
    html = response.content.decode()
    assert "Chủ thể OCOP" in html
    waiting = next(w for w in _lists(response) if w.title == "Hồ sơ cần bạn hoàn thiện, nộp")
    draft = Dossier.objects.get(product__name="Mật ong rừng Đăk Kôi", state=DossierState.DRAFT)
    item = next(i for i in waiting.items if i.url.endswith(f"/{draft.pk}/"))
    assert item.detail.startswith("Còn thiếu")
    assert item.action == "Nộp hồ sơ cho UBND xã"


def test_it_shows_the_commune_its_queue_with_working_days_left(client, demo):
    response = _home(client, demo["users"]["xa.dakkoi"])
    waiting = next(w for w in _lists(response) if w.section == homes.COMMUNE and w.column == homes.TODO)
    clocked = [i for i in waiting.items if i.due_on is not None]
    assert clocked, "the demo's dossier under check has a 15-working-day deadline"
    assert all(i.working_days is not None for i in clocked)
    assert "ngày làm việc" in response.content.decode()


def test_it_marks_an_overdue_commune_check_in_working_days(client, demo):
    from ocop.evaluation.selectors import deadline_marks, work_calendar_for

    dossier = Dossier.objects.filter(state=DossierState.COMMUNE_CHECKING).first()
    today = timezone.localdate()
    dossier.commune_deadline = today - timedelta(days=10)
    dossier.save(update_fields=["commune_deadline"])
    marks = deadline_marks([dossier], today)
    late = work_calendar_for(dossier.province_id).working_days_after(dossier.commune_deadline, today)
    assert marks[dossier.pk] == (late, True)
    response = _home(client, demo["users"]["tinh"])
    overdue = next(w for w in _lists(response) if w.title.startswith("UBND xã kiểm tra quá"))
    assert any(i.url.endswith(f"/{dossier.pk}/") and i.overdue for i in overdue.items)


def test_it_gives_one_section_per_role_held(client, demo):
    from ocop.accounts.models import Role
    from ocop.accounts.services import role_assign

    user = demo["users"]["xa.dakkoi"]
    role_assign(actor=None, user=user, role=Role.COUNCIL_MEMBER, unit=user.roles.first().unit)
    user.refresh_from_db()
    response = _home(client, user)
    keys = [section.key for section in response.context["sections"]]
    assert keys == [homes.COMMUNE, homes.COUNCIL]


def test_it_keeps_every_function_below_the_work(client, demo):
    html = _home(client, demo["users"]["chuthe1"]).content.decode()
    assert "Tất cả chức năng" in html
    assert html.index("Việc cần làm") < html.index("Tất cả chức năng")


def test_it_opens_the_function_grid_for_an_administrator(client, demo):
    response = _home(client, demo["users"]["admin"])
    assert response.context["sections"] == []
    assert "<details class=\"mt-4 home-functions\" open>" in response.content.decode()


# -- forbidden paths ----------------------------------------------------------------------------

def _dossier_names(**filters) -> set[str]:
    return set(Dossier.objects.filter(**filters).values_list("product__name", flat=True))


def test_it_never_shows_a_commune_another_communes_dossiers(client, demo):
    dakkoi = _dossier_names(producer__name__icontains="Đăk Kôi")
    assert dakkoi
    for username in ("xa.dakrve", "xa.konbraih"):
        html = _home(client, demo["users"][username]).content.decode()
        for name in dakkoi:
            assert name not in html, (username, name)


def test_it_never_shows_a_producer_another_producers_dossiers(client, demo):
    own = _dossier_names(producer__role_assignments__user=demo["users"]["chuthe1"])
    assert own
    html = _home(client, demo["users"]["chuthe2"]).content.decode()
    for name in own:
        assert name not in html


# -- bounded queries ----------------------------------------------------------------------------

def _grow_commune_queue(commune_officer, count: int) -> None:
    """`count` more dossiers under check in the officer's commune (half past the deadline)."""
    from tests.factories import ProductFactory

    source = Dossier.objects.filter(state=DossierState.COMMUNE_CHECKING, commune__in=_covered(commune_officer)).first()
    products = ProductFactory.create_batch(count, producer=source.producer, commune=source.commune, category=source.product.category)
    today = timezone.localdate()
    copies = []
    for index, product in enumerate(products):
        values = {f.attname: getattr(source, f.attname) for f in Dossier._meta.concrete_fields if not f.primary_key}
        values.update(
            product_id=product.pk,
            registration_serial=None,
            product_serial=None,
            office_serial=None,
            commune_deadline=today + timedelta(days=(-3 if index % 2 else 5)),
        )
        copies.append(Dossier(**values))
    Dossier.objects.bulk_create(copies)


def _covered(user):
    from ocop.accounts.scopes import covered_unit_ids, user_scope

    return covered_unit_ids(user_scope(user).commune_ids)


@pytest.mark.parametrize("username", ["xa.dakkoi", "tinh"])
def test_it_renders_a_home_in_the_same_number_of_queries_whatever_the_volume(
    client, demo, username, django_assert_max_num_queries
):
    user = demo["users"][username]
    client.force_login(user)
    client.get("/")  # warm caches (criteria data, calendars)
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    assert len(small) <= 40
    _grow_commune_queue(demo["users"]["xa.dakkoi"], 40)
    with django_assert_max_num_queries(len(small)):
        response = client.get("/")
    assert response.status_code == 200


def test_it_caps_each_list_and_still_counts_everything(client, demo):
    _grow_commune_queue(demo["users"]["xa.dakkoi"], 12)
    response = _home(client, demo["users"]["xa.dakkoi"])
    waiting = next(w for w in _lists(response) if w.section == homes.COMMUNE and w.column == homes.TODO)
    assert len(waiting.items) == homes.HOME_LIST_SIZE
    assert waiting.count >= 12
    # Overdue first: the copies half past their deadline lead the list.
    assert waiting.items[0].overdue
    assert waiting.overdue_count >= 6
