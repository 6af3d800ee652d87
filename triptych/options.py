"""Option schemas: what each exporter (and the run) accepts as ``-O KEY=VALUE``.

An option has a key, a type, its allowed values, a default and a one-line help, as MkDocs plugins
declare a config class. The run checks every option given against the schemas of the exporters
it runs before any work, so ``-O page-szie=a4`` is refused with a "did you mean" instead of being
ignored.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from triptych.errors import UsageError

T = TypeVar("T")

YES = frozenset({"yes", "true", "1", "on"})
NO = frozenset({"no", "false", "0", "off"})


class BadValue(ValueError):
    """A value an option can't take: says what it should be."""


@dataclass(frozen=True, slots=True, eq=False)
class Option(Generic[T]):
    """One option: ``key``, the type shown to users, its default and help, and how to read it."""

    key: str
    type: str
    """What the value is, as users read it: ``a4 | letter``, ``integer``, ``yes | no``, ``file``..."""
    default: T
    help: str
    reader: Callable[[str], T]
    default_text: str = ""
    """The default as shown to users, when it is not simply ``default`` (``from the language``)."""
    choices: tuple[str, ...] = ()
    example: str = ""

    def parse(self, text: str) -> T:
        """The value of ``text``; ``BadValue`` says what is wrong."""
        return self.reader(text.strip())

    def value(self, options: Mapping[str, str]) -> T:
        """This option's value in ``options`` (the default when it is not given)."""
        text = options.get(self.key)
        return self.default if text is None else self.parse(text)

    @property
    def shown_default(self) -> str:
        """The default as the option tables show it."""
        if self.default_text:
            return self.default_text
        if isinstance(self.default, bool):
            return "yes" if self.default else "no"
        if isinstance(self.default, frozenset | tuple):
            return ",".join(sorted(self.default)) or "none"
        return "none" if self.default is None else str(self.default)


def choice(
    key: str, choices: Sequence[str], default: str | None, help: str, default_text: str = "", example: str = ""
) -> Option[str | None]:
    """One word of ``choices`` (case does not matter)."""

    def read(text: str) -> str:
        word = text.lower()
        if word not in choices:
            raise BadValue(f"not one of {', '.join(choices)}{_close(word, choices)}")
        return word

    return Option(
        key,
        " | ".join(choices),
        default,
        help,
        read,
        choices=tuple(choices),
        default_text=default_text,
        example=example,
    )


def integer(
    key: str,
    default: int,
    help: str,
    *,
    minimum: int = 1,
    maximum: int | None = None,
    default_text: str = "",
    example: str = "",
) -> Option[int]:
    """A whole number from ``minimum`` to ``maximum`` (``_`` may group digits); the range is part
    of the type the option tables show."""

    def read(text: str) -> int:
        if maximum is None:
            what = "not a positive whole number" if minimum == 1 else f"not a whole number of at least {minimum}"
        elif minimum == 1:
            what = f"not a positive whole number up to {maximum:,}"
        else:
            what = f"not a whole number from {minimum:,} to {maximum:,}"
        digits = text.replace("_", "")
        if len(digits.lstrip("+-")) > 30:  # longer than any limit, and int() refuses 4,300 digits
            raise BadValue(what)
        try:
            number = int(digits)
        except ValueError:
            raise BadValue(what) from None
        if number < minimum or (maximum is not None and number > maximum):
            raise BadValue(what)
        return number

    kind = f"integer {minimum:,} to {maximum:,}" if maximum is not None else "integer"
    return Option(key, kind, default, help, read, default_text=default_text, example=example)


def number(
    key: str,
    default: float,
    help: str,
    default_text: str = "",
    example: str = "",
    *,
    minimum: float = 0.0,
    maximum: float | None = None,
) -> Option[float]:
    """A finite number above ``minimum`` (zero: a positive number) and at most ``maximum``; NaN and
    infinities never pass, and the range is part of the type the option tables show."""

    def read(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise BadValue("not a number") from None
        if not math.isfinite(value) or not value > minimum or (maximum is not None and value > maximum):
            shown = f"{maximum:g}" if maximum is not None else ""
            raise BadValue(f"not a number above {minimum:g} and at most {shown}" if shown else "not a positive number")
        return value

    kind = f"number {minimum:g} to {maximum:g}" if maximum is not None else "number"
    return Option(key, kind, default, help, read, default_text=default_text, example=example)


def flag(key: str, help: str, default: bool = False, default_text: str = "", example: str = "") -> Option[bool]:
    """Yes or no (``yes``/``no``, ``true``/``false``, ``1``/``0``, ``on``/``off``)."""

    def read(text: str) -> bool:
        word = text.lower()
        if word in YES:
            return True
        if word in NO:
            return False
        raise BadValue("not yes or no")

    return Option(key, "yes | no", default, help, read, default_text=default_text, example=example or "yes")


def text(key: str, help: str, *, kind: str = "text", default_text: str = "", example: str = "") -> Option[str | None]:
    """Any non-empty text (``kind`` says what, for the tables: ``text``, ``file``...)."""

    def read(value: str) -> str | None:
        return value or None

    return Option(key, kind, None, help, read, default_text=default_text, example=example)


def words(
    key: str, choices: Sequence[str], help: str, default_text: str = "", example: str = ""
) -> Option[frozenset[str]]:
    """A comma-separated list of words of ``choices``."""

    def read(value: str) -> frozenset[str]:
        chosen = frozenset(part.strip().lower() for part in value.split(",") if part.strip())
        if unknown := sorted(chosen - set(choices)):
            raise BadValue(f"{', '.join(unknown)}: not one of {', '.join(choices)}{_close(unknown[0], choices)}")
        return chosen

    return Option(
        key,
        "list of " + " | ".join(choices),
        frozenset(),
        help,
        read,
        choices=tuple(choices),
        default_text=default_text,
        example=example or ",".join(choices[:2]),
    )


def _close(word: str, known: Iterable[str]) -> str:
    found = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean {found[0]!r}?)" if found else ""


