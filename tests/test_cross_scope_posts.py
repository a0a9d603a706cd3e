"""Cross-scope POSTs on every URL (docs/security.md): a user of another scope posts to every
write URL of the demo's records and gets 403 or 404, and the database does not change.

The URL patterns are enumerated from the resolver, so a new URL is attacked without a test
being written for it; `TARGETS` says which model an id argument names, and the test fails
when a pattern has an argument no rule covers. Each request runs under
CaptureQueriesContext: any INSERT, UPDATE or DELETE (other than the test client's own session
row) is a write by a refused user and fails the test with the URL; a fingerprint of every table
before and after the whole sweep checks the same from outside.

The outsiders hold roles in a commune and province far from the demo's (Hà Nội), so no demo
record is in their scope; their own legitimate writes cannot be confused with a leak."""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.business_plans.workflow import PLAN_TRANSITIONS
from ocop.evaluation import workflow as dossier_workflow
from ocop.ideas.workflow import IDEA_TRANSITIONS
from ocop.signin.services import otp_setup_start
from ocop.territory.models import AdministrativeUnit, UnitLevel
from tests.factories import ProducerFactory

# (regex on "namespace:name", argument) → model label of the record the id names. First match wins.
TARGETS: list[tuple[str, str, str]] = [
    (r"^territory:", "pk", "territory.AdministrativeUnit"),
    (r"^producers:", "pk", "producers.Producer"),
    (r"^products:", "pk", "products.Product"),
    (r"^products:", "photo_pk", "products.ProductPhoto"),
    (r"^criteria:", "number", "criteria-set"),
    (r"^criteria:", "product_id", "products.Product"),
    (r"^criteria:", "pk", "criteria.SelfAssessment"),
    (r"^evaluation:round_", "pk", "evaluation.EvaluationRound"),
    (r"^evaluation:calendar_", "pk", "evaluation.CalendarDay"),
    (r"^evaluation:", "pk", "evaluation.Dossier"),
    (r"^evaluation:", "document_pk", "evaluation.EvidenceDocument"),
    (r"^councils:(detail|member_add|open|decision_create|summary_report|advisory.*)$", "pk", "councils.Council"),
    (r"^councils:decision_docx$", "pk", "certificates.RecognitionDecision"),
    (r"^councils:product_history$", "pk", "products.Product"),
    (r"^councils:", "pk", "councils.CouncilEvaluation"),
    (r"^councils:", "dossier_pk", "evaluation.Dossier"),
    (r"^councils:", "record_pk", "councils.AdvisoryRecord"),
    (r"^councils:", "sheet_pk", "councils.ScoreSheet"),
    (r"^certificates:revocation_", "pk", "certificates.Revocation"),
    (r"^certificates:", "pk", "certificates.Certificate"),
    (r"^monitoring:plan$", "pk", "monitoring.InspectionPlan"),
    (r"^monitoring:(record|record_propose_revocation)$", "pk", "monitoring.InspectionRecord"),
    (r"^monitoring:document_file$", "pk", "monitoring.ComplianceDocument"),
    (r"^monitoring:", "pk", "products.Product"),
    (r"^ideas:decision_", "pk", "ideas.IdeaListDecision"),
    (r"^ideas:", "pk", "ideas.Idea"),
    (r"^business_plans:", "pk", "business_plans.BusinessPlan"),
    (r"^business_plans:", "attachment_pk", "business_plans.BusinessPlanAttachment"),
    (r"^support:survey_", "pk", "support.ProductSurvey"),
    (r"^support:focus_", "pk", "support.FocusSelection"),
    (r"^support:focus_", "item_pk", "support.FocusItem"),
    (r"^support:support_", "pk", "support.SupportActivity"),
    (r"^support:allocation_", "pk", "support.BudgetAllocation"),
    (r"^promotion:(event_|participation_)", "pk", "promotion.TradeEvent"),
    (r"^promotion:participation_", "participation_pk", "promotion.EventParticipation"),
    (r"^promotion:showroom_", "pk", "promotion.Showroom"),
    (r"^promotion:listing_", "pk", "promotion.EcommerceListing"),
    (r"^promotion:(consultant_|engagement_)", "pk", "promotion.Consultant"),
    (r"^promotion:communication_", "pk", "promotion.CommunicationActivity"),
    (r"^promotion:communication_", "attachment_pk", "promotion.CommunicationAttachment"),
    (r"^planning:(period_edit)$", "pk", "planning.ReportPeriod"),
    (r"^planning:", "period_pk", "planning.ReportPeriod"),
    (r"^planning:assignment_", "pk", "planning.TaskAssignment"),
    (r"^planning:evidence$", "pk", "planning.ProgressEvidence"),
    (r"^planning:report_", "pk", "planning.PeriodicReport"),
    (r"^planning:", "target_pk", "planning.Target"),
    (r"^planning:", "pk", "planning.Plan"),
]

