"""The vocabulary of the synthetic national register (see ocop/national/__init__.py):
Vietnamese names, product names by criteria set, the weights of each kind of record, and
the small random picks made from them."""

from __future__ import annotations

import random
from decimal import Decimal

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


def person_name(rng: random.Random, gender: str) -> str:
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES[gender])} {rng.choice(GIVEN_NAMES[gender])}"


def place_name(unit) -> str:
    for prefix in ("Xã ", "Phường ", "Thị trấn ", "Đặc khu "):
        if unit.name.startswith(prefix):
            return unit.name[len(prefix):]
    return unit.name


def weighted_choice(rng: random.Random, pairs):
    keys = [k for k, _w in pairs]
    weights = [w for _k, w in pairs]
    return rng.choices(keys, weights=weights)[0]


def map_point(rng: random.Random, commune, province_code: str) -> tuple[Decimal, Decimal]:
    lat, lon = PROVINCE_CENTRES.get(province_code, (16.0, 107.0))
    crng = random.Random(int(commune.code))
    lat += crng.uniform(-0.45, 0.45) + rng.uniform(-0.02, 0.02)
    lon += crng.uniform(-0.45, 0.45) + rng.uniform(-0.02, 0.02)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")
