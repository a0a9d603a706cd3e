"""Fixtures of the app test folders that the cross-app tests here use too."""

from ocop.ideas.tests.conftest import district, make_idea, province  # noqa: F401
