"""``triptych build``: many articles in parallel, one folder each, the cache, failures, dask."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from triptych.batch import discover, unique_slugs
from triptych.batch.executors import ProcessExecutor
from triptych.errors import UsageError, WorkerCrashed

from .helpers import ARTICLES, BAD, run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def sources(folder: Path, *names: str) -> Path:
    """Copy sample articles (and their images folder) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ARTICLES / "images", folder / "images", dirs_exist_ok=True)
    for name in names:
        shutil.copy(ARTICLES / name if (ARTICLES / name).is_file() else BAD / name, folder / name)
    return folder


def manifests(outdir: Path) -> dict[str, dict[str, object]]:
    """Every article's manifest, by the name of its folder."""
    found = {}
    for folder in sorted(p for p in outdir.iterdir() if p.is_dir()):
        found[folder.name] = json.loads((folder / f"{folder.name}.manifest.json").read_text(encoding="utf-8"))
    return found


def statuses(stdout: str) -> dict[str, str]:
    """Source file name -> status, from the plain summary table."""
    found = {}
    for line in stdout.splitlines():
        cells = line.split()
        if len(cells) >= 3 and cells[0].endswith((".md", ".txt", ".html")) and not line.startswith("["):
            found[Path(cells[0]).name] = cells[2]
    return found


