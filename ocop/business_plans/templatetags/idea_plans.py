"""The business plans of an idea, for the idea's page: the ideas app sits below business
plans and does not import them, so its page asks through this tag (same query as the plan
list, same scope)."""

from django import template

from ocop.business_plans import selectors

register = template.Library()


@register.simple_tag
def plans_of_idea(user, idea):
    return selectors.plan_list(actor=user, idea=idea)
