"""``triptych serve``: the API on a real server (a process of its own on a free loopback port,
SQLite on disk), through a real HTTP client; hostile uploads refused with nothing written outside
the job's folder."""

from __future__ import annotations

import json
import socket
import stat
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .helpers import ROOT, SEED
from .serving import Server, files_under, running, submit, tiny_article, wait, zipped

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(tmp_path_factory.mktemp("service") / "data") as started:
        yield started


@pytest.fixture(scope="module")
def seed_job(server: Server) -> dict[str, object]:
    with server.client() as client:
        answer = submit(client, SEED)
        assert answer.status_code == 202, answer.text
        assert answer.headers["location"] == f"/v1/jobs/{answer.json()['id']}"
        return wait(client, answer.json()["id"])


def test_the_seed_is_made_into_every_edition(server: Server, seed_job: dict[str, object]) -> None:
    assert seed_job["state"] == "done", seed_job
    editions = {e["format"]: e for e in seed_job["editions"]}  # type: ignore[attr-defined]
    assert set(editions) == {"html", "pdf", "epub", "audio"}
    assert all(e["status"] == "done" for e in editions.values())
    assert seed_job["progress"] == {"done": 4, "total": 4}
    expected = {
        ".html": "text/html",
        ".pdf": "application/pdf",
        ".epub": "application/epub+zip",
        ".mp3": "audio/mpeg",
        ".vtt": "text/vtt",
        ".json": "application/json",
    }
    with server.client() as client:
        for file in seed_job["files"]:  # type: ignore[attr-defined]
            answer = client.get(file["url"])
            assert answer.status_code == 200, file
            suffix = Path(file["name"]).suffix
            assert answer.headers["content-type"].split(";")[0] == expected[suffix], file
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert len(answer.content) == file["bytes"]
            if suffix == ".pdf":
                assert answer.content.startswith(b"%PDF-")
            elif suffix == ".epub":
                assert answer.content[30:58] == b"mimetypeapplication/epub+zip"
            elif suffix == ".vtt":
                assert answer.text.startswith("WEBVTT")
            elif suffix == ".html":
                assert answer.headers["content-security-policy"] == "sandbox allow-scripts"


def test_the_audio_answers_range_requests(server: Server, seed_job: dict[str, object]) -> None:
    audio = next(e for e in seed_job["editions"] if e["format"] == "audio")  # type: ignore[attr-defined]
    with server.client() as client:
        whole = client.get(audio["url"]).content
        part = client.get(audio["url"], headers={"Range": "bytes=1000-1999"})
        assert part.status_code == 206
        assert part.headers["content-range"] == f"bytes 1000-1999/{len(whole)}"
        assert part.content == whole[1000:2000]
        assert client.get(audio["url"], headers={"Range": f"bytes={len(whole) + 10}-"}).status_code == 416


def test_a_bad_option_is_422_naming_the_field(server: Server) -> None:
    before = files_under(server.data)
    with server.client() as client:
        for options, formats, field in [
            (["page-size=a5"], "pdf", "option.page-size"),
            (["page-szie=a4"], "pdf", "option.page-szie"),
            (["rate=fast"], "audio", "option.rate"),
            ([], "pdf,vinyl", "formats"),
            (["page-size"], "pdf", "option"),
        ]:
            answer = submit(client, SEED, formats=formats, options=options)
            assert answer.status_code == 422, (options, answer.text)
            assert answer.headers["content-type"] == PROBLEM
            problem = answer.json()
            assert problem["status"] == 422
            assert problem["errors"][0]["field"] == field, problem
            assert problem["detail"] and problem["hint"]
        missing = client.post("/v1/jobs", data={"formats": "pdf"})
        assert missing.status_code == 422
        assert missing.headers["content-type"] == PROBLEM
        assert missing.json()["errors"][0]["field"] == "file"
    assert files_under(server.data) == before  # refused before the upload is written


def test_errors_are_problem_documents(server: Server) -> None:
    with server.client() as client:
        for path in ("/v1/jobs/" + "0" * 32, "/v1/jobs/" + "0" * 32 + "/files/a.pdf", "/nowhere"):
            answer = client.get(path)
            assert answer.status_code == 404, path
            assert answer.headers["content-type"] == PROBLEM
            assert {"type", "title", "status", "detail", "instance"} <= set(answer.json())
        assert client.get("/v1/jobs/..%2F..%2Fetc").status_code in (404, 422)


