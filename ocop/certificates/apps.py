from ocop.core import modules


class CertificatesConfig(modules.HookedAppConfig):
    name = "ocop.certificates"
    label = "certificates"
    verbose_name = "Giấy chứng nhận OCOP"
    ready_hooks = ("receivers.connect", "workflow.build", "jobs.register")
