"""The jobs and their history, in SQLite (write-ahead log) under the service's data folder.

A job is ``queued``, then ``running``, then ``done`` or ``failed``. The state changes are single
statements (claiming the next job is one ``UPDATE ... RETURNING``), so a killed server leaves
every job in a state a restart understands: :meth:`JobStore.requeue_interrupted` puts the
running ones back in the queue.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

State = Literal["queued", "running", "done", "failed"]
ENDED: tuple[State, ...] = ("done", "failed")

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    request TEXT NOT NULL,
    result TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, created);
"""


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One job as stored: ``request`` is what the client asked for (formats, options, check,
    callback...), ``result`` what the run made (its editions, warnings and checks)."""

    id: str
    state: State
    created: float
    name: str
    source: str
    """The article's path inside the job's folder (``source/...``)."""
    request: Mapping[str, Any] = field(default_factory=dict)
    started: float | None = None
    finished: float | None = None
    result: Mapping[str, Any] | None = None
    error: str | None = None
    attempts: int = 0


def _record(row: sqlite3.Row) -> JobRecord:
    return JobRecord(
        id=row["id"],
        state=row["state"],
        created=row["created"],
        name=row["name"],
        source=row["source"],
        request=json.loads(row["request"]),
        started=row["started"],
        finished=row["finished"],
        result=json.loads(row["result"]) if row["result"] else None,
        error=row["error"],
        attempts=row["attempts"],
    )


class JobStore:
    """The jobs table of ``DIR/jobs.sqlite3``, shared by the server's threads (one connection, a lock)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def _one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, args).fetchone()
            return row

    def _run(self, sql: str, *args: Any) -> int:
        with self._lock:
            return self._db.execute(sql, args).rowcount

    def add(self, job_id: str, name: str, source: str, request: Mapping[str, Any]) -> JobRecord:
        """A new queued job."""
        now = time.time()
        self._run(
            "INSERT INTO jobs (id, state, created, name, source, request) VALUES (?, 'queued', ?, ?, ?, ?)",
            job_id,
            now,
            name,
            source,
            json.dumps(dict(request)),
        )
        return JobRecord(job_id, "queued", now, name, source, request)

    def get(self, job_id: str) -> JobRecord | None:
        """The job, or None."""
        row = self._one("SELECT * FROM jobs WHERE id = ?", job_id)
        return _record(row) if row is not None else None

    def recent(self, limit: int = 50) -> list[JobRecord]:
        """The latest jobs, newest first."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM jobs ORDER BY created DESC, id LIMIT ?", (limit,)).fetchall()
        return [_record(row) for row in rows]

    def claim(self) -> JobRecord | None:
        """The oldest queued job, now running (its attempts counted), or None."""
        row = self._one(
            "UPDATE jobs SET state = 'running', started = ?, attempts = attempts + 1 WHERE id = "
            "(SELECT id FROM jobs WHERE state = 'queued' ORDER BY created, id LIMIT 1) RETURNING *",
            time.time(),
        )
        return _record(row) if row is not None else None

    def finish(self, job_id: str, state: State, result: Mapping[str, Any] | None, error: str | None) -> None:
        """Record how a running job ended."""
        self._run(
            "UPDATE jobs SET state = ?, finished = ?, result = ?, error = ? WHERE id = ?",
            state,
            time.time(),
            json.dumps(dict(result)) if result is not None else None,
            error,
            job_id,
        )

    def requeue(self, job_id: str) -> None:
        """Put a running job back in the queue (its worker died)."""
        self._run("UPDATE jobs SET state = 'queued', started = NULL WHERE id = ? AND state = 'running'", job_id)

    def requeue_interrupted(self) -> int:
        """Put back in the queue the jobs a stopped server was running; how many."""
        return self._run("UPDATE jobs SET state = 'queued', started = NULL WHERE state = 'running'")

    def count(self, *states: State) -> int:
        """How many jobs are in one of ``states``."""
        marks = ", ".join("?" for _ in states)
        row = self._one(f"SELECT COUNT(*) FROM jobs WHERE state IN ({marks})", *states)  # noqa: S608 (marks only)
        return int(row[0]) if row is not None else 0

    def delete(self, job_id: str) -> bool:
        """Remove a job; whether it was there."""
        return self._run("DELETE FROM jobs WHERE id = ?", job_id) > 0

    def ended_before(self, moment: float) -> list[str]:
        """The jobs that ended before ``moment`` (seconds since the epoch)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM jobs WHERE state IN ('done', 'failed') AND finished < ?", (moment,)
            ).fetchall()
        return [row[0] for row in rows]
