"""Council documents in the administrative format (NĐ 30/2020): the minutes of the
council's evaluation (biên bản), the recognition decision, the advisory team's report."""

from __future__ import annotations

from ocop.core.documents import OfficialDocument, Signature
from ocop.core.generated import kept_file
from ocop.core.text import format_date_vn
from ocop.criteria.regimes import regime_label


def _issuer(council) -> tuple[str, str, str]:
    unit = council.unit
    place = unit.name.replace("Tỉnh ", "").replace("Huyện ", "") if unit else "Hà Nội"
    return ("ỦY BAN NHÂN DÂN " + (unit.name.upper() if unit else ""), council.name.upper(), place)


def _num(value) -> str:
    """Vietnamese decimal comma: 76,50."""
    return "" if value is None else str(value).replace(".", ",")


def _stars(value) -> str:
    return f"{value} sao" if value else "không xếp hạng"


def _mode(evaluation) -> str:
    if evaluation.written_opinion and not evaluation.meeting_required:
        return "lấy ý kiến bằng văn bản (QĐ 26/2026 Điều 7.6.d)"
    return "họp hội đồng"


def _result_line(evaluation) -> str:
    parts = evaluation.result.get("part_averages", {})
    return (
        f"Điểm trung bình: {_num(evaluation.average_total)} điểm"
        + (" (" + "; ".join(f"Phần {k}: {_num(v)}" for k, v in parts.items()) + ")" if parts else "")
        + f"; chênh lệch lớn nhất giữa các thành viên: {_num(evaluation.max_spread)} điểm; "
        f"hạng theo điểm: {evaluation.band_stars} sao; xếp hạng: {_stars(evaluation.stars)} (QĐ 26/2026 Điều 3.3)."
    )


def minutes_members(evaluation) -> tuple[list, list]:
    """(members present, their score sheets) as the minutes list them: two queries."""
    present = list(evaluation.present_members.select_related("user").order_by("position", "id"))
    sheets = list(evaluation.sheets.filter(member__in=present).select_related("member__user")
                  .order_by("member__position", "member_id"))
    return present, sheets


def minutes_docx(evaluation, *, sheets, present) -> bytes:
    """Biên bản họp hội đồng: members present, each member's total, average, stars, conclusion."""
    council = evaluation.council
    dossier = evaluation.dossier
    parent, issuer, place = _issuer(council)
    document = OfficialDocument(
        issuer_parent=parent, issuer=issuer,
        number=f"Số: {evaluation.minutes_number or '…'}/BB-HĐ", place=place, day=evaluation.meeting_on,
        doc_type="BIÊN BẢN", summary=f"Họp Hội đồng đánh giá, phân hạng sản phẩm: {dossier.product.name}",
    )
    mode = _mode(evaluation)
    document.paragraph(
        f"Hội đồng: {council.name}, thành lập theo Quyết định số {council.decision_number or '…'}"
        + (f" ngày {format_date_vn(council.decision_date)}" if council.decision_date else "") + f". Hình thức: {mode}."
    )
    document.paragraph(
        f"Sản phẩm: {dossier.product.name}; chủ thể: {dossier.producer.name}; mã số: {dossier.product_code or '—'}; "
        f"đánh giá theo {regime_label(evaluation.regime_key)}."
    )
    document.heading("I. Thành phần tham dự")
    document.table(
        ["STT", "Họ và tên", "Chức danh", "Cơ quan"],
        [[i, str(m.user), m.get_position_display(), m.agency] for i, m in enumerate(present, start=1)],
    )
    document.heading("II. Kết quả chấm điểm của các thành viên")
    document.table(
        ["STT", "Thành viên", "Tổng điểm", "Hạng theo phiếu"],
        [[i, str(s.member.user), _num(s.total), _stars(s.stars)] for i, s in enumerate(sheets, start=1)],
    )
    document.heading("III. Kết quả của Hội đồng")
    document.paragraph(_result_line(evaluation))
    if evaluation.result.get("divergence_accepted"):
        document.paragraph(
            f"Tổng điểm các thành viên chênh lệch {_num(evaluation.max_spread)} điểm, quá ngưỡng của Quy chế; "
            "Hội đồng đã thảo luận và thống nhất kết quả"
            + (f": {evaluation.agreed_minutes}" if evaluation.agreed_minutes else ".")
        )
    document.heading("IV. Kết luận")
    document.paragraph(evaluation.conclusion)
    chair = next((m for m in present if m.position == "chair"), None)
    document.closing(["Cơ quan tham mưu quản lý OCOP", "Lưu: HĐ"],
                     Signature(authority="", position="CHỦ TỊCH HỘI ĐỒNG", signer=str(chair.user) if chair else ""))
    return document.to_bytes()


