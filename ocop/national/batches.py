"""One batch of the synthetic national register: producers with their products, photos,
certificates (and their decisions), dossiers and, for dossiers in front of a council, every
member's score sheet, written with bulk_create."""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ocop.national.context import Context, seeded_rng
from ocop.national.vocabulary import (
    DOSSIER_STATES,
    ETHNICITIES,
    MARKER,
    PRODUCER_TYPES,
    PRODUCT_NAMES,
    SCORED_STATES,
    SET_WEIGHTS,
    map_point,
    person_name,
    place_name,
    weighted_choice,
)


def _certificate_plan(rng: random.Random, ordinal: int, today: date) -> dict:
    """Issue date, stars and fate of the `ordinal`-th certificate. Twenty kinds in turn, so
    that every validity status (ocop.certificates.validity) and every regime occurs in any
    run of twenty certificates; dates are set from the status wanted, relative to today."""
    kind = ordinal % 20
    extra = ""

    def expiring_in(low: int, high: int) -> date:
        # Validity is 36 months (QĐ 26/2026 Điều 4.3): issue ≈ expiry − 1096 days.
        return today + timedelta(days=rng.randint(low, high) - 1096)

    if kind in (0, 1):
        issued = expiring_in(-400, -200)  # expired
    elif kind == 2:
        issued, extra = expiring_in(-150, -20), "extended"  # Điều 12.3 extension
    elif kind == 3:
        issued = expiring_in(15, 105)  # late for re-evaluation
    elif kind == 4:
        issued = expiring_in(135, 165)  # in the re-evaluation window (Điều 7.6.a)
    elif kind == 5:
        issued, extra = expiring_in(15, 165), "replaced"
    elif kind == 6:
        issued, extra = expiring_in(200, 600), "revoked"
    elif kind < 10:  # valid, QĐ 148/2023
        issued = date(2024, 7, 1) + timedelta(days=rng.randrange(0, 360))
    elif kind < 15:  # QĐ 148 as amended by QĐ 1489 (6/7/2025 – 21/5/2026)
        issued = date(2025, 7, 14) + timedelta(days=rng.randrange(0, 300))
    else:  # QĐ 26/2026 (from 22/5/2026)
        issued = date(2026, 5, 25) + timedelta(days=rng.randrange(0, max(1, (today - date(2026, 5, 25)).days)))
    issued = min(issued, today)
    stars = weighted_choice(rng, [(3, 60), (4, 35), (5, 5)])
    return {"issued": issued, "stars": stars, "extra": extra}


def _decision_day(issued: date) -> date:
    # One decision a week per issuer: the Monday on or before the issue date (never later,
    # so a status aimed at stays within a few days of its target).
    return issued - timedelta(days=issued.weekday())


def _decision_key(regime: str, level: str, unit, day: date):
    return (regime, level, unit.pk if unit is not None else None, day)


