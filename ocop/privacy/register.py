"""The register of personal data (Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân).

Every model field that holds data about an identifiable person is listed here with why it is
kept and what erasure does to it. The register is data: the export and erasure services read
it, docs/personal-data.md prints it, and a test fails when a model gains a field that looks
personal (phone, e-mail, a person's name…) without an entry here.

Models are named by label ("producers.Producer"), never imported: this module sits below
every app (docs/layers.md) so that any app can log access and call the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    # Nghị định 13/2023 Điều 2.3: dữ liệu cá nhân cơ bản; Điều 2.4: dữ liệu cá nhân nhạy cảm.
    BASIC = "cơ bản"
    SENSITIVE = "nhạy cảm"


class OnErase(StrEnum):
    """What erasure on the data subject's request does to the field."""

    CLEAR = "xóa trắng"  # emptied (blank, or False for a yes/no field)
    REPLACE = "thay bằng dấu ẩn danh"  # a placeholder that says the data was erased
    KEEP = "giữ"  # kept: a legally required record (the basis names the rule)


# Placeholders erasure writes into a field that cannot be empty.
ERASED_NAME = "(đã ẩn danh)"


@dataclass(frozen=True)
class PersonalField:
    model: str  # "app_label.ModelName"
    field: str
    kind: Kind
    purpose: str  # why it is collected and kept (Vietnamese, printed in the docs)
    on_erase: OnErase
    basis: str = ""  # the legal ground for keeping it after an erasure request


# Whose data a row holds: the account owner, or the representative of a producer.
SUBJECT_USER = "user"
SUBJECT_REPRESENTATIVE = "representative"

_LEGAL_RECORD = (
    "Hồ sơ đánh giá, công nhận sản phẩm OCOP là hồ sơ công việc của cơ quan nhà nước, phải lưu "
    "theo Luật Lưu trữ; Nghị định 13/2023 Điều 16 không buộc xóa khi luật quy định phải lưu."
)

