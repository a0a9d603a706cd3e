from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "ocop.monitoring"
    label = "monitoring"
    verbose_name = "Kiểm tra, giám sát sau công nhận"

    def ready(self):
        from ocop.certificates import dashboard_panels
        from ocop.monitoring.selectors import documents_expiring

        def expiring_documents(request, *, on, unit) -> dict:
            """The certificate dashboard's compliance documents expiring soon or just expired."""
            return {"expiring_documents": list(documents_expiring(actor=request.user, on=on, unit=unit)[:20])}

        dashboard_panels.register_panel(expiring_documents)

        from ocop.jobs.kinds import JobKind, register_kind
        from ocop.monitoring import tasks

        register_kind(
            JobKind(tasks.CERTIFICATE_REMINDERS, "Nhắc hạn giấy chứng nhận và giấy tờ tuân thủ", tasks.run_certificate_reminders)
        )
