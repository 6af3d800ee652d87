"""The web edition: one self-contained, accessible HTML5 file.

Styles are inlined from ``styles/``, local images are embedded as ``data:`` URLs, and a
Content-Security-Policy allows nothing else, so the page works offline and loads nothing remote.
With the narration (``--narrated``, or when the audio edition is made in the same run) the page
also embeds the audio and its captions and gets a read-along player (``styles/player.js``) that
highlights the sentence being spoken; without JavaScript it keeps a native ``<audio controls>``
with a captions track.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from styles import stylesheet
from triptych.errors import TriptychError
from triptych.exporter import BaseExporter, ExportContext
from triptych.language import label, language_name
from triptych.model import Article
from triptych.renditions.html import HtmlRenderer, serialize
from triptych.renditions.narration import (
    NARRATED,
    NARRATION,
    NARRATION_MP3,
    SPEECH_OPTIONS,
    cue_element,
    sentences_by_block,
)

if TYPE_CHECKING:
    from lxml.etree import _Element

    from triptych.speech.narration import Narration


_BUTTONS = (("player-prev-section", "prev_section"), ("player-prev-sentence", "prev_sentence"),
            ("player-play", "play"), ("player-next-sentence", "next_sentence"),
            ("player-next-section", "next_section"))  # fmt: skip
_ICONS = {
    "prev_section": "M6 5h2v14H6zM20 5v14l-10-7z",
    "prev_sentence": "M18 5v14l-10-7zM6 5h2v14H6z",
    "play": "M8 5v14l11-7z",
    "pause": "M7 5h4v14H7zM13 5h4v14h-4z",
    "next_sentence": "M6 5v14l10-7zM16 5h2v14h-2z",
    "next_section": "M4 5v14l10-7zM16 5h2v14h-2z",
}
"""The buttons' pictures (24 × 24 SVG paths); each button's name is its text, visually hidden."""


def _button(parent: _Element, ident: str, name: str, *, main: bool) -> None:
    key = dict(_BUTTONS)[ident]
    button = etree.SubElement(parent, "button", {"type": "button", "id": ident, "title": name,
                                                 "class": "player-main" if main else "player-icon"})  # fmt: skip
    for picture in (key, "pause") if main else (key,):
        icon = etree.SubElement(button, "svg", {"viewBox": "0 0 24 24", "aria-hidden": "true",
                                                "class": f"icon-{picture}"})  # fmt: skip
        etree.SubElement(icon, "path", {"d": _ICONS[picture]})
    text = etree.SubElement(button, "span", {"class": "visually-hidden"})
    text.text = name


def _clock(seconds: float) -> str:
    whole = int(seconds + 0.5)
    return (
        f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
        if whole >= 3600
        else f"{whole // 60}:{whole % 60:02d}"
    )


def _hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


class HtmlExporter(BaseExporter):
    """Single-file web edition."""

    name = "html"
    suffix = "html"
    description = "Accessible single-file web page (HTML5, styles and images inlined; read-along with the audio)"
    options = (NARRATED, *SPEECH_OPTIONS)
    can_use = frozenset({NARRATION})

    def export(self, article: Article, target: Path, context: ExportContext) -> None:
        """Write the web edition to ``target``."""
        target.write_bytes(render_web_page(article, context))


def _narration(context: ExportContext) -> Narration | None:
    """The narration to read along with: asked for (``narrated``), or made by the run anyway."""
    if context.option(NARRATED):
        return context.get(NARRATION)
    if not context.offers(NARRATION):
        return None
    try:
        return context.get(NARRATION)
    except TriptychError as exc:  # the audio edition fails on its own; the page is made without the player
        context.warn(f"web edition made without read-along: {exc}")
        return None


def render_web_page(article: Article, context: ExportContext) -> bytes:
    """The web edition's bytes."""
    narration = _narration(context)
    css = stylesheet("base.css", "web.css", *(["player.css"] if narration else []))
    script = stylesheet("player.js") if narration else ""
    csp = f"default-src 'none'; img-src data:; style-src 'sha256-{_hash(css)}'; base-uri 'none'; form-action 'none'"
    if narration:
        csp += f"; media-src data:; script-src 'sha256-{_hash(script)}'"
    renderer = HtmlRenderer(
        article, image_url=lambda src: context.media[src].data_url(), sentences=sentences_by_block(narration)
    )
    document = renderer.document(css, csp=csp)
    if narration is not None:
        _add_player(document, article, context, narration, script)
    page = serialize(document)
    for warning in renderer.warnings:
        context.warn(warning)
    return page