def decision_docx(decision, evaluations) -> bytes:
    """Quyết định công nhận: the products, their producers, scores and stars."""
    unit = decision.issuing_unit
    place = unit.name.replace("Tỉnh ", "").replace("Huyện ", "") if unit else "Hà Nội"
    document = OfficialDocument(
        issuer_parent="ỦY BAN NHÂN DÂN" if unit else "", issuer=(unit.name.upper() if unit else decision.issuer_name),
        number=f"Số: {decision.number}", place=place, day=decision.decided_on, doc_type="QUYẾT ĐỊNH",
        summary="Về việc công nhận sản phẩm đạt chuẩn OCOP",
    )
    document.centered(("CHỦ TỊCH " + decision.issuer_name.upper()) if unit else decision.issuer_name.upper(), bold=True)
    from ocop.criteria.regimes import get_regime

    # The legal basis comes from the regime data (regimes.json), as every legal value does.
    document.paragraph(f"Căn cứ {get_regime(decision.regime_key).legal_basis[0]['document']};")
    document.paragraph("Căn cứ kết quả đánh giá, phân hạng của Hội đồng và đề nghị của cơ quan tham mưu quản lý OCOP.")
    document.centered("QUYẾT ĐỊNH:", bold=True)
    document.paragraph(
        f"Điều 1. Công nhận {len(evaluations)} sản phẩm đạt chuẩn OCOP (danh sách kèm theo). Giấy chứng nhận có "
        "giá trị 36 tháng kể từ ngày ban hành (QĐ 26/2026 Điều 4.3)."
    )
    document.table(
        ["STT", "Sản phẩm", "Chủ thể", "Điểm", "Hạng", "Số giấy chứng nhận"],
        [[i, e.dossier.product.name, e.dossier.producer.name, _num(e.certificate.score), f"{e.certificate.stars} sao",
          e.certificate.number] for i, e in enumerate(evaluations, start=1)],
    )
    document.paragraph("Điều 2. Các chủ thể có sản phẩm được công nhận sử dụng nhãn hiệu OCOP theo quy định; duy trì "
                       "và nâng cao chất lượng sản phẩm.")
    document.paragraph("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Cơ quan tham mưu quản lý OCOP, UBND cấp xã "
                       "nơi có sản phẩm và các chủ thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.")
    document.closing(["Như Điều 3", "Lưu: VT"],
                     Signature(authority="TM. ỦY BAN NHÂN DÂN" if unit else "", position="CHỦ TỊCH" if unit else "",
                               signer=decision.signer))
    return document.to_bytes()


def advisory_report_docx(council, dossier, records) -> bytes:
    """The advisory team's evaluation report to the council chair (QĐ 26/2026 Điều 7.3.c)."""
    parent, issuer, place = _issuer(council)
    document = OfficialDocument(
        issuer_parent=parent, issuer=issuer, number="Số: …/BC-TTV", place=place, day=None,
        doc_type="BÁO CÁO", summary=f"Kết quả xem xét hồ sơ sản phẩm: {dossier.product.name}",
    )
    document.paragraph(f"Kính gửi: Chủ tịch {council.advisory_for.name if council.advisory_for else 'Hội đồng'}.")
    document.table(
        ["Ngày", "Nội dung", "Thành phần", "Ghi chép, phát hiện"],
        [[format_date_vn(r.happened_on), r.get_kind_display(), r.people, r.text] for r in records],
    )
    document.closing(["Như trên", "Lưu: TTV"], Signature(position="TỔ TRƯỞNG TỔ TƯ VẤN"))
    return document.to_bytes()


