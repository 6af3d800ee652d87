"""The hyphenation patterns are parsed by the run and handed to the PDF's own process: that process
hyphenates with them without parsing a dictionary, and the PDF is the one a single process makes."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from triptych import export
from triptych.context import ExportContext
from triptych.pdf.hyphenation import dictionary, patterns

LONG_WORDS = (
    "Die Donaudampfschifffahrtsgesellschaft und die Straßenbahnverkehrsbetriebe verhandeln über "
    "Arbeitnehmerentsendebestimmungen, Rechtsschutzversicherungsgesellschaften und "
    "Verkehrsinfrastrukturfinanzierungsgesellschaften. "
)
ARTICLE = "---\ntitle: Verkehr\nlanguage: de-DE\n---\n\n" + "\n\n".join(LONG_WORDS * 3 for _ in range(6)) + "\n"


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    source = tmp_path / "src" / "verkehr.md"
    source.parent.mkdir()
    source.write_text(ARTICLE, encoding="utf-8")
    return source


def test_a_process_given_the_patterns_hyphenates_without_parsing_them(tmp_path: Path) -> None:
    given = patterns("de-DE")
    assert given is not None and given.path.name == "hyph_de_DE.dic"
    (tmp_path / "given.pickle").write_bytes(pickle.dumps(given))
    code = (
        "import pickle, sys, pyphen\n"
        "from triptych.pdf.hyphenation import install\n"
        "def refuse(self, path): raise AssertionError('parsed ' + str(path))\n"
        "pyphen.HyphDict.__init__ = refuse\n"
        f"install(pickle.loads(open({str(tmp_path / 'given.pickle')!r}, 'rb').read()))\n"
        "print(pyphen.Pyphen(lang='de_DE').inserted('Donaudampfschifffahrtsgesellschaft'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().count("-") >= 5  # Do-nau-dampf-schiff-fahrts-ge-sell-schaft


def test_a_language_pyphen_lacks_has_no_patterns() -> None:
    assert patterns("tlh") is None
    assert dictionary("tlh") is None


def test_the_pdf_laid_out_with_the_patterns_handed_over_is_the_pdf_of_one_process(
    article: Path, tmp_path: Path
) -> None:
    forked = export(article, "pdf,epub", tmp_path / "forked", name="verkehr")
    serial = export(article, "pdf,epub", tmp_path / "serial", name="verkehr", concurrent=False)
    assert forked.ok and serial.ok
    made = tmp_path / "forked" / "verkehr.pdf"
    assert made.read_bytes() == (tmp_path / "serial" / "verkehr.pdf").read_bytes()
    text = subprocess.run(["pdftotext", str(made), "-"], capture_output=True, text=True, check=True).stdout
    assert sum(line.endswith(("-", "\u2010")) for line in text.splitlines()) >= 3  # words broken at syllables


def test_patterns_are_parsed_once_per_process_into_pyphen_s_own_cache() -> None:
    import pyphen

    first, again = patterns("en-GB"), patterns("en_GB")
    assert first is not None and again is not None
    assert again.patterns is first.patterns  # parsed once, however the tag is spelled
    assert pyphen.hdcache[first.path] is first.patterns  # where WeasyPrint's Pyphen looks


def test_large_print_is_not_hyphenated_so_no_patterns_are_made(article: Path) -> None:
    from triptych import read_source
    from triptych.renditions.print_layout import HYPHENATION

    reading = read_source(article)
    standard = ExportContext(article=reading.article, media=reading.media)
    large = ExportContext(article=reading.article, media=reading.media, options={"style": "large-print"})
    assert standard.get(HYPHENATION) is not None
    assert large.get(HYPHENATION) is None
