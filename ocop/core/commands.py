"""Helpers shared by the management commands."""

from datetime import date

from django.core.management.base import CommandError


def parse_day(value: str) -> date:
    """The `--as-of` day of a daily command (YYYY-MM-DD), or a Vietnamese error naming it."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày “{value}” không hợp lệ; dùng dạng YYYY-MM-DD.") from exc
