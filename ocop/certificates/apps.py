from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "ocop.certificates"
    label = "certificates"
    verbose_name = "Giấy chứng nhận OCOP"

    def ready(self):
        from ocop.certificates import jobs, receivers, workflow

        receivers.connect()
        workflow.build()
        jobs.register()
