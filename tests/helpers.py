"""What the tests share: the articles, the editions the whole suite makes once, the golden files,
and readers of what Triptych makes (captions, decoded audio, PDF/UA-1 verdicts).

The editions are described here (:data:`EDITIONS`), made on first use by the session fixture
``editions`` (tests/conftest.py), used by the exporter tests, and every PDF, EPUB and web page
among them goes through the real validators in tests/test_validation.py, one test per edition.
"""

from __future__ import annotations

import array
import contextlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from triptych.model import Article
from triptych.renditions import PageBreak

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
ARTICLES = TESTS / "articles"
SAMPLES = sorted(p for p in ARTICLES.iterdir() if p.is_file())
"""The sample articles: one of each reader (tests/articles/*)."""
BAD = ARTICLES / "bad"
HOSTILE = ["hostile-title.md", "local-files.html", "xxe.xhtml", "latin1.txt", "laughs.xhtml"]
"""The bad articles that are readable: they must export safely. (bad/laughs.html, the same entity bomb
as laughs.xhtml read by the HTML reader, gives the same article: test_bad_input.py says so.)"""
EXTRA = ARTICLES / "extra"
"""Articles for the exporters: every construct of the model (everything.md), every script (scripts.md)."""
LANGUAGES = sorted((ARTICLES / "languages").glob("*.md"))
"""Whole articles in Arabic (right to left), Greek, Hindi, Japanese, Russian, and English full of emoji."""
SEED = ROOT / "examples" / "ice-arrests.txt"
"""The article ./setup.sh exports: the same as the sample tests/articles/ice-arrests.txt."""
EXPECTED = TESTS / "expected"
"""Golden files: the model (``<name>.json``) and the speech script (``<name>.speech.tsv``) of each sample."""
READER_FIXTURES = TESTS / "fixtures" / "readers"
"""Golden files for the readers: small articles, one construct or attack each, beside their model."""


@contextlib.contextmanager
def tmpfs(mount: Path, options: str) -> Iterator[Path]:
    """A real small file system (tmpfs) mounted at ``mount``, so a full disk is real; skipped where
    mounting needs root, failed in CI (which runs as root: there, a skip would hide the tests)."""
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", mount], capture_output=True, check=False)
    if done.returncode != 0:
        problem = f"can't mount a tmpfs here (needs root): {done.stderr.decode().strip()}"
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", mount], check=False)


def made_path(path: Path | None) -> Path:
    """An output's path, which must exist (the export succeeded)."""
    assert path is not None
    return path


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m pipeline`` (the ``triptych`` command) and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def parse_page(path: Path) -> Any:
    """Parse an HTML edition (typed ``Any``: lxml's xpath() results are too wide a union to use)."""
    return html.fromstring(path.read_bytes())


# --- reading what Triptych makes ---------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    id: str
    start: float
    end: float
    text: str


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def read_vtt(path: Path) -> list[Cue]:
    """The cues of a WebVTT file."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")
    cues = []
    for block in text.split("\n\n")[1:]:
        lines = block.strip().split("\n")
        if len(lines) < 3:
            continue
        start, end = lines[1].split(" --> ")
        cues.append(Cue(lines[0], _seconds(start), _seconds(end), " ".join(lines[2:])))
    return cues


def decode(path: Path, rate: int | None = None) -> array.array[int]:
    """The audio as the listener's player decodes it: 16-bit mono samples (at the engine's rate)."""
    from triptych.speech.engine import SAMPLE_RATE

    raw = subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate or SAMPLE_RATE),
         "-"],
        capture_output=True,
        check=True,
    ).stdout  # fmt: skip
    samples = array.array("h")
    samples.frombytes(raw)
    return samples


def probe(path: Path) -> dict[str, Any]:
    """ffprobe's format, chapters and streams of a media file."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_chapters", "-show_streams",
         str(path)],
        capture_output=True,
        text=True,
        check=True,
    )  # fmt: skip
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def heard_words(mp3: Path, texts: list[str], folder: Path) -> list[tuple[str, float]]:
    """What an offline recogniser (pocketsphinx, with a language model made from ``texts``) hears in
    ``mp3``: each word, and the middle of its time span in seconds."""
    from pocketsphinx import Decoder, get_model_path
    from pocketsphinx.lm import ArpaBoLM

    model = ArpaBoLM(text="\n".join(" ".join(spoken_words(text)) for text in texts), add_start=True)
    model.compute()
    lm_path = folder / "article.lm"
    with lm_path.open("w", encoding="utf-8") as handle:
        model.write(handle)
    models = Path(get_model_path()) / "en-us"
    decoder = Decoder(hmm=str(models / "en-us"), lm=str(lm_path), dict=str(models / "cmudict-en-us.dict"),
                      loglevel="FATAL")  # fmt: skip
    decoder.start_utt()
    decoder.process_raw(decode(mp3, 16000).tobytes(), full_utt=True)
    decoder.end_utt()
    return [(re.sub(r"\(\d+\)$", "", s.word), (s.start_frame + s.end_frame) / 200) for s in decoder.seg()]


