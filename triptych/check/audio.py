"""Audio editions (MP3, M4B) with their WebVTT captions: tags, chapters, and cues that are in
order and inside the audio. Needs ffprobe (ffmpeg)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triptych.check.findings import Finding

if TYPE_CHECKING:
    from triptych.check.findings import EditionReport

_TIME = re.compile(r"^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})$")
TOLERANCE = 0.06


def _seconds(stamp: str) -> float | None:
    match = _TIME.match(stamp.strip())
    if not match:
        return None
    hours, minutes, seconds, millis = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def read_cues(path: Path) -> tuple[list[tuple[str, float, float, str]], list[Finding]]:
    """The cues of a WebVTT file, and what is wrong with its syntax."""
    text = path.read_text(encoding="utf-8")
    problems = []
    if not text.startswith("WEBVTT"):
        problems.append(Finding("captions", "vtt-header", "the file does not start with WEBVTT", path.name))
    cues: list[tuple[str, float, float, str]] = []
    for block in re.split(r"\n\s*\n", text.strip())[1:]:
        lines = block.splitlines()
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        start_text, _, end_text = lines[timing].partition("-->")
        start, end = _seconds(start_text), _seconds(end_text.split()[0] if end_text.split() else "")
        cue_id = lines[0] if timing == 1 else f"cue {len(cues) + 1}"
        if start is None or end is None:
            problems.append(Finding("captions", "vtt-timestamp", f"bad timing line {lines[timing]!r}", cue_id))
            continue
        cues.append((cue_id, start, end, " ".join(lines[timing + 1 :])))
    return cues, problems


def _probe(path: Path) -> dict[str, Any]:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_chapters", str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise ValueError(result.stderr.strip()[-300:] or "not an audio file")
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def check(reports: Sequence[EditionReport]) -> None:
    """Add findings about tags, chapters and captions to each audio report."""
    if not reports:
        return
    if shutil.which("ffprobe") is None:
        for report in reports:
            report.error = "ffprobe is missing: apt-get install ffmpeg"
        return
    for report in reports:
        report.checkers["audio"] = "Triptych audio checks (ffprobe)"
        try:
            info = _probe(report.path)
        except (ValueError, subprocess.TimeoutExpired) as exc:
            report.error = f"{report.path}: ffprobe could not read it ({exc})"
            continue
        found = report.findings
        duration = float(info.get("format", {}).get("duration", 0))
        tags = {k.lower(): v for k, v in info.get("format", {}).get("tags", {}).items()}
        for tag in ("title", "language"):  # an article may have no author
            if not tags.get(tag):
                found.append(Finding("audio", f"tag-{tag}", f"the audio has no {tag} tag"))
        chapters = info.get("chapters", [])
        if not chapters:
            found.append(Finding("audio", "chapters", "the audio has no chapters: listeners can't jump to a section"))
        starts = [float(c["start_time"]) for c in chapters]
        if starts != sorted(starts):
            found.append(Finding("audio", "chapters-order", "the chapters are not in order"))
        for chapter in chapters:
            if float(chapter["end_time"]) > duration + TOLERANCE:
                title = chapter.get("tags", {}).get("title", "")
                found.append(Finding("audio", "chapter-bounds", "a chapter ends after the audio", title))
        captions = report.path.with_suffix(".vtt")
        if not captions.is_file():
            found.append(Finding("captions", "captions-missing", f"no captions file {captions.name} beside the audio"))
            continue
        cues, problems = read_cues(captions)
        found += problems
        if not cues:
            found.append(Finding("captions", "cues-missing", "the captions file has no cues", captions.name))
        previous_end = 0.0
        for cue_id, start, end, text in cues:
            if start >= end:
                found.append(Finding("captions", "cue-empty", f"the cue ends before it starts ({start:.3f} s)", cue_id))
            if start < previous_end - 0.001:
                found.append(Finding("captions", "cue-order", "the cue starts before the previous one ends", cue_id))
            if end > duration + TOLERANCE:
                problem = f"the cue ends at {end:.3f} s, after the audio ({duration:.3f} s)"
                found.append(Finding("captions", "cue-bounds", problem, cue_id))
            if not text.strip():
                found.append(Finding("captions", "cue-text", "the cue has no text", cue_id))
            previous_end = max(previous_end, end)
