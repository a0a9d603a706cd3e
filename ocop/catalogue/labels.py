"""QR label sheets: A4 sheets of 3 × 8 labels (name, stars, code and QR of each chosen
product). One sheet is made inside the request; more — a round's products, a cooperative's
whole range — are made by a job (ocop.jobs), with progress, and downloaded by whoever asked
(docs/jobs.md). Registered in CatalogueConfig.ready()."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string

from ocop.catalogue import selectors
from ocop.catalogue.serializers import absolute
from ocop.core.documents import html_to_pdf
from ocop.core.qr import qr_png

LABEL_COLUMNS, LABEL_ROWS = 3, 8
LABELS_PER_SHEET = LABEL_COLUMNS * LABEL_ROWS
MAX_LABELS = LABELS_PER_SHEET * 10
# Up to one sheet is made at once (about a second); more is a job.
LABELS_AT_ONCE = LABELS_PER_SHEET
KIND = "qr-labels"
TITLE = "In nhãn QR sản phẩm OCOP"


def label_count(products: int, copies: int) -> int:
    return min(products * copies, MAX_LABELS)


def sheet_count(labels: int) -> int:
    return -(-labels // LABELS_PER_SHEET)


def labels_pdf_bytes(products, copies: int, counted=lambda items: items) -> bytes:
    """The sheets for `products` (`copies` labels each, at most MAX_LABELS in all);
    `counted` wraps the loop over products (a job's progress bar)."""
    items = []
    for product in counted(products):
        url = absolute(selectors.product_path(product.pk))
        image = base64.b64encode(qr_png(url, scale=6)).decode("ascii")
        label = {"product": product, "url": url, "qr": f"data:image/png;base64,{image}", "stars": product.current_stars}
        items.extend([label] * copies)
    items = items[:MAX_LABELS]
    sheets = [items[i : i + LABELS_PER_SHEET] for i in range(0, len(items), LABELS_PER_SHEET)]
    rows = [[sheet[i : i + LABEL_COLUMNS] for i in range(0, len(sheet), LABEL_COLUMNS)] for sheet in sheets]
    return html_to_pdf(render_to_string("catalogue/labels_pdf.html", {"sheets": rows}))


def _run(job, ctx) -> None:
    # The owner's scope as it is now: a product that left it since the request is left out.
    products = list(selectors.label_products(actor=job.owner, ids=job.params["ids"]))
    if not products:
        ctx.fail(["Các sản phẩm đã chọn không còn trong phạm vi của bạn hoặc không còn giấy chứng nhận OCOP "
                  "nên không in được nhãn."])
    copies = job.params["copies"]
    pdf = labels_pdf_bytes(products, copies, lambda items: ctx.counted(items, total=len(items), stage="Vẽ mã QR từng sản phẩm"))
    ctx.stage("Dàn trang PDF")
    ctx.write_file("nhan-qr-ocop.pdf", lambda handle: handle.write(pdf))
    labels = label_count(len(products), copies)
    ctx.set_result(message=f"Đã lập {labels} nhãn trên {sheet_count(labels)} trang A4.")


def register() -> None:
    from ocop.jobs.kinds import JobKind, register_kind

    register_kind(JobKind(KIND, TITLE, _run))
