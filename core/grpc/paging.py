"""How every list RPC pages (AIP-158): ``page_size``, ``page_token``, ``next_page_token``.

A size of 0 asks for the list's default, a size above its maximum gets the maximum (AIP-158
coerces rather than refuses), and a negative size is INVALID_ARGUMENT naming ``page_size``. A
token the server did not hand out is INVALID_ARGUMENT naming ``page_token``.
"""

from __future__ import annotations

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


def offset_from_token(token: str) -> int:
    """The offset an offset-based list's token stands for (the first page: 0)."""
    if not token:
        return 0
    if not token.isdigit():
        raise bad_page_token()
    return int(token)


def next_offset_token(offset: int, size: int, fetched: int) -> str:
    """The next page's token after ``fetched`` rows were read for a page of ``size`` (``size +
    1`` asked for, to know whether more follow): empty on the last page."""
    return str(offset + size) if fetched > size else ""
