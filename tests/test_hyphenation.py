"""The hyphenation patterns are parsed by the run and handed to the PDF's own process: that process
hyphenates with them without parsing a dictionary, and the PDF is the one a single process makes."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT
from triptych import export
from triptych.context import ExportContext, Key
from triptych.pdf.hyphenation import dictionary, patterns
from triptych.plugins import Registry

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


made_in: list[int] = []


def _where(context: ExportContext) -> int:
    made_in.append(os.getpid())
    return os.getpid()


WHERE: Key[int] = Key("test-where-made", _where)


class Ahead:
    """An isolated exporter that writes where its rendition made ahead was made, and where it ran."""

    name = "ahead"
    suffix = "txt"
    description = "process ids"
    isolated = True
    requires = frozenset({WHERE})
    ahead = frozenset({WHERE})

    def export(self, article: object, target: Path, context: Any) -> None:
        target.write_text(f"{context.get(WHERE)} {os.getpid()}", encoding="utf-8")


def test_renditions_made_ahead_are_made_by_the_run_and_used_in_the_edition_s_process(
    article: Path, tmp_path: Path
) -> None:
    from triptych.run import isolation

    if isolation._server is not None:
        isolation._server.stop()  # one that an earlier test started has not loaded this exporter
    made_in.clear()
    registry = Registry.discover()
    registry.points["ahead"] = EntryPoint("ahead", "tests.test_hyphenation:Ahead", "triptych.exporters")
    result = export(article, "ahead,epub", tmp_path / "out", name="verkehr", registry=registry)
    assert all(o.ok for o in result.outputs), result.outputs
    made, ran = map(int, (tmp_path / "out" / "verkehr.txt").read_text(encoding="utf-8").split())
    assert made == os.getpid() and ran != os.getpid()  # made here, while the edition ran elsewhere
    assert made_in == [os.getpid()]  # and not made again there
    assert isolation._server is not None and ran not in (os.getpid(), isolation._server.pid)
