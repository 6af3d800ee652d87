"""The one rule for a date any reader takes: it must stay inside years 1 to 9999 wherever it is shown."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

_DAY = timedelta(days=1)


def in_range(value: date | datetime) -> bool:
    """Whether ``value`` stays inside years 1 to 9999 after any time-zone shift (a day either
    way, and its UTC time): the editions write it in UTC and in local time."""
    try:
        if isinstance(value, datetime) and value.utcoffset() is not None:
            value.astimezone(UTC)
        value - _DAY
        value + _DAY
    except (OverflowError, ValueError):
        return False
    return True
