"""An exporter in a process of its own: for an engine that holds Python's lock for most of its work
(the PDF's layout is Python), so that it does not take turns with the other editions made at the
same time, and whose engine takes long to load.

- **The engine server**: a process forked once (by the command line as it starts, or by the first
  run of a process that makes many), which loads the engines of the exporters that ask for it
  (``isolated = True``) and pays their first-use costs (:meth:`prepare`) while the article is
  still being read. Each edition then runs in a fork of the server, so it starts with its engine
  ready: on the command line WeasyPrint loads on the core the reading leaves idle, and in a
  process that exports many articles (the service's workers) it loads once.
- **A fork of the run**: when the server is busy (two runs at once in one process) or gone.

Either way the child runs the exporter as the run would (its time limit and memory ceiling, into
the same staging folder) and sends back what the run keeps: the output, what the exporter
reported, its warnings, and the renditions derived from its work that the other exporters use (the
print page breaks for the EPUB), which the run's context waits for instead of making them again.
A child that dies (killed, out of memory) fails its edition only.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, TypeVar, cast

from triptych.context import ExportContext, Key
from triptych.exporter import Exporter, declared_keys
from triptych.files import current_umask

M = TypeVar("M")
_CANT_TRAVEL = (pickle.PicklingError, TypeError, AttributeError)
"""What pickling raises for an object that can't go to another process."""
GRACE_SECONDS = 10.0
"""How long past the exporter's own time limit the run waits for a child that does not answer."""


def can_fork() -> bool:
    """Whether exporters can run in forked processes here (Linux: fork is cheap)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def is_isolated(exporter: object) -> bool:
    """Whether the exporter asks for a process of its own (``isolated = True``)."""
    return bool(getattr(exporter, "isolated", False))


def derived(exporter: Exporter, wanted: Iterable[Key[Any]]) -> list[Key[Any]]:
    """The renditions in ``wanted`` that come from one the exporter requires (its child makes them)."""
    own = frozenset(getattr(exporter, "requires", frozenset()))
    found = []
    for key in wanted:
        step = key.basis
        while step is not None and step not in own:
            step = step.basis
        if step is not None:
            found.append(key)
    return found


@dataclass(frozen=True, slots=True)
class _Job:
    exporter: Exporter
    run: Callable[[Exporter], Any]
    """``run_one`` with the run's context, staging folder and limits (a partial: it travels by pickle)."""
    context: ExportContext
    shared: list[Key[Any]]
    memory: int
    """The run's memory ceiling in MiB (the server was started before the run set it)."""
    environment: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    """The run's environment, folder and umask when it made the job (the server's may be older)."""
    folder: str = field(default_factory=os.getcwd)
    umask: int = field(default_factory=current_umask)
    alone: bool = False
    """The run makes this edition only: its process may use a core to spare (:mod:`triptych.handover`)."""


def _ended(code: int) -> str:
    """How a child with this exit code ended, for the edition's error."""
    return f"was stopped by signal {-code}" if code < 0 else f"ended ({code})"


@dataclass(frozen=True, slots=True)
class _Answer:
    made: Any
    warnings: list[str] = field(default_factory=list)
    renditions: dict[str, Any] = field(default_factory=dict)
    died: str | None = None
    """Why the child ended without an answer (the server says so)."""


def _execute(job: _Job, given: dict[str, Any]) -> _Answer:
    """In the child: run the exporter (with the renditions the run made ahead), then gather what goes back."""
    from triptych.context import key_named
    from triptych.handover import making_one_edition_alone
    from triptych.memory import memory_ceiling

    if os.environ != job.environment:
        os.environ.clear()
        os.environ.update(job.environment)
    os.chdir(job.folder)
    os.umask(job.umask)
    if job.alone:
        making_one_edition_alone()
    context = job.context
    context.forget_expected()
    for name, value in given.items():
        context.provide(key_named(name), value)
    known = list(context.warnings)
    with memory_ceiling(job.memory):
        made = job.run(job.exporter)
    renditions: dict[str, Any] = {}
    if getattr(made.output, "ok", False):
        for key in job.shared:
            with contextlib.suppress(Exception):  # else the run makes it itself
                renditions[key.name] = context.get(key)
    return _Answer(made, [w for w in context.warnings if w not in known], renditions)


