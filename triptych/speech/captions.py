"""WebVTT captions: one cue per segment, identified by the segment id, with the text as written."""

from __future__ import annotations

from triptych.speech.narration import Narration


def timestamp(seconds: float) -> str:
    """A WebVTT timestamp (hh:mm:ss.ttt)."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _escape(text: str) -> str:
    return " ".join(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def webvtt(narration: Narration, language: str) -> str:
    """The captions file."""
    lines = ["WEBVTT", f"Language: {language}", ""]
    for timing in narration.timings:
        cue_id = timing.segment.id.replace("-->", "--")
        lines += [cue_id, f"{timestamp(timing.start)} --> {timestamp(timing.end)}", _escape(timing.segment.text), ""]
    return "\n".join(lines)
