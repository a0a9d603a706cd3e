from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "ocop.criteria"
    label = "criteria"
    verbose_name = "Bộ tiêu chí"

    def ready(self):
        from ocop.criteria.classification import classification_nodes
        from ocop.products import classification

        classification.register_source(classification_nodes)
