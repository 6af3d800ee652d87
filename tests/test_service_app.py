"""The browser app of ``triptych serve`` in Debian's Chromium, on a real server: an editor uploads
the seed, watches it being made, plays the audio with its captions, opens the PDF, downloads the
EPUB and reads the accessibility report; axe-core finds nothing on the form or the result."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import ROOT, SEED
from .serving import running


@pytest.mark.timeout(600)
def test_the_browser_app_makes_and_shows_the_seed(tmp_path: Path) -> None:
    with running(tmp_path / "data", workers=2) as server:
        result = subprocess.run(
            ["node", str(ROOT / "tests" / "js" / "service_app.mjs"), server.url + "/", str(SEED)],
            capture_output=True,
            text=True,
            timeout=500,
            check=False,
            env={**os.environ, "CHROMIUM": shutil.which("chromium") or "/usr/bin/chromium"},
        )
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout)
    (tmp_path / "seen.json").write_text(json.dumps(seen, indent=1), encoding="utf-8")
    assert sorted(seen["formats"]) == ["audio", "epub", "html", "pdf"]
    assert {"page-size", "voice", "rate", "audio-format"} <= set(seen["optionFields"])
    assert seen["labelled"]
    assert all(f["outline"] for f in seen["focusOutlines"]), seen["focusOutlines"]
    assert seen["liveRegion"] == "polite"
    assert seen["finalText"].startswith("ice-arrests.txt: done"), seen["progress"]
    assert any("running" in text or "queued" in text for text in seen["progress"]), seen["progress"]
    assert seen["focusOnResult"] == "result-heading"
    assert seen["frame"]["sandbox"] == "allow-scripts"
    assert seen["object"]["type"] == "application/pdf"
    assert seen["pdf"]["status"] == 200 and seen["pdf"]["type"] == "application/pdf" and seen["pdf"]["start"] == "%PDF-"
    assert seen["epub"]["status"] == 200 and seen["epub"]["type"] == "application/epub+zip"
    assert seen["epub"]["download"].endswith(".epub")
    audio = seen["audio"]
    assert audio["error"] is None and not audio["paused"] and audio["time"] > 0.5, audio
    assert audio["tracks"] == 1 and audio["kind"] == "captions" and audio["cues"] > 5, audio
    verdicts = {row[0].rsplit(".", 1)[-1]: row[2] for row in seen["reportTable"]}
    assert set(verdicts) == {"pdf", "epub", "mp3"}, seen["reportTable"]
    assert set(verdicts.values()) == {"pass"}, seen["reportTable"]
    assert seen["recent"] >= 1
    assert seen["axeForm"] == [] and seen["axeResult"] == [], (seen["axeForm"], seen["axeResult"])
    assert seen["consoleErrors"] == [] and seen["failedRequests"] == [], seen