def _told(answers: Connection, error: BaseException) -> bool:
    """Send what went wrong outside the exporter (it reports its own failures); whether it was sent."""
    try:
        answers.send(_Answer(None, died=f"failed ({type(error).__name__}: {error})"))
    except Exception:
        return False
    return True


def _reply(answers: Connection, answer: _Answer) -> None:
    try:
        answers.send(answer)
    except _CANT_TRAVEL:  # a rendition that can't travel: the run makes it
        answers.send(_Answer(answer.made, answer.warnings))


class EngineServer:
    """A forked process that has loaded the isolated exporters' engines; each job runs in a fork of it."""

    def __init__(self, exporters: Sequence[Exporter]) -> None:
        self.names = frozenset(e.name for e in exporters)
        self._lock = threading.Lock()
        requests_in, self._requests = multiprocessing.Pipe(duplex=False)
        self._answers, answers_out = multiprocessing.Pipe(duplex=False)
        self.pid = os.fork()
        if self.pid == 0:  # the server
            code = 0
            try:
                self._requests.close()
                self._answers.close()
                _serve(requests_in, answers_out, exporters)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        requests_in.close()
        answers_out.close()

    def alive(self) -> bool:
        """Whether the server is still there."""
        try:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            return False
        return done == 0

    def submit(self, job: _Job) -> bytes | None:
        """Reserve the server for a job and pack it (``None``: busy, gone, or the job can't travel:
        fork the run instead); :meth:`send` hands it over."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            return pickle.dumps(job)
        except _CANT_TRAVEL:
            self._lock.release()
            return None

    def send(self, job: bytes, given: dict[str, Any]) -> None:
        """Hand the reserved job over, with the renditions made ahead for it (one that can't travel
        is left out: the job makes it); if the server is gone, :meth:`answer` says so."""
        try:
            extra = pickle.dumps(given)
        except _CANT_TRAVEL:
            extra = pickle.dumps({})
        with contextlib.suppress(OSError):
            self._requests.send_bytes(job)
            self._requests.send_bytes(extra)

    def answer(self, timeout: float | None) -> _Answer | None:
        """The answer to the job submitted (``None``: the server died, or did not answer in time)."""
        try:
            if self._answers.poll(timeout):
                return cast(_Answer, self._answers.recv())
            self.stop()  # hung past the job's own time limit
            return None
        except (EOFError, OSError, pickle.UnpicklingError):
            self.stop()
            return None
        finally:
            self._lock.release()

    def close(self) -> None:
        """Close the server's input: it ends when it reads the end of it."""
        with contextlib.suppress(OSError):
            self._requests.close()

    def stop(self) -> None:
        """Stop the server (its jobs' children end with their own time limits)."""
        with contextlib.suppress(OSError):
            self._requests.close()
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


def _serve(requests: Connection, answers: Connection, exporters: Sequence[Exporter]) -> None:
    """In the server: load the engines, then run each job in a fork until the run closes the pipe."""
    import triptych.renditions  # noqa: F401  (the keys of the renditions a job names)

    for exporter in exporters:
        prepare = getattr(exporter, "prepare", None)
        if callable(prepare):
            with contextlib.suppress(Exception):  # the job reports what is wrong with the engine
                prepare()
    while True:
        try:
            job, given = requests.recv_bytes(), requests.recv_bytes()
        except (EOFError, OSError):
            return
        pid = os.fork()
        if pid == 0:  # the job's child
            code = 0
            try:
                _reply(answers, _execute(pickle.loads(job), pickle.loads(given)))  # noqa: S301  (from the run that forked this process)
            except BaseException as exc:  # reported as the edition's failure
                code = 0 if _told(answers, exc) else 1
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            answers.send(_Answer(None, died=_ended(code)))


_server: EngineServer | None = None
_server_lock = threading.Lock()


def start_server(exporters: Sequence[Exporter]) -> EngineServer | None:
    """This process's engine server for the exporters that ask for one: started now unless one
    runs already (a running server is never replaced: it may be making an edition)."""
    global _server
    wanted = [e for e in exporters if is_isolated(e)]
    if not wanted or not can_fork():
        return None
    with _server_lock:
        if _server is None or not _server.alive():
            _server = EngineServer(wanted)
        return _server


def _server_for(exporter: Exporter) -> EngineServer | None:
    """The engine server, when it loaded this exporter's engine (else the run forks itself)."""
    server = start_server([exporter])
    return server if server is not None and exporter.name in server.names else None