def spoken_words(text: str) -> list[str]:
    """The words of ``text`` as the recogniser spells them."""
    return re.findall(r"[a-z']+", text.lower())


def pdf_ua_failures(path: Path) -> list[str]:
    """Every failed rule of PDF/UA-1 (page-validation), one line each: [] when the PDF conforms."""
    import page

    result = page.validate_pdf(str(path), profile="ua1")
    return [] if result.is_compliant else [f"{f.rule_id}: {f.message}" for f in result.failures]


# --- golden files ------------------------------------------------------------------------------


def model_data(source: Path) -> dict[str, Any]:
    """The article model of ``source`` as ``triptych inspect`` prints it (its source by file name only)."""
    from triptych import read_article
    from triptych.serialize import article_data

    data = article_data(read_article(source))
    data["meta"]["source"] = source.name
    return data


def model_json(source: Path) -> str:
    """:func:`model_data` as the text of its golden file."""
    return json.dumps(model_data(source), indent=2, ensure_ascii=False) + "\n"


def speech_tsv(source: Path) -> str:
    """The speech script of ``source`` as ``triptych inspect --speech`` prints it: id, a tab, what is spoken."""
    from triptych import read_article
    from triptych.speech.script import speech_script

    return "".join(f"{segment.id}\t{segment.spoken}\n" for segment in speech_script(read_article(source)))


def reader_fixtures() -> list[Path]:
    """The reader fixtures' sources (each beside its ``<stem>.json``)."""
    return sorted(p for p in READER_FIXTURES.iterdir() if p.is_file() and p.suffix != ".json")


# --- the editions the suite shares -------------------------------------------------------------

IMAGE_NOT_FETCHED = "image '{}' not fetched: only images in the article's folder are used"
WARNINGS = {
    "harbor-bridge.html": (IMAGE_NOT_FETCHED.format("https://cdn.coastal-courier.example/img/bridge-hero.jpg"),),
    "hostile-title.md": (
        IMAGE_NOT_FETCHED.format("file:///etc/passwd"),
        IMAGE_NOT_FETCHED.format("http://169.254.169.254/latest/meta-data/"),
    ),
    "local-files.html": (
        IMAGE_NOT_FETCHED.format("file:///etc/hostname"),
        "image '../../../../../../etc/passwd' refused: it is outside the article's folder",
    ),
    "xxe.xhtml": ("xxe.xhtml: entity &lol3; left unexpanded", "xxe.xhtml: entity &xxe; left unexpanded"),
    "latin1.txt": ("latin1.txt: decoded as cp1252, not UTF-8",),
    # The page says <html lang="en">, but the entity bomb makes the XML parser give up and the
    # HTML parser that reads it instead loses the attribute (reported as a possible reader bug).
    "laughs.xhtml": ("laughs.xhtml: the page gives no language (<html lang>); en detected from its text",),
}
"""The warnings each article gives, exactly: the hostile ones warn, the others must not."""


@dataclass(frozen=True)
class Spec:
    """One run of ``triptych.export`` whose editions the tests share."""

    source: Path
    formats: str | None = None
    """A comma-separated list, or None for every edition."""
    options: Mapping[str, str] = field(default_factory=dict)
    check: bool = False

    def makes(self, fmt: str) -> bool:
        return self.formats is None or fmt in self.formats.split(",")


CORPUS = {p.name: p for p in [*SAMPLES, *(BAD / n for n in HOSTILE), EXTRA / "everything.md", EXTRA / "scripts.md",
                              *LANGUAGES]}  # fmt: skip
"""Every article made into every edition, by file name."""
READING_ROOM = ARTICLES / "reading-room.md"

EDITIONS: dict[str, Spec] = {
    **{name: Spec(source) for name, source in CORPUS.items()},
    **{f"{p.name}+narrated": Spec(p, options={"narrated": "yes"}) for p in SAMPLES},
    **{f"{name}+web": Spec(source, "html") for name, source in CORPUS.items()},  # the page without read-along
    "reading-room.md+epub": Spec(READING_ROOM, "epub"),  # no PDF in the run: no print page numbers
    "reading-room.md+print-pages": Spec(READING_ROOM, "epub", {"print-pages": "yes"}),
    "reading-room.md+large-print": Spec(READING_ROOM, "pdf,epub", {"style": "large-print"}),
    "reading-room.md+letter": Spec(READING_ROOM, "pdf", {"page-size": "letter"}),
    "reading-room.md+certified": Spec(READING_ROOM, "epub", check=True),
}
"""The shared runs, by key: ``<article>`` (every edition), ``<article>+<variant>``."""


