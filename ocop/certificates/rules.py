"""Who may change the certificate register (see docs/certificates.md §9).

Reading is decided by the selectors (outside the reader's scope → 404); these predicates
decide writing (read-only → 403). The provincial OCOP office keeps the register of its
province (old and new units), imports lists, and handles revocations (Điều 8.3.a: "cơ
quan tham mưu quản lý OCOP … trình cấp có thẩm quyền"); the admin may do everything.
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import province_covers, record_predicate, role_predicate
from ocop.accounts.scopes import user_scope
from ocop.territory.models import UnitCoverage


def commune_covers(user, unit_id: int | None) -> bool:
    """Is `unit_id` the user's commune, or a former commune now within it?"""
    scope = user_scope(user)
    if unit_id is None or not scope.commune_ids:
        return False
    return UnitCoverage.objects.filter(unit_id__in=scope.commune_ids, covered_id=unit_id).exists()


can_manage_register = role_predicate("can_manage_register", Role.PROVINCE_OFFICE)
can_manage_certificate = record_predicate("can_manage_certificate", province_covers, "product.commune_id")


rules.add_perm("certificates.manage_register", can_manage_register)
rules.add_perm("certificates.change_certificate", can_manage_certificate)