def _add_player(
    document: _Element, article: Article, context: ExportContext, narration: Narration, script: str
) -> None:
    """The player: native audio with captions (works without JavaScript), controls, timings, script."""
    from triptych.speech.captions import webvtt

    lang = article.meta.language  # the player's words: the catalogue's player_* labels
    mp3 = base64.b64encode(context.get(NARRATION_MP3).read_bytes()).decode("ascii")
    vtt = base64.b64encode(webvtt(narration, article.meta.language).encode("utf-8")).decode("ascii")
    main = document.find("body/main")
    assert main is not None
    player = etree.Element("section", {"class": "player", "aria-label": label(lang, "player_listen")})
    audio = etree.SubElement(player, "audio", {"id": "narration", "controls": "controls", "preload": "metadata",
                                                "src": f"data:audio/mpeg;base64,{mp3}"})  # fmt: skip
    etree.SubElement(audio, "track", {"kind": "captions", "srclang": article.meta.language,
                                      "label": language_name(article.meta.language),
                                      "src": f"data:text/vtt;base64,{vtt}", "default": "default"})  # fmt: skip
    # media controls run left to right in every script (the time line, the clock), as players do
    controls = etree.SubElement(
        player, "div", {"id": "player-controls", "class": "player-controls", "hidden": "hidden", "dir": "ltr"}
    )
    for ident, key in _BUTTONS:
        _button(controls, ident, label(lang, f"player_{key}"), main=key == "play")
    track = etree.SubElement(controls, "div", {"class": "player-track"})
    etree.SubElement(track, "input", {"type": "range", "id": "player-progress", "min": "0", "step": "1",
                                      "max": f"{narration.duration:.1f}", "value": "0",
                                      "aria-label": label(lang, "player_position")})  # fmt: skip
    etree.SubElement(track, "div", {"class": "player-marks", "aria-hidden": "true"})
    clock = etree.SubElement(controls, "span", {"class": "player-time", "id": "player-time"})
    clock.text = f"0:00 / {_clock(narration.duration)}"
    speed_label = etree.SubElement(controls, "label", {"for": "player-speed", "class": "visually-hidden"})
    speed_label.text = label(lang, "player_speed")
    speed = etree.SubElement(controls, "select", {"id": "player-speed", "title": label(lang, "player_speed")})
    for value in ("0.75", "1", "1.25", "1.5", "2"):
        option = etree.SubElement(
            speed, "option", {"value": value, **({"selected": "selected"} if value == "1" else {})}
        )
        option.text = f"{value}×"
    main.insert(0, player)
    present = {str(e.get("id")) for e in document.iter() if isinstance(e.tag, str) and e.get("id")}
    cues = [(t, cue_element(t.segment, present)) for t in narration.timings]
    timings = {
        "key": hashlib.sha256(mp3.encode("ascii")).hexdigest()[:16],
        "duration": round(narration.duration, 3),
        "cues": [
            {"id": t.segment.id, "el": element, "start": round(t.start, 3), "end": round(t.end, 3)}
            for t, element in cues
            if element is not None
        ],
        "sections": [{"title": c.title, "start": round(c.start, 3)} for c in narration.chapters()],
        "labels": {
            "play": label(lang, "player_play"),
            "pause": label(lang, "player_pause"),
            "readFromHere": label(lang, "player_read_from_here"),
        },
    }
    body = document.find("body")
    assert body is not None
    data = etree.SubElement(body, "script", {"type": "application/json", "id": "narration-timings"})
    data.text = json.dumps(timings, ensure_ascii=False).replace("</", "<\\/")
    etree.SubElement(body, "script").text = script