def build_batch(seed: int, start: int, stop: int, ctx: Context) -> dict:
    from ocop.certificates import legal
    from ocop.certificates.models import (
        Certificate,
        DecisionLevel,
        RecognitionDecision,
        Revocation,
        number_key,
    )
    from ocop.councils.models import (
        CouncilEvaluation,
        EvaluationStatus,
        Outcome,
        ScoreSheet,
        SheetStatus,
    )
    from ocop.evaluation.models import Dossier, DossierKind
    from ocop.producers.models import Producer
    from ocop.products.models import Product, ProductPhoto, ProductStatus

    producers, products, photos = [], [], []
    plans = []  # (product index in `products`, plan)
    dossier_plans = []
    set_pairs = list(SET_WEIGHTS.items())
    for index in range(start, stop):
        rng = seeded_rng(seed, "producer", index)
        commune, province_code, old_commune, _district, _old_province = ctx.communes[index % len(ctx.communes)]
        # One producer in seven is still filed under its commune from before 1/7/2025.
        filed_under = old_commune if old_commune is not None and index % 7 == 3 else commune
        ptype = weighted_choice(rng, [((t, label), w) for t, label, w in PRODUCER_TYPES])
        gender = rng.choice(["nam", "nu"])
        representative = person_name(rng, gender)
        criteria_set = weighted_choice(rng, set_pairs)
        stem = rng.choice(PRODUCT_NAMES[criteria_set]).split()[0:3]
        place = place_name(filed_under)
        if ptype[0] == "ho_san_xuat":
            name = f"{ptype[1]} {representative}"
        elif ptype[0] == "trang_trai":
            name = f"{ptype[1]} {' '.join(stem[:2])} {place}"
        else:
            name = f"{ptype[1]} {' '.join(stem[:2])} {place}"
        organisation = ptype[0] not in ("ho_san_xuat", "trang_trai")
        lat, lon = map_point(rng, commune, province_code)
        total = rng.randint(3, 60)
        producer = Producer(
            name=name, producer_type=ptype[0], representative_name=representative,
            representative_gender=gender, representative_ethnicity=rng.choice(ETHNICITIES),
            business_registration_number=f"{province_code}{index:08d}" if organisation else "",
            tax_code=f"{int(province_code):02d}{index:08d}" if organisation else "",
            registration_date=date(2010, 1, 1) + timedelta(days=rng.randrange(0, 5000)),
            address=f"Thôn {rng.randint(1, 12)}, {filed_under.name}", commune=filed_under,
            phone=f"09{rng.randrange(10**7, 10**8)}", public_contact=rng.random() < 0.5,
            founded_on=date(2005, 1, 1) + timedelta(days=rng.randrange(0, 6000)),
            workforce_total=total, workforce_local=rng.randint(1, total), latitude=lat, longitude=lon,
            notes=f"{MARKER} #{index} (dữ liệu mô phỏng toàn quốc, seed {seed})", is_sample=True,
        )
        producer.refresh_search_text()
        producers.append(producer)
        for slot in range(2):
            cset = criteria_set if slot == 0 else weighted_choice(rng, set_pairs)
            if ptype[0] in ("hoi", "hiep_hoi", "trung_tam_dieu_hanh"):
                cset = 26
            product_name = f"{rng.choice(PRODUCT_NAMES[cset])} {place}"
            product = Product(
                name=product_name, producer=producer, commune=filed_under, category=ctx.categories[cset],
                description=f"{product_name} – sản phẩm đặc trưng của {filed_under.name} (dữ liệu mô phỏng).",
                story=f"Sản phẩm do {name} phát triển từ nguyên liệu và tri thức địa phương.",
                status=ProductStatus.ON_MARKET if slot == 0 or rng.random() < 0.7 else ProductStatus.DEVELOPING,
                is_sample=True,
            )
            product.refresh_search_text()
            products.append(product)
            photos.append((len(products) - 1, ctx.photos[(index + slot) % len(ctx.photos)]))
            if slot == 0 or index % 2 == 0:
                # Certificates are numbered in order across batches: producer i has two when
                # i is even, one when odd, so (i + 1) // 2 + i come before its first.
                ordinal = index + (index + 1) // 2 + slot
                plans.append((len(products) - 1, _certificate_plan(seeded_rng(seed, "cert", index, slot), ordinal, ctx.today)))
            else:
                dossier_plans.append((len(products) - 1, seeded_rng(seed, "dossier", index), province_code, commune))

    Producer.objects.bulk_create(producers, batch_size=1000)
    Product.objects.bulk_create(products, batch_size=1000)
    ProductPhoto.objects.bulk_create(
        [ProductPhoto(product=products[i], image=name, caption=products[i].name, position=0) for i, name in photos],
        batch_size=2000,
    )

    # Decisions and certificates.
    decisions: dict = {}
    certificates = []
    revocations = []
    replacements = []  # (old certificate, new plan)
    for product_index, plan in plans:
        product = products[product_index]
        producer = product.producer
        certificates.append(_certificate(ctx, product, producer, plan, decisions, legal, DecisionLevel, start))
        if plan["extra"] == "replaced":
            # Re-evaluated early: a new certificate (one star more at most) replaces it.
            renewed = {"issued": ctx.today - timedelta(days=10 + product.pk % 40),
                       "stars": min(5, plan["stars"] + product.pk % 2), "extra": ""}
            replacements.append((certificates[-1], renewed, product, producer))
    for old, renewed, product, producer in replacements:
        new = _certificate(ctx, product, producer, renewed, decisions, legal, DecisionLevel, start)
        certificates.append(new)
        old.replaced_on = new.issued_on
        old._replacement = new
    RecognitionDecision.objects.bulk_create(list(decisions.values()), batch_size=1000)
    for certificate in certificates:
        certificate.number_key = number_key(certificate.number)
        certificate.refresh_search_text()
    Certificate.objects.bulk_create(certificates, batch_size=1000)
    replaced = []
    for certificate in certificates:
        new = getattr(certificate, "_replacement", None)
        if new is not None:
            certificate.replaced_by = new
            replaced.append(certificate)
        if certificate._plan_extra == "revoked":
            conclusion = certificate.revoked_on - timedelta(days=10)
            revocations.append(Revocation(
                certificate=certificate, status=Revocation.Status.DECIDED, ground="b",
                facts="Kết quả kiểm tra cho thấy sản phẩm không còn đáp ứng tiêu chí (dữ liệu mô phỏng).",
                conclusion_reference=f"Kết luận kiểm tra số {certificate.pk}/KL-SNNMT", conclusion_on=conclusion,
                deadline=conclusion + timedelta(days=15), authority="UBND cấp tỉnh",
                decision_number=f"{certificate.pk}/QĐ-UBND", decided_on=certificate.revoked_on, is_sample=True,
            ))
    Certificate.objects.bulk_update(replaced, ["replaced_by"], batch_size=1000)
    Revocation.objects.bulk_create(revocations, batch_size=1000)

    # Dossiers, and the council's evaluation and sheets for those past acceptance.
    dossiers, evaluations, sheet_rows = [], [], []
    for product_index, rng, province_code, commune in dossier_plans:
        product = products[product_index]
        producer = product.producer
        state = weighted_choice(rng, DOSSIER_STATES)
        regime = "qd26-2026" if rng.random() < 0.7 or state not in SCORED_STATES else "qd148-1489-2025"
        filed = (date(2026, 5, 25) + timedelta(days=rng.randrange(0, max(1, (ctx.today - date(2026, 5, 25)).days))))
        if regime == "qd148-1489-2025":
            filed = date(2025, 7, 10) + timedelta(days=rng.randrange(0, 300))
        in_round = state in SCORED_STATES or state == "accepted"
        dossier = Dossier(
            product=product, producer=producer, commune=commune, province=ctx.provinces[province_code],
            kind=DossierKind.FIRST, regime_key=regime, filed_on=filed, state=state,
            representative_name=producer.representative_name, representative_title="Giám đốc",
            contact_address=producer.address, phone=producer.phone,
            submitted_on=None if state == "draft" else filed + timedelta(days=3),
            round=ctx.rounds[(province_code, regime)] if in_round else None,
            accepted_on=filed + timedelta(days=40) if in_round else None, is_sample=True,
        )
        dossier.refresh_search_text()
        dossiers.append(dossier)
        if state in SCORED_STATES:
            council, members = ctx.councils[province_code]
            evaluation = CouncilEvaluation(
                council=council, dossier=dossier, regime_key=regime, is_sample=True,
                status=EvaluationStatus.SCORING if state == "in_evaluation" else EvaluationStatus.CLOSED,
                criteria_set=product.category.criteria_set if regime == "qd26-2026" else None,
                criteria_version="qd26-2026" if regime == "qd26-2026" else "",
            )
            sheets = []
            for seat, member in enumerate(members):
                if regime == "qd26-2026":
                    pool = ctx.sheet_pool[evaluation.criteria_set]
                    points, total, stars = pool[(product_index + seat * 5) % len(pool)]
                    sheet = ScoreSheet(evaluation=evaluation, member=member, points=points, total=total, stars=stars)
                else:
                    a, b, c = rng.randint(18, 38), rng.randint(10, 24), rng.randint(15, 33)
                    total = Decimal(a + b + c)
                    stars = 5 if total >= 90 else 4 if total >= 70 else 3 if total >= 50 else 2
                    sheet = ScoreSheet(evaluation=evaluation, member=member, part_totals={"A": str(a), "B": str(b), "C": str(c)},
                                       total=total, stars=stars)
                submitted = state != "in_evaluation" or seat < 2
                sheet.status = SheetStatus.SUBMITTED if submitted else SheetStatus.DRAFT
                sheet.submitted_at = timezone.now() if submitted else None
                sheet.revision = 1
                sheets.append(sheet)
            if evaluation.status == EvaluationStatus.CLOSED:
                average = sum(s.total for s in sheets) / len(sheets)
                evaluation.average_total = average.quantize(Decimal("0.01"))
                evaluation.band_stars = evaluation.stars = max(1, min(5, int(average // 20)))
                evaluation.max_spread = max(s.total for s in sheets) - min(s.total for s in sheets)
                evaluation.outcome = {"recognised": Outcome.RECOGNISE, "not_recognised": Outcome.NOT_RECOGNISE,
                                      "forwarded_up": Outcome.FORWARD}.get(state, Outcome.RECOGNISE if average >= 50 else Outcome.NOT_RECOGNISE)
                evaluation.closed_at = timezone.now()
                evaluation.meeting_on = filed + timedelta(days=60)
            evaluations.append(evaluation)
            sheet_rows.extend(sheets)
    Dossier.objects.bulk_create(dossiers, batch_size=1000)
    CouncilEvaluation.objects.bulk_create(evaluations, batch_size=1000)
    ScoreSheet.objects.bulk_create(sheet_rows, batch_size=2000)
    return {
        "producers": len(producers), "products": len(products), "photos": len(photos),
        "decisions": len(decisions), "certificates": len(certificates), "revocations": len(revocations),
        "dossiers": len(dossiers), "evaluations": len(evaluations), "sheets": len(sheet_rows),
    }


def _certificate(ctx: Context, product, producer, plan: dict, decisions: dict, legal, DecisionLevel, start: int):
    from ocop.certificates.models import Certificate, RecognitionDecision

    issued = plan["issued"]
    stars = plan["stars"]
    commune_row = next(row for row in _commune_rows(ctx, product.commune))
    _commune, province_code, _old, old_district, old_province = commune_row
    if stars == 5:
        level = DecisionLevel.CENTRAL
    elif issued < date(2025, 7, 1) and stars == 3:
        level = DecisionLevel.DISTRICT
    else:
        level = DecisionLevel.PROVINCE
    day = _decision_day(issued)
    regime = ctx.regime_cache.get((day, level))
    if regime is None:
        regime = ctx.regime_cache[(day, level)] = legal.regime_for_decision(day, level) or "qd26-2026"
    if level == DecisionLevel.CENTRAL:
        unit, issuer = None, "Bộ Nông nghiệp và Môi trường" if issued >= date(2025, 3, 1) else "Bộ Nông nghiệp và Phát triển nông thôn"
    elif level == DecisionLevel.DISTRICT:
        unit = old_district or ctx.provinces[province_code]
        issuer = f"UBND {unit.name}"
    else:
        unit = (old_province if issued < date(2025, 7, 1) and old_province is not None else ctx.provinces[province_code])
        issuer = f"UBND {unit.name}"
    key = _decision_key(regime, level, unit, day)
    decision = decisions.get(key)
    if decision is None:
        decision = decisions[key] = RecognitionDecision(
            number=f"{start + len(decisions) + 1}/QĐ-{'BNNMT' if level == DecisionLevel.CENTRAL else 'UBND'}",
            decided_on=day, level=level, issuing_unit=unit, issuer_name=issuer, regime_key=regime,
            signer="Phó Chủ tịch UBND", is_sample=True,
        )
    expires = legal.expiry_date(day, regime)
    number = f"{product.pk}/GCN-{'QG' if level == DecisionLevel.CENTRAL else 'OCOP'}-{day.year}"
    certificate = Certificate(
        decision=decision, product=product, product_name=product.name, producer_name=producer.name,
        number=number, stars=stars, score=Decimal(50 + 15 * (stars - 3) + product.pk % 10),
        issued_on=day, expires_on=expires,
        public_code=_public_code(product.pk, day), is_sample=True,
    )
    certificate._plan_extra = plan["extra"]
    if plan["extra"] == "revoked":
        certificate.revoked_on = max(day + timedelta(days=1), min(ctx.today - timedelta(days=3), day + timedelta(days=200)))
    elif plan["extra"] == "extended":
        # Filed in the window (Điều 7.6.a), no result yet: valid up to 180 days past expiry.
        certificate.reevaluation_filed_on = expires - timedelta(days=150)
        certificate.reevaluation_reference = "Hồ sơ đánh giá lại (dữ liệu mô phỏng)"
    return certificate


def _commune_rows(ctx: Context, unit):
    index = getattr(ctx, "_by_unit", None)
    if index is None:
        index = {}
        for row in ctx.communes:
            index[row[0].pk] = row
            if row[2] is not None:
                index.setdefault(row[2].pk, row)
        ctx._by_unit = index
    yield index[unit.pk]


def _public_code(pk: int, day: date) -> str:
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    digest = hashlib.sha256(f"{MARKER}{pk}:{day.isoformat()}".encode()).digest()
    return "Q" + "".join(alphabet[b % len(alphabet)] for b in digest[:9])
