"""Pronunciation lexicons: PLS and plain-text files, case rules, whole words, errors that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from triptych.errors import SourceError
from triptych.speech.lexicon import PLS_NS, Lexicon, load_lexicon
from triptych.speech.normalize import normalize

DATA = Path(__file__).resolve().parent / "speech"


def pls(body: str, *, lang: str = "en") -> str:
    root = f'<lexicon version="1.0" xmlns="{PLS_NS}" alphabet="ipa" xml:lang="{lang}">'
    return f'<?xml version="1.0"?>\n{root}\n{body}\n</lexicon>\n'


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pls_file() -> None:
    lexicon = load_lexicon(DATA / "lexicon.pls")
    assert dict(lexicon.entries) == {
        "ICE": "I C E",
        "Oyelaran": "Oh yeh lah ran",
        "Oyelarans": "Oh yeh lah ran",
        "nginx": "engine x",
    }
    assert lexicon.language == "en-US"
    assert len(lexicon.warnings) == 1
    assert "lexicon.pls:22" in lexicon.warnings[0] and "Hallorann" in lexicon.warnings[0]


def test_text_file() -> None:
    lexicon = load_lexicon(DATA / "lexicon.txt")
    assert lexicon.entries == (
        ("Ruiz", "Roo-eess"),
        ("Dr.", "Director"),
        ("New York", "New York State"),
        ("New York City", "the Big Apple"),
        ("nginx", "engine x"),
    )
    assert lexicon.language is None and lexicon.warnings == ()


def test_a_file_starting_with_markup_is_read_as_pls_whatever_its_name(tmp_path: Path) -> None:
    path = write(tmp_path, "words.lex", pls("<lexeme><grapheme>SQL</grapheme><alias>sequel</alias></lexeme>"))
    assert load_lexicon(path).entries == (("SQL", "sequel"),)


# --- matching --------------------------------------------------------------------------------


def test_a_word_with_capitals_matches_only_that_spelling() -> None:
    lexicon = Lexicon(entries=(("ICE", "I C E"),))
    assert lexicon.apply("ICE said. Ice melts. The ice is thin.") == "I C E said. Ice melts. The ice is thin."


def test_a_lower_case_word_matches_any_case() -> None:
    lexicon = Lexicon(entries=(("nginx", "engine x"),))
    assert lexicon.apply("nginx, Nginx and NGINX") == "engine x, engine x and engine x"


def test_an_exact_entry_wins_over_a_lower_case_one() -> None:
    lexicon = Lexicon(entries=(("ice", "frozen water"), ("ICE", "I C E")))
    assert lexicon.apply("ICE and Ice and ice") == "I C E and frozen water and frozen water"


def test_whole_words_only() -> None:
    lexicon = Lexicon(entries=(("ICE", "I C E"), ("Dr.", "Director")))
    assert lexicon.apply("ICED, MICE, ICE's, (ICE) Dr.X Dr. Y") == "ICED, MICE, I C E's, (I C E) Dr.X Director Y"


def test_the_longest_phrase_wins() -> None:
    lexicon = load_lexicon(DATA / "lexicon.txt")
    assert lexicon.apply("New York City is in New York.") == "the Big Apple is in New York State."


def test_an_empty_lexicon_changes_nothing() -> None:
    assert Lexicon(entries=()).apply("Dr. Ruiz") == "Dr. Ruiz"


def test_protected_words_override_normalisation() -> None:
    lexicon = load_lexicon(DATA / "lexicon.txt")
    masked, restore = lexicon.protect("The director, Dr. Helen Ruiz, paid $20.")
    assert "Dr." not in masked and "Ruiz" not in masked
    assert restore(normalize(masked, "en")) == "The director, Director Helen Roo-eess, paid 20 dollars."


def test_private_use_characters_in_the_text_cannot_pose_as_lexicon_words() -> None:
    lexicon = Lexicon(entries=(("ICE", "I C E"),))
    masked, restore = lexicon.protect("\ue000ICE\ue001 and ICE")
    assert restore(masked) == "I C E and I C E"


# --- broken files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("# fine\nRuiz = Roo-eess\nNo equals sign here\n", 3, "expected 'word = replacement'"),
        ("Ruiz =\n", 1, "expected 'word = replacement'"),
        ("\n\n= nothing\n", 3, "expected 'word = replacement'"),
        ("Ruiz = Roo-eess\n# comment\nRuiz = Rweez\n", 3, "'Ruiz' is given twice (first on line 1)"),
    ],
)
def test_broken_text_lexicon_names_file_and_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    path = write(tmp_path, "words.txt", text)
    with pytest.raises(SourceError) as caught:
        load_lexicon(path)
    assert caught.value.line == line
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}:{line}: {problem}")


def test_text_lexicon_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_bytes(b"Ruiz = Roo-eess\nCaf\xe9 = cafe\n")
    with pytest.raises(SourceError, match=r"words\.txt:2: the lexicon is not UTF-8 text"):
        load_lexicon(path)


def test_missing_lexicon(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="can't read the lexicon"):
        load_lexicon(tmp_path / "nowhere.pls")


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (pls("<lexeme><grapheme>ICE</grapheme><alias>I C E</alias>\n</lexicon>"), 4, "not well-formed XML"),
        (pls("<lexeme>\n<alias>I C E</alias></lexeme>"), 3, "a <lexeme> has no <grapheme>"),
        ('<?xml version="1.0"?>\n<lexicon><lexeme/></lexicon>', 2, "the root element is 'lexicon', not a PLS"),
    ],
)
def test_broken_pls_names_file_and_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    path = write(tmp_path, "words.pls", text)
    with pytest.raises(SourceError) as caught:
        load_lexicon(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: {problem}")


def test_pls_entities_are_never_expanded(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "TOP SECRET")
    text = (
        f'<?xml version="1.0"?>\n<!DOCTYPE lexicon [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        f'<lexicon version="1.0" xmlns="{PLS_NS}" xml:lang="en">'
        "<lexeme><grapheme>x</grapheme><alias>&leak;</alias></lexeme></lexicon>"
    )
    path = write(tmp_path, "words.pls", text)
    with pytest.raises(SourceError, match="may not have a DOCTYPE") as caught:
        load_lexicon(path)
    assert "TOP SECRET" not in str(caught.value)