# Values of the text arguments: every action of each workflow table, the documents' names.
TEXT_VALUES: dict[tuple[str, str], list[str]] = {
    ("evaluation:transition", "action"): sorted({t.action for t in dossier_workflow.all_transitions("qd26-2026")}),
    ("ideas:transition", "action"): sorted(IDEA_TRANSITIONS),
    ("business_plans:transition", "action"): sorted(PLAN_TRANSITIONS),
    ("evaluation:document", "name"): ["mau-01"],
    ("evaluation:document", "fmt"): ["docx"],
}

# Public pages and pages without a record argument: a POST must not write, whatever it answers.
SKIPPED_NAMESPACES = ("admin",)
# Writes to these tables are the test client's own login, or a background job it starts for
# itself (an export of the register as it may see it: the job runs with its owner's scope).
OWN_TABLES = ("django_session", "jobs_job", "django_tasks_database_dbtaskresult")
# Reference data no web page writes (85,000 rows): left out of the fingerprint for speed.
REFERENCE_TABLES = ("territory_administrativeunit", "territory_unitcoverage", "territory_unitsuccession")

CONFIRMED = {"xac_nhan": "dong-y"}

# Records every user with a role may see by design (ocop.promotion.selectors: "the directory
# is open to everyone with a role: producers look for consultants"): reading them, or opening
# the form that links one's own producer to a consultant, answers 200; writing is still checked.
OPEN_TO_EVERY_ROLE = {"promotion:consultant_detail", "promotion:engagement_create"}


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            for name, route, converters in _patterns(pattern, inner):
                yield name, str(pattern.pattern) + route, {**pattern.pattern.converters, **converters}
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, str(pattern.pattern), pattern.pattern.converters


def _all_patterns():
    return [
        (name, route, converters)
        for name, route, converters in _patterns()
        if not name.startswith(SKIPPED_NAMESPACES)
    ]


def _target_model(name: str, argument: str) -> str | None:
    for regex, arg, label in TARGETS:
        if arg == argument and re.search(regex, name):
            return label
    return None


def _arguments(route: str) -> list[tuple[str, str]]:
    return re.findall(r"<(\w+):(\w+)>", route)


def test_every_id_argument_of_every_url_names_a_known_model():
    missing = [
        f"{name} <{kind}:{arg}>"
        for name, route, _ in _all_patterns()
        for kind, arg in _arguments(route)
        if kind == "int" and _target_model(name, arg) is None
    ]
    assert missing == []


def _record_ids(label: str, parent_label: str | None, parent_id: int | None) -> int:
    """A real id of `label` (inside the parent when there is one), or 999999 if none exists."""
    if label == "criteria-set":
        return 1
    model = apps.get_model(label)
    rows = model.objects.order_by("pk")
    if parent_label and parent_id is not None:
        parent = apps.get_model(parent_label)
        links = [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is parent]
        if links:
            rows = rows.filter(**{links[0]: parent_id})
    first = rows.values_list("pk", flat=True).first()
    return first if first is not None else 999999


def _urls(name: str, route: str) -> list[str]:
    """The concrete URLs to attack for a pattern: real ids, every workflow action."""
    from django.urls import reverse

    kwargs_options: list[dict] = [{}]
    parent_label = parent_id = None
    for kind, arg in _arguments(route):
        if kind == "int":
            label = _target_model(name, arg)
            value = _record_ids(label, parent_label, parent_id)
            if parent_label is None:
                parent_label, parent_id = label, value
            kwargs_options = [{**option, arg: value} for option in kwargs_options]
        elif kind == "uuid":
            kwargs_options = [{**option, arg: uuid.uuid4()} for option in kwargs_options]
        else:
            values = TEXT_VALUES.get((name, arg), ["x"])
            kwargs_options = [{**option, arg: value} for option in kwargs_options for value in values]
    return [reverse(name, kwargs=option) for option in kwargs_options]


