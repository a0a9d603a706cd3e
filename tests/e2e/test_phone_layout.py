"""The working pages of every role fit a 375 px phone: only tables scroll sideways, inside
their own frame, never the page."""

from ocop.core.demo import DEMO_PASSWORD

PAGES = {
    "tinh": [
        "/", "/ho-so/", "/ho-so/dot/", "/hoi-dong/", "/giay-chung-nhan/", "/giay-chung-nhan/theo-doi/",
        "/giam-sat/", "/y-tuong/", "/y-tuong/phuong-an/", "/xuc-tien/", "/ke-hoach/", "/ke-hoach/bang-dieu-khien/",
        "/ke-hoach/bao-cao/",
    ],
    "xa.dakkoi": ["/", "/ho-so/viec-can-lam/", "/giay-chung-nhan/theo-doi/", "/ke-hoach/nhiem-vu/"],
    "hoidong1": ["/hoi-dong/viec-cham-diem/"],
    "chuthe1": ["/", "/ho-so/", "/y-tuong/", "/giay-chung-nhan/"],
    None: ["/ocop/", "/ocop/?q=ca+phe", "/ocop/ban-do/", "/ocop/du-lieu-mo/"],
}

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_every_working_page_fits_a_phone(phone_page, login, demo, settings):
    settings.OCOP_MAP_TILE_URL = ""  # no network: the map page as a list
    too_wide = []
    for username, urls in PAGES.items():
        phone_page.context.clear_cookies()
        if username:
            login(phone_page, username, DEMO_PASSWORD)
        for url in urls:
            response = phone_page.goto(url)
            assert response.status == 200, f"{username} {url}: HTTP {response.status}"
            overflow = phone_page.evaluate(OVERFLOW)
            if overflow > 0:
                too_wide.append(f"{username or 'khách'} {url}: rộng hơn màn hình {overflow} px")
    assert too_wide == []
