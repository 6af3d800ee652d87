"""The one build clock: ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds), else now."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime

from triptych.errors import UsageError

LATEST = int(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())
"""The last second a date of the editions can hold (the year 9999)."""


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """``SOURCE_DATE_EPOCH`` as seconds, or ``None`` when it is unset or empty; ``UsageError``
    when it is not a whole number of seconds from 0 to the end of the year 9999. Every run checks
    it when it starts (:func:`triptych.run.plan.make_plan`), before anything is written."""
    text = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise UsageError(
            f"SOURCE_DATE_EPOCH={text[:40]!r} is not a whole number of seconds since 1970-01-01",
            hint="set it to the output of date +%s (or unset it)",
        )
    if int(text) > LATEST:
        raise UsageError(
            f"SOURCE_DATE_EPOCH={text[:40]} is past the year 9999",
            hint=f"set it to a time no later than {LATEST} (or unset it)",
        )
    return int(text)


def build_time(environ: Mapping[str, str] = os.environ) -> datetime:
    """The moment a build claims to be made at, in UTC."""
    epoch = source_date_epoch(environ)
    return datetime.fromtimestamp(epoch, UTC) if epoch is not None else datetime.now(UTC)