def _fingerprint() -> dict[str, str]:
    quote = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            if table in OWN_TABLES or table in REFERENCE_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            found[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return found


def _writes(queries) -> list[str]:
    return [
        q["sql"][:160]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and not any(table in q["sql"] for table in OWN_TABLES)
    ]


@pytest.fixture
def outsiders(demo):
    """Users of every kind of scope, all in Hà Nội (the demo is in Quảng Ngãi)."""
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="01", valid_to__isnull=True)
    commune = (
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True, parent=province).order_by("code").first()
    )
    producer = ProducerFactory(commune=commune, name="Hợp tác xã Ngoài địa bàn")
    made = {}
    for username, role, scope in [
        ("ngoai.tinh", Role.PROVINCE_OFFICE, {"unit": province}),
        ("ngoai.xa", Role.COMMUNE_OFFICER, {"unit": commune}),
        ("ngoai.hoidong", Role.COUNCIL_CHAIR, {"unit": province}),
        ("ngoai.chuthe", Role.PRODUCER, {"producer": producer}),
    ]:
        user = User.objects.create_user(username=username, password="x", full_name=username)
        RoleAssignment.objects.create(user=user, role=role, **scope)
        made[username] = user
    return made


def _attack(client, user, name, urls) -> list[str]:
    problems = []
    refused = (403, 404, 405)
    for url in urls:
        for data in ({}, CONFIRMED):
            with CaptureQueriesContext(connection) as ctx:
                response = client.post(url, data)
            if response.status_code >= 500 or (name not in OPEN_TO_EVERY_ROLE and response.status_code not in refused):
                problems.append(f"{user.username} POST {url} {data} → {response.status_code}")
            writes = _writes(ctx.captured_queries)
            if writes:
                problems.append(f"{user.username} POST {url} {data} wrote: {writes}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("outsider", ["ngoai.tinh", "ngoai.xa", "ngoai.hoidong", "ngoai.chuthe"])
def test_a_user_of_another_scope_cannot_post_to_any_records_url(client, outsiders, outsider):
    # Logged in once, before the fingerprint: logging in writes the user's last_login.
    client.force_login(outsiders[outsider])
    before = _fingerprint()
    problems = []
    for name, route, _ in _all_patterns():
        if not any(kind == "int" for kind, _arg in _arguments(route)) or name.startswith(("territory:", "criteria:set", "criteria:sheet")):
            continue  # no record argument, or public reference pages (see the next test)
        problems += _attack(client, outsiders[outsider], name, _urls(name, route))
    assert problems == [], "\n".join(problems)
    assert _fingerprint() == before


@pytest.mark.django_db
def test_a_post_to_any_other_url_by_an_outsider_writes_nothing_but_its_own(client, outsiders):
    """Lists, create forms, public pages: an empty or confirmed POST changes no record."""
    user = outsiders["ngoai.xa"]
    client.force_login(user)
    # Pairing an authenticator already under way, as after the setup page's first visit: the
    # pending key is the user's own; a POST without a code must then write nothing.
    otp_setup_start(actor=user)
    before = _fingerprint()
    problems = []
    for name, route, _ in _all_patterns():
        if any(kind == "int" for kind, _arg in _arguments(route)) and not name.startswith(("territory:", "criteria:set", "criteria:sheet")):
            continue
        if name in ("accounts:logout",):
            continue
        for url in _urls(name, route):
            for data in ({}, CONFIRMED):
                with CaptureQueriesContext(connection) as ctx:
                    response = client.post(url, data)
                if response.status_code >= 500:
                    problems.append(f"POST {url} → {response.status_code}")
                writes = [w for w in _writes(ctx.captured_queries) if "notifications_notification" not in w]
                if writes:
                    problems.append(f"POST {url} {data} wrote: {writes}")
    assert problems == [], "\n".join(problems)
    assert _fingerprint() == before
