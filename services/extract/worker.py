"""Extraction in a child process, with a time budget per article.

spaCy's Cython code holds the GIL for as long as it runs, so extraction in a thread of the
service still stalls its event loop (/health, acks, the broker's heartbeats), and a thread cannot
be stopped. A child process does neither: the service waits on a pipe, and an article that runs
past its budget is given up, the child killed and started again, and the article dead-lettered
with the reason (`ExtractionBudgetExceeded`). Texts are neutralised first (`guard`), so no known
input comes near the budget; the budget is for the ones nobody has found yet.

`ExtractorProcess.extract` has the same signature as `Extractor.extract` and blocks: the handler
calls it with `asyncio.to_thread`, where it waits on the pipe without holding the GIL.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from services.extract.events import ArticleText
from services.extract.guard import neutralised, restore_evidence
from services.extract.single_thread import keep_single_threaded
from shared.consumer import Unprocessable
from shared.contract import PolicyShift
from shared.settings import ExtractSettings

log = logging.getLogger(__name__)
START_TIMEOUT_SECONDS = 180.0


class ExtractionBudgetExceeded(Unprocessable):
    """An article took longer than the extraction budget; it is dead-lettered, not retried."""


class ExtractionProcessFailed(RuntimeError):
    """The child died or could not load the model; the article is retried like any failure."""


def extract_guarded(extractor: Any, articles: Sequence[ArticleText]) -> list[list[PolicyShift]]:
    """`extractor.extract` on neutralised texts, evidence quoted from the originals."""
    results = extractor.extract(neutralised(articles))
    return [restore_evidence(shifts, article.text) for shifts, article in zip(results, articles, strict=True)]


def serve(conn: Connection, settings: ExtractSettings) -> None:
    """The child: load the model, then answer one request (a list of articles) at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the service decides when the child stops
    keep_single_threaded()
    try:
        from services.extract.extractor import Extractor

        extractor = Extractor.from_settings(settings)
    except Exception as exc:
        conn.send(("error", f"cannot load {settings.spacy_model}: {type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            articles = conn.recv()
        except EOFError:  # the service went away
            return
        if articles is None:
            return
        try:
            results = extract_guarded(extractor, articles)
            conn.send(("ok", [[shift.model_dump_json() for shift in shifts] for shifts in results]))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class ExtractorProcess:
    """A child process holding the spaCy pipeline; `extract` is bounded by `budget_seconds`."""

    def __init__(self, settings: ExtractSettings) -> None:
        self.settings = settings
        self.model, self.budget_seconds = settings.spacy_model, settings.budget_seconds
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded service
        self._process: Any = None
        self._conn: Connection | None = None
        self._lock = threading.Lock()
        self.restarts = 0

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self) -> ExtractorProcess:
        with self._lock:
            self._start()
        return self

    def extract(self, articles: Sequence[ArticleText]) -> list[list[PolicyShift]]:
        # One budget for a batch, not one per article: a batch of normal articles takes well under
        # a second, and a batch past the budget is retried one article at a time (shared.batching),
        # so a slow article costs at most two budgets, never the batch's size times one.
        budget = self.budget_seconds
        with self._lock:
            if not self.alive:
                self._restart("it had stopped")
            conn = self._connection()
            conn.send(list(articles))
            if not conn.poll(budget):
                self._restart(f"an extraction ran past its {budget:g} s budget")
                raise ExtractionBudgetExceeded(
                    f"extraction exceeded its {budget:g} s budget (POLICYWATCH_EXTRACT__BUDGET_SECONDS)"
                )
            try:
                kind, payload = conn.recv()
            except EOFError as exc:
                self._restart("it died during an extraction")
                raise ExtractionProcessFailed("the extraction process died during the extraction") from exc
        if kind != "ok":
            raise ExtractionProcessFailed(str(payload))
        return [[PolicyShift.model_validate_json(shift) for shift in shifts] for shifts in payload]

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _connection(self) -> Connection:
        assert self._conn is not None, "start() first"
        return self._conn

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=serve, args=(child, self.settings), name="policywatch-extractor", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        if not parent.poll(START_TIMEOUT_SECONDS):
            self._stop()
            raise ExtractionProcessFailed(f"the extraction process did not load {self.model} in time")
        try:
            kind, payload = parent.recv()
        except EOFError as exc:
            self._stop()
            raise ExtractionProcessFailed("the extraction process exited while loading the model") from exc
        if kind != "ready":
            self._stop()
            raise ExtractionProcessFailed(str(payload))

    def _restart(self, why: str) -> None:
        log.warning("restarting the extraction process: %s", why)
        self.restarts += 1
        self._stop(graceful=False)  # a busy or broken child: no point waiting for it
        self._start()

    def _stop(self, *, graceful: bool = True) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            if graceful:
                with contextlib.suppress(OSError, ValueError):
                    conn.send(None)
            conn.close()
        if process is not None:
            process.join(5.0 if graceful else 0.0)
            if process.is_alive():
                process.kill()
                process.join()
