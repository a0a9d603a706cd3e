"""Sample dossiers for the Kon Rẫy scenario (run by `manage.py ocop_demo`, idempotently).

* 2026, QĐ 26/2026: dossiers of Kon Rẫy products in every stage — a draft, one being checked
  by the commune, one overdue, one returned for completion, one forwarded to the province,
  a tourism service being checked by the province (no samples), one accepted into the
  current Quảng Ngãi round.
* 2024, QĐ 148/QĐ-TTg: a dossier of Xã Đắk Kôi (Kon Tum) forwarded to the district office
  of Huyện Kon Rẫy (user `huyen`) and accepted into the district round of 2024, with the
  legacy codes 62 / 23482.
* "Cà phê bột Robusta Đăk Kôi" (chuthe1) is left WITHOUT a dossier: the browser test files
  one. Its producer's shared documents (business registration, food-safety certificate) are
  in the evidence library, so that dossier reuses them.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from ocop.accounts.models import User
from ocop.criteria import catalog
from ocop.criteria.regimes import current_regime, get_regime, next_round
from ocop.evaluation import services
from ocop.evaluation.models import (
    Dossier,
    DossierKind,
    EvaluationLevel,
    EvaluationRound,
    RoundStatus,
)
from ocop.evaluation.workdays import NATIONAL
from ocop.products.models import Product
from ocop.territory.models import AdministrativeUnit, UnitLevel


def sample_pdf(text: str = "OCOP sample document") -> bytes:
    """A tiny valid one-page PDF (ASCII text), for sample evidence and tests."""
    safe = "".join(ch for ch in text if 32 <= ord(ch) < 127).replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 760 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def sample_sheet(criteria_set: int) -> dict[str, int]:
    """A plausible self-assessment: a middle option per criterion, meeting the 3★ minimums."""
    cset = catalog.get_set(criteria_set)
    points = {}
    for leaf in cset.leaves:
        options = sorted({option.points for option in leaf.options})
        if not options:
            points[leaf.code] = 0
            continue
        chosen = options[len(options) // 2]
        required = leaf.required_points(3)
        if required is not None and chosen < required:
            chosen = required
        points[leaf.code] = chosen
    return points


def _ensure_self_assessment(product):
    from ocop.criteria.selectors import latest_self_assessments
    from ocop.criteria.services import self_assessment_save

    existing = latest_self_assessments([product.pk]).get(product.pk)
    if existing is not None:
        return existing
    return self_assessment_save(
        actor=None, product=product, points=sample_sheet(product.category.criteria_set), is_sample=True
    )


MAU02_TEXT = {
    "representative_title": "Giám đốc",
    "representative_residence": "Thôn 5, xã Đăk Kôi, tỉnh Quảng Ngãi",
    "product_specification": "Đóng gói 250 g và 500 g; sản xuất theo tiêu chuẩn cơ sở đã công bố.",
    "producer_history": "Thành lập năm 2018 từ tổ hợp tác của đồng bào Xơ Đăng; năm 2021 đầu tư dây chuyền sơ chế.",
    "organisation_structure": "Hội đồng quản trị, Giám đốc, Ban kiểm soát; tổ sản xuất và tổ tiêu thụ.",
    "results_production": "Vùng nguyên liệu 40 ha liên kết với 60 hộ; sơ chế, chế biến, đóng gói tại xưởng của HTX.",
    "results_quality": "Đã công bố chất lượng, cải tiến bao bì, nhãn có mã truy xuất nguồn gốc.",
    "results_market": "Bán tại các điểm giới thiệu sản phẩm OCOP trong tỉnh và trên sàn thương mại điện tử.",
    "results_business": "Doanh thu năm trước 1.250.000.000 đồng, lợi nhuận 180.000.000 đồng.",
    "business_plan": "Mở rộng vùng nguyên liệu, đạt chứng nhận hữu cơ, đưa sản phẩm vào chuỗi siêu thị.",
}

COMMUNE_TEXT = {
    "local_materials": "Nguyên liệu chính được trồng tại địa bàn xã và các xã lân cận; đã kiểm tra thực tế vùng trồng.",
    "local_labour": "Chủ thể sử dụng chủ yếu lao động là người địa phương, phần lớn là đồng bào dân tộc thiểu số.",
    "idea_origin": "Sản phẩm truyền thống của địa phương, được chủ thể cải tiến quy trình và bao bì.",
    "local_identity": "Sản phẩm gắn với tri thức canh tác, chế biến của cộng đồng Xơ Đăng, tạo nên hương vị riêng.",
    "signer_name": "Nguyễn Văn Phong",
    "signer_title": "CHỦ TỊCH",
}


def demo_users() -> dict[str, User]:
    return {user.username: user for user in User.objects.filter(username__in=[
        "chuthe1", "chuthe2", "xa.dakkoi", "xa.konbraih", "xa.dakrve", "tinh", "huyen",
    ])}


def _attach_standard_evidence(dossier, actor, *, today: date, with_producer_documents: bool = True):
    """The required papers of a food product; producer-wide ones only once per producer."""
    items = [
        ("quality_declaration", "", "Bản tự công bố sản phẩm", None),
        ("lab_results", "", "Phiếu kết quả kiểm nghiệm", today + timedelta(days=300)),
    ]
    if with_producer_documents:
        items = [
            ("business_registration", "", "Giấy chứng nhận đăng ký hợp tác xã", None),
            ("production_conditions", "attp", "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", today + timedelta(days=700)),
        ] + items
    present = {d.item_key for d in dossier.documents.all()}
    for item_key, subtype, title, expires_on in items:
        if item_key in present:
            continue
        services.evidence_upload(
            actor=actor,
            dossier=dossier,
            item_key=item_key,
            file=ContentFile(sample_pdf(f"{item_key} - sample"), name=f"{item_key}.pdf"),
            title=f"{title} (dữ liệu mẫu)",
            subtype=subtype,
            issued_on=today - timedelta(days=60),
            expires_on=expires_on,
            is_sample=True,
        )


def prepare_dossier(product, actor, *, filed_on, kind=DossierKind.FIRST, complete=True):
    dossier = services.dossier_create(actor=actor, product=product, kind=kind, filed_on=filed_on, is_sample=True)
    if complete:
        if get_regime(dossier.regime_key).granularity == "options":
            assessment = _ensure_self_assessment(product)
            services.dossier_update(actor=actor, dossier=dossier, self_assessment=assessment, **MAU02_TEXT)
        else:
            services.dossier_update(
                actor=actor, dossier=dossier, self_part_totals={"A": "30", "B": "17", "C": "26"}, **MAU02_TEXT
            )
        tourism = product.category.criteria_set == 26
        if tourism:
            services.evidence_upload(
                actor=actor, dossier=dossier, item_key="business_registration",
                file=ContentFile(sample_pdf("registration"), name="dkkd.pdf"),
                title="Giấy chứng nhận đăng ký hợp tác xã (dữ liệu mẫu)", is_sample=True,
            )
        else:
            has_shared = dossier.documents.filter(item_key="business_registration").exists()
            _attach_standard_evidence(dossier, actor, today=filed_on, with_producer_documents=not has_shared)
    return Dossier.objects.get(pk=dossier.pk)


def move(dossier, actor, action, day, comment="", **payload):
    return services.dossier_transition(
        actor=actor, dossier=dossier, action=action, comment=comment, today=day, notify=False, **payload
    )


def _report(dossier, actor, day, number):
    services.commune_report_save(
        actor=actor, dossier=dossier, report_number=f"{number}/BC-UBND", report_date=day,
        meeting_held=True, **COMMUNE_TEXT,
    )


def through_commune(dossier, commune_actor, *, submitted, samples=5, letter=1):
    """Submit (on the producer's behalf), receive, Mẫu 03, forward: the commune's whole part."""
    dossier = move(dossier, commune_actor, "submit", submitted)
    checked = NATIONAL.add_working_days(submitted, 5)
    dossier = move(dossier, commune_actor, "receive", submitted)
    _report(dossier, commune_actor, checked, letter)
    dossier = move(dossier, commune_actor, "issue_report", checked)
    return move(
        dossier, commune_actor, "forward", checked,
        letter_number=f"{letter}/UBND-KT", letter_date=checked, samples_count=samples,
    )


def _ensure_round(*, level, unit, year, number, regime_key, status=RoundStatus.OPEN):
    existing = EvaluationRound.objects.filter(level=level, unit=unit, year=year, number=number).first()
    if existing is not None:
        return existing
    return services.round_create(
        actor=None, level=level, unit=unit, year=year, number=number, regime_key=regime_key, is_sample=True,
    )


def load_rounds(context: dict) -> None:
    """Quảng Ngãi's rounds of this year and the round new proposals go to (QĐ 26/2026 Điều
    5); Huyện Kon Rẫy's district round of 2024 (QĐ 148)."""
    today = timezone.localdate()
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="51", valid_to__isnull=True)
    district = AdministrativeUnit.objects.get(level=UnitLevel.DISTRICT, code="614", valid_to__isnull=False)
    regime = current_regime()
    rounds = {}
    for number in (1, 2):
        round_obj = _ensure_round(
            level=EvaluationLevel.PROVINCE, unit=province, year=today.year, number=number, regime_key=regime.key
        )
        rounds[(today.year, number)] = round_obj
    number, held_before = next_round("province", today, regime)
    rounds[(held_before.year, number)] = _ensure_round(
        level=EvaluationLevel.PROVINCE, unit=province, year=held_before.year, number=number, regime_key=regime.key
    )
    for round_obj in rounds.values():
        if round_obj.held_before and round_obj.held_before < today and round_obj.status == RoundStatus.OPEN:
            services.round_update(actor=None, round_obj=round_obj, status=RoundStatus.CLOSED)
    context["rounds"] = {
        "province": rounds,
        "district_2024": _ensure_round(
            level=EvaluationLevel.DISTRICT, unit=district, year=2024, number=1, regime_key="qd148-2023",
        ),
    }


