from django.apps import AppConfig


class BusinessPlansConfig(AppConfig):
    name = "ocop.business_plans"
    label = "business_plans"
    verbose_name = "Phương án sản xuất kinh doanh"

    def ready(self):
        # Connects plans_follow_their_idea to ocop.ideas.signals.idea_matured.
        from ocop.business_plans import services  # noqa: F401
