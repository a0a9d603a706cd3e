"""What every batch of the synthetic national register needs, read once (`prepare`): the
communes, the product categories, the photos, a council and rounds per province, a pool of
score sheets; plus the seeded random generator every record is drawn from."""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from ocop.national.vocabulary import MARKER, PHOTO_COUNT, PHOTO_DIR, person_name


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


def seeded_rng(seed: int, *parts) -> random.Random:
    digest = hashlib.sha256(":".join(str(p) for p in (seed, *parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def existing_count() -> int:
    from ocop.producers.models import Producer

    return Producer.objects.filter(notes__startswith=MARKER).count()


# -- shared objects ---------------------------------------------------------------------------


def ensure_photos() -> list[str]:
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
            rng = seeded_rng(seed, "member", code, seat)
            gender = rng.choice(["nam", "nu"])
            user, created = User.objects.get_or_create(
                username=f"qg.hd{code}.{seat}",
                defaults={"full_name": person_name(rng, gender) + f" – Hội đồng OCOP {place}", "password": password},
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
            rng = seeded_rng(seed, "sheet", number, variant)
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
        photos=ensure_photos(),
        councils=councils,
        rounds=rounds,
        provinces=provinces,
        sheet_pool=_sheet_pool(seed),
    )
