"""Benchmark: the web-page reader against the extractors a user would reach for, on a corpus of
saved pages in Mozilla Readability's test layout.

    .venv/bin/python -m bench.extraction CORPUS [--json FILE] [--worst N] [--page NAME ...]

``CORPUS`` holds one folder per page: ``NAME/source.html`` (the page), ``NAME/expected.html``
(the reference article body) and ``NAME/expected-metadata.json`` (``title``, ``byline``,
``lang``, ``publishedTime``). Triptych reads each page in process, as ``triptych inspect`` does;
trafilatura and readability-lxml, when installed, are scored in the same run with their default
settings (their metadata rows cover only what their default API gives: trafilatura has title,
author and date, readability-lxml the title).

Metrics, one page at a time, then over the corpus:

- **body**: bags of tokens with multiplicity (lowercased, split on ``\\W+``); precision, recall
  and F1 against the visible text of ``expected.html``. The model's text is every block and
  inline of the body and the footnotes (the metadata the reader moves out of the body, title,
  deck, byline and lead image, is not). A refused or crashed page scores 0.
- **title**: exact after white-space collapsing, and "site name ignored": equal once trailing
  ``| Site`` parts (or one leading ``Site |`` part) are cut from either side, case and
  punctuation folded.
- **byline**: every token of the expected names is among the extracted authors' tokens ("either
  way" also accepts the converse); **lang**: the same primary subtag; **date**: the same
  calendar date as written.
- **seconds**: each extraction call, in process, after one warm-up page.

Targets (``--check``): Triptych's mean F1 at least 0.97 and above every peer's; at most one page
under 0.5; title (site name ignored) at least 90 %, byline 85 %, date 95 %, language 100 %; no
crash; median time at most 50 ms and no page over 1 s. The exit status is 1 when ``--check`` is
given and a target is missed, 2 when the benchmark cannot run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import re
import statistics
import sys
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from lxml import etree, html

Extractor = Callable[[Path], dict[str, Any]]
_NONWORD = re.compile(r"\W+")


def tokens(text: str) -> list[str]:
    return [t for t in _NONWORD.split(text.lower()) if t]


def prf(pred: list[str], ref: list[str]) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1."""
    if not pred and not ref:
        return 1.0, 1.0, 1.0
    if not pred or not ref:
        return 0.0, 0.0, 0.0
    overlap = sum((Counter(pred) & Counter(ref)).values())
    p, r = overlap / len(pred), overlap / len(ref)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "br",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "hr",
        "dl",
        "dt",
        "dd",
        "address",
        "details",
        "summary",
        "center",
        "aside",
        "nav",
        "body",
        "html",
    ]
)
_SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "head", "title"])


def html_text(markup: bytes | str | None) -> str:
    """Visible text of an HTML document, with a break at every block boundary."""
    if not markup:
        return ""
    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    try:
        root = html.document_fromstring(data, parser=html.HTMLParser(encoding="utf-8", remove_comments=True))
    except (etree.ParserError, ValueError):
        return ""
    out: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP_TAGS:
            out.append(el.tail or "")
            return
        block = tag in _BLOCK_TAGS
        out.append("\n" if block else "")
        out.append(el.text or "")
        for child in el:
            walk(child)
        out.append("\n" if block else "")
        out.append(el.tail or "")

    walk(root)
    return "".join(out)


_CHILD_KEYS = ("children", "blocks", "items", "attribution", "term", "definitions", "caption", "head", "body")
_MODEL_BLOCKS = frozenset(
    [
        "Paragraph",
        "Heading",
        "BlockQuote",
        "ListItem",
        "ListBlock",
        "Figure",
        "Cell",
        "Table",
        "Definition",
        "DefinitionList",
        "ThematicBreak",
        "Footnote",
    ]
)


