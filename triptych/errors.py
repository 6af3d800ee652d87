"""One error family. Each message says what went wrong, where, and what to do about it."""

from __future__ import annotations

from pathlib import Path


def shown(name: Path | str) -> str:
    """A file name as a message shows it: as it is, or quoted with its escapes when it holds a line
    break, a control or another invisible character (so that an error stays on one line)."""
    text = str(name)
    return text if text.isprintable() else repr(text)


EXIT_OK = 0
EXIT_EXPORT_FAILED = 1
EXIT_BAD_INPUT = 2


class TriptychError(Exception):
    """Base of every error Triptych reports without a traceback."""

    exit_status = EXIT_BAD_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class SourceError(TriptychError):
    """The article source can't be read or is not an article."""

    def __init__(self, path: Path | str, problem: str, *, line: int | None = None, hint: str | None = None) -> None:
        where = f"{shown(path)}:{line}" if line is not None else shown(path)
        super().__init__(f"{where}: {problem}", hint=hint)
        self.path = Path(path)
        self.line = line


class UsageError(TriptychError):
    """The command or API was called with options that can't work together."""


class UnknownFormatError(TriptychError):
    """A format was asked for that no installed exporter provides."""


class PluginError(TriptychError):
    """An installed plugin is not a usable exporter (or two share a name)."""


class ConfigError(TriptychError):
    """A configuration file (a feed's channel) can't be read, or a field it needs is missing or wrong."""


class ResourceError(TriptychError):
    """A resource the article refers to (an image) is refused or can't be read."""


class ExportError(TriptychError):
    """An exporter failed to make its edition."""

    exit_status = EXIT_EXPORT_FAILED


class OutputError(TriptychError):
    """The output folder can't take the editions (full disk, read-only, no permission)."""

    exit_status = EXIT_EXPORT_FAILED


class WorkerCrashed(TriptychError):
    """A worker process of a batch died while it ran a task (a crash in a library, or killed for memory)."""

    exit_status = EXIT_EXPORT_FAILED
