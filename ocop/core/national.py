"""Synthetic national data for the benchmark (`manage.py ocop_national_data`).

The register of a whole country: producers in every current commune of the 34 provinces
(and some still filed under a unit abolished on 1/7/2025), two products each with a photo,
certificates of the three regimes (QĐ 148/2023, QĐ 148 as amended by QĐ 1489/2025, QĐ
26/2026) in every validity status, and dossiers in every workflow state, those in front of
a council with every member's score sheet. Vietnamese names throughout. Everything is
deterministic for a given seed and index, and marked as sample data.

Speed: rows are written with `bulk_create`, one transaction per batch of producers with
everything that belongs to them, so an interrupted run leaves whole batches and the next
run continues where it stopped. Idempotence: every producer carries `MARKER` and its index
in `notes` (never public), and a run only builds the indices not yet present, so running
it twice adds nothing, and a larger `--producers` adds only the difference.

`bulk_create` sends no signals, which means: no audit-log rows (wanted: this is not a
user's change), no search text refresh (so it is computed here, with the models' own
`refresh_search_text`), and no invalidation of the public cache — `build()` therefore
bumps the cache version itself at the end (`ocop.catalogue.cache.bump`).
"""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

MARKER = "[OCOP-QG]"
PHOTO_DIR = "national"
PHOTO_COUNT = 12
# Approximate centre of each province (after 1/7/2025) for map points. Synthetic data only.
PROVINCE_CENTRES = {
    "01": (21.03, 105.85), "04": (22.67, 106.26), "08": (22.15, 105.05), "11": (21.60, 103.05),
    "12": (22.35, 103.30), "14": (21.30, 104.00), "15": (22.00, 104.30), "19": (21.80, 105.80),
    "20": (21.85, 106.60), "22": (21.10, 107.25), "24": (21.25, 106.20), "25": (21.10, 105.30),
    "31": (20.90, 106.45), "33": (20.60, 106.20), "37": (20.30, 106.00), "38": (19.90, 105.40),
    "40": (19.20, 104.90), "42": (18.30, 105.80), "44": (17.20, 106.60), "46": (16.40, 107.50),
    "48": (15.60, 108.00), "51": (14.75, 108.30), "52": (14.00, 108.40), "56": (12.10, 109.00),
    "66": (12.80, 108.50), "68": (11.70, 108.00), "75": (11.30, 107.00), "79": (10.80, 106.70),
    "80": (10.90, 106.10), "82": (10.40, 105.90), "86": (10.10, 106.20), "91": (10.30, 105.10),
    "92": (9.80, 105.80), "96": (9.20, 105.20),
}
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
                "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lò", "Hà", "Y", "A"]