def page_list_hook_breaks(article: Article) -> tuple[PageBreak, ...]:
    """The page breaks a plugin provides to the EPUB exporter through the context."""
    return (PageBreak("1", "title"), PageBreak("2", article.blocks[5].id))


def _page_list_hook_book(folder: Path) -> Path:
    """An EPUB made by the exporter itself, with page breaks provided by hand (as a plugin can)."""
    from exporters.epub import EpubExporter
    from triptych import read_source
    from triptych.exporter import ExportContext
    from triptych.renditions import PAGE_BREAKS

    reading = read_source(READING_ROOM)
    context = ExportContext(article=reading.article, media=reading.media, offered=frozenset({PAGE_BREAKS}))
    context.provide(PAGE_BREAKS, page_list_hook_breaks(reading.article))
    book = folder / "paged.epub"
    EpubExporter().export(reading.article, book, context)
    return book


BOOKS_BY_HAND: dict[str, Callable[[Path], Path]] = {"reading-room.md+page-list-hook": _page_list_hook_book}
"""Shared EPUBs made without a run, by key."""

PDF_EDITIONS = [key for key, spec in EDITIONS.items() if spec.makes("pdf")]
EPUB_EDITIONS = [*(key for key, spec in EDITIONS.items() if spec.makes("epub")), *BOOKS_BY_HAND]
PAGE_BREAK_VARIANTS = {
    "reading-room.md+epub": "reading-room.md",
    "reading-room.md+print-pages": "reading-room.md",
    "reading-room.md+large-print": "reading-room.md",
    "reading-room.md+page-list-hook": "reading-room.md",
}
"""Books whose documents are another book's but for the page-break markers and the page list (a
test in test_validation.py checks it): Ace's verdict on that book holds for them."""
READ_ALONG_VALIDATED = [*(p.name for p in SAMPLES), "everything.md", "scripts.md", "ar.md"]
"""The read-along pages the validators check: every construct, every script, right to left. (The
read-along page is the plain page, validated for every article, with the player and the sentences
marked; the narrated runs make the same bytes as these: test_narrated_epub.py says so.)"""
WEB_EDITIONS = [*(key for key in EDITIONS if key.endswith("+web")), *READ_ALONG_VALIDATED]


@dataclass(frozen=True)
class Made:
    """The editions of one shared run: the main file of each format, and the run's result."""

    key: str
    folder: Path
    files: Mapping[str, Path]
    result: Any = None
    """The :class:`triptych.ExportResult` (None for a book made by hand)."""

    def _file(self, fmt: str) -> Path:
        assert fmt in self.files, f"{self.key} makes no {fmt} edition"
        return self.files[fmt]

    @property
    def pdf(self) -> Path:
        return self._file("pdf")

    @property
    def epub(self) -> Path:
        return self._file("epub")

    @property
    def html(self) -> Path:
        return self._file("html")

    @property
    def audio(self) -> Path:
        return self._file("audio")

    @property
    def vtt(self) -> Path:
        return self.audio.with_suffix(".vtt")

    @property
    def index(self) -> Path:
        return self.folder / f"{self.result.slug}.index.json"

    @property
    def manifest(self) -> Path:
        path: Path = self.result.manifest
        return path

    def details(self, fmt: str) -> dict[str, Any]:
        """What the manifest records about the edition of ``fmt``."""
        manifest = json.loads(self.manifest.read_text(encoding="utf-8"))
        (output,) = [o for o in manifest["outputs"] if o["format"] == fmt]
        details: dict[str, Any] = output["details"]
        return details


class Library:
    """The shared editions, each run made once, on first use, into a folder of its own."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._made: dict[str, Made] = {}

    def __call__(self, key: str) -> Made:
        if key not in self._made:
            folder = self.root / re.sub(r"[^A-Za-z0-9+-]", "-", key)
            folder.mkdir(parents=True)
            self._made[key] = self._by_hand(key, folder) if key in BOOKS_BY_HAND else self._export(key, folder)
        return self._made[key]

    @staticmethod
    def _by_hand(key: str, folder: Path) -> Made:
        return Made(key, folder, {"epub": BOOKS_BY_HAND[key](folder)})

    @staticmethod
    def _export(key: str, folder: Path) -> Made:
        from triptych import export

        spec = EDITIONS[key]
        result = export(spec.source, spec.formats, folder, options=dict(spec.options), check=spec.check)
        assert result.ok, (key, result.outputs, result.checks)
        assert result.warnings == WARNINGS.get(spec.source.name, ()), key
        return Made(key, folder, {o.format: made_path(o.path) for o in result.outputs}, result)
