"""Register files for tests and benchmarks, generated with openpyxl (no binary fixtures)."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook

HEADERS = [
    "Tên sản phẩm", "Chủ thể", "Loại hình chủ thể", "Tỉnh", "Huyện", "Xã", "Bộ sản phẩm",
    "Số sao", "Điểm", "Số quyết định", "Ngày quyết định", "Số giấy chứng nhận", "Cấp công nhận",
]


def row(
    product="Cà phê hạt rang Đắk Tơ Lung",
    producer="Hợp tác xã Cà phê Đắk Tơ Lung",
    producer_type="Hợp tác xã",
    province="Kon Tum",
    district="Kon Rẫy",
    commune="Xã Đắk Tơ Lung",
    criteria_set=13,
    stars=3,
    score="62,5",
    decision="1234/QĐ-UBND",
    decided="15/09/2024",
    number="05/GCN-UBND",
    level="huyện",
) -> list:
    return [product, producer, producer_type, province, district, commune, criteria_set, stars, score,
            decision, decided, number, level]


def xlsx_bytes(rows: list[list], *, headers=HEADERS, title_rows: list[list] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    for line in title_rows or []:
        sheet.append(line)
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, headers=HEADERS, delimiter=",", bom=True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for values in rows:
        writer.writerow(["" if v is None else (v.strftime("%d/%m/%Y") if isinstance(v, date) else v) for v in values])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def current_quang_ngai_communes() -> list[str]:
    """Names of today's communes of Quảng Ngãi (where the demo lives)."""
    from ocop.territory.models import AdministrativeUnit

    return list(
        AdministrativeUnit.objects.filter(level="commune", parent__code="51", valid_to__isnull=True)
        .order_by("code")
        .values_list("name", flat=True)
    )


def many_rows(count: int, communes: list[str], *, year: int = 2025) -> list[list]:
    """`count` plausible rows: new producers and products spread over `communes`, each on a
    provincial decision of Quảng Ngãi after 1/7/2025 (no Huyện)."""
    types = ["Hợp tác xã", "Doanh nghiệp", "Hộ sản xuất", "Tổ hợp tác", "Trang trại"]
    rows = []
    for index in range(count):
        commune = communes[index % len(communes)]
        stars = 3 + (index % 7 == 0)
        rows.append(
            row(
                product=f"Sản phẩm thử nghiệm số {index + 1}",
                producer=f"Chủ thể thử nghiệm số {index // 2 + 1}",
                producer_type=types[index % len(types)],
                province="Quảng Ngãi",
                district="",
                commune=commune,
                criteria_set=1 + index % 25,
                stars=stars,
                score="72" if stars == 4 else "60,5",
                decision=f"{100 + index // 50}/QĐ-UBND",
                decided=date(year, 8, 1 + (index // 50) % 28),
                number=f"{index + 1}/GCN-UBND",
                level="tỉnh",
            )
        )
    return rows