Schema = Sequence[Option[Any]]


def validate(
    given: Mapping[str, str], schemas: Mapping[str, Schema], *, elsewhere: Mapping[str, Schema] | Iterable[str] = ()
) -> list[str]:
    """Check every option in ``given`` against the schemas of the run's parts (``{"pdf": ...}``).

    Raise ``UsageError`` for a key no part knows (with the closest known key) or a value its
    option can't take, before any work. Return a warning for each key that only ``elsewhere``
    (exporters not in this run) knows: it has no effect; when ``elsewhere`` gives their schemas, its
    value is checked all the same (a bad value is bad usage whichever formats the run makes).
    """
    owners: dict[str, list[tuple[str, Option[Any]]]] = {}
    for owner, schema in schemas.items():
        for option in schema:
            owners.setdefault(option.key, []).append((owner, option))
    parts = [name for name in schemas if name != "run"]
    others: dict[str, list[tuple[str, Option[Any]]]] = {}
    if isinstance(elsewhere, Mapping):
        for owner, schema in elsewhere.items():
            for option in schema:
                others.setdefault(option.key, []).append((owner, option))
    known_elsewhere = set(others) if isinstance(elsewhere, Mapping) else set(elsewhere)
    warnings = []
    for key, value in given.items():
        if key not in owners:
            if key in known_elsewhere:
                _check_value(key, value, others.get(key, []))
                warnings.append(f"option {key!r} has no effect: no edition of this run uses it")
                continue
            suggestion = difflib.get_close_matches(key, [*owners, *known_elsewhere], n=1, cutoff=0.6)
            raise UsageError(
                f"unknown option {key!r} for {_joined(parts) or 'this run'}",
                hint=f"did you mean {suggestion[0]!r}?" if suggestion else "triptych options lists every option",
            )
        _check_value(key, value, owners[key])
    return warnings


def _check_value(key: str, value: str, owners: Sequence[tuple[str, Option[Any]]]) -> None:
    for owner, option in owners:
        try:
            option.parse(value)
        except BadValue as exc:
            example = f"-O {key}={option.example or option.shown_default}"
            where = "every format" if owner == "run" else owner
            shown = value if len(value) <= 40 else value[:37] + "..."
            message = f"option {key}={shown!r} for {where}: {exc}"
            raise UsageError(message, hint=f"write for example {example}") from None


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1] if names else ""


def table(schema: Schema) -> list[tuple[str, str, str, str]]:
    """The rows of an option table: key, type, default, help."""
    return [(o.key, o.type, o.shown_default, o.help) for o in schema]


def markdown_table(schema: Schema) -> str:
    """The option table as Markdown, as the README shows it."""
    rows = ["| Key | Type | Default | What it does |", "|---|---|---|---|"]
    for key, kind, default, help_text in table(schema):
        rows.append(f"| `{key}` | {kind.replace('|', '&#124;')} | {default.replace('|', '&#124;')} | {help_text} |")
    return "\n".join(rows) + "\n"


def shared_options(schemas: Mapping[str, Schema]) -> dict[str, Schema]:
    """The options of several exporters grouped by the formats that take them (``"epub, pdf"``:
    the print layout's), in the order they are first declared."""
    owners: dict[str, list[str]] = {}
    first: dict[str, Option[Any]] = {}
    for name, schema in schemas.items():
        for option in schema:
            owners.setdefault(option.key, []).append(name)
            first.setdefault(option.key, option)
    groups: dict[str, list[Option[Any]]] = {}
    for key, names in owners.items():
        groups.setdefault(", ".join(sorted(names)), []).append(first[key])
    return {names: tuple(options) for names, options in groups.items()}