def forwarding_letter_docx(evaluation) -> bytes:
    """The letter that sends a product to the upper level with its file: under QĐ 26/2026
    the province to the Ministry for 5★ (Điều 6.3, components from regimes.json); under
    QĐ 148 the district to the province (≥ 70 points)."""
    from ocop.criteria.regimes import get_regime
    from ocop.evaluation.legal import regime_value
    from ocop.evaluation.models import DossierKind

    council, dossier = evaluation.council, evaluation.dossier
    unit = council.unit
    place = unit.name.replace("Tỉnh ", "").replace("Huyện ", "") if unit else ""
    from ocop.councils.services import regime_level

    # Where the product goes is the regime's data (regimes.json, levels[].forwards_to).
    to_ministry = regime_level(evaluation.regime_key, council.level).forwards_to in ("ministry", "central")
    document = OfficialDocument(
        issuer_parent="ỦY BAN NHÂN DÂN", issuer=unit.name.upper() if unit else "", number="Số: …/UBND-KT",
        place=place, day=None, doc_type="",
        summary=("V/v đề nghị đánh giá, phân hạng sản phẩm OCOP 5 sao" if to_ministry
                 else "V/v đề nghị đánh giá, phân hạng sản phẩm OCOP cấp tỉnh"),
    )
    addressee = "Bộ Nông nghiệp và Môi trường" if to_ministry else "Ủy ban nhân dân tỉnh (Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh)"
    document.centered(f"Kính gửi: {addressee}.")
    basis = get_regime(evaluation.regime_key).legal_basis[0]["document"]
    document.paragraph(
        f"Căn cứ {basis}; căn cứ kết quả đánh giá, phân hạng của {council.name}, "
        f"Ủy ban nhân dân {unit.name if unit else ''} đề nghị {addressee} đánh giá, phân hạng sản phẩm sau:"
    )
    document.table(
        ["STT", "Sản phẩm", "Chủ thể", "Xã", "Điểm của Hội đồng", "Hạng theo điểm"],
        [[1, dossier.product.name, dossier.producer.name, dossier.commune.name if dossier.commune_id else "",
          _num(evaluation.average_total), f"{evaluation.band_stars} sao"]],
    )
    kind = "reevaluation" if dossier.kind == DossierKind.REEVALUATION else "first"
    file = (regime_value(evaluation.regime_key, "forwarding_file") or {}).get(kind)
    if file:
        document.paragraph(f"Hồ sơ gửi kèm ({file['source']}):")
        for index, component in enumerate(file["components"], start=1):
            document.paragraph(f"{index}. {component}.")
    else:
        document.paragraph("Hồ sơ gửi kèm: biên bản họp Hội đồng, báo cáo đánh giá và hồ sơ sản phẩm.")
    document.paragraph("Đầu mối liên hệ: cơ quan tham mưu quản lý OCOP.")
    document.closing(["Như trên", "Lưu: VT"],
                     Signature(authority="TM. ỦY BAN NHÂN DÂN", position="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", signer=""))
    return document.to_bytes()


def summary_report_docx(council, evaluations) -> bytes:
    """The office's summary of a council's work (báo cáo tổng hợp kết quả đánh giá, phân
    hạng), the basis of its proposal to the competent person: every product, its average,
    stars and the council's conclusion, then the counts by outcome."""
    unit = council.unit
    place = unit.name.replace("Tỉnh ", "").replace("Huyện ", "") if unit else ""
    document = OfficialDocument(
        issuer_parent="ỦY BAN NHÂN DÂN " + (unit.name.upper() if unit else ""),
        issuer="CƠ QUAN THAM MƯU QUẢN LÝ OCOP", number="Số: …/BC", place=place, day=None, doc_type="BÁO CÁO",
        summary=f"Kết quả đánh giá, phân hạng sản phẩm OCOP năm {council.year}",
    )
    document.paragraph(
        f"{council.name} (Quyết định thành lập số {council.decision_number or '…'}) đã đánh giá, phân hạng "
        f"{len(evaluations)} sản phẩm. Kết quả cụ thể:"
    )
    closed = [e for e in evaluations if e.status == "closed"]
    document.table(
        ["STT", "Sản phẩm", "Chủ thể", "Điểm trung bình", "Hạng", "Kết luận của Hội đồng"],
        [[i, e.dossier.product.name, e.dossier.producer.name,
          _num(e.average_total) if e.status == "closed" else "chưa kết thúc",
          _stars(e.stars) if e.status == "closed" else "", e.get_outcome_display() if e.outcome else ""]
         for i, e in enumerate(evaluations, start=1)],
    )
    counts: dict[str, int] = {}
    for e in closed:
        counts[e.get_outcome_display()] = counts.get(e.get_outcome_display(), 0) + 1
    stars: dict[int, int] = {}
    for e in closed:
        if e.stars:
            stars[e.stars] = stars.get(e.stars, 0) + 1
    document.paragraph(
        "Tổng hợp: " + ("; ".join(f"{label}: {n} sản phẩm" for label, n in counts.items()) or "chưa có kết quả")
        + (". Theo hạng: " + "; ".join(f"{s} sao: {n}" for s, n in sorted(stars.items())) if stars else "") + "."
    )
    if len(closed) < len(evaluations):
        document.paragraph(f"Còn {len(evaluations) - len(closed)} sản phẩm Hội đồng chưa kết thúc chấm điểm.")
    document.paragraph(
        "Cơ quan tham mưu quản lý OCOP kính đề nghị người có thẩm quyền xem xét, quyết định công nhận các sản phẩm "
        "đạt chuẩn và chuyển cấp trên đánh giá các sản phẩm đủ điều kiện."
    )
    document.closing(["Như trên", "Lưu: VT"], Signature(position="THỦ TRƯỞNG CƠ QUAN"))
    return document.to_bytes()


