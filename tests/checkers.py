"""The real validators and the real browser the tests run on what Triptych makes."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


def vnu(paths: list[Path]) -> list[dict[str, Any]]:
    """Nu Html Checker messages for many pages, in one JVM."""
    if not VNU_JAR.is_file():
        raise RuntimeError(f"{VNU_JAR} is missing: run ./setup.sh (npm ci)")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages: list[dict[str, Any]] = json.loads(result.stderr)["messages"]
    return messages


def chromium_console(page: Path) -> list[str]:
    """What the page logs in headless Chromium (CSP violations among it) while it loads from disk."""
    browser = shutil.which("chromium")
    if browser is None:
        raise RuntimeError("chromium is missing: run ./setup.sh")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
