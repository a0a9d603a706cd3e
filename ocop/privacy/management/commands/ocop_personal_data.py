"""Carry out a data subject's request: export everything held about them, or erase it.

    manage.py ocop_personal_data export --user tinh --actor admin --reason "Đơn số 12 ngày 01/12/2026" -o tinh.json
    manage.py ocop_personal_data erase --producer 42 --actor admin --reason "Đơn số 13 ngày 02/12/2026"

Both are recorded in the journal of requests (admin: Dữ liệu cá nhân › Yêu cầu về dữ liệu cá nhân).
"""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ocop.privacy.register import SUBJECT_REPRESENTATIVE, SUBJECT_USER
from ocop.privacy.services import personal_data_erase, personal_data_export


class Command(BaseCommand):
    help = "Xuất toàn bộ hoặc xóa, ẩn danh dữ liệu cá nhân của một người (Nghị định 13/2023/NĐ-CP)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="tên đăng nhập của người dùng là chủ thể dữ liệu")
        who.add_argument("--producer", type=int, help="mã chủ thể OCOP có người đại diện là chủ thể dữ liệu")
        parser.add_argument("--actor", required=True, help="tên đăng nhập của người thực hiện (ghi nhật ký)")
        parser.add_argument("--reason", required=True, help="căn cứ: số, ngày đơn yêu cầu")
        parser.add_argument("-o", "--output", help="tệp JSON để ghi (mặc định: in ra màn hình)")

    def handle(self, *args, action, user, producer, actor, reason, output, **options):
        User = get_user_model()
        actor_user = User.objects.filter(username=actor).first()
        if actor_user is None:
            raise CommandError(f"Không có người dùng “{actor}” (--actor).")
        if user is not None:
            subject = User.objects.filter(username=user).first()
            if subject is None:
                raise CommandError(f"Không có người dùng “{user}” (--user).")
            subject_type, subject_id = SUBJECT_USER, subject.pk
        else:
            subject_type, subject_id = SUBJECT_REPRESENTATIVE, producer
        service = personal_data_export if action == "export" else personal_data_erase
        try:
            result = service(actor=actor_user, subject_type=subject_type, subject_id=subject_id, reason=reason)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        text = json.dumps(result, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stdout.write(f"Đã ghi {output}.")
        else:
            self.stdout.write(text)