REGISTER: tuple[PersonalField, ...] = (
    # Accounts: the person who logs in.
    PersonalField("accounts.User", "username", Kind.BASIC, "Tên đăng nhập, định danh tài khoản.", OnErase.REPLACE),
    PersonalField("accounts.User", "full_name", Kind.BASIC, "Họ tên hiện trên văn bản, nhật ký và thông báo.", OnErase.REPLACE),
    PersonalField("accounts.User", "first_name", Kind.BASIC, "Tên (trường có sẵn của Django, thường để trống).", OnErase.CLEAR),
    PersonalField("accounts.User", "last_name", Kind.BASIC, "Họ (trường có sẵn của Django, thường để trống).", OnErase.CLEAR),
    PersonalField("accounts.User", "email", Kind.BASIC, "Gửi thông báo, nhắc hạn bằng thư điện tử.", OnErase.CLEAR),
    PersonalField("accounts.User", "phone", Kind.BASIC, "Liên hệ công việc với cán bộ, chủ thể.", OnErase.CLEAR),
    PersonalField("signin.LoginEvent", "username", Kind.BASIC, "Lịch sử đăng nhập: người dùng và quản trị xem lại các lần đăng nhập.", OnErase.CLEAR),
    PersonalField("signin.LoginEvent", "ip_address", Kind.BASIC, "Lịch sử đăng nhập: địa chỉ của mỗi lần đăng nhập, phát hiện truy cập lạ.", OnErase.CLEAR),
    PersonalField("signin.LoginEvent", "user_agent", Kind.BASIC, "Lịch sử đăng nhập: trình duyệt của mỗi lần đăng nhập.", OnErase.CLEAR),
    # The producer's legal representative (Mẫu 01, 02 of QĐ 26/2026).
    PersonalField("producers.Producer", "representative_name", Kind.BASIC, "Người đại diện pháp luật của chủ thể OCOP, liên hệ và ký hồ sơ.", OnErase.REPLACE),
    PersonalField(
        "producers.Producer", "representative_gender", Kind.BASIC,
        "Thống kê chủ thể do phụ nữ làm đại diện (báo cáo định kỳ của Chương trình OCOP).", OnErase.KEEP,
        "Chỉ còn là số liệu thống kê khi họ tên đã ẩn danh; báo cáo định kỳ theo kế hoạch OCOP cần số liệu này.",
    ),
    PersonalField(
        "producers.Producer", "representative_ethnicity", Kind.BASIC,
        "Thống kê chủ thể do người dân tộc thiểu số làm đại diện (ưu tiên hỗ trợ vùng đồng bào dân tộc).", OnErase.KEEP,
        "Chỉ còn là số liệu thống kê khi họ tên đã ẩn danh; báo cáo định kỳ theo kế hoạch OCOP cần số liệu này.",
    ),
    PersonalField(
        "producers.Producer", "representative_disability", Kind.SENSITIVE,
        "Ưu tiên hỗ trợ người khuyết tật (dữ liệu sức khỏe: nhạy cảm, Nghị định 13/2023 Điều 2.4.b).", OnErase.CLEAR,
    ),
    PersonalField("producers.Producer", "phone", Kind.BASIC, "Liên hệ chủ thể; công khai trên danh mục chỉ khi chủ thể đồng ý.", OnErase.CLEAR),
    PersonalField("producers.Producer", "email", Kind.BASIC, "Liên hệ chủ thể; công khai trên danh mục chỉ khi chủ thể đồng ý.", OnErase.CLEAR),
    PersonalField("producers.Producer", "public_contact", Kind.BASIC, "Sự đồng ý công khai điện thoại, thư điện tử (Nghị định 13/2023 Điều 11).", OnErase.CLEAR),
    # The dossier keeps the representative as filed on Mẫu 01/02: the record of the evaluation.
    PersonalField("evaluation.Dossier", "representative_name", Kind.BASIC, "Người ký phiếu đăng ký (Mẫu 01) và báo cáo (Mẫu 02).", OnErase.KEEP, _LEGAL_RECORD),
    PersonalField("evaluation.Dossier", "representative_title", Kind.BASIC, "Chức vụ người ký hồ sơ.", OnErase.KEEP, _LEGAL_RECORD),
    PersonalField("evaluation.Dossier", "representative_gender", Kind.BASIC, "Mẫu 02 Phần I.", OnErase.KEEP, _LEGAL_RECORD),
    PersonalField("evaluation.Dossier", "representative_ethnicity", Kind.BASIC, "Mẫu 02 Phần I.", OnErase.KEEP, _LEGAL_RECORD),
    PersonalField("evaluation.Dossier", "representative_residence", Kind.BASIC, "Mẫu 02 Phần I: địa chỉ thường trú, chỉ dùng để liên hệ.", OnErase.CLEAR),
    PersonalField("evaluation.Dossier", "contact_address", Kind.BASIC, "Mẫu 01: địa chỉ liên hệ của chủ thể.", OnErase.KEEP, _LEGAL_RECORD),
    PersonalField("evaluation.Dossier", "phone", Kind.BASIC, "Mẫu 01: liên hệ trong thời gian đánh giá.", OnErase.CLEAR),
    PersonalField("evaluation.Dossier", "email", Kind.BASIC, "Mẫu 01: liên hệ trong thời gian đánh giá.", OnErase.CLEAR),
)

# Fields that name a signing official on a published decision or report. They are the
# official's name in a public act (not private life) and are kept with the act.
OFFICIAL_SIGNATURES: tuple[str, ...] = (
    "evaluation.CommuneReport.signer_name",
    "ideas.IdeaListDecision.signer_name",
    "planning.Plan.signer_name",
)

# Contacts of organisations (a showroom, a consultant firm or person in the province's
# public directory): published with their agreement, removed by deleting the entry.
DIRECTORY_CONTACTS: tuple[str, ...] = (
    "promotion.Showroom.phone",
    "promotion.Consultant.phone",
    "promotion.Consultant.email",
)

# Which subject's data each model holds, and how to find the subject's rows: a lookup from
# the model to the user (for account subjects) or to the producer (for representatives).
SUBJECT_LOOKUPS: dict[str, dict[str, str]] = {
    SUBJECT_USER: {"accounts.User": "pk", "signin.LoginEvent": "username"},
    SUBJECT_REPRESENTATIVE: {"producers.Producer": "pk", "evaluation.Dossier": "producer"},
}


def fields_of(model_label: str) -> list[PersonalField]:
    return [entry for entry in REGISTER if entry.model == model_label]


def registered_names() -> set[str]:
    """Every "app.Model.field" the register and its side lists account for."""
    return {f"{entry.model}.{entry.field}" for entry in REGISTER} | set(OFFICIAL_SIGNATURES) | set(DIRECTORY_CONTACTS)
