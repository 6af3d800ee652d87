"""The speech cache: a re-export speaks only what changed, with the same audio; damaged entries
are spoken again; writers in parallel never leave a broken entry. Real engine, no mocks."""

from __future__ import annotations

import contextlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from triptych import export, read_article
from triptych.errors import UsageError
from triptych.exporter import ExportContext
from triptych.renditions.narration import SpeechSettings
from triptych.speech.cache import HEADER, SpeechCache
from triptych.speech.engine import SAMPLE_RATE, SpeechEngine
from triptych.speech.narration import narrate
from triptych.speech.script import speech_script

from .helpers import ARTICLES, decode, read_vtt

PARAGRAPHS = [
    "The council met on Monday evening. It voted to repair the bridge. Work starts in spring.",
    "Residents had asked for the repair for years. Some spoke at the meeting. Others wrote letters.",
    "The bridge will close for six weeks. A ferry will run in the meantime.",
]


def write_article(folder: Path, paragraphs: list[str]) -> Path:
    """A short English article (about 50 words: a few seconds of synthesis)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bridge.md"
    path.write_text("# Council Votes to Repair the Bridge\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRIPTYCH_CACHE_DIR", str(folder))
    return folder


def audio(source: Path, out: Path, name: str, **options: str) -> dict[str, Any]:
    """Export the audio edition; return its manifest details with the paths of its files."""
    result = export(source, "audio", out, name=name, options=options)
    assert result.ok, result.outputs
    details: dict[str, Any] = json.loads(result.manifest.read_text(encoding="utf-8"))["outputs"][0]["details"]
    return {**details, "mp3": out / f"{name}.mp3", "vtt": out / f"{name}.vtt", "warnings": result.warnings}


def entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "speech").glob("*/*.pcm"))


def test_a_second_export_speaks_nothing_and_sounds_the_same(tmp_path: Path, cache_dir: Path) -> None:
    source = write_article(tmp_path / "src", PARAGRAPHS)
    first = audio(source, tmp_path / "out", "first")
    second = audio(source, tmp_path / "out", "second")
    assert first["synthesized"] == first["cues"] and first["cached"] == 0
    assert second["synthesized"] == 0 and second["cached"] == first["cues"]
    assert len(entries(cache_dir)) == first["cues"]  # one entry a sentence (all different here)
    assert second["duration"] == first["duration"]
    assert read_vtt(second["vtt"]) == read_vtt(first["vtt"])
    assert decode(second["mp3"]) == decode(first["mp3"])


def test_an_edited_paragraph_speaks_only_its_changed_sentences(tmp_path: Path, cache_dir: Path) -> None:
    source = write_article(tmp_path / "src", PARAGRAPHS)
    audio(source, tmp_path / "out", "before")
    before = {segment.spoken for segment in speech_script(read_article(source))}
    edited = "Residents had asked for the repair for a decade. Some spoke at the meeting. Others wrote."
    source = write_article(tmp_path / "src", [PARAGRAPHS[0], edited, PARAGRAPHS[2]])
    changed = [s for s in speech_script(read_article(source)) if s.spoken not in before]
    assert len(changed) == 2  # the first and third sentences of the second paragraph
    after = audio(source, tmp_path / "out", "after")
    assert after["synthesized"] == 2
    assert after["cached"] == after["cues"] - 2


@pytest.mark.parametrize("option", [{"rate": "200"}, {"voice": "gmw/en-us"}])
def test_another_rate_or_voice_misses_the_cache(tmp_path: Path, cache_dir: Path, option: dict[str, str]) -> None:
    source = write_article(tmp_path / "src", PARAGRAPHS[:1])
    base = audio(source, tmp_path / "out", "base")
    other = audio(source, tmp_path / "out", "other", **option)
    assert other["cached"] == 0 and other["synthesized"] == base["cues"]
    assert len(entries(cache_dir)) == 2 * base["cues"]


def test_a_damaged_entry_is_spoken_again(tmp_path: Path, cache_dir: Path) -> None:
    source = write_article(tmp_path / "src", PARAGRAPHS[:2])
    first = audio(source, tmp_path / "out", "first")
    truncated, flipped, emptied = entries(cache_dir)[:3]
    truncated.write_bytes(truncated.read_bytes()[:-100])  # a write cut short
    data = bytearray(flipped.read_bytes())
    data[HEADER.size + 50] ^= 0xFF  # one flipped bit pattern in the samples
    flipped.write_bytes(bytes(data))
    emptied.write_bytes(b"")
    again = audio(source, tmp_path / "out", "again")
    assert again["synthesized"] == 3 and again["cached"] == first["cues"] - 3
    # Spoken again, a sentence may differ by a few milliseconds (eSpeak NG keeps some state from one
    # utterance to the next), never more: same cues, same text, about the same times.
    cues, expected = read_vtt(again["vtt"]), read_vtt(first["vtt"])
    assert [(c.id, c.text) for c in cues] == [(c.id, c.text) for c in expected]
    assert all(abs(c.end - c.start - (e.end - e.start)) < 0.1 for c, e in zip(cues, expected, strict=True))
    assert abs(len(decode(again["mp3"])) / SAMPLE_RATE - again["duration"]) < 0.1  # whole, decodable audio
    assert audio(source, tmp_path / "out", "third")["synthesized"] == 0  # the entries were stored again


def test_speech_cache_no_bypasses_it(tmp_path: Path, cache_dir: Path) -> None:
    source = write_article(tmp_path / "src", PARAGRAPHS[:1])
    audio(source, tmp_path / "out", "warm")
    stored = {path: path.stat().st_mtime_ns for path in entries(cache_dir)}
    off = audio(source, tmp_path / "out", "off", **{"speech-cache": "no"})
    assert off["cached"] == 0 and off["synthesized"] == off["cues"]
    assert {path: path.stat().st_mtime_ns for path in entries(cache_dir)} == stored  # not read, not written


def test_when_everything_is_cached_the_engine_never_starts(tmp_path: Path, cache_dir: Path) -> None:
    source = write_article(tmp_path / "src", PARAGRAPHS[:1])
    audio(source, tmp_path / "out", "warm")
    cache = SpeechCache(cache_dir / "speech")
    engine = SpeechEngine()
    try:
        engine.describe(cache)  # the voices come from the cache, recorded for the same engine versions
        assert not engine.running
        narration = narrate(speech_script(read_article(source)), engine, engine.voice_for("en"), 175, tmp_path, cache)
        assert narration.synthesized == 0 and narration.cached == len(narration.timings)
        assert not engine.running
    finally:
        engine.close()


def test_a_damaged_voice_record_starts_the_engine(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    with contextlib.closing(SpeechEngine()) as engine:
        engine.describe(cache)
        assert engine.running  # nothing recorded yet
    (record,) = tmp_path.glob("engine-*.json")
    record.write_text('{"installed": "pyttsx3", "voi', encoding="utf-8")
    with contextlib.closing(SpeechEngine()) as engine:
        engine.describe(cache)
        assert engine.running and engine.voice_for("en").id == "gmw/en"
    assert json.loads(record.read_text(encoding="utf-8"))["voices"]  # recorded again, whole


def test_an_unusable_cache_never_fails_the_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("TRIPTYCH_CACHE_DIR", str(blocker))
    made = audio(write_article(tmp_path / "src", PARAGRAPHS[:1]), tmp_path / "out", "m")
    assert made["synthesized"] == made["cues"]
    assert any("speech cache" in warning and "can't be used" in warning for warning in made["warnings"])


def test_bad_cache_options_are_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="speech-cache='maybe' for audio: not yes or no"):
        export(ARTICLES / "mercado.md", "audio", tmp_path, options={"speech-cache": "maybe"})
    with pytest.raises(UsageError, match="speech-cache-max='lots' for audio: not a positive whole number"):
        export(ARTICLES / "mercado.md", "audio", tmp_path, options={"speech-cache-max": "lots"})
    assert list(tmp_path.iterdir()) == []


def test_cache_settings() -> None:
    article = read_article(ARTICLES / "mercado.md")
    settings = SpeechSettings.of
    assert settings(ExportContext(article=article, options={"speech-cache": "no"})).cache_mib is None
    assert settings(ExportContext(article=article, options={"speech-cache-max": "64"})).cache_mib == 64
    assert settings(ExportContext(article=article)).cache_mib == 1024


# --- the store itself, without the engine ------------------------------------------------------


def _hammer(folder: str, seed: int) -> list[str]:
    """Write and read the same few entries as other processes do the same; report broken reads."""
    cache = SpeechCache(Path(folder))
    broken = []
    for round_ in range(60):
        key = f"{round_ % 5:064x}"
        cache.put(key, bytes([seed]) * 20000)
        got = cache.get(key)  # written atomically, an entry is always there, whole, right after a put
        if got is None or len(got) != 20000 or len(set(got)) != 1:
            broken.append(key)
    return broken


def test_parallel_writers_never_leave_a_broken_entry(tmp_path: Path) -> None:
    with ProcessPoolExecutor(4) as pool:
        results = list(pool.map(_hammer, [str(tmp_path)] * 4, range(1, 5)))
    assert results == [[]] * 4
    cache = SpeechCache(tmp_path)
    assert all(cache.get(f"{n:064x}") is not None for n in range(5))
    debris = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".pcm" and p.name != ".pruned"]
    assert debris == []  # no temporary file left


def test_the_least_recently_used_entries_go_first(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, max_bytes=10 * (HEADER.size + 1000))
    keys = [f"{n:064x}" for n in range(12)]
    for age, key in enumerate(keys):
        cache.put(key, b"\x01\x00" * 500)
        path = tmp_path / key[:2] / f"{key}.pcm"
        os.utime(path, (1000 + age, 1000 + age))  # the first written is the oldest...
    assert cache.get(keys[0]) is not None  # ...but it was just used
    cache.prune()
    kept = [key for key in keys if (tmp_path / key[:2] / f"{key}.pcm").exists()]
    assert kept == [keys[0], *keys[4:]]  # down to 90 % of the limit: 9 entries