# Kept files (ocop.core.generated): the minutes and the decision are rendered once per version
# of what they print. Bump when a builder above changes what it writes.
DOCX_VERSION = 1


def kept_minutes_docx(evaluation, *, sheets, present) -> str:
    dossier = evaluation.dossier
    data = (
        DOCX_VERSION, evaluation, evaluation.council, dossier, dossier.product, dossier.producer,
        [(member, member.user) for member in present], [(sheet, sheet.member.user) for sheet in sheets],
    )
    return kept_file(
        kind="bien-ban-docx", object_id=evaluation.pk, data=data, extension="docx",
        build=lambda: minutes_docx(evaluation, sheets=sheets, present=present),
    )


def kept_decision_docx(decision, evaluations) -> str:
    data = (
        DOCX_VERSION, decision, decision.issuing_unit,
        [(e.pk, e.dossier.product, e.dossier.producer, e.certificate) for e in evaluations],
    )
    return kept_file(
        kind="quyet-dinh-docx", object_id=decision.pk, data=data, extension="docx",
        build=lambda: decision_docx(decision, evaluations),
    )


# -- the signed minutes (ocop.certificates.issuing, docs/signing.md) ------------------------------

MINUTES_PDF_TEMPLATE = "councils/minutes_pdf.html"


def minutes_pdf_html(evaluation, *, sheets, present) -> str:
    """The minutes in the same words as the DOCX, laid out for the signed PDF."""
    from django.template.loader import render_to_string

    from ocop.core.documents import vietnamese_date_line

    council, dossier = evaluation.council, evaluation.dossier
    parent, issuer, place = _issuer(council)
    chair = next((m for m in present if m.position == "chair"), None)
    return render_to_string(MINUTES_PDF_TEMPLATE, {
        "evaluation": evaluation, "council": council, "dossier": dossier, "present": present,
        "issuer_parent": parent, "issuer": issuer, "date_line": vietnamese_date_line(place, evaluation.meeting_on),
        "mode": _mode(evaluation), "regime": regime_label(evaluation.regime_key),
        "sheet_rows": [(str(s.member.user), _num(s.total), _stars(s.stars)) for s in sheets],
        "result_line": _result_line(evaluation) + (
            f" Tổng điểm các thành viên chênh lệch {_num(evaluation.max_spread)} điểm, quá ngưỡng của Quy chế; Hội "
            "đồng đã thảo luận và thống nhất kết quả"
            + (f": {evaluation.agreed_minutes}" if evaluation.agreed_minutes else ".")
            if evaluation.result.get("divergence_accepted") else ""
        ),
        "chair_name": str(chair.user) if chair else "",
    })


def minutes_document_issue(*, actor, evaluation):
    """Sign and keep the minutes of a closed evaluation (once), in the name of the council."""
    from ocop.certificates import issuing
    from ocop.certificates.models import IssuedDocument
    from ocop.core.signing import SignatureText

    present, sheets = minutes_members(evaluation)
    chair = next((m for m in present if m.position == "chair"), None)
    council = evaluation.council
    return issuing.issued_document_store(
        actor=actor, kind=IssuedDocument.Kind.MINUTES, object_id=evaluation.pk,
        title=(f"Biên bản số {evaluation.minutes_number or '…'}/BB-HĐ họp {council.name} – "
               f"{evaluation.dossier.product.name}"),
        issuer=council.name, html=minutes_pdf_html(evaluation, sheets=sheets, present=present),
        text=SignatureText(body=council.name, signer=str(chair.user) if chair else "", position="Chủ tịch Hội đồng",
                           reason=f"Biên bản họp Hội đồng số {evaluation.minutes_number or '…'}"),
        is_sample=evaluation.is_sample,
    )