def test_the_formats_and_the_openapi_schema(server: Server) -> None:
    with server.client() as client:
        formats = {f["name"]: f for f in client.get("/v1/formats").json()["formats"]}
        assert set(formats) >= {"html", "pdf", "epub", "audio"}
        page_size = next(o for o in formats["pdf"]["options"] if o["key"] == "page-size")
        assert page_size["choices"] == ["a4", "letter"]
        schema = client.get("/openapi.json").json()
        assert {"/v1/jobs", "/v1/jobs/{job_id}", "/v1/jobs/{job_id}/files/{name}", "/v1/formats", "/healthz"} <= set(
            schema["paths"]
        )
        assert "delete" in schema["paths"]["/v1/jobs/{job_id}"]
        health = client.get("/healthz").json()
        assert health["status"] == "ok"
        assert health["auth"] is False


def test_a_zipped_folder_with_its_image(server: Server) -> None:
    article = (ROOT / "tests" / "articles" / "reading-room.md").read_bytes()
    image = (ROOT / "tests" / "articles" / "images" / "reading-room-visits.png").read_bytes()
    with server.client() as client:
        answer = submit(
            client,
            ("room.zip", zipped({"reading-room.md": article, "images/reading-room-visits.png": image})),
            formats="html",
        )
        assert answer.status_code == 202, answer.text
        job = wait(client, answer.json()["id"])
        assert job["state"] == "done", job
        assert not any("not fetched" in w for w in job["warnings"]), job["warnings"]
        assert client.delete(f"/v1/jobs/{job['id']}").status_code == 204
        assert client.get(f"/v1/jobs/{job['id']}").status_code == 404
    assert not (server.data / "jobs" / job["id"]).exists()


# --- security ------------------------------------------------------------------------------------


def _symlink_zip() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.md", "# A\n\nText.\n")
        link = zipfile.ZipInfo("images/passwd")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    return buffer.getvalue()


HOSTILE_ZIPS = {
    "zip slip": (zipped({"article.md": b"# A\n\nText.\n", "../../escaped.txt": b"out"}), 422, "unsafe-zip"),
    "absolute path": (
        zipped({"article.md": b"# A\n\nText.\n", "/tmp/triptych-absolute.txt": b"out"}),
        422,
        "unsafe-zip",
    ),
    "link": (_symlink_zip(), 422, "unsafe-zip"),
    "zip bomb": (zipped({"article.md": b"# A\n\n" + b" " * 20_000_000}), 413, "upload-too-large"),
    "too many files": (zipped({f"f{n}.txt": b"x" for n in range(300)}), 413, "upload-too-large"),
    "not a zip": (b"PK\x03\x04 not really", 422, "bad-zip"),
}


@pytest.mark.parametrize("case", list(HOSTILE_ZIPS))
def test_hostile_zips_are_refused_and_nothing_is_written(server: Server, tmp_path: Path, case: str) -> None:
    body, code, kind = HOSTILE_ZIPS[case]
    before = files_under(server.data)
    with server.client() as client:
        answer = submit(client, ("article.zip", body), formats="html")
    assert answer.status_code == code, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert answer.json()["type"].endswith(kind)
    assert files_under(server.data) == before  # no job folder left, nothing spooled
    assert not (server.data.parent / "escaped.txt").exists()
    assert not Path("/tmp/triptych-absolute.txt").exists()


