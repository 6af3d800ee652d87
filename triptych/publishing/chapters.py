"""The Podcasting 2.0 chapters file of an audio edition (``<slug>.chapters.json``), from the
chapters of the run's narration that the cross-format index records (the same chapters the audio
exporter wrote into the MP3), so podcast apps show the chapters the file carries."""

from __future__ import annotations

import json
from typing import Any

from triptych.publishing.config import Channel
from triptych.publishing.entries import Entry
from triptych.run.index import read_chapters

VERSION = "1.2.0"
"""The version of the JSON chapters format written."""
MEDIA_TYPE = "application/json+chapters"
SUFFIX = ".chapters.json"


def chapters_name(entry: Entry) -> str:
    """The chapters file's name, beside the audio."""
    return f"{entry.slug}{SUFFIX}"


def chapters_data(entry: Entry, channel: Channel) -> dict[str, Any] | None:
    """The chapters file as data, or ``None`` when the article has no audio edition with chapters."""
    audio = entry.edition("audio")
    marks = read_chapters(entry.file(f"{entry.slug}.index.json")) if audio is not None else []
    if audio is None or not marks:
        return None
    article = entry.article
    return {
        "version": VERSION,
        "title": article.title,
        **({"author": ", ".join(article.authors)} if article.authors else {}),
        "podcastName": channel.title,
        "fileName": audio.path,
        "chapters": [{"startTime": start, "endTime": end, "title": title} for title, start, end in marks],
    }


def chapters_bytes(data: dict[str, Any]) -> bytes:
    """The file's bytes: the same data always gives the same bytes."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
