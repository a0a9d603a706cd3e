from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "ocop.criteria"
    label = "criteria"
    verbose_name = "Bộ tiêu chí"

    def ready(self):
        from ocop.core.text import register_value_namer
        from ocop.criteria.classification import classification_nodes
        from ocop.criteria.regimes import regime_label
        from ocop.products import classification

        classification.register_source(classification_nodes)
        # The change history names regime keys by their legal names.
        register_value_namer(regime_label)