def _raw(url: str, head: bytes, body: bytes) -> tuple[int, bytes]:
    """Send a request by hand (a body that lies about its length, or chunks); the status and body."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(head + body)
        answer = b""
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    status = int(answer.split(b" ", 2)[1])
    return status, answer.partition(b"\r\n\r\n")[2]


def test_a_1_gb_body_is_refused_before_it_is_read(server: Server) -> None:
    before = files_under(server.data)
    head = (
        b"POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        b"Content-Length: 1073741824\r\n\r\n"
    )
    status, body = _raw(server.url, head, b"--b\r\n" + b"x" * 65536)
    assert status == 413
    assert json.loads(body)["type"].endswith("upload-too-large")
    assert files_under(server.data) == before


def test_a_chunked_body_over_the_limit_is_cut(tmp_path: Path) -> None:
    with running(tmp_path / "data", "--max-upload-bytes", "100000", "--no-warm-up", workers=1) as small:
        before = files_under(small.data)
        head = (
            b"POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        part = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.md"\r\n\r\n' + b"x" * 60000
        chunks = b"".join(f"{len(c):x}\r\n".encode() + c + b"\r\n" for c in [part, b"y" * 60000, b"z" * 60000])
        status, _ = _raw(small.url, head, chunks + b"0\r\n\r\n")
        assert status == 413
        assert files_under(small.data) == before


def test_a_file_callback_is_refused(server: Server) -> None:
    before = files_under(server.data)
    with server.client() as client:
        for url in ("file:///etc/passwd", "ftp://example.org/x", "http:///nohost", "javascript:alert(1)"):
            answer = submit(client, SEED, formats="html", callback=url)
            assert answer.status_code == 422, url
            assert answer.headers["content-type"] == PROBLEM
            assert answer.json()["errors"][0]["field"] == "callback"
    assert files_under(server.data) == before


def test_tokens_are_required_when_given(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens"
    tokens.write_text("# the CMS\ns3cret-token-for-the-cms\n", encoding="utf-8")
    with running(tmp_path / "data", "--token-file", str(tokens), "--no-warm-up", workers=1) as guarded:
        for token in (None, "wrong", "s3cret-token-for-the-cm", "s3cret-token-for-the-cms-"):
            with guarded.client(token) as client:
                for answer in (client.get("/v1/jobs"), client.get("/v1/formats"), submit(client, SEED)):
                    assert answer.status_code == 401, token
                    assert answer.headers["content-type"] == PROBLEM
                    assert answer.headers["www-authenticate"].startswith("Bearer")
        assert not (guarded.data / "jobs").exists()
        with guarded.client("s3cret-token-for-the-cms") as client:
            assert client.get("/v1/jobs").status_code == 200
            assert client.get("/healthz").json()["auth"] is True
        with httpx.Client(base_url=guarded.url, cookies={"triptych_token": "s3cret-token-for-the-cms"}) as browser:
            assert browser.get("/v1/jobs").status_code == 200


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1"])
def test_without_tokens_it_refuses_to_listen_beyond_loopback(tmp_path: Path, host: str) -> None:
    import subprocess

    result = subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), "serve", "--host", host, "--port", "0", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"triptych: error: --host {host}: without API tokens")
    assert "--token-file" in lines[0]


def test_the_browser_app_is_served_from_here(server: Server) -> None:
    with server.client() as client:
        page = client.get("/")
        assert page.status_code == 200
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert "http" not in page.text.replace("http-equiv", "")  # no CDN: every address is our own
        assert client.get("/static/app.js").status_code == 200


def test_a_tiny_article_is_done(server: Server) -> None:
    with server.client() as client:
        job = wait(client, submit(client, ("notice.md", tiny_article(1)), formats="html,epub").json()["id"])
    assert job["state"] == "done", job


def test_an_upload_is_refused_as_the_command_line_refuses_it(server: Server) -> None:
    """The hostile inputs of tests/articles/bad/edge-expected.tsv, uploaded: each job fails with
    the command line's own message (after the file's name), and nothing else is made."""
    bad = ROOT / "tests" / "articles" / "bad"
    expected = [line.split("\t") for line in (bad / "edge-expected.tsv").read_text(encoding="utf-8").splitlines()]
    refused = {name: first.split("{path}", 1)[1] for name, status, options, first in
               (row for row in expected if not row[0].startswith("#")) if status == "2" and options == "-"}  # fmt: skip
    assert len(refused) >= 10
    with server.client() as client:
        jobs = {}
        for name, _ in refused.items():
            answer = submit(client, (name, (bad / name).read_bytes()), "html")
            assert answer.status_code == 202, (name, answer.text)
            jobs[name] = answer.json()["id"]
        for name, message in refused.items():
            status = wait(client, jobs[name])
            assert status["state"] == "failed", (name, status)
            said = " ".join(status["errors"])
            assert message.removeprefix(":").strip() in said and "Traceback" not in said, (name, said)
            assert status["files"] == [], name
