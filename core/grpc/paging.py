"""How every list RPC pages (AIP-158): ``page_size``, ``page_token``, ``next_page_token``.

A size of 0 asks for the list's default, a size above its maximum gets the maximum (AIP-158
coerces rather than refuses), and a negative size is INVALID_ARGUMENT naming ``page_size``. A
token the server did not hand out is INVALID_ARGUMENT naming ``page_token``.
"""

from __future__ import annotations

import base64

from cityscore.core.errors import FieldViolation, InvalidArgument

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def page_size(requested: int, *, default: int = DEFAULT_PAGE_SIZE,
              maximum: int = MAX_PAGE_SIZE) -> int:
    """The number of rows a page holds for a request's ``page_size``."""
    if requested < 0:
        raise InvalidArgument("page_size is negative", [FieldViolation(
            "page_size", f"0 (the default, {default}) or more; at most {maximum} are given")])
    return min(requested or default, maximum)


def bad_page_token() -> InvalidArgument:
    """The refusal of a token that is not this list's ``next_page_token``."""
    return InvalidArgument("page_token is not a token of this list", [FieldViolation(
        "page_token", "use the next_page_token of the previous page")])


def offset_from_token(token: str, kind: str) -> int:
    """The offset a token of the list ``kind`` stands for (the first page: 0); a token of
    another list, or not one of ours at all, is INVALID_ARGUMENT naming ``page_token``."""
    if not token:
        return 0
    try:
        found_kind, _, offset = base64.urlsafe_b64decode(token.encode("ascii")).decode(
            "ascii").partition(":")
    except (ValueError, UnicodeError):
        raise bad_page_token() from None
    if found_kind != kind or not offset.isdigit():
        raise bad_page_token()
    return int(offset)


def next_offset_token(kind: str, offset: int, size: int, fetched: int) -> str:
    """The next page's token of the list ``kind`` after ``fetched`` rows were read for a page
    of ``size`` (``size + 1`` asked for, to know whether more follow): empty on the last
    page."""
    if fetched <= size:
        return ""
    return base64.urlsafe_b64encode(f"{kind}:{offset + size}".encode("ascii")).decode("ascii")
