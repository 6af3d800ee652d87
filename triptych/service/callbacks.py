"""The callback: one signed POST to the client's URL when its job ends, retried with backoff.

The body is the job's status (as ``GET /v1/jobs/{id}`` gives it); the header
``Triptych-Signature: sha256=<hex>`` is the HMAC-SHA256 of the body's bytes with the service's
callback secret. The calls run on their own threads, so a slow or dead receiver never holds up
a job; redirects are not followed (the only request the service makes goes to the URL the
client gave).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import hmac
import logging
import secrets
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from triptych.service.problems import Problem

SIGNATURE_HEADER = "Triptych-Signature"
JOB_HEADER = "Triptych-Job"
DELAYS = (1.0, 2.0, 4.0, 8.0, 16.0)
"""Seconds to wait before each retry (six attempts in all)."""

log = logging.getLogger("triptych.service")


def checked_url(url: str) -> str:
    """The callback URL, if it is an ``http`` or ``https`` address with a host; else a 422 problem."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Problem(
            422,
            "bad-callback",
            f"callback {url!r} is not an http or https address",
            field="callback",
            hint="give an address such as https://cms.example.org/triptych-hook",
        )
    return parts.geturl()


def signature(secret: bytes, body: bytes) -> str:
    """The value of the signature header for ``body``."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def load_secret(path: Path) -> bytes:
    """The callback secret in ``path`` (made, readable by its owner only, when it is missing)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Caller:
    """Sends the callbacks, each on a thread of its own pool."""

    def __init__(self, secret: bytes, delays: tuple[float, ...] = DELAYS, timeout: float = 10.0) -> None:
        self.secret = secret
        self.delays = delays
        self.timeout = timeout
        self._threads = concurrent.futures.ThreadPoolExecutor(4, thread_name_prefix="callback")
        self._opener = urllib.request.build_opener(_NoRedirects)
        self._stopped = False

    def send(self, url: str, job_id: str, body: bytes) -> concurrent.futures.Future[bool]:
        """Call ``url`` with ``body`` (in the background); the future says whether it was received."""
        return self._threads.submit(self._deliver, url, job_id, body)

    def _deliver(self, url: str, job_id: str, body: bytes) -> bool:
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(self.secret, body),
            JOB_HEADER: job_id,
            "User-Agent": "triptych-service",
        }
        for attempt, delay in enumerate((0.0, *self.delays)):
            if delay:
                time.sleep(delay)
            if self._stopped:
                return False
            request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (checked_url)
            try:
                with self._opener.open(request, timeout=self.timeout) as answer:
                    if 200 <= answer.status < 300:
                        return True
            except urllib.error.HTTPError as exc:
                if 400 <= exc.code < 500 and exc.code not in (408, 429):
                    log.warning("callback %s for job %s refused (%s): not retried", url, job_id, exc.code)
                    return False
            except (OSError, ValueError) as exc:
                log.info("callback %s for job %s, attempt %d: %s", url, job_id, attempt + 1, exc)
        log.warning("callback %s for job %s not delivered after %d attempts", url, job_id, len(self.delays) + 1)
        return False

    def close(self) -> None:
        """Stop retrying; let the calls in flight end."""
        self._stopped = True
        self._threads.shutdown(wait=False, cancel_futures=True)