def sample_product(name, context: dict):
    """The demo's product of that name: national synthetic data are sample data too and may
    reuse a name, so the lookup keeps to the demo's producers."""
    return (
        Product.objects.filter(name=name, is_sample=True, producer__in=list(context["producers"].values()))
        .select_related("producer", "category", "commune")
        .first()
    )


def load_dossiers(context: dict) -> None:
    users = demo_users()
    today = timezone.localdate()
    start = max(today - timedelta(days=120), date(2026, 6, 1))
    created = {}

    def fresh(name):
        product = sample_product(name, context)
        if product is None or product.dossiers.exists():
            return None
        return product

    # The browser test files the coffee's dossier; its self-assessment (Mẫu 02 Phần III)
    # must exist for that (the criteria app may already have made one).
    coffee = sample_product("Cà phê bột Robusta Đăk Kôi", context)
    if coffee is not None:
        _ensure_self_assessment(coffee)

    # Draft, incomplete: the producer is still preparing it.
    product = fresh("Mật ong rừng Đăk Kôi")
    if product:
        created["draft"] = prepare_dossier(product, users.get("chuthe1"), filed_on=today - timedelta(days=3), complete=False)

    # Being checked by the commune, deadline ahead.
    product = fresh("Cà phê nhân xanh Đăk Kôi")
    if product:
        submitted = today - timedelta(days=4)
        dossier = prepare_dossier(product, users.get("chuthe1"), filed_on=submitted - timedelta(days=5))
        dossier = move(dossier, users.get("chuthe1"), "submit", submitted)
        created["checking"] = move(dossier, users.get("xa.dakkoi"), "receive", submitted)

    # Overdue: submitted long ago, the commune has not finished (flagged).
    product = fresh("Tinh dầu sả chanh Đăk Rve")
    if product:
        submitted = today - timedelta(days=40)
        dossier = prepare_dossier(product, users.get("xa.dakrve"), filed_on=submitted - timedelta(days=7))
        dossier = move(dossier, users.get("xa.dakrve"), "submit", submitted)
        created["overdue"] = move(dossier, users.get("xa.dakrve"), "receive", submitted + timedelta(days=1))

    # Returned for completion by the commune.
    product = fresh("Chuối sấy dẻo Đăk Rve")
    if product:
        submitted = today - timedelta(days=12)
        dossier = prepare_dossier(product, users.get("xa.dakrve"), filed_on=submitted - timedelta(days=3))
        dossier = move(dossier, users.get("xa.dakrve"), "submit", submitted)
        dossier = move(dossier, users.get("xa.dakrve"), "receive", submitted)
        created["returned"] = move(
            dossier, users.get("xa.dakrve"), "return", submitted + timedelta(days=6),
            comment="Bổ sung danh sách lao động đóng bảo hiểm và ảnh vùng nguyên liệu.",
        )

    # Forwarded to the province (Mẫu 03 issued, letter sent, 05 samples).
    product = fresh("Gạo lúa rẫy Kon Braih")
    if product:
        submitted = today - timedelta(days=25)
        dossier = prepare_dossier(product, users.get("chuthe2"), filed_on=submitted - timedelta(days=5))
        created["forwarded"] = through_commune(dossier, users.get("xa.konbraih"), submitted=submitted, letter=12)

    # A tourism service (bộ 26) being checked by the province: no samples.
    product = fresh("Du lịch cộng đồng làng Kon Braih")
    if product:
        submitted = today - timedelta(days=30)
        dossier = prepare_dossier(product, users.get("xa.konbraih"), filed_on=submitted - timedelta(days=5))
        dossier = through_commune(dossier, users.get("xa.konbraih"), submitted=submitted, samples=0, letter=14)
        created["province_checking"] = move(dossier, users.get("tinh"), "office_receive", submitted + timedelta(days=15))

    # Accepted into the current Quảng Ngãi round (a product registered under the legacy Xã
    # Đắk Tơ Lung: the 2026 dossier is filed with today's Xã Đăk Kôi).
    product = fresh("Cà phê hạt rang Đắk Tơ Lung")
    if product:
        submitted = max(start, today - timedelta(days=100))
        dossier = prepare_dossier(product, users.get("xa.dakkoi"), filed_on=submitted - timedelta(days=5))
        dossier = through_commune(dossier, users.get("xa.dakkoi"), submitted=submitted, letter=9)
        received = submitted + timedelta(days=14)
        dossier = move(dossier, users.get("tinh"), "office_receive", received)
        from ocop.evaluation.selectors import suggested_round

        round_obj = suggested_round(dossier=dossier)
        if round_obj is not None:
            created["accepted"] = move(dossier, users.get("tinh"), "accept", received, round=round_obj)

    # 2024 (QĐ 148/QĐ-TTg): legacy Xã Đắk Kôi → Huyện Kon Rẫy, the first evaluation level.
    product = fresh("Thịt heo đen gác bếp")
    if product:
        district_round = context["rounds"]["district_2024"]
        if district_round.status != RoundStatus.OPEN:
            # The 2024 round is closed today; reopen it for this paper dossier only.
            district_round = services.round_update(actor=None, round_obj=district_round, status=RoundStatus.OPEN)
        submitted = date(2024, 5, 13)
        dossier = prepare_dossier(product, None, filed_on=date(2024, 5, 6))
        dossier = through_commune(dossier, None, submitted=submitted, letter=21)
        dossier = move(dossier, users.get("huyen"), "office_receive", date(2024, 6, 3))
        created["district_2024"] = move(
            dossier, users.get("huyen"), "accept", date(2024, 6, 10), round=district_round,
            comment="Tiếp nhận vào đợt đánh giá cấp huyện năm 2024 (hồ sơ giấy nhập lại).",
        )
        services.round_update(actor=None, round_obj=district_round, status=RoundStatus.CLOSED)
    context["dossiers"] = created


DEMO_STEPS = [load_rounds, load_dossiers]
