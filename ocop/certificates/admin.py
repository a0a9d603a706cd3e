"""Admin pages: for looking things up. Changes go through the application's pages and
services (which validate, compute expiry dates and record events), so records are read-only
here."""

from django.contrib import admin

from ocop.certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateImport,
    RecognitionDecision,
    Revocation,
)
from ocop.core.admin import ReadOnlyAdmin


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "decided_on", "level", "issuer_name", "regime_key", "source"]
    list_filter = ["level", "regime_key", "source"]
    search_fields = ["number", "issuer_name"]


class EventInline(admin.TabularInline):
    model = CertificateEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "happened_on", "comment", "actor", "at", "from_state", "to_state"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "product_name", "stars", "issued_on", "expires_on", "revoked_on", "source"]
    list_filter = ["stars", "source", "decision__level"]
    search_fields = ["number", "product_name", "producer_name", "public_code"]
    inlines = [EventInline]


@admin.register(Revocation)
class RevocationAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "ground", "status", "conclusion_on", "deadline", "decided_on"]
    list_filter = ["status", "ground"]


@admin.register(CertificateImport)
class CertificateImportAdmin(ReadOnlyAdmin):
    list_display = ["filename", "status", "row_count", "created_by", "created_at", "imported_at"]
    list_filter = ["status"]
    exclude = ["data"]