def snapshot(outdir: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of every file under ``outdir``."""
    return {str(p.relative_to(outdir)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in outdir.rglob("*")}


def test_batch_builds_every_article_in_parallel(tmp_path: Path) -> None:
    src = sources(tmp_path / "src", "mercado.md", "reading-room.md")
    sources(src / "more", "ice-arrests.txt")
    result = run_cli("build", src, "-o", tmp_path / "out", "-j", "2", "-f", "html,epub", env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout + result.stderr  # no terminal: plain lines
    lines = result.stdout.splitlines()
    assert lines[0].startswith("triptych: building 3 article(s)") and "2 workers" in lines[0]
    assert sum(line.startswith(("[1/3]", "[2/3]", "[3/3]")) for line in lines) == 3
    assert lines[-1].startswith("3 built, 0 unchanged, 0 failed in ")
    assert statuses(result.stdout) == {"ice-arrests.txt": "built", "mercado.md": "built", "reading-room.md": "built"}

    found = manifests(tmp_path / "out")
    assert len(found) == 3 and any(name.startswith("ice-arrests-more-than-250") for name in found)
    for slug, manifest in found.items():
        folder = tmp_path / "out" / slug
        outputs = manifest["outputs"]
        assert isinstance(outputs, list) and [o["format"] for o in outputs] == ["html", "epub"]
        for output in outputs:
            assert output["status"] == "ok" and output["path"] == f"{slug}.{output['format']}"
            assert hashlib.sha256((folder / output["path"]).read_bytes()).hexdigest() == output["sha256"]
        cache = manifest["cache"]
        assert isinstance(cache, dict) and len(cache["key"]) == 64
        assert set(cache["files"]) == {f"{slug}.html", f"{slug}.epub", f"{slug}.index.json"}
        assert Path(str(manifest["source"]["path"])).parent in (src, src / "more")  # type: ignore[index]


def test_a_broken_article_fails_alone(tmp_path: Path) -> None:
    src = sources(tmp_path / "src", "mercado.md", "ice-arrests.txt", "bad-frontmatter.md", "empty.txt")
    result = run_cli("build", src, "-o", tmp_path / "out", "-j", "2", "-f", "html")
    assert result.returncode == 1, result.stderr
    assert statuses(result.stdout) == {
        "bad-frontmatter.md": "failed",
        "empty.txt": "failed",
        "ice-arrests.txt": "built",
        "mercado.md": "built",
    }
    assert result.stdout.splitlines()[-1].startswith("2 built, 0 unchanged, 2 failed")
    errors = [line for line in result.stderr.splitlines() if line.startswith("triptych: error:")]
    assert len(errors) == 2
    assert "bad-frontmatter.md:2: front matter is not valid YAML" in errors[0]
    assert "empty.txt" in errors[1]
    assert len(manifests(tmp_path / "out")) == 2


def test_a_failing_exporter_fails_its_article_and_is_tried_again(tmp_path: Path) -> None:
    src = sources(tmp_path / "src", "mercado.md")
    (src / "som.md").write_text("---\ntitle: Prices in Bishkek\n---\n\nBread costs 40 \u20c0 now.\n", encoding="utf-8")
    out = tmp_path / "out"
    first = run_cli("build", src, "-o", out, "-j", "2", "-f", "html,pdf")
    assert first.returncode == 1
    assert statuses(first.stdout) == {"mercado.md": "built", "som.md": "failed"}
    assert "som.md: pdf export failed: " in first.stderr and "U+20C0 SOM SIGN" in first.stderr
    som = manifests(out)["prices-in-bishkek"]
    assert [o["status"] for o in som["outputs"]] == ["ok", "failed"]  # type: ignore[attr-defined]
    assert "cache" not in som  # a failed article is not cached: the next run tries it again
    again = run_cli("build", src, "-o", out, "-j", "2", "-f", "html,pdf")
    assert statuses(again.stdout) == {"mercado.md": "unchanged", "som.md": "failed"}


def test_only_what_changed_is_rebuilt(tmp_path: Path) -> None:
    src = sources(tmp_path / "src", "mercado.md", "reading-room.md", "ice-arrests.txt")
    out = tmp_path / "out"

    def build(*extra: str) -> dict[str, str]:
        result = run_cli("build", src, "-o", out, "-j", "2", "-f", "html", *extra, env=EPOCH)
        assert result.returncode == 0, result.stderr
        return statuses(result.stdout)

    assert set(build().values()) == {"built"}
    before = snapshot(out)
    assert set(build().values()) == {"unchanged"}
    assert snapshot(out) == before  # nothing written, not even the manifests

    with (src / "mercado.md").open("a", encoding="utf-8") as article:
        article.write("\nUna frase más al final.\n")
    assert build() == {"ice-arrests.txt": "unchanged", "mercado.md": "built", "reading-room.md": "unchanged"}

    (src / "images" / "reading-room-visits.png").write_bytes(
        (ARTICLES / "images" / "reading-room-visits.png").read_bytes() + b"\0"
    )
    assert build() == {"ice-arrests.txt": "unchanged", "mercado.md": "unchanged", "reading-room.md": "built"}

    ice = next(out.glob("ice-arrests-*/*.html"))
    ice.unlink()
    assert build() == {"ice-arrests.txt": "built", "mercado.md": "unchanged", "reading-room.md": "unchanged"}
    assert ice.is_file()

    page = next(out.glob("el-mercado-*/*.html"))
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>altered</p></body>"))  # an altered output
    assert build() == {"ice-arrests.txt": "unchanged", "mercado.md": "built", "reading-room.md": "unchanged"}
    assert b"altered" not in page.read_bytes()

    assert set(build("--force").values()) == {"built"}
    assert set(build("--page-size", "letter").values()) == {"built"}
    assert set(build("--page-size", "letter").values()) == {"unchanged"}


def test_titles_that_collide_get_numbered_folders(tmp_path: Path) -> None:
    src = tmp_path / "src"
    sources(src / "a", "mercado.md")
    sources(src / "b", "mercado.md")
    result = run_cli("build", src, "-o", tmp_path / "out", "-j", "2", "-f", "html")
    assert result.returncode == 0, result.stderr
    found = manifests(tmp_path / "out")
    slug = "el-mercado-de-san-telmo-reabre-tras-dos-anos-de-obras"
    assert sorted(found) == [slug, f"{slug}-2"]
    assert Path(str(found[slug]["source"]["path"])).parent.name == "a"  # type: ignore[index]
    assert Path(str(found[f"{slug}-2"]["source"]["path"])).parent.name == "b"  # type: ignore[index]
    assert unique_slugs([(Path("b"), "x"), (Path("a"), "x"), (Path("c"), "x-2")]) == {
        Path("a"): "x",
        Path("b"): "x-2",
        Path("c"): "x-2-2",
    }


def test_dask_local_cluster_builds_the_same_editions(tmp_path: Path) -> None:
    src = sources(tmp_path / "src", "mercado.md", "reading-room.md")
    local = run_cli("build", src, "-o", tmp_path / "local", "-j", "2", "-f", "html", env=EPOCH)
    assert local.returncode == 0, local.stderr
    dask = run_cli("build", src, "-o", tmp_path / "dask", "-j", "2", "-f", "html", "--executor", "dask", env=EPOCH)
    assert dask.returncode == 0, dask.stderr
    assert "dask executor, 2 workers" in dask.stdout
    assert statuses(dask.stdout) == {"mercado.md": "built", "reading-room.md": "built"}

    def editions(outdir: Path) -> dict[str, str]:
        return {
            str(p.relative_to(outdir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(outdir.rglob("*"))
            if p.is_file() and not p.name.endswith(".manifest.json")
        }

    assert editions(tmp_path / "dask") == editions(tmp_path / "local")
    keys = {name: m["cache"]["key"] for name, m in manifests(tmp_path / "local").items()}  # type: ignore[index]
    assert {name: m["cache"]["key"] for name, m in manifests(tmp_path / "dask").items()} == keys  # type: ignore[index]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / ".hidden").mkdir(parents=True)
    (empty / ".hidden" / "secret.md").write_text("# Hidden\n\nNot an article to build.\n", encoding="utf-8")
    (empty / "notes.json").write_text("{}", encoding="utf-8")
    result = run_cli("build", empty, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert f"triptych: error: no article found in {empty}" in result.stderr and ".md" in result.stderr

    missing = run_cli("build", tmp_path / "nowhere", "-o", tmp_path / "out")
    assert missing.returncode == 2 and "nowhere: no such file or folder" in missing.stderr

    url = run_cli("build", ARTICLES / "mercado.md", "-o", "s3://bucket/out", "-f", "html")
    assert url.returncode == 2 and "output URLs are not supported" in url.stderr

    assert run_cli("build", ARTICLES / "mercado.md", "-o", tmp_path / "out", "-f", "nope").returncode == 2
    assert run_cli("build", ARTICLES / "mercado.md", "-o", tmp_path / "out", "-j", "0", "-f", "html").returncode == 2
    local_scheduler = run_cli("build", ARTICLES / "mercado.md", "--scheduler", "tcp://127.0.0.1:1", "-f", "html")
    assert local_scheduler.returncode == 2 and "--scheduler works with --executor dask only" in local_scheduler.stderr


def test_discovery_skips_hidden_folders_and_the_output_folder(tmp_path: Path) -> None:
    src = sources(tmp_path / "src", "mercado.md", "harbor-bridge.html")
    (src / "out").mkdir()
    (src / "out" / "old.html").write_text("<p>an edition, not an article</p>", encoding="utf-8")
    (src / ".git").mkdir()
    (src / ".git" / "x.md").write_text("# x\n\ny\n", encoding="utf-8")
    (src / "notes.json").write_text("{}", encoding="utf-8")
    assert [p.name for p in discover([src, src / "mercado.md"], src / "out")] == ["harbor-bridge.html", "mercado.md"]
    with pytest.raises(UsageError, match="no article found"):
        discover([src / "images"], src / "out")


def crash_on_two(item: int) -> int:
    """A task whose process dies (as a crashing native library would) for the item 2."""
    if item == 2:
        os._exit(70)
    return item * 10


def test_a_dying_worker_fails_only_its_own_task() -> None:
    with ProcessExecutor(2) as executor:
        results = dict(executor.run(crash_on_two, [0, 1, 2, 3, 4]))
        again = dict(executor.run(crash_on_two, [5]))  # the pool is made anew after the crash
    assert {i: r for i, r in results.items() if i != 2} == {0: 0, 1: 10, 3: 30, 4: 40}
    assert isinstance(results[2], WorkerCrashed) and "worker process died" in str(results[2])
    assert again == {0: 50}


def test_build_help() -> None:
    result = run_cli("build", "--help")
    assert result.returncode == 0
    for option in ("--jobs", "--force", "--executor", "--scheduler", "--page-size", "--audio-format", "--check"):
        assert option in result.stdout
    assert "exit status:" in result.stdout


class NoWorkers:
    """An executor that refuses work: what a batch needs no worker for, it never asks of it."""

    name = "none"
    workers: int | None = 0

    def run(self, fn: object, items: object) -> Iterator[tuple[int, object]]:
        raise AssertionError("the batch asked for a worker")

    def __enter__(self) -> NoWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def test_an_unchanged_batch_is_known_from_its_manifests_without_starting_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from triptych.batch import Settings, build

    src = sources(tmp_path / "src", "mercado.md", "reading-room.md")
    out = tmp_path / "out"
    assert run_cli("build", src, "-o", out, "-f", "html", env=EPOCH).returncode == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH["SOURCE_DATE_EPOCH"])
    result = build([src], out, Settings(("html",)), NoWorkers())
    assert [(o.source.name, o.status) for o in result.outcomes] == [("mercado.md", "unchanged"),
                                                                     ("reading-room.md", "unchanged")]  # fmt: skip
    assert {o.folder for o in result.outcomes} == {p.parent for p in out.glob("*/*.manifest.json")}
    (src / "images" / "reading-room-visits.png").write_bytes(b"\0")  # an image the manifest names
    with pytest.raises(AssertionError, match="asked for a worker"):
        build([src], out, Settings(("html",)), NoWorkers())
    with pytest.raises(AssertionError, match="asked for a worker"):
        build([src], out, Settings(("html",), options={"page-size": "letter"}), NoWorkers())


def test_a_program_s_version_is_asked_once_per_installed_binary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from triptych.batch.cache import tool_versions

    bin_dir, log = tmp_path / "bin", tmp_path / "asked.log"
    bin_dir.mkdir()
    fake = bin_dir / "ffmpeg"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\necho "ffmpeg version 9.9 (a stand-in)"\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TRIPTYCH_CACHE_DIR", str(tmp_path / "cache"))
    versions = []
    for _ in range(2):
        tool_versions.cache_clear()  # a new build process
        versions.append(tool_versions()["ffmpeg"])
    assert versions == ["ffmpeg version 9.9 (a stand-in)"] * 2
    assert log.read_text(encoding="utf-8").splitlines() == ["-version"]  # asked once, then remembered
    fake.write_text(fake.read_text(encoding="utf-8").replace("9.9", "10.0"), encoding="utf-8")  # upgraded
    tool_versions.cache_clear()
    assert tool_versions()["ffmpeg"] == "ffmpeg version 10.0 (a stand-in)"
    tool_versions.cache_clear()
