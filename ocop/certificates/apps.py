from ocop.core.apps import HookedAppConfig


class CertificatesConfig(HookedAppConfig):
    name = "ocop.certificates"
    label = "certificates"
    verbose_name = "Giấy chứng nhận OCOP"
    ready_hooks = ("receivers.connect", "workflow.build")