@atexit.register
def _stop_server() -> None:
    if _server is not None:
        _server.close()


class ForkedExport:
    """One exporter running in a process of its own; :meth:`result` waits for what it made."""

    def __init__(
        self,
        exporter: Exporter,
        run: Callable[[Exporter], Any],
        context: ExportContext,
        shared: list[Key[Any]],
        timeout: float | None,
        memory: int,
        alone: bool = False,
    ) -> None:
        self.exporter = exporter
        self.context = context
        self.timeout = None if timeout is None else timeout + GRACE_SECONDS
        self.futures: dict[Key[Any], Future[Any]] = {key: Future() for key in shared}
        for key, future in self.futures.items():
            context.expect(key, future)
        job = _Job(exporter, run, context, shared, memory, alone=alone)
        self._server = _server_for(exporter)
        self._job = self._server.submit(job) if self._server is not None else None
        if self._job is not None:
            return  # sent by result(), once the renditions made ahead are made
        self._server = None
        forking = multiprocessing.get_context("fork")
        self._receive, send = forking.Pipe(duplex=False)
        self._process = forking.Process(target=_child, args=(send, job), name=f"triptych-{exporter.name}")
        self._process.start()
        send.close()

    def result(self, failed: Callable[[Exporter, str], M]) -> M:
        """What the child made (a ``Made``), or ``failed(exporter, message)`` if it died or hung.

        A job for the engine server is sent from here (a thread of the run), after the run has made
        the renditions the exporter wants ``ahead``, while the server loads the engine."""
        if self._server is not None and self._job is not None:
            self._server.send(self._job, self._ahead())
        answer = self._server.answer(self.timeout) if self._server is not None else self._forked_answer()
        if answer is None or answer.made is None:
            self._settle({})
            why = answer.died if answer is not None and answer.died else "did not answer in time"
            return failed(self.exporter, f"the {self.exporter.name} export's process {why} before it was done")
        for warning in answer.warnings:
            self.context.warn(warning)
        self._settle(answer.renditions)
        return cast(M, answer.made)

    def _ahead(self) -> dict[str, Any]:
        """The renditions made ahead; one that fails is left to the job (which reports why)."""
        made: dict[str, Any] = {}
        for key in sorted(declared_keys(self.exporter, "ahead"), key=lambda key: key.name):
            with contextlib.suppress(Exception):
                made[key.name] = self.context.get(key)
        return made

    def _forked_answer(self) -> _Answer | None:
        answer: _Answer | None = None
        try:
            if self._receive.poll(self.timeout):
                answer = self._receive.recv()
        except (EOFError, OSError, pickle.UnpicklingError):
            answer = None
        finally:
            self._receive.close()
        if answer is None and self._process.is_alive():
            self._process.kill()
        self._process.join()
        if answer is None and (code := self._process.exitcode) is not None and code != 0:
            return _Answer(None, died=_ended(code))
        return answer

    def _settle(self, renditions: dict[str, Any]) -> None:
        for key, future in self.futures.items():
            if key.name in renditions:
                self.context.provide(key, renditions[key.name])
                future.set_result(renditions[key.name])
            else:  # the run's context makes it itself
                future.set_exception(LookupError(key.name))


def _child(send: Connection, job: _Job) -> None:
    """In a fork of the run: run the exporter, then send back what it made."""
    try:
        _reply(send, _execute(job, {}))  # nothing made ahead: no engine loads meanwhile, the job makes them
    except BaseException as exc:  # reported as the edition's failure
        if not _told(send, exc):
            os._exit(1)
    send.close()
    sys.stdout.flush()
    os._exit(0)  # nothing of the run's to clean up here: the run does


def fork_when_useful(exporters: tuple[Exporter, ...], concurrently: bool) -> Callable[[Exporter], bool]:
    """Which exporters to fork: those that ask for it (``isolated = True``), when others run at the
    same time or when this process has an engine server (its engine is loaded there)."""
    useful = concurrently and can_fork() and (len(exporters) > 1 or server_running())
    return lambda exporter: useful and is_isolated(exporter)


def server_running() -> bool:
    """Whether this process has an engine server (one edition alone goes to it: its engine is loaded)."""
    with _server_lock:
        return _server is not None and _server.alive()