MIDDLE_NAMES = {"nam": ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Công"], "nu": ["Thị", "Ngọc", "Thu", "Thanh", "Kim"]}
GIVEN_NAMES = {"nam": ["Hùng", "Dũng", "Quang", "Sơn", "Tài", "Phúc", "Long", "Khánh", "Bình", "Tâm", "Thắng"],
               "nu": ["Hoa", "Lan", "Mai", "Hạnh", "Yến", "Thảo", "Liên", "Nga", "Hương", "Phương", "Trang"]}
ETHNICITIES = ["Kinh"] * 8 + ["Tày", "Thái", "Mường", "Khơ Me", "H'Mông", "Nùng", "Dao", "Ê Đê", "Ba Na", "Xơ Đăng"]
# (criteria set, product name stems): the public catalogue groups products by these sets.
PRODUCT_NAMES = {
    1: ["Rau cải an toàn", "Bưởi da xanh", "Cam sành", "Thanh long ruột đỏ", "Vải thiều", "Xoài cát"],
    2: ["Trứng gà ta", "Heo đen bản địa", "Sữa bò tươi", "Tôm càng xanh", "Cá lóc đồng"],
    3: ["Gạo ST25", "Gạo lúa rẫy", "Nếp cái hoa vàng", "Gạo lứt đỏ", "Đậu xanh hạt"],
    4: ["Mật ong rừng", "Mật ong hoa cà phê", "Mật ong bạc hà", "Mật hoa dừa"],
    5: ["Bánh tráng trộn", "Nem chua rán", "Chả cá chiên"],
    6: ["Bánh đa nem", "Bún khô", "Miến dong", "Bánh tráng phơi sương", "Cốm làng"],
    7: ["Chuối sấy dẻo", "Măng khô", "Hạt điều rang muối", "Mứt gừng", "Hạt mắc ca sấy"],
    8: ["Thịt trâu gác bếp", "Lạp xưởng", "Chả mực", "Khô cá dứa", "Ruốc tôm"],
    9: ["Nước mắm cá cơm", "Tương bần", "Nước mắm truyền thống", "Mắm tôm"],
    10: ["Muối tôm", "Tiêu đen", "Tỏi cô đơn", "Muối ớt xanh"],
    11: ["Chè Shan tuyết", "Trà xanh Tân Cương", "Chè búp khô", "Trà ô long"],
    12: ["Trà hoa vàng", "Trà túi lọc chè dây", "Trà gừng", "Trà atiso"],
    13: ["Cà phê bột Robusta", "Cà phê hạt Arabica", "Cacao nguyên chất", "Cà phê rang xay"],
    14: ["Rượu nếp cái", "Rượu làng Vân", "Rượu ngô men lá"],
    15: ["Rượu cần", "Rượu sim", "Rượu vang nho", "Rượu chuối hột"],
    16: ["Nước khoáng thiên nhiên", "Nước uống đóng chai"],
    17: ["Nước ép chanh dây", "Nước dừa đóng chai", "Sữa đậu nành", "Si rô dâu tằm"],
    18: ["Cao dược liệu", "Sâm dây khô", "Đông trùng hạ thảo", "Tinh bột nghệ"],
    19: ["Xà phòng thảo dược", "Dầu gội bồ kết", "Kem nghệ"],
    20: ["Tinh dầu sả chanh", "Tinh dầu quế", "Tinh dầu tràm", "Đẳng sâm sấy khô"],
    21: ["Giỏ mây tre đan", "Gốm men lam", "Chiếu cói", "Nón lá", "Tranh sơn mài"],
    22: ["Khăn thổ cẩm", "Lụa tơ tằm", "Áo dài thêu tay", "Túi thổ cẩm"],
    23: ["Hoa lan hồ điệp", "Hoa đào", "Hoa cúc"],
    24: ["Bonsai sanh", "Cây mai vàng", "Cây quất cảnh"],
    25: ["Cá Koi", "Chim chào mào"],
    26: ["Du lịch cộng đồng làng", "Điểm du lịch sinh thái", "Homestay bản"],
}
# Criteria sets weighted as in the real register (food and drink dominate).
SET_WEIGHTS = {1: 10, 2: 5, 3: 6, 4: 5, 5: 1, 6: 5, 7: 10, 8: 7, 9: 3, 10: 3, 11: 5, 12: 6, 13: 5,
               14: 3, 15: 3, 16: 1, 17: 3, 18: 4, 19: 1, 20: 3, 21: 5, 22: 2, 23: 1, 24: 1, 25: 1, 26: 2}
PRODUCER_TYPES = [("hop_tac_xa", "Hợp tác xã", 35), ("doanh_nghiep", "Công ty TNHH", 20),
                  ("ho_san_xuat", "Hộ kinh doanh", 35), ("to_hop_tac", "Tổ hợp tác", 5),
                  ("trang_trai", "Trang trại", 5)]
# Dossier states and their share (the ones from "in_evaluation" on carry a council's sheets).
DOSSIER_STATES = [
    ("draft", 10), ("submitted", 8), ("commune_checking", 8), ("returned", 4), ("commune_reported", 5),
    ("forwarded_to_province", 6), ("province_checking", 5), ("province_returned", 2), ("accepted", 10),
    ("withdrawn", 2), ("in_evaluation", 10), ("evaluated", 10), ("forwarded_up", 3),
    ("recognised", 9), ("not_recognised", 3),
]
SCORED_STATES = {"in_evaluation", "evaluated", "forwarded_up", "recognised", "not_recognised"}
COUNCIL_SIZE = 3


@dataclass
class Sizes:
    producers: int
    products_per_producer: int = 2
    # Every producer's first product holds a certificate, the second one of every other
    # producer's too (1.5 a producer); the second product of the rest has a dossier.
    batch: int = 500


@dataclass
class Context:
    """What every batch needs, read once."""

    today: date
    communes: list  # (commune, province code, legacy commune or None, legacy district, legacy province)
    categories: dict
    photos: list[str]
    councils: dict  # province code -> (council, [members])
    rounds: dict  # (province code, regime key) -> round
    provinces: dict  # code -> unit
    sheet_pool: dict = field(default_factory=dict)  # criteria set -> [(points, total, stars)]
    regime_cache: dict = field(default_factory=dict)


def _rng(seed: int, *parts) -> random.Random:
    digest = hashlib.sha256(":".join(str(p) for p in (seed, *parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def existing_count() -> int:
    from ocop.producers.models import Producer

    return Producer.objects.filter(notes__startswith=MARKER).count()


# -- shared objects ---------------------------------------------------------------------------


def _photos() -> list[str]:
    """A few small JPEGs shared by every synthetic product (written once)."""
    from PIL import Image, ImageDraw

    names = []
    palette = ["#1b5e20", "#33691e", "#827717", "#e65100", "#bf360c", "#4e342e", "#006064", "#01579b",
               "#4a148c", "#880e4f", "#3e2723", "#263238"]
    for index in range(PHOTO_COUNT):
        name = f"{PHOTO_DIR}/san-pham-{index + 1:02d}.jpg"
        if not default_storage.exists(name):
            image = Image.new("RGB", (480, 360), palette[index % len(palette)])
            draw = ImageDraw.Draw(image)
            draw.ellipse((140, 80, 340, 280), fill="#fff8e1")
            draw.rectangle((0, 300, 480, 360), fill="#fafafa")
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=70)
            default_storage.save(name, ContentFile(buffer.getvalue()))
        names.append(name)
    return names


def _communes(today: date) -> tuple[list, dict]:
    from ocop.territory.models import AdministrativeUnit, UnitLevel, UnitSuccession

    provinces = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, valid_to__isnull=True)
    }
    legacy = {}
    for link in UnitSuccession.objects.filter(
        successor__level=UnitLevel.COMMUNE, predecessor__level=UnitLevel.COMMUNE
    ).select_related("predecessor__parent__parent").order_by("predecessor__code"):
        legacy.setdefault(link.successor_id, link.predecessor)
    rows = []
    for commune in (
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True)
        .select_related("parent")
        .order_by("parent__code", "code")
    ):
        old = legacy.get(commune.pk)
        district = old.parent if old is not None else None
        province = district.parent if district is not None else None
        rows.append((commune, commune.parent.code, old, district, province))
    return rows, provinces


