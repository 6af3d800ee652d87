"""The speech script: what is said for each sample article, in which order, with which pauses and ids."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from triptych import read_article
from triptych.model import (
    Article,
    Block,
    BlockQuote,
    Cell,
    Code,
    Definition,
    DefinitionList,
    Figure,
    Footnote,
    FootnoteRef,
    Heading,
    LangSpan,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Metadata,
    Paragraph,
    Table,
    Text,
    ThematicBreak,
    inline_text,
)
from triptych.speech.lexicon import load_lexicon
from triptych.speech.script import DEFAULT_OPTIONS, Segment, SpeechOptions, speech_script
from triptych.speech.sentences import split_sentences

from .helpers import ARTICLES, EXPECTED, SAMPLES

DATA = Path(__file__).resolve().parent / "speech"
XML_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def script(name: str, options: SpeechOptions = DEFAULT_OPTIONS) -> tuple[Segment, ...]:
    return speech_script(read_article(ARTICLES / name), options)


def by_id(segments: tuple[Segment, ...]) -> dict[str, Segment]:
    return {s.id: s for s in segments}


def spoken(segments: tuple[Segment, ...]) -> list[str]:
    return [s.spoken for s in segments]


def paragraphs(blocks: tuple[Block, ...]) -> Iterator[Paragraph]:
    """Every paragraph in reading order, nested ones included."""
    for block in blocks:
        match block:
            case Paragraph():
                yield block
            case BlockQuote():
                yield from paragraphs(block.blocks)
            case ListBlock():
                for item in block.items:
                    yield from paragraphs(item.blocks)
            case DefinitionList():
                for entry in block.items:
                    for definition in entry.definitions:
                        yield from paragraphs(definition)


def all_paragraphs(article: Article) -> list[Paragraph]:
    return [*paragraphs(article.blocks), *(p for note in article.footnotes for p in paragraphs(note.blocks))]


def links(children: tuple[object, ...]) -> Iterator[Link]:
    for node in children:
        if isinstance(node, Link):
            yield node
        if hasattr(node, "children"):
            yield from links(node.children)


# --- every sample article ----------------------------------------------------------------------

sample = pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])


@sample
def test_ids_are_unique_and_xml_safe(path: Path) -> None:
    ids = [s.id for s in speech_script(read_article(path))]
    assert len(ids) == len(set(ids))
    assert all(XML_ID.match(i) for i in ids), ids


@sample
def test_the_frame_comes_first_and_the_closing_last(path: Path) -> None:
    article = read_article(path)
    segments = speech_script(article)
    kinds = [s.kind for s in segments]
    assert segments[0].id == "title" and segments[0].text == article.meta.title
    assert segments[0].chapter == article.meta.title and segments[0].pause_before == 0
    assert segments[-1].kind == "closing" and segments[-1].id == "closing"
    frame = [k for k in kinds if k in ("title", "deck", "byline", "date", "image")]
    assert kinds[: len(frame)] == frame, "title, deck, byline, date and image come before the body"
    assert frame == sorted(frame, key=["title", "deck", "byline", "date", "image"].index)


@sample
def test_every_sentence_of_every_paragraph_is_said_in_order(path: Path) -> None:
    article = read_article(path)
    segments = speech_script(article)
    position = {s.id: n for n, s in enumerate(segments)}
    last = -1
    for paragraph in all_paragraphs(article):
        said = [s for s in segments if s.block_id == paragraph.id]
        assert said, f"{paragraph.id} is not read"
        assert all(s.kind == "sentence" for s in said)
        assert [s.id for s in said] == [f"{paragraph.id}-s{n}" for n in range(1, len(said) + 1)]
        assert " ".join(s.text for s in said) == " ".join(inline_text(paragraph.children).split())
        after_number = segments[position[said[0].id] - 1].id.endswith("-number")
        assert said[0].pause_before == pytest.approx(0 if after_number else 0.35)
        assert all(s.pause_before == 0 for s in said[1:]), "no pause inside a paragraph"
        assert position[said[0].id] > last, "paragraphs are read in document order"
        last = position[said[-1].id]


@sample
def test_no_web_address_is_read_out(path: Path) -> None:
    article = read_article(path)
    hrefs = [link.href for p in all_paragraphs(article) for link in links(p.children)]
    for segment in speech_script(article):
        assert "://" not in segment.spoken and "http" not in segment.spoken.lower()
        assert not any(href in segment.spoken or href in segment.text for href in hrefs)


@sample
def test_headings_are_chapters_after_a_pause(path: Path) -> None:
    article = read_article(path)
    segments = speech_script(article)
    headings = [b for b in article.blocks if isinstance(b, Heading)]
    said = [s for s in segments if s.kind == "heading"]
    assert [s.text for s in said] == [inline_text(h.children) for h in headings]
    assert all(s.pause_before == pytest.approx(0.8) and s.chapter == s.text for s in said)
    chapters = [s.chapter for s in segments if s.chapter]
    notes = ["Notes"] if article.footnotes else []
    assert chapters == [article.meta.title, *(s.text for s in said), *notes]


# --- the samples one by one ------------------------------------------------------------------


def test_reading_room_frame() -> None:
    segments = by_id(script("reading-room.md"))
    assert segments["deck"].text.startswith("A month in, the room is busier")
    assert segments["byline"].text == "By Dana Whitfield and Marcus Oyelaran"
    assert segments["date"].text == "Published October 14, 2026, 8:30 AM"
    assert segments["image"].text.startswith("Image: Bar chart of weekly visits")
    assert segments["image"].block_id == "lead-image"
    assert segments["image-caption"].text == "Weekly visits to the audio reading room since it opened."
    assert segments["image-credit"].text == "Image credit: Riverside Public Library"


def test_reading_room_quote_list_table_and_notes() -> None:
    article = read_article(ARTICLES / "reading-room.md")
    segments = speech_script(article)
    texts = [s.text for s in segments]
    quote = next(b for b in article.blocks if isinstance(b, BlockQuote))
    start = texts.index("Quote.")
    assert segments[start].id == f"{quote.id}-intro" and segments[start].kind == "announcement"
    assert texts[start + 1 : start + 4] == [
        "We built this room for a few hundred people a month.",
        "We are now planning for a few thousand, and we need a second set of displays before the winter.",
        "End of quote.",
    ]
    assert segments[start + 3].id == f"{quote.id}-end"

    intro = texts.index("A list of 3 items.")
    assert texts[intro + 1].startswith("students with dyslexia")
    assert texts[intro + 3].startswith("blind readers")

    table = texts.index("Table.")
    assert texts[table + 1 : table + 6] == [
        "Week: 1. Visits: 412. Braille display sessions: 38.",
        "Week: 2. Visits: 530. Braille display sessions: 51.",
        "Week: 3. Visits: 618. Braille display sessions: 64.",
        "Week: 4. Visits: 701. Braille display sessions: 77.",
        "End of table.",
    ]

    notes = texts.index("Notes.")
    assert texts[notes:] == [
        "Notes.",
        "Note 1.",
        "Counts come from the room’s sign-in sheets and exclude staff and volunteers.",
        "End of article.",
    ]
    assert segments[notes].pause_before == pytest.approx(0.8) and segments[notes + 1].id == "note-1-intro"


def test_reading_room_footnote_reference_is_not_read() -> None:
    segments = script("reading-room.md")
    assert "Visits grew every week of the first month." in [s.text for s in segments]
    assert not any(re.search(r"\[\^?\w+\]|month\.\s*1", s.text + s.spoken) for s in segments)


def test_reading_room_spoken_forms() -> None:
    said = " ".join(spoken(script("reading-room.md")))
    assert "It cost 184,000 dollars, most of it" in said
    assert "director, Doctor Helen Ruiz, said" in said
    assert "calling 5 5 5, 0 1 4 2 or" in said
    assert "the library’s website." in said


def test_harbor_bridge() -> None:
    segments = script("harbor-bridge.html")
    texts = [s.text for s in segments]
    ids = by_id(segments)
    assert ids["byline"].text == "By Priya Raman"
    assert ids["date"].spoken == "Published November 3rd, twenty twenty-six, 5 oh 5 PM"
    assert ids["image-credit"].spoken == "Image credit: Photo: Luis Ortega, The Coastal Courier"
    intro = texts.index("A list of 3 items.")
    assert texts[intro + 1 : intro + 3] == [
        "1.",
        "The Harbor Ferry, which will add sailings at 10:30 p.m. and 11:45 p.m.",
    ]
    assert segments[intro + 2].pause_before == 0, "an item's words follow its number"
    table = texts.index("Table: Nightly closure schedule")
    assert texts[table + 1 : table + 4] == [
        "Nights: Sun.–Thu. Closed: 10 p.m. Reopens: 5 a.m.",
        "Nights: Fri.–Sat. Closed: Open.",
        "End of table.",
    ]
    assert segments[table + 1].spoken == "Nights: Sunday to Thursday. Closed: 10 p.m. Reopens: 5 a.m."
    assert "Updates will be posted at dot.example.gov/harbor-bridge." in texts
    assert "Nov. 17" in " ".join(texts) and "from November 17th through December 29th" in " ".join(spoken(segments))


def test_ice_arrests_credit_only_image_and_dashes() -> None:
    segments = script("ice-arrests.txt")
    ids = by_id(segments)
    assert [s.id for s in segments[:3]] == ["title", "date", "image-credit"]
    assert ids["date"].text == "Published March 2, 2018, 9:47 PM"
    assert ids["image-credit"].text == "Image credit: Wikimedia Commons"
    assert "image" not in ids and "byline" not in ids
    zarate = next(s for s in segments if "Zarate" in s.text)
    assert "—" in zarate.text and "—" not in zarate.spoken
    assert "Zarate, the man who shot Kate Steinle" in zarate.spoken
    assert sum(s.text == "Quote." for s in segments) == sum(s.text == "End of quote." for s in segments) == 1


def test_mercado_is_read_in_spanish() -> None:
    segments = script("mercado.md")
    ids = by_id(segments)
    assert ids["byline"].text == "Por Lucía Benítez"
    assert ids["date"].text == "Publicado el 21 de septiembre de 2026"
    assert segments[-1].text == "Fin del artículo."
    said = " ".join(spoken(segments))
    assert "de 8 a 14 y 30." in said and "de 17 a 20 y 30." in said
    assert "3,2 millones de euros" in said and "1897" in said
    for english in ("End of", "Published", "By ", "dollars", "Doctor", " oh ", "o'clock", "number", " to "):
        assert english not in said


# --- built by hand: every kind of block ------------------------------------------------------


def para(pid: str, *children: Text | Code | Link | LineBreak | FootnoteRef | LangSpan) -> Paragraph:
    return Paragraph(children=children, id=pid)


def cell(text: str, *, header: bool = False, colspan: int = 1) -> Cell:
    return Cell(children=(Text(text),), header=header, scope="col" if header else None, colspan=colspan)


def built(language: str = "en", **meta: object) -> Article:
    blocks: tuple[Block, ...] = (
        para("p-1", Text("Run "), Code("ls -l"), Text(" first."), LineBreak(), Text("Then wait.")),
        Heading(level=2, children=(Text("Notes"),), id="notes"),
        para("p-2", Text("A "), LangSpan("fr", (Text("déjà vu"),)), Text(" moment."), FootnoteRef("a")),
        BlockQuote(
            blocks=(Heading(level=3, children=(Text("Inside"),), id="inside"), para("p-3", Text("Said words."))),
            attribution=(Text("Ada Lovelace"),),
            id="quote-1",
        ),
        ListBlock(
            ordered=True,
            start=3,
            items=(
                ListItem(blocks=(para("p-4", Text("Third.")),), id="item-1"),
                ListItem(
                    blocks=(
                        para("p-5", Text("Fourth.")),
                        ListBlock(
                            ordered=False,
                            items=(ListItem(blocks=(para("p-6", Text("Inner.")),), id="item-3"),),
                            id="list-2",
                        ),
                    ),
                    id="item-2",
                ),
            ),
            id="list-1",
        ),
        ThematicBreak(id="hr-1"),
        Figure(src="a.png", alt="", id="fig-1"),
        Figure(src="b.png", alt=None, caption=(Text("Only a caption."),), id="fig-2"),
        Figure(src="c.png", alt="A chart.", caption=(Text("Its caption."),), credit="Desk", id="fig-3"),
        DefinitionList(
            items=(Definition(term=(Text("Term"),), definitions=((para("p-7", Text("Its meaning.")),),)),), id="dl-1"
        ),
        Table(
            caption=(),
            head=((cell("Both", header=True, colspan=2), cell("Total", header=True)),),
            body=((cell("Row", header=True), cell("x"), cell("7")), (cell("Next", header=True), cell(""), cell("8"))),
            id="table-1",
        ),
        Table(caption=(Text("No head"),), head=(), body=((cell("a"), cell("b")),), id="table-2"),
    )
    notes = (Footnote(label="a", blocks=(para("p-8", Text("The note.")),), id="note-a"),)
    return Article(meta=Metadata(title="Built", language=language, **meta), blocks=blocks, footnotes=notes)  # type: ignore[arg-type]


def test_every_block_kind() -> None:
    segments = speech_script(built())
    assert [(s.id, s.text) for s in segments] == [
        ("title", "Built"),
        ("p-1-s1", "Run ls -l first."),
        ("p-1-s2", "Then wait."),
        ("notes", "Notes"),
        ("p-2-s1", "A déjà vu moment."),
        ("quote-1-intro", "Quote."),
        ("inside", "Inside"),
        ("p-3-s1", "Said words."),
        ("quote-1-attribution", "Ada Lovelace"),
        ("quote-1-end", "End of quote."),
        ("list-1-intro", "A list of 2 items."),
        ("item-1-number", "3."),
        ("p-4-s1", "Third."),
        ("item-2-number", "4."),
        ("p-5-s1", "Fourth."),
        ("list-2-intro", "A list of 1 item."),
        ("p-6-s1", "Inner."),
        ("fig-2-image", "Image: Only a caption."),
        ("fig-3-image", "Image: A chart."),
        ("fig-3-caption", "Its caption."),
        ("fig-3-credit", "Image credit: Desk"),
        ("dl-1-intro", "A list of 1 term."),
        ("dl-1-t1", "Term"),
        ("p-7-s1", "Its meaning."),
        ("table-1-intro", "Table."),
        ("table-1-r1", "Row. Both: x. Total: 7."),
        ("table-1-r2", "Next. Total: 8."),
        ("table-1-end", "End of table."),
        ("table-2-intro", "Table: No head"),
        ("table-2-r1", "a. b."),
        ("table-2-end", "End of table."),
        ("notes-2", "Notes."),
        ("note-a-intro", "Note a."),
        ("p-8-s1", "The note."),
        ("closing", "End of article."),
    ]
    ids = by_id(segments)
    assert ids["notes"].kind == "heading" and ids["notes"].chapter == "Notes"
    assert ids["inside"].kind == "heading" and ids["inside"].chapter is None, "only top-level headings are chapters"
    assert ids["notes-2"].chapter == "Notes" and ids["notes-2"].block_id is None
    assert ids["fig-2-image"].pause_before == pytest.approx(0.8), "a thematic break is a long pause"
    assert ids["item-1-number"].block_id == "item-1" and ids["p-4-s1"].block_id == "p-4"


def test_an_article_without_ids_gets_them() -> None:
    article = Article(meta=Metadata(title="T"), blocks=(Paragraph(children=(Text("One. Two."),)),))
    segments = speech_script(article)
    assert [s.text for s in segments] == ["T", "One.", "Two.", "End of article."]
    assert all(XML_ID.match(s.id) for s in segments) and segments[1].id.endswith("-s1")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "es",
            [
                "Cita.",
                "Fin de la cita.",
                "Una lista de 2 elementos.",
                "Una lista de un elemento.",
                "Tabla.",
                "Notas.",
                "Nota a.",
                "Fin del artículo.",
            ],
        ),
        (
            "fr",
            [
                "Citation.",
                "Fin de la citation.",
                "Une liste de 2 éléments.",
                "Une liste d’un élément.",
                "Tableau.",
                "Notes.",
                "Note a.",
                "Fin de l’article.",
            ],
        ),
        (
            "de",
            [
                "Zitat.",
                "Ende des Zitats.",
                "Eine Liste mit 2 Einträgen.",
                "Tabelle.",
                "Anmerkungen.",
                "Ende des Artikels.",
            ],
        ),
        ("ja", ["引用。", "引用終わり。", "2項目のリスト。", "表。", "注。", "記事の終わり。"]),
        ("sw", ["Quote.", "End of quote.", "A list of 2 items.", "Table.", "Notes.", "End of article."]),
    ],
)
def test_announcements_are_in_the_article_language(language: str, words: list[str]) -> None:
    texts = [s.text for s in speech_script(built(language))]
    for word in words:
        assert word in texts


def test_french_and_spanish_frame() -> None:
    from datetime import date

    fr = by_id(speech_script(built("fr-FR", authors=("Anne", "Luc"), published=date(2026, 3, 2))))
    assert fr["byline"].text == "Par Anne et Luc" and fr["date"].text == "Publié le 2 mars 2026"
    assert fr["fig-3-image"].text == "Image : A chart."
    es = by_id(speech_script(built("es", authors=("Ana", "Luis", "Eva"), published=date(2026, 3, 2))))
    assert es["byline"].text == "Por Ana, Luis y Eva" and es["date"].text == "Publicado el 2 de marzo de 2026"


# --- options and lexicon ---------------------------------------------------------------------


def test_everything_can_be_switched_off() -> None:
    quiet = SpeechOptions(
        read_title=False,
        read_deck=False,
        read_byline=False,
        read_date=False,
        read_image=False,
        announce_quotes=False,
        announce_lists=False,
        read_tables=False,
        read_notes=False,
        closing=False,
    )
    segments = script("reading-room.md", quiet)
    assert {s.kind for s in segments} == {"heading", "sentence"}
    assert not any(s.block_id and s.block_id.startswith(("table-", "note-")) for s in segments)
    assert segments[0].chapter == "City Library Opens an Audio Reading Room for Blind and Low-Vision Readers"
    assert segments[0].pause_before == 0
    article = read_article(ARTICLES / "reading-room.md")
    body = list(paragraphs(article.blocks))
    assert len({s.block_id for s in segments if s.kind == "sentence"}) == len(body)


@pytest.mark.parametrize(
    ("option", "gone"),
    [
        ("read_title", ["title"]),
        ("read_deck", ["deck"]),
        ("read_byline", ["byline"]),
        ("read_date", ["date"]),
        ("read_image", ["image", "image-caption", "image-credit"]),
        ("closing", ["closing"]),
        ("read_notes", ["notes", "note-1-intro", "p-b0cfeef4-s1"]),
    ],
)
def test_one_part_switched_off(option: str, gone: list[str]) -> None:
    """Exactly that part goes: every other segment of the golden script stays, in its order."""
    golden = (EXPECTED / "reading-room.md.speech.tsv").read_text(encoding="utf-8").splitlines()
    everything = [line.split("\t")[0] for line in golden]
    assert set(gone) <= set(everything)
    segments = script("reading-room.md", SpeechOptions(**{option: False}))
    assert [s.id for s in segments] == [i for i in everything if i not in gone]


def test_pauses_are_configurable() -> None:
    segments = script("mercado.md", SpeechOptions(heading_pause=1.5, paragraph_pause=0.5))
    assert by_id(segments)["horarios"].pause_before == 1.5
    assert by_id(segments)["p-76458a18-s1"].pause_before == 0.5
    assert by_id(segments)["p-76458a18-s2"].pause_before == 0


def test_lexicon_applies_to_spoken_only() -> None:
    lexicon = load_lexicon(DATA / "lexicon.pls")
    segments = speech_script(read_article(ARTICLES / "ice-arrests.txt"), lexicon=lexicon)
    assert segments[0].text.startswith("ICE Arrests") and segments[0].spoken.startswith("I C E Arrests")
    assert not any(re.search(r"\bICE\b", s.spoken) for s in segments)
    byline = by_id(speech_script(read_article(ARTICLES / "reading-room.md"), lexicon=lexicon))["byline"]
    assert byline.spoken == "By Dana Whitfield and Marcus Oh yeh lah ran"


def test_lexicon_overrides_normalisation() -> None:
    lexicon = load_lexicon(DATA / "lexicon.txt")
    segments = speech_script(read_article(ARTICLES / "reading-room.md"), lexicon=lexicon)
    ruiz = next(s for s in segments if "Ruiz" in s.text)
    assert ruiz.spoken.startswith("The library’s director, Director Helen Roo-eess, said the braille displays")


# --- sentences -------------------------------------------------------------------------------

SENTENCES = [
    ("en", "The library's director, Dr. Helen Ruiz, said so. She left.", 2),
    ("en", "It is No. 5 in the U.S. and he has a Ph.D. from MIT. Next.", 2),
    ("en", "The train leaves at 7:15 a.m. every day. It arrives at 9 p.m. Then it stops.", 3),
    ("en", "From Nov. 17 crews work. It cost $48.5 million. J. Smith agreed.", 3),
    ("en", '"I used to wait," said Ana. "Yesterday I borrowed one."', 2),
    ("en", "He said: “I waited… and waited.” Then he left.", 2),
    ("en", 'He said "we will go... later." Then he left.', 2),
    ("en", "He works in the U.S. He lives in Canada.", 2),
    ("en", "Is it? Yes! It is.", 3),
    ("es", "¿Vendrá el Sr. Pérez? ¡Sí! «Hemos recuperado el techo», explicó.", 3),
    ("es", "El mercado abrirá de 8:00 a 14:30. Los jueves habrá además un horario.", 2),
    ("fr", "M. Dupont l’a dit. Mme Martin aussi.", 2),
    ("de", "Dr. Müller kam am 3. Oktober. Er ging z. B. nach Hause.", 2),
    ("zz", "Dr. Who arrived. He left.", 2),
]


@pytest.mark.parametrize(("language", "text", "count"), SENTENCES)
def test_split_sentences(language: str, text: str, count: int) -> None:
    sentences = split_sentences(text, language)
    assert len(sentences) == count, sentences
    assert " ".join(sentences) == text


def test_split_sentences_keeps_closing_quotes_and_collapses_space() -> None:
    assert split_sentences("“It is.”  She\nleft. ", "en") == ["“It is.”", "She left."]
    assert split_sentences("  ", "en") == []
