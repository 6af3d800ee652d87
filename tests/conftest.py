"""The session's fixtures: a fresh speech cache, and the editions the tests share (tests/helpers.py).

No fixture here checks anything behind a test's back: the shared editions are validated by
tests/test_validation.py, one test per edition, and a test that makes an edition of its own
validates it itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import (
    ARTICLES,
    BAD,
    HOSTILE,
    ROOT,
    SAMPLES,
    Library,
    made_path,
    parse_page,
    run_cli,
)

__all__ = ["ARTICLES", "BAD", "HOSTILE", "ROOT", "SAMPLES", "made_path", "parse_page", "run_cli"]
"""Re-exported for the test modules that import them from here."""


@pytest.fixture(scope="session", autouse=True)
def speech_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The run's own cache folder (``TRIPTYCH_CACHE_DIR``): never the user's, and fresh for each
    run, so that no run depends on an earlier one. Tests of the cache itself use their own."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRIPTYCH_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory, speech_cache: Path) -> Library:
    """The shared editions (``helpers.EDITIONS``), each run made once, when a test first asks:
    ``editions("reading-room.md").pdf``, ``editions("mercado.md+narrated").epub``."""
    return Library(tmp_path_factory.mktemp("editions"))


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    """A fresh folder for articles written by a test (with the sample image beside them)."""
    folder = tmp_path / "src"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "chart.png").write_bytes((ARTICLES / "images" / "reading-room-visits.png").read_bytes())
    return folder