def _councils(seed: int, provinces: dict, today: date) -> tuple[dict, dict]:
    """One provincial council of three scoring members per province, and two rounds a
    province (2025 under QĐ 148/1489, 2026 under QĐ 26/2026)."""
    from ocop.accounts.models import User
    from ocop.core.demo import DEMO_PASSWORD
    from ocop.councils.models import Council, CouncilLevel, CouncilMember, Position
    from ocop.evaluation.models import EvaluationLevel, EvaluationRound, RoundStatus

    password = make_password(DEMO_PASSWORD)
    councils, rounds = {}, {}
    positions = [Position.CHAIR, Position.MEMBER, Position.MEMBER]
    for code, province in sorted(provinces.items()):
        place = province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        council, _ = Council.objects.get_or_create(
            level=CouncilLevel.PROVINCE, unit=province, year=2026, name=f"Hội đồng đánh giá, phân hạng sản phẩm OCOP {province.name} năm 2026 {MARKER}",
            defaults={"decision_number": f"{int(code) + 100}/QĐ-UBND", "decision_date": date(2026, 3, 2), "is_sample": True},
        )
        members = []
        for seat, position in enumerate(positions, start=1):
            rng = _rng(seed, "member", code, seat)
            gender = rng.choice(["nam", "nu"])
            user, created = User.objects.get_or_create(
                username=f"qg.hd{code}.{seat}",
                defaults={"full_name": _person(rng, gender) + f" – Hội đồng OCOP {place}", "password": password},
            )
            member, _ = CouncilMember.objects.get_or_create(
                council=council, user=user, defaults={"position": position, "agency": f"Sở Nông nghiệp và Môi trường {place}"},
            )
            members.append(member)
        councils[code] = (council, members)
        for year, regime in ((2025, "qd148-1489-2025"), (2026, "qd26-2026")):
            round_obj, _ = EvaluationRound.objects.get_or_create(
                level=EvaluationLevel.PROVINCE, unit=province, year=year, number=9,
                defaults={"regime_key": regime, "name": f"Đợt đánh giá tổng hợp năm {year} – {province.name} {MARKER}",
                          "status": RoundStatus.CLOSED, "is_extra": True, "is_sample": True},
            )
            rounds[(code, regime)] = round_obj
            council.rounds.add(round_obj)
    return councils, rounds