def model_text(model: dict[str, Any]) -> str:
    """Text of every block and inline of a Triptych model's body and footnotes."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("type")
        block = kind in _MODEL_BLOCKS
        out.append("\n" if block else "")
        if kind in ("Text", "Code"):
            out.append(node.get("text") or "")
        elif kind == "LineBreak":
            out.append("\n")
        elif kind == "FootnoteRef":
            out.append(node.get("label") or "")
        elif kind == "Figure":
            walk(node.get("caption") or [])
            out.append("\n" + node["credit"] if node.get("credit") else "")
        else:
            for key in _CHILD_KEYS:
                if key in node:
                    walk(node[key])
        out.append("\n" if block else "")

    walk(model.get("blocks") or [])
    walk(model.get("footnotes") or [])
    return "".join(out)


class Refused(Exception):
    """The extractor declined the page with a message (not a crash)."""


def triptych_extractor() -> Extractor:
    from triptych.errors import TriptychError
    from triptych.readers import read_article
    from triptych.serialize import article_data

    def extract(path: Path) -> dict[str, Any]:
        try:
            article = read_article(path)
        except TriptychError as exc:
            raise Refused(str(exc)) from None
        model = json.loads(json.dumps(article_data(article), ensure_ascii=False))
        meta = model["meta"]
        return {
            "text": model_text(model),
            "title": meta.get("title"),
            "authors": meta.get("authors") or [],
            "lang": meta.get("language"),
            "date": meta.get("published"),
        }

    return extract


def peer_extractors() -> dict[str, tuple[Extractor, frozenset[str]]]:
    """trafilatura and readability-lxml with default settings, when they can be imported."""
    peers: dict[str, tuple[Extractor, frozenset[str]]] = {}
    try:
        import trafilatura

        def tra(path: Path) -> dict[str, Any]:
            page = path.read_text(encoding="utf-8")
            text = trafilatura.extract(page, output_format="txt") or ""
            doc = trafilatura.bare_extraction(page, with_metadata=True)

            def field(key: str) -> Any:
                return doc.get(key) if isinstance(doc, dict) else getattr(doc, key, None)

            authors = [a.strip() for a in (field("author") or "").split(";") if a.strip()]
            return {"text": text, "title": field("title"), "authors": authors, "lang": None, "date": field("date")}

        peers["trafilatura"] = tra, frozenset({"title", "authors", "date"})
    except ImportError:
        print("bench.extraction: trafilatura not installed, not scored", file=sys.stderr)
    try:
        import readability

        def rlx(path: Path) -> dict[str, Any]:
            doc = readability.Document(path.read_text(encoding="utf-8"))
            return {"text": html_text(doc.summary()), "title": doc.title(), "authors": [], "lang": None, "date": None}

        peers["readability-lxml"] = rlx, frozenset({"title"})
    except ImportError:
        print("bench.extraction: readability-lxml not installed, not scored", file=sys.stderr)
    return peers


_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_SEPARATORS = (" | ", " - ", " — ", " – ", " · ", " :: ", " » ", "_")
_BY_STOP = frozenset(["by", "par", "por", "von", "di", "written", "edited", "and", "und", "et", "y", "e", "avec"])


def norm_title(s: str | None) -> str:
    return " ".join(tokens(unicodedata.normalize("NFKC", s or "").translate(_FOLD).casefold()))


def title_variants(title: str) -> set[str]:
    heads, head = [title], title
    while (cut := max(head.rfind(sep) for sep in _SEPARATORS)) > 0:
        head = head[:cut]
        heads.append(head)
    out = set()
    for h in heads:
        out.add(norm_title(h))
        cuts = [(h.find(sep), sep) for sep in _SEPARATORS if h.find(sep) > 0]
        if cuts:
            at, sep = min(cuts)
            if at < len(h) - at - len(sep):
                out.add(norm_title(h[at + len(sep) :]))
    return out - {""}


def title_scores(got: str | None, expected: str | None) -> tuple[bool | None, bool | None]:
    if not expected or not expected.strip():
        return None, None
    exp = " ".join(unicodedata.normalize("NFC", expected).split())
    have = " ".join(unicodedata.normalize("NFC", got or "").split())
    site = bool(have) and (norm_title(have) in title_variants(exp) or norm_title(exp) in title_variants(have))
    return have == exp, site


def name_tokens(s: str | None) -> list[str]:
    return [t for t in tokens(unicodedata.normalize("NFKC", s or "").casefold()) if t not in _BY_STOP]


def byline_scores(authors: list[str], expected: str | None) -> tuple[bool | None, bool | None]:
    exp = set(name_tokens(expected))
    if not exp:
        return None, None
    got = set(name_tokens(", ".join(str(a) for a in authors)))
    return bool(got) and exp <= got, bool(got) and (exp <= got or got <= exp)


def lang_score(got: str | None, expected: str | None) -> bool | None:
    if not expected:
        return None
    return bool(got) and _primary(str(got)) == _primary(expected)


def _primary(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").split("-")[0]


def calendar_date(value: Any) -> str | None:
    if not value:
        return None
    text = str(value).strip()
    if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", text):
        return m.group(0)
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def date_score(got: Any, expected: str | None) -> bool | None:
    if not expected:
        return None
    return calendar_date(got) is not None and calendar_date(got) == calendar_date(expected)


ALL_FIELDS = frozenset({"title", "authors", "lang", "date"})


def score_page(
    extract: Extractor, provides: frozenset[str], folder: Path, ref: list[str], expected: dict[str, Any]
) -> dict[str, Any]:
    start = time.perf_counter()
    status, error, got = "ok", None, None
    try:
        got = extract(folder / "source.html")
    except Refused as exc:
        status, error = "refused", str(exc)
    except Exception:
        status, error = "crashed", traceback.format_exc()
    seconds = time.perf_counter() - start
    got = got or {"text": "", "title": None, "authors": [], "lang": None, "date": None}
    pred = tokens(got["text"])
    p, r, f1 = prf(pred, ref) if status == "ok" else (0.0, 0.0, 0.0)
    title_exact, title_site = title_scores(got["title"], expected.get("title")) if "title" in provides else (None, None)
    byline, either = byline_scores(got["authors"], expected.get("byline")) if "authors" in provides else (None, None)
    return {
        "status": status,
        "error": error,
        "seconds": seconds,
        "f1": f1,
        "p": p,
        "r": r,
        "title": got["title"],
        "authors": got["authors"],
        "lang": got["lang"],
        "date": None if got["date"] is None else str(got["date"]),
        "title_exact": title_exact,
        "title_site": title_site,
        "byline": byline,
        "byline_either": either,
        "lang_ok": lang_score(got["lang"], expected.get("lang")) if "lang" in provides else None,
        "date_ok": date_score(got["date"], expected.get("publishedTime")) if "date" in provides else None,
    }


def _rate(values: list[Any]) -> dict[str, Any]:
    scored = [v for v in values if v is not None]
    hits = sum(map(bool, scored))
    return {"hits": hits, "n": len(scored), "share": hits / len(scored) if scored else None}


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    f1 = [r["f1"] for r in rows]
    secs = [r["seconds"] for r in rows]
    return {
        "pages": len(rows),
        "read": sum(r["status"] == "ok" for r in rows),
        "crashed": sum(r["status"] == "crashed" for r in rows),
        "mean_f1": statistics.mean(f1),
        "median_f1": statistics.median(f1),
        "mean_p": statistics.mean(r["p"] for r in rows),
        "mean_r": statistics.mean(r["r"] for r in rows),
        "f1_ge_0.9": sum(v >= 0.9 for v in f1),
        "f1_lt_0.5": sum(v < 0.5 for v in f1),
        **{
            k: _rate([r[k] for r in rows])
            for k in ("title_exact", "title_site", "byline", "byline_either", "lang_ok", "date_ok")
        },
        "seconds_total": sum(secs),
        "seconds_median": statistics.median(secs),
        "seconds_max": max(secs),
    }


def table(summary: dict[str, dict[str, Any]]) -> str:
    def count(k: int, n: int) -> str:
        return f"{k} ({100 * k / n:.0f} %)" if n else "n/a"

    def rate(d: dict[str, Any]) -> str:
        return f"{d['hits']}/{d['n']} ({100 * d['share']:.0f} %)" if d["n"] else "n/a"

    lines: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("pages read", lambda s: f"{s['read']}/{s['pages']}"),
        ("mean F1", lambda s: f"{s['mean_f1']:.3f}"),
        ("median F1", lambda s: f"{s['median_f1']:.3f}"),
        ("mean precision / recall", lambda s: f"{s['mean_p']:.3f} / {s['mean_r']:.3f}"),
        ("F1 >= 0.9", lambda s: count(s["f1_ge_0.9"], s["pages"])),
        ("F1 < 0.5", lambda s: count(s["f1_lt_0.5"], s["pages"])),
        ("title exact", lambda s: rate(s["title_exact"])),
        ("title, site name ignored", lambda s: rate(s["title_site"])),
        ("byline", lambda s: rate(s["byline"])),
        ("byline, either way", lambda s: rate(s["byline_either"])),
        ("lang (primary subtag)", lambda s: rate(s["lang_ok"])),
        ("published date", lambda s: rate(s["date_ok"])),
        (
            "seconds: total / median / max",
            lambda s: f"{s['seconds_total']:.1f} / {s['seconds_median']:.3f} / {s['seconds_max']:.2f}",
        ),
    ]
    names = list(summary)
    cells = [["metric", *names]] + [[label, *(fn(summary[n]) for n in names)] for label, fn in lines]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells)


def missed_targets(summary: dict[str, dict[str, Any]]) -> list[str]:
    """The targets Triptych misses in this run (see the module's docstring)."""
    ours = summary["triptych"]
    missed = []
    peers = [s["mean_f1"] for name, s in summary.items() if name != "triptych"]
    if ours["mean_f1"] < 0.97 or any(ours["mean_f1"] <= p for p in peers):
        missed.append(f"mean F1 {ours['mean_f1']:.3f}: at least 0.97 and above every peer")
    if ours["f1_lt_0.5"] > 1:
        missed.append(f"{ours['f1_lt_0.5']} pages under F1 0.5: at most 1")
    for key, floor, label in (
        ("title_site", 0.90, "title"),
        ("byline", 0.85, "byline"),
        ("date_ok", 0.95, "date"),
        ("lang_ok", 1.0, "language"),
    ):
        share = ours[key]["share"]
        if share is not None and share < floor:
            missed.append(f"{label} {100 * share:.0f} %: at least {100 * floor:.0f} %")
    if ours["crashed"]:
        missed.append(f"{ours['crashed']} crashes")
    if ours["seconds_median"] > 0.05 or ours["seconds_max"] > 1.0:
        missed.append(
            f"time {ours['seconds_median'] * 1000:.0f} ms median, {ours['seconds_max']:.2f} s max: 50 ms, 1 s"
        )
    return missed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="folder of NAME/{source.html,expected.html,expected-metadata.json}")
    ap.add_argument("--no-peers", action="store_true", help="score Triptych only")
    ap.add_argument("--page", action="append", metavar="NAME", help="score only this page (repeatable)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="write every page's scores and the summary")
    ap.add_argument("--worst", type=int, default=10, metavar="N", help="list the N lowest-F1 pages")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    names = (
        sorted(p.name for p in args.corpus.iterdir() if (p / "source.html").is_file()) if args.corpus.is_dir() else []
    )
    if args.page:
        names = [n for n in names if n in set(args.page)]
    if not names:
        print(f"bench.extraction: no NAME/source.html pages under {args.corpus}", file=sys.stderr)
        return 2
    extractors: dict[str, tuple[Extractor, frozenset[str]]] = {"triptych": (triptych_extractor(), ALL_FIELDS)}
    if not args.no_peers:
        logging.disable(logging.WARNING)  # the peers log every page they find hard
        extractors.update(peer_extractors())
    expected: dict[str, dict[str, Any]] = {}
    refs: dict[str, list[str]] = {}
    for name in names:
        folder = args.corpus / name
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        expected[name] = {k: meta.get(k) for k in ("title", "byline", "lang", "publishedTime")}
        refs[name] = tokens(html_text((folder / "expected.html").read_bytes()))
    pages: dict[str, dict[str, Any]] = {n: {"expected": expected[n]} for n in names}
    for tool, (extract, provides) in extractors.items():
        with contextlib.suppress(Exception):  # warm up imports and caches (the page is scored below)
            extract(args.corpus / names[0] / "source.html")
        for name in names:
            pages[name][tool] = score_page(extract, provides, args.corpus / name, refs[name], expected[name])
    summary = {tool: summarize([pages[n][tool] for n in names]) for tool in extractors}
    print(f"{len(names)} pages in {args.corpus}\n")
    print(table(summary))
    worst = sorted(names, key=lambda n: pages[n]["triptych"]["f1"])[: args.worst]
    if worst:
        print("\nlowest F1 (triptych):")
        for n in worst:
            row = pages[n]["triptych"]
            print(f"  {n:40} F1 {row['f1']:.3f}  P {row['p']:.2f}  R {row['r']:.2f}  {row['status']}")
    for n in names:
        row = pages[n]["triptych"]
        if row["status"] != "ok":
            print(f"triptych {row['status']} {n}: {(row['error'] or '').strip().splitlines()[-1]}")
    if args.json:
        args.json.write_text(
            json.dumps({"summary": summary, "pages": pages}, indent=1, ensure_ascii=False), encoding="utf-8"
        )
    missed = missed_targets(summary)
    for line in missed:
        print(f"target missed: {line}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
