"""The run's fast paths give the same editions as the plain ones: the MP3 encoded while it is
spoken, the PDF made in a forked process of its own, the speech engine kept between narrations."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import zipfile
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT
from triptych import export, read_source
from triptych.context import ExportContext, Key
from triptych.plugins import Registry
from triptych.renditions.narration import NARRATION
from triptych.speech import engine as kept_engines
from triptych.speech.encode import encode
from triptych.speech.engine import kept_engine

ARTICLE = """---
title: Harbour ferry returns
author: Jo Reed
language: en
published: 2026-11-02
---

The harbour ferry runs again from Monday, after three weeks of repairs to its pier.

## Timetable

Boats leave every 20 minutes from 6 a.m. until midnight, and every hour at weekends.

## Fares

A single fare stays at $2.50; monthly passes cost $45.
""" + "\n".join(f"\nParagraph {n} of the notes says the pier was rebuilt in stage {n}." for n in range(1, 40))


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("TRIPTYCH_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "src" / "ferry.md"
    source.parent.mkdir()
    source.write_text(ARTICLE, encoding="utf-8")
    return source


def test_the_mp3_encoded_while_spoken_is_the_mp3_encoded_afterwards(article: Path, tmp_path: Path) -> None:
    reading = read_source(article)
    context = ExportContext(article=reading.article, media=reading.media, work_root=tmp_path / "work")
    narration = context.get(NARRATION)
    assert narration.mp3 is not None and narration.mp3.stat().st_size > 10_000  # streamed as it was spoken
    tags = {"title": "Harbour ferry returns", "artist": "Jo Reed", "genre": "Speech"}
    encode(narration, tmp_path / "copied.mp3", "mp3", tags, timeout=120)
    encode(dataclasses.replace(narration, mp3=None), tmp_path / "encoded.mp3", "mp3", tags, timeout=120)
    copied, encoded = (tmp_path / "copied.mp3").read_bytes(), (tmp_path / "encoded.mp3").read_bytes()
    assert copied == encoded  # same frames, same LAME header (encoder delay), same tags and chapters
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", str(tmp_path / "copied.mp3")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = json.loads(probe.stdout)
    assert [c["tags"]["title"] for c in found["chapters"]][:3] == ["Harbour ferry returns", "Timetable", "Fares"]
    assert abs(float(found["format"]["duration"]) - narration.duration) < 0.1


def test_the_pdf_made_in_its_own_process_is_the_pdf_made_in_the_run(article: Path, tmp_path: Path) -> None:
    forked = export(article, "pdf,epub", tmp_path / "forked", name="ferry")
    serial = export(article, "pdf,epub", tmp_path / "serial", name="ferry", concurrent=False)
    assert forked.ok and serial.ok
    for suffix in ("pdf", "epub", "index.json"):
        assert (tmp_path / "forked" / f"ferry.{suffix}").read_bytes() == (
            tmp_path / "serial" / f"ferry.{suffix}"
        ).read_bytes()
    with zipfile.ZipFile(tmp_path / "forked" / "ferry.epub") as book:
        nav = next(book.read(n).decode() for n in book.namelist() if n.endswith("nav.xhtml"))
    assert 'epub:type="page-list"' in nav  # the print page breaks came back from the PDF's process
    index = json.loads((tmp_path / "forked" / "ferry.index.json").read_text(encoding="utf-8"))
    assert {entry["pdf_page"] for entry in index["entries"] if entry.get("pdf_page")} >= {1, 2}


def test_the_run_itself_never_loads_the_pdf_engine_when_other_editions_are_made(article: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from triptych import export; "
        f"result = export({str(article)!r}, 'pdf,epub', {str(tmp_path / 'out')!r}); "
        "print(result.ok, 'weasyprint' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == ["True", "False"]


class Dying:
    """An exporter whose process is killed while it works."""

    name = "dying"
    suffix = "txt"
    description = "dies"
    isolated = True

    def export(self, article: object, target: Path, context: object) -> None:
        target.write_text("half", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)


def test_an_edition_whose_process_dies_fails_alone(article: Path, tmp_path: Path) -> None:
    registry = Registry.discover()
    registry.points["dying"] = EntryPoint("dying", "tests.test_concurrent_run:Dying", "triptych.exporters")
    result = export(article, "dying,epub", tmp_path / "out", name="ferry", registry=registry)
    outputs = {o.format: o for o in result.outputs}
    assert outputs["epub"].ok and not outputs["dying"].ok
    assert "process was stopped by signal 9" in (outputs["dying"].error or "")
    assert not list((tmp_path / "out").glob("ferry.txt"))  # nothing half-written published
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == [
        "ferry.epub", "ferry.index.json", "ferry.manifest.json",
    ]  # fmt: skip


def test_the_speech_engine_is_kept_for_the_next_narration(article: Path, tmp_path: Path) -> None:
    export(article, "audio", tmp_path / "first", options={"speech-cache": "no"})
    with kept_engine() as engine:
        assert engine.running
        kept = engine._process.pid if engine._process else None
    export(article, "audio", tmp_path / "second", options={"speech-cache": "no"})
    used = []

    def failing_narration() -> None:
        with kept_engine() as engine:
            used.append(engine)
            assert engine._process is not None and engine._process.pid == kept  # no new worker was started
            raise RuntimeError("a narration that failed")

    with pytest.raises(RuntimeError):
        failing_narration()
    assert not used[0].running and used[0] not in kept_engines._kept  # stopped, not kept


def test_a_process_that_exports_many_articles_keeps_one_engine_server(article: Path, tmp_path: Path) -> None:
    from triptych.run import isolation

    assert export(article, "pdf,epub", tmp_path / "first", name="ferry").ok
    server = isolation._server
    assert server is not None and server.alive()
    assert export(article, "pdf,epub", tmp_path / "second", name="ferry").ok
    assert isolation._server is server and server.alive()  # the engines were loaded once
    assert (tmp_path / "first" / "ferry.pdf").read_bytes() == (tmp_path / "second" / "ferry.pdf").read_bytes()


def test_the_engine_server_works_in_the_run_s_environment_of_the_moment(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pikepdf

    assert export(article, "pdf,epub", tmp_path / "first", name="ferry").ok  # the server starts here (2026)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")  # 2020-01-01: set after the server started
    monkeypatch.chdir(tmp_path)
    assert export(article, "pdf,epub", "second", name="ferry").ok  # a folder relative to the run's
    with pikepdf.open(tmp_path / "second" / "ferry.pdf") as pdf:
        assert str(pdf.docinfo["/ModDate"]).startswith("D:2020")


class Isolated:
    """A second exporter that asks for a process of its own."""

    name = "isolated"
    suffix = "txt"
    description = "its process id"
    isolated = True

    def export(self, article: object, target: Path, context: object) -> None:
        target.write_text(str(os.getpid()), encoding="utf-8")


def test_two_isolated_editions_of_one_run_each_get_their_process(article: Path, tmp_path: Path) -> None:
    from triptych.run import isolation

    assert export(article, "pdf,epub", tmp_path / "first", name="ferry").ok
    server = isolation._server
    assert server is not None
    registry = Registry.discover()
    registry.points["isolated"] = EntryPoint("isolated", "tests.test_concurrent_run:Isolated", "triptych.exporters")
    result = export(article, "pdf,isolated,epub", tmp_path / "both", name="ferry", registry=registry)
    assert all(o.ok for o in result.outputs), result.outputs
    assert int((tmp_path / "both" / "ferry.txt").read_text(encoding="utf-8")) not in (os.getpid(), server.pid)
    assert isolation._server is server and server.alive()  # the PDF's server was not replaced mid-run
    assert (tmp_path / "both" / "ferry.pdf").read_bytes() == (tmp_path / "first" / "ferry.pdf").read_bytes()


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
    registry.points["ahead"] = EntryPoint("ahead", "tests.test_concurrent_run:Ahead", "triptych.exporters")
    result = export(article, "ahead,epub", tmp_path / "out", name="ferry", registry=registry)
    assert all(o.ok for o in result.outputs), result.outputs
    made, ran = map(int, (tmp_path / "out" / "ferry.txt").read_text(encoding="utf-8").split())
    assert made == os.getpid() and ran != os.getpid()  # made here, while the edition ran elsewhere
    assert made_in == [os.getpid()]  # and not made again there
    assert isolation._server is not None and ran not in (os.getpid(), isolation._server.pid)
