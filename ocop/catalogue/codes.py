"""Stable public codes of catalogue records.

A product is `SP-<id>` and a producer `CT-<id>` (the database id never changes, whereas
names do and the official product code `(T)-(X)-(STT)-20YY` is only assigned at
evaluation). The codes are printed in QR labels and used in page and API addresses, so
they must stay valid for as long as the record exists. Parsing ignores case.
"""

import functools
import re

from django.urls import get_script_prefix, get_urlconf, reverse

PRODUCT_PREFIX = "SP"
PRODUCER_PREFIX = "CT"

_CODE = re.compile(r"^(?P<prefix>[A-Za-z]{2})-(?P<id>[1-9]\d{0,17})$")


def product_code(pk: int) -> str:
    return f"{PRODUCT_PREFIX}-{pk}"


def producer_code(pk: int) -> str:
    return f"{PRODUCER_PREFIX}-{pk}"


def parse_code(code: str, prefix: str) -> int | None:
    """The id in "SP-12" (or "sp-12"), or None when `code` is not a code of that kind."""
    match = _CODE.match((code or "").strip())
    if match is None or match["prefix"].upper() != prefix:
        return None
    return int(match["id"])


# A stand-in no code contains ("~" is never in a public code), replaced by the code.
_PLACEHOLDER = "~code~"


@functools.cache
def _path_template(url_name: str, script_prefix: str, urlconf) -> str:
    return reverse(url_name, args=[_PLACEHOLDER], urlconf=urlconf)


def code_path(url_name: str, code: str) -> str:
    """`reverse(url_name, args=[code])` for an address whose one argument is a public code,
    reversed once per name (and per script prefix and URLconf, which reverse() also reads):
    the API and the exports write three addresses per row, and reverse() called for each
    cost more than the rest of the row."""
    return _path_template(url_name, get_script_prefix(), get_urlconf()).replace(_PLACEHOLDER, code, 1)
