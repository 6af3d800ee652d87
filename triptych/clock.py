"""The one build clock: ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds), else now."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """``SOURCE_DATE_EPOCH`` as seconds, or ``None`` when it is unset or not a whole number."""
    text = environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(text) if text.isdigit() else None


def build_time(environ: Mapping[str, str] = os.environ) -> datetime:
    """The moment a build claims to be made at, in UTC."""
    epoch = source_date_epoch(environ)
    return datetime.fromtimestamp(epoch, UTC) if epoch is not None else datetime.now(UTC)
