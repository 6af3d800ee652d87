"""The spoken edition: real speech from eSpeak NG, cues from real sample counts, chapters, tags."""

from __future__ import annotations

import array
import itertools
import multiprocessing
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from triptych import export, read_article
from triptych.errors import UsageError
from triptych.speech.engine import SAMPLE_RATE, EngineError, SpeechEngine
from triptych.speech.script import speech_script

from .helpers import ARTICLES, EXPECTED, ROOT, SEED, Library, Made, decode, heard_words, probe, run_cli, spoken_words
from .helpers import read_vtt as read_vtt  # re-exported: tests/test_plugins.py imports it from here

READ = {"seed": "ice-arrests.txt", "reading-room": "reading-room.md", "mercado": "mercado.md"}


@pytest.fixture(scope="module")
def spoken(editions: Library) -> dict[str, Made]:
    """The shared editions of three articles (the seed is the sample ice-arrests.txt), by name."""
    return {name: editions(source) for name, source in READ.items()}


def _mp3(spoken: dict[str, Made], name: str) -> Path:
    return spoken[name].audio


def _golden_ids(name: str) -> list[str]:
    """The segment ids of the golden speech script (tests/expected/<name>.speech.tsv)."""
    lines = (EXPECTED / f"{name}.speech.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines]


def test_outputs_and_manifest(spoken: dict[str, Made]) -> None:
    made = spoken["reading-room"]
    (output,) = [o for o in made.result.outputs if o.format == "audio"]
    assert [f.name for f in output.files] == [f"{made.result.slug}.mp3", f"{made.result.slug}.vtt"]
    stream = probe(output.path)["streams"][0]
    assert stream["codec_name"] == "mp3" and stream["channels"] == 1 and int(stream["sample_rate"]) == SAMPLE_RATE
    assert int(stream["bit_rate"]) <= 64000  # a speech bit rate
    details = made.details("audio")
    assert details["voice"] == "gmw/en"
    assert details["engine"].startswith("pyttsx3 ") and "eSpeak NG" in details["engine"]
    assert abs(details["duration"] - len(decode(output.path)) / SAMPLE_RATE) < 0.06


def test_the_voice_follows_the_language(spoken: dict[str, Made]) -> None:
    assert spoken["mercado"].details("audio")["voice"] == "roa/es"
    assert probe(_mp3(spoken, "mercado"))["format"]["tags"]["language"] == "spa"


def test_tags(spoken: dict[str, Made]) -> None:
    tags = probe(_mp3(spoken, "reading-room"))["format"]["tags"]
    assert tags["title"] == read_article(ARTICLES / "reading-room.md").meta.title
    assert tags["artist"] == "Dana Whitfield and Marcus Oyelaran"
    assert tags["album"] == "The Riverside Ledger"
    assert tags["date"] == "2026-10-14"
    assert tags["language"] == "eng"
    assert tags["comment"].startswith("Spoken edition made by Triptych")


def test_chapters(spoken: dict[str, Made]) -> None:
    mp3 = _mp3(spoken, "reading-room")
    chapters = probe(mp3)["chapters"]
    titles = [c["tags"]["title"] for c in chapters]
    assert titles == [
        read_article(ARTICLES / "reading-room.md").meta.title,
        "Who uses the room", "The numbers", "What comes next", "Notes",
    ]  # fmt: skip
    starts = [float(c["start_time"]) for c in chapters]
    ends = [float(c["end_time"]) for c in chapters]
    assert starts[0] == 0 and starts == sorted(starts)
    assert all(abs(end - start) < 0.002 for end, start in zip(ends, starts[1:], strict=False))  # no gaps
    cues = {cue.id: cue for cue in read_vtt(mp3.with_suffix(".vtt"))}
    assert abs(starts[1] - cues["who-uses-the-room"].start) < 1.0  # begins with the pause before the heading
    assert abs(ends[-1] - len(decode(mp3)) / SAMPLE_RATE) < 0.06


def test_cues_cover_the_script_in_order(spoken: dict[str, Made]) -> None:
    for name, source in (("seed", SEED), ("reading-room", ARTICLES / "reading-room.md")):
        mp3 = _mp3(spoken, name)
        cues = read_vtt(mp3.with_suffix(".vtt"))
        script = speech_script(read_article(source))
        assert [c.id for c in cues] == _golden_ids(source.name)
        assert [c.text for c in cues] == [" ".join(s.text.split()) for s in script]  # as written
        assert all(c.start < c.end for c in cues)
        assert all(a.end <= b.start for a, b in itertools.pairwise(cues))  # in order, no overlap
        assert cues[-1].end <= len(decode(mp3)) / SAMPLE_RATE + 0.001


def test_every_sentence_of_the_article_has_a_cue(spoken: dict[str, Made]) -> None:
    article = read_article(SEED)
    captions = " ".join(c.text for c in read_vtt(_mp3(spoken, "seed").with_suffix(".vtt")))
    for block in article.blocks:
        from triptych.model import block_text

        assert " ".join(block_text(block).split()) in captions


def _rms(samples: array.array[int], start: float, end: float) -> float:
    window = samples[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]
    return float((sum(s * s for s in window) / max(1, len(window))) ** 0.5)


def test_cue_times_match_the_decoded_mp3(spoken: dict[str, Made]) -> None:
    """Around every pause the decoded MP3 is silent exactly where the cues say (within 60 ms)."""
    mp3 = _mp3(spoken, "reading-room")
    samples = decode(mp3)
    cues = read_vtt(mp3.with_suffix(".vtt"))
    assert abs(len(samples) / SAMPLE_RATE - cues[-1].end) < 0.06
    checked = 0
    for previous, cue in itertools.pairwise(cues):
        gap = cue.start - previous.end
        if gap < 0.3:
            continue
        checked += 1
        assert _rms(samples, previous.end + 0.06, cue.start - 0.06) < 30, cue.id  # the pause is silent
        assert _rms(samples, cue.start + 0.06, cue.start + 0.5) > 300, cue.id  # speech starts with the cue
    assert checked >= 20


# --- the engine and its work-arounds -------------------------------------------------------


@pytest.fixture(scope="module")
def engine() -> Any:
    with SpeechEngine() as running:
        running.configure(running.voice_for("en"), 175)
        yield running


def test_each_utterance_is_complete_and_its_own(engine: SpeechEngine, tmp_path: Path) -> None:
    """runAndWait() returns early and one runAndWait writes only the last file: one file per
    utterance, waited for, gives complete audio whose length follows the text."""
    short = engine.synthesize("Yes.", tmp_path / "a.wav")
    long = engine.synthesize("This sentence is a good deal longer than the one before it was.", tmp_path / "b.wav")
    again = engine.synthesize("Yes.", tmp_path / "c.wav")
    assert short
    assert long
    assert abs(len(again) - len(short)) < 0.05 * len(short)  # nothing of the long utterance leaked in
    assert len(long) > 3 * len(short)
    assert not list(tmp_path.iterdir())  # each utterance's file is read, then removed


def test_rate_is_set_explicitly(tmp_path: Path) -> None:
    text = "The rate of speech is set for every voice, whatever pyttsx3 reports."
    lengths = {}
    with SpeechEngine() as running:
        voice = running.voice_for("en")
        for rate in (120, 250):
            running.configure(voice, rate)
            lengths[rate] = len(running.synthesize(text, tmp_path / f"{rate}.wav"))
    assert lengths[250] < 0.65 * lengths[120]


def test_unknown_and_mislabelled_voices_are_refused(engine: SpeechEngine) -> None:
    with pytest.raises(EngineError, match="no voice 'no-such-voice'"):
        engine.voice_for("en", "no-such-voice")
    with pytest.raises(EngineError, match="MBROLA"):
        engine._usable(type(engine.voices[0])("mb/mb-en1", "en1", ("en",)))
    assert engine.voice_for("es").id == "roa/es"
    assert engine.voice_for("en-US").id == "gmw/en-us"


def test_empty_text_is_never_sent(engine: SpeechEngine, tmp_path: Path) -> None:
    assert engine.synthesize("   ", tmp_path / "x.wav") == b""
    assert engine.synthesize("Still working.", tmp_path / "y.wav")  # the worker is alive and well


def test_a_hanging_engine_is_stopped(tmp_path: Path) -> None:
    with SpeechEngine(min_timeout=0.01, seconds_per_char=0.0) as running:
        running.configure(running.voice_for("en"), 175)
        with pytest.raises(EngineError, match="did not answer within"):
            running.synthesize("A long sentence that takes far longer than ten milliseconds to speak. " * 5,
                               tmp_path / "slow.wav")  # fmt: skip
    assert not (tmp_path / "slow.wav").exists()


def test_a_missing_engine_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh Python environment without pyttsx3 stands in for a machine where it is not installed."""
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the worker finds Triptych, but no pyttsx3
    with pytest.raises(EngineError) as caught:
        SpeechEngine(python=str(bare / "bin" / "python")).start()
    message = str(caught.value)
    assert "no speech engine could be started (ModuleNotFoundError: No module named 'pyttsx3')" in message
    assert "apt-get install espeak-ng" in message


def test_engine_chatter_never_reaches_stdout(tmp_path: Path) -> None:
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "audio", "-o", tmp_path, "--name", "m",
                     "-O", "speech-cache=no")  # the engine must speak: nothing from the speech cache  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Audio saved" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == [line for line in result.stdout.splitlines() if line.startswith("audio ")]


def test_a_failing_audio_export_keeps_the_others(tmp_path: Path) -> None:
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "html,audio", "-o", tmp_path, "--name", "m",
                     "--voice", "nonsense")  # fmt: skip
    assert result.returncode == 1
    assert "audio export failed: no voice 'nonsense'" in result.stderr and "choose one of" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.html", "m.manifest.json"]


def test_other_formats(tmp_path: Path) -> None:
    for audio_format, codec in (("m4b", "aac"), ("wav", "pcm_s16le")):
        result = export(ARTICLES / "mercado.md", "audio", tmp_path, name=f"m-{audio_format}",
                        options={"audio-format": audio_format})  # fmt: skip
        assert result.ok, result.outputs
        assert result.warnings == ()
        path = result.outputs[0].path
        assert path is not None and path.suffix == f".{audio_format}"
        info = probe(path)
        assert info["streams"][0]["codec_name"] == codec
        if audio_format == "m4b":
            assert [c["tags"]["title"] for c in info["chapters"]] == [
                "El mercado de San Telmo reabre tras dos años de obras", "Horarios",
            ]  # fmt: skip
        assert path.with_suffix(".vtt").is_file()


def test_what_is_read_is_configurable(tmp_path: Path) -> None:
    result = export(ARTICLES / "reading-room.md", "audio", tmp_path, name="short",
                    options={"speech-skip": "image,tables,notes,closing"})  # fmt: skip
    assert result.ok
    assert result.warnings == ()
    ids = [cue.id for cue in read_vtt(tmp_path / "short.vtt")]
    assert "image" not in ids and "notes" not in ids and "closing" not in ids
    assert not [i for i in ids if i.startswith("table-")]
    assert ids[:3] == ["title", "deck", "byline"]
    with pytest.raises(UsageError, match="speech-skip='everything' for audio: everything: not one of title, deck"):
        export(ARTICLES / "mercado.md", "audio", tmp_path / "bad", options={"speech-skip": "everything"})
    assert not (tmp_path / "bad").exists()  # refused before any work


# --- what a listener hears -----------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def hearing(request: pytest.FixtureRequest) -> Iterator[Future[list[tuple[str, float]]] | None]:
    """What the recogniser hears in the seed's audio, for test_speech_is_where_the_cues_say (last in
    this module): it takes seconds, so it starts with the module's first test, in a process of its own."""
    selected = [item for item in request.session.items if item.path == request.path]
    if not any(item.name == "test_speech_is_where_the_cues_say" for item in selected):
        yield None
        return
    mp3 = request.getfixturevalue("spoken")["seed"].audio
    texts = [cue.text for cue in read_vtt(mp3.with_suffix(".vtt"))]
    folder = request.getfixturevalue("tmp_path_factory").mktemp("recogniser")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool.submit(heard_words, mp3, texts, folder)


def test_speech_is_where_the_cues_say(spoken: dict[str, Made], hearing: Future[list[tuple[str, float]]] | None) -> None:
    """An offline recogniser (pocketsphinx, language model from the article) hears each sentence in its
    own cue's time span better than the neighbouring sentences."""
    assert hearing is not None
    heard = hearing.result()
    cues = read_vtt(_mp3(spoken, "seed").with_suffix(".vtt"))
    kinds = {s.id: s.kind for s in speech_script(read_article(SEED))}

    def overlap(recognised: list[str], sentence: str) -> float:
        ours, theirs = set(recognised), set(spoken_words(sentence))
        return len(ours & theirs) / max(1, len(ours | theirs))

    sentences = [i for i, c in enumerate(cues) if kinds[c.id] in ("sentence", "title")]
    assert len(sentences) >= 15
    for i in sentences:
        cue = cues[i]
        recognised = [w for w, middle in heard if cue.start - 0.05 <= middle <= cue.end + 0.05 and w.isalpha()]
        own = overlap(recognised, cue.text)
        neighbours = [overlap(recognised, cues[j].text) for j in (i - 1, i + 1) if 0 <= j < len(cues)]
        assert own > max(neighbours), (cue.id, own, neighbours, recognised)
