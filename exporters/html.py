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
from triptych.renditions.narration import NARRATED, NARRATION, NARRATION_MP3, SPEECH_OPTIONS, sentences_by_block

if TYPE_CHECKING:
    from lxml.etree import _Element

    from triptych.speech.narration import Narration


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
    controls = etree.SubElement(
        player, "div", {"id": "player-controls", "class": "player-controls", "hidden": "hidden"}
    )
    for ident, key in (("player-prev-section", "prev_section"), ("player-prev-sentence", "prev_sentence"),
                       ("player-play", "play"), ("player-next-sentence", "next_sentence"),
                       ("player-next-section", "next_section")):  # fmt: skip
        button = etree.SubElement(controls, "button", {"type": "button", "id": ident})
        button.text = label(lang, f"player_{key}")
    speed_label = etree.SubElement(controls, "label", {"for": "player-speed"})
    speed_label.text = label(lang, "player_speed")
    speed = etree.SubElement(controls, "select", {"id": "player-speed"})
    for value in ("0.75", "1", "1.25", "1.5", "2"):
        option = etree.SubElement(
            speed, "option", {"value": value, **({"selected": "selected"} if value == "1" else {})}
        )
        option.text = f"{value}×"
    main.insert(0, player)
    present = {str(e.get("id")) for e in document.iter() if isinstance(e.tag, str) and e.get("id")}
    timings = {
        "sentences": [
            {"id": t.segment.id, "start": round(t.start, 3), "end": round(t.end, 3)}
            for t in narration.timings
            if t.segment.id in present
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