def _sheet_pool(seed: int) -> dict:
    """Twelve scored sheets per criteria set (QĐ 26/2026 options), reused by many dossiers."""
    from ocop.criteria import catalog, engine

    pool = {}
    for number in range(1, 27):
        cset = catalog.get_set(number)
        sheets = []
        for variant in range(12):
            rng = _rng(seed, "sheet", number, variant)
            quality = 0.45 + 0.5 * variant / 11
            points = {}
            for leaf in cset.leaves:
                options = sorted(leaf.allowed_points)
                points[leaf.code] = options[min(len(options) - 1, int(rng.random() * quality * len(options) + quality * 1.5))]
            for leaf in cset.leaves:  # a criterion that depends on another one left at 0
                rule = leaf.requires
                if rule is not None and points.get(rule.criterion, 0) < rule.min_points:
                    points[leaf.code] = 0
            result = engine.score_sheet(cset, points)
            sheets.append(({c: int(v) for c, v in result.points.items()}, engine.to_decimal(result.total), result.stars))
        pool[number] = sheets
    return pool


def prepare(seed: int) -> Context:
    from ocop.products.models import ProductCategory

    today = timezone.localdate()
    communes, provinces = _communes(today)
    councils, rounds = _councils(seed, provinces, today)
    return Context(
        today=today,
        communes=communes,
        categories={c.criteria_set: c for c in ProductCategory.objects.filter(criteria_set__isnull=False)},
        photos=_photos(),
        councils=councils,
        rounds=rounds,
        provinces=provinces,
        sheet_pool=_sheet_pool(seed),
    )


# -- one batch --------------------------------------------------------------------------------


def _person(rng: random.Random, gender: str) -> str:
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES[gender])} {rng.choice(GIVEN_NAMES[gender])}"


def _place(unit) -> str:
    for prefix in ("Xã ", "Phường ", "Thị trấn ", "Đặc khu "):
        if unit.name.startswith(prefix):
            return unit.name[len(prefix):]
    return unit.name


def _weighted(rng: random.Random, pairs):
    keys = [k for k, _w in pairs]
    weights = [w for _k, w in pairs]
    return rng.choices(keys, weights=weights)[0]


def _point(rng: random.Random, commune, province_code: str) -> tuple[Decimal, Decimal]:
    lat, lon = PROVINCE_CENTRES.get(province_code, (16.0, 107.0))
    crng = random.Random(int(commune.code))
    lat += crng.uniform(-0.45, 0.45) + rng.uniform(-0.02, 0.02)
    lon += crng.uniform(-0.45, 0.45) + rng.uniform(-0.02, 0.02)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


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
    stars = _weighted(rng, [(3, 60), (4, 35), (5, 5)])
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
        rng = _rng(seed, "producer", index)
        commune, province_code, old_commune, _district, _old_province = ctx.communes[index % len(ctx.communes)]
        # One producer in seven is still filed under its commune from before 1/7/2025.
        filed_under = old_commune if old_commune is not None and index % 7 == 3 else commune
        ptype = _weighted(rng, [((t, label), w) for t, label, w in PRODUCER_TYPES])
        gender = rng.choice(["nam", "nu"])
        representative = _person(rng, gender)
        criteria_set = _weighted(rng, set_pairs)
        stem = rng.choice(PRODUCT_NAMES[criteria_set]).split()[0:3]
        place = _place(filed_under)
        if ptype[0] == "ho_san_xuat":
            name = f"{ptype[1]} {representative}"
        elif ptype[0] == "trang_trai":
            name = f"{ptype[1]} {' '.join(stem[:2])} {place}"
        else:
            name = f"{ptype[1]} {' '.join(stem[:2])} {place}"
        organisation = ptype[0] not in ("ho_san_xuat", "trang_trai")
        lat, lon = _point(rng, commune, province_code)
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
            cset = criteria_set if slot == 0 else _weighted(rng, set_pairs)
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
                plans.append((len(products) - 1, _certificate_plan(_rng(seed, "cert", index, slot), ordinal, ctx.today)))
            else:
                dossier_plans.append((len(products) - 1, _rng(seed, "dossier", index), province_code, commune))

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
        state = _weighted(rng, DOSSIER_STATES)
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


def build(*, producers: int, seed: int = 1, batch: int = 500, log: Callable[[str], None] = print) -> dict:
    """Add synthetic producers (and all that belongs to them) up to `producers` in total."""
    from ocop.catalogue.cache import bump

    done = existing_count()
    totals: dict = {}
    if done >= producers:
        log(f"Đã có {done} chủ thể mô phỏng; không thêm gì.")
        return totals
    ctx = prepare(seed)
    for start in range(done, producers, batch):
        stop = min(start + batch, producers)
        with transaction.atomic():
            counts = build_batch(seed, start, stop, ctx)
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
        log(f"  {stop}/{producers} chủ thể")
    # bulk_create sent no post_save: drop every cached public page at once.
    bump()
    return totals
