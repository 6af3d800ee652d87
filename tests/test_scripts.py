"""Every script: whole articles in Arabic (right to left), Japanese, Hindi, Greek and Russian, and
one full of emoji (tests/articles/languages), made into all the editions (shared, and validated in
test_validation.py). The PDF draws no .notdef glyph, the EPUB has the right language, direction and
page progression, and the audio is read by a voice for the language, or says in the manifest that it
fell back."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from triptych import read_article
from triptych.model import block_text

from .helpers import LANGUAGES, Library, parse_page, run_cli


def notdef_glyphs(pdf_path: Path) -> int:
    """How many glyphs the PDF's text draws with glyph 0, the .notdef box."""
    count = 0
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            fonts = page.Resources.Font
            font = None
            for instruction in pikepdf.parse_content_stream(page):
                if not isinstance(instruction, pikepdf.ContentStreamInstruction):
                    continue  # an inline image
                operands, name = instruction.operands, str(instruction.operator)
                if name == "Tf":
                    font = fonts[str(operands[0])]
                    assert font.Subtype == "/Type0" and font.Encoding == "/Identity-H"
                    assert font.DescendantFonts[0].CIDToGIDMap == "/Identity"  # so a code is a glyph id
                    continue
                if name in ("Tj", "'", '"'):
                    strings = [operands[-1]]
                elif name == "TJ":
                    strings = [item for item in operands[0] if isinstance(item, pikepdf.String)]
                else:
                    continue
                for string in strings:
                    data = bytes(string)
                    count += sum(1 for i in range(0, len(data) - 1, 2) if data[i : i + 2] == b"\0\0")
    return count


@pytest.mark.parametrize("language", [p.stem for p in LANGUAGES])
def test_every_script_in_every_edition(editions: Library, language: str) -> None:
    shared = editions(f"{language}.md")  # made without a warning
    made = shared.files
    rtl = language == "ar"
    article = read_article(next(p for p in LANGUAGES if p.stem == language))
    title = article.meta.title
    first, heading, last = (block_text(b) for b in article.blocks)

    with pikepdf.open(made["pdf"]) as pdf:
        assert str(pdf.Root.Lang) == language
        assert str(pdf.open_metadata()["dc:title"]) == title
    assert notdef_glyphs(made["pdf"]) == 0
    if not rtl:  # pdftotext gives right-to-left text in visual order
        text = subprocess.run(["pdftotext", made["pdf"], "-"], capture_output=True, text=True, check=True).stdout
        assert " ".join(heading.split()) in " ".join(text.split())

    with zipfile.ZipFile(made["epub"]) as book:
        package = etree.fromstring(book.read("EPUB/content.opf"))
        page = etree.fromstring(book.read("EPUB/article.xhtml"))
    ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    assert package.xpath("string(//dc:language)", namespaces=ns) == language
    spine = package.find("opf:spine", ns)
    assert spine is not None
    assert spine.get("page-progression-direction", "ltr") == ("rtl" if rtl else "ltr")
    assert package.get("dir", "ltr") == ("rtl" if rtl else "ltr")
    assert package.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert page.get("lang") == page.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert page.get("dir") == ("rtl" if rtl else "ltr")
    assert last in "".join(str(t) for t in page.itertext())

    web = parse_page(made["html"])
    assert web.get("lang") == language
    assert web.get("dir") == ("rtl" if rtl else "ltr")

    audio = shared.details("audio")
    assert audio["voice"].rsplit("/", 1)[-1].split("-")[0] == language  # eSpeak NG's voice for the language
    assert "voice_fallback" not in audio
    assert audio["duration"] > 3
    cues = made["audio"].with_suffix(".vtt").read_text(encoding="utf-8")
    first_sentence = re.split(r"(?<=[.。।])\s*", first)[0]
    assert f"\n{first_sentence}\n" in cues  # one cue per sentence, whatever ends it
    closing = {"ar": "نهاية المقال.", "ja": "記事の終わり。", "hi": "लेख समाप्त।", "el": "Τέλος άρθρου.",
               "ru": "Конец статьи.", "en": "End of article.", "fr": "Fin de l’article."}  # fmt: skip
    assert cues.rstrip().endswith(closing[language])  # announcements in the article's language


def test_a_language_without_a_voice_falls_back_and_says_so(tmp_path: Path) -> None:
    source = tmp_path / "tlh.md"
    source.write_text("---\ntitle: Qapla\nlanguage: tlh\n---\n\nHeghlu meH QaQ jajvam. Qapla batlh.\n")
    out = tmp_path / "out"
    result = run_cli("export", source, "-f", "audio", "-o", out, env={"TRIPTYCH_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    assert "has no voice for the article's language 'tlh'" in result.stderr
    (audio,) = json.loads((out / "qapla.manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert audio["details"]["voice"] == "gmw/en"
    assert "read by the 'en' voice 'gmw/en'" in audio["details"]["voice_fallback"]
