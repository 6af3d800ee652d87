"""What a batch made, article by article, read from each folder's manifest: the entries that the
feed, the catalogue and the index page list, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from triptych.run.manifest import SUFFIX, ManifestError, Recorded, RecordedArticle, RecordedOutput, read_manifest

LABELS = {"html": "Web page", "pdf": "PDF", "epub": "EPUB", "audio": "Audio"}
"""The editions, in the order pages list them."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One published article: its folder's name, what its manifest records, and its date."""

    slug: str
    recorded: Recorded
    article: RecordedArticle
    published: datetime
    """The article's date (midnight UTC for a date; UTC for a date-time without an offset), or
    when the editions were made when the article has none."""

    @property
    def folder(self) -> Path:
        """The article's folder."""
        return self.recorded.folder

    def edition(self, fmt: str) -> RecordedOutput | None:
        """The edition of ``fmt``, when it was made and its file is there."""
        output = self.recorded.output(fmt)
        return output if output is not None and output.path and (self.folder / output.path).is_file() else None

    def file(self, name: str) -> Path:
        """A file of the article's folder."""
        return self.folder / name

    def companion(self, suffix: str, fmt: str = "audio") -> str | None:
        """The name of an edition's companion file with ``suffix`` (the ``.vtt`` beside the audio)."""
        output = self.edition(fmt)
        names = output.files if output is not None else ()
        return next((n for n in names if n.endswith(suffix) and (self.folder / n).is_file()), None)


def moment(text: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as an aware date-time (midnight UTC for a date)."""
    if not text:
        return None
    try:
        if "T" not in text:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def collect(outdir: Path, folders: Iterable[Path] | None = None) -> tuple[list[Entry], list[str]]:
    """The entries of ``outdir`` (every sub-folder with a manifest, or only ``folders``), newest
    first, and a warning for each article left out (a failed edition or check, no manifest)."""
    chosen = sorted(folders) if folders is not None else sorted(p for p in outdir.iterdir() if p.is_dir())
    entries: list[Entry] = []
    warnings: list[str] = []
    for folder in chosen:
        if folder.name.startswith("."):
            continue
        manifest = folder / f"{folder.name}{SUFFIX}"
        if folders is None and not manifest.is_file():
            continue  # not an article's folder
        try:
            recorded = read_manifest(manifest)
        except ManifestError as exc:
            warnings.append(f"left out {folder.name}: {exc}")
            continue
        if not recorded.ok:
            failed = [f"{o.format} ({o.error})" if o.error else o.format for o in recorded.outputs if not o.ok]
            why = f"its editions failed: {', '.join(failed)}" if failed else f"its checks gave {recorded.checks}"
            warnings.append(f"left out {folder.name}: {why}")
            continue
        if recorded.article is None:
            warnings.append(f"left out {folder.name}: its manifest has no article metadata; build it again")
            continue
        published = moment(recorded.article.published) or moment(recorded.created) or datetime(1970, 1, 1, tzinfo=UTC)
        entries.append(Entry(folder.name, recorded, recorded.article, published))
    entries.sort(key=lambda e: (-e.published.timestamp(), e.slug))
    return entries, warnings


def newest(entries: Iterable[Entry]) -> datetime | None:
    """When the newest editions were made (what a feed gives as its last build time)."""
    made = [m for m in (moment(e.recorded.created) for e in entries) if m is not None]
    return max(made) if made else None
