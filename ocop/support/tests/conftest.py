"""The ideas tests' helpers (units of the scenario, ideas in a given state) serve here too."""

from ocop.ideas.tests.conftest import district, make_idea, province  # noqa: F401
