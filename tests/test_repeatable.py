"""With ``SOURCE_DATE_EPOCH`` set, two runs make byte-identical editions: PDF, EPUB (narrated,
with the print page list), MP3, VTT, the web page with its read-along, and the index; and the
editions carry that time, not the time of the run."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
from lxml import etree

from .helpers import ARTICLES, run_cli

EPOCH_STAMP = (2023, 11, 14, 22, 13, 20)  # SOURCE_DATE_EPOCH=1700000000


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    runs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        env = {"SOURCE_DATE_EPOCH": "1700000000", "TRIPTYCH_CACHE_DIR": str(tmp_path / f"cache{n}")}
        result = run_cli("export", ARTICLES / "reading-room.md", "--narrated", "-o", out, "-q", env=env)
        assert result.returncode == 0, result.stderr
        runs.append({p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")})
    first, second = runs
    suffixes = sorted(Path(name).suffix for name in first)
    assert suffixes == [".epub", ".html", ".json", ".json", ".mp3", ".pdf", ".vtt"]
    different = sorted(name for name in first if first[name] != second[name])
    assert different == [n for n in first if n.endswith(".manifest.json")]  # it records how long each took

    (book,) = (tmp_path / "run1").glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        infos = archive.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert {info.date_time for info in infos} == {EPOCH_STAMP}
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    modified = opf.xpath("//*[local-name()='meta'][@property='dcterms:modified']/text()")
    assert modified == ["2023-11-14T22:13:20Z"]
    (pdf_path,) = (tmp_path / "run1").glob("*.pdf")
    with pikepdf.open(pdf_path) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20231114221320")
