"""The renditions every edition shares, each made once per run and reached by a typed key.

- :mod:`~triptych.renditions.html`: the semantic HTML (``HtmlRenderer``), which each edition
  dresses in its own way;
- :mod:`~triptych.renditions.print_layout`: ``PRINT_LAYOUT`` (the print edition laid out in
  pages) and ``PAGE_BREAKS`` (where its pages start);
- :mod:`~triptych.renditions.narration`: ``SPEECH_SCRIPT``, ``NARRATION`` (the script spoken,
  with timings) and ``NARRATION_MP3``.

``context.get(KEY)`` makes a rendition the first time an exporter asks for it; see
:mod:`triptych.context`. The heavy engines load only when a rendition is made.
"""

from triptych.renditions.narration import NARRATION, NARRATION_MP3, SPEECH_OPTIONS, SPEECH_SCRIPT
from triptych.renditions.print_layout import PAGE_BREAKS, PRINT_LAYOUT, PRINT_OPTIONS, PageBreak, PrintLayout

__all__ = [
    "NARRATION",
    "NARRATION_MP3",
    "PAGE_BREAKS",
    "PRINT_LAYOUT",
    "PRINT_OPTIONS",
    "SPEECH_OPTIONS",
    "SPEECH_SCRIPT",
    "PageBreak",
    "PrintLayout",
]
