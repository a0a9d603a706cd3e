"""The sample products of the Kon Rẫy scenario (`manage.py ocop_demo`), idempotent: two or
so for each sample producer (context["producers"], from the producers app's step)."""

from ocop.products.models import Product, ProductCategory
from ocop.products.services import product_create

# Products: (producer key, name, criteria set, status)
DEMO_PRODUCTS = [
    ("producer1", "Cà phê bột Robusta Đăk Kôi", 13, "dang_kinh_doanh"),
    ("producer1", "Cà phê nhân xanh Đăk Kôi", 13, "dang_kinh_doanh"),
    ("producer1", "Mật ong rừng Đăk Kôi", 4, "dang_hoan_thien"),
    ("producer2", "Gạo lúa rẫy Kon Braih", 3, "dang_kinh_doanh"),
    ("producer2", "Măng le khô Kon Braih", 7, "dang_hoan_thien"),
    ("p03", "Sâm dây khô Kon Rẫy", 20, "dang_kinh_doanh"),
    ("p03", "Rượu sâm dây Kon Rẫy", 15, "dang_kinh_doanh"),
    ("p03", "Trà sâm dây túi lọc", 12, "dang_kinh_doanh"),
    ("p04", "Cà phê rang xay Kon Rẫy", 13, "dang_kinh_doanh"),
    ("p04", "Hạt điều rang muối Kon Rẫy", 7, "dang_kinh_doanh"),
    ("p05", "Mật ong hoa cà phê Đắk Pne", 4, "dang_kinh_doanh"),
    ("p05", "Mật ong rừng nguyên chất", 4, "dang_kinh_doanh"),
    ("p06", "Khăn thổ cẩm Xơ Đăng", 22, "dang_kinh_doanh"),
    ("p06", "Túi xách thổ cẩm", 22, "dang_kinh_doanh"),
    ("p07", "Cà phê hạt rang Đắk Tơ Lung", 13, "dang_kinh_doanh"),
    ("p07", "Cà phê phin giấy", 13, "dang_hoan_thien"),
    ("p08", "Thịt heo đen gác bếp", 8, "dang_kinh_doanh"),
    ("p08", "Heo đen địa phương", 2, "dang_kinh_doanh"),
    ("p09", "Măng rừng khô", 7, "dang_kinh_doanh"),
    ("p09", "Măng chua ớt", 7, "dang_hoan_thien"),
    ("p10", "Đẳng sâm sấy khô", 20, "dang_kinh_doanh"),
    ("p10", "Cao đẳng sâm", 18, "dang_hoan_thien"),
    ("p11", "Rượu cần Đắk Ruồng", 15, "dang_kinh_doanh"),
    ("p11", "Rượu ghè men lá", 15, "tam_dung"),
    ("p12", "Tinh bột nghệ Đắk Tờ Re", 18, "dang_kinh_doanh"),
    ("p12", "Cao dây thìa canh", 18, "dang_kinh_doanh"),
    ("p13", "Chè dây Tân Lập", 12, "dang_kinh_doanh"),
    ("p13", "Trà túi lọc chè dây", 12, "dang_kinh_doanh"),
    ("p14", "Giỏ mây tre đan", 21, "dang_kinh_doanh"),
    ("p14", "Gùi mây truyền thống", 21, "dang_kinh_doanh"),
    ("p15", "Gạo lúa rẫy đỏ", 3, "dang_kinh_doanh"),
    ("p15", "Nếp than rẫy", 3, "dang_kinh_doanh"),
    ("p16", "Du lịch cộng đồng làng Kon Braih", 26, "dang_kinh_doanh"),
    ("p17", "Tinh dầu sả chanh Đăk Rve", 20, "dang_kinh_doanh"),
    ("p17", "Tinh dầu quế", 20, "dang_hoan_thien"),
    ("p18", "Chuối sấy dẻo Đăk Rve", 7, "dang_kinh_doanh"),
    ("p19", "Hạt mắc ca sấy nứt vỏ", 7, "dang_kinh_doanh"),
    ("p19", "Dầu mắc ca ép lạnh", 8, "dang_hoan_thien"),
    ("p20", "Rau cải an toàn Đắk Pne", 1, "dang_kinh_doanh"),
    ("p20", "Bí đỏ hữu cơ", 1, "dang_kinh_doanh"),
]


def load_products(context: dict) -> None:
    producers = context["producers"]
    categories = {c.criteria_set: c for c in ProductCategory.objects.filter(criteria_set__isnull=False)}
    for producer_key, name, criteria_set, status in DEMO_PRODUCTS:
        producer = producers[producer_key]
        if Product.objects.filter(name=name, producer=producer).exists():
            continue
        product_create(
            actor=None,
            is_sample=True,
            name=name,
            producer=producer,
            commune=producer.commune,
            category=categories[criteria_set],
            status=status,
            description=f"{name} – sản phẩm đặc trưng của vùng Kon Rẫy (dữ liệu mẫu).",
        )


DEMO_STEPS = [load_products]
