"""The crash harness: generated articles through the whole pipeline while processes die.

    .venv/bin/python bench/chaos/run.py --articles 5000 --kills 24                 # SQLite, 3 NATS nodes
    .venv/bin/python bench/chaos/run.py --articles 5000 --kills 24 --postgres URL  # 2 ingest, 2 alert

Three NATS nodes (or one with `--single-server`), ingest, two extract processes and alert
(two replicas and two ingest processes on PostgreSQL) run as processes; articles with one
known shift each are posted by four concurrent clients that retry as a client would, then a
share of them are edited so that their shift is retracted. Meanwhile a killer SIGKILLs a random
process (any service process or a NATS node, the articles stream's leader half the time) every
few seconds and restarts it after a pause, also while the pipeline drains. At the end every
accepted article must have exactly one alert and every edited one exactly one retraction, in the
alert database and in the POLICY_ALERTS stream: each is classified ok, lost, duplicate or
unexpected. Prints the figures (and `--json`), exits 1 when anything was lost, duplicated or
unexpected.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Coroutine
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx
import nats
import nats.errors

from bench.chaos.articles import ACTORS, GeneratedArticle, edited, make_articles
from bench.chaos.feed import FeedResult, post_article
from bench.chaos.stack import ChaosStack, chaos_stack, database_of, prepare
from bench.chaos.verify import classify, classify_retractions, stored_alerts, streamed_alerts, wait_idle
from shared.natsauth.connect import auth_options, servers
from shared.settings import NatsSettings
from shared.subjects import ARTICLES_STREAM

CLIENTS = 4


@dataclass
class Killer:
    """SIGKILLs one random process at a time, restarts it after a pause, counts what it did."""

    stack: ChaosStack
    rng: random.Random
    every: float
    limit: int
    done: Counter[str] = field(default_factory=Counter)

    @property
    def kills(self) -> int:
        return sum(self.done.values())

    def targets(self) -> list[str]:
        names = [w.name for w in self.stack.workers]
        if self.stack.cluster is not None:
            names += ["nats-leader", "nats-node"]
        return names

    async def run(self) -> None:
        while self.kills < self.limit:
            await asyncio.sleep(self.rng.uniform(0.3, 2 * self.every))
            target = self.rng.choice(self.targets())
            await self.kill_and_restart(target)

    async def kill_and_restart(self, target: str) -> None:
        pause = self.rng.uniform(0.2, 2.0)
        if target.startswith("nats"):
            assert self.stack.cluster is not None
            node = (
                await articles_leader(self.stack)
                if target == "nats-leader"
                else self.rng.choice([n.cluster.server_name for n in self.stack.cluster.nodes if n.cluster])
            )
            self.stack.nats_kill(node)
            self.done[f"nats ({target.removeprefix('nats-')})"] += 1
            await asyncio.sleep(pause)
            await asyncio.to_thread(self.stack.nats_restart, node)
            return
        worker = self.stack.worker(target)
        worker.kill()
        self.done[worker.service] += 1
        await asyncio.sleep(pause)
        worker.start()
        await asyncio.to_thread(worker.wait_ready)


async def watched(work: Coroutine[Any, Any, None], killer: asyncio.Task[None]) -> None:
    """Run `work`; if the killer fails meanwhile (a process that never came back), stop at once."""
    task = asyncio.ensure_future(work)
    while not task.done():
        await asyncio.wait({task, killer}, return_when=asyncio.FIRST_COMPLETED)
        if killer.done() and killer.exception() is not None:
            task.cancel()
            raise RuntimeError("the killer failed") from killer.exception()
        if killer.done():
            await task
    task.result()


def admin(stack: ChaosStack) -> NatsSettings:
    return NatsSettings(url=stack.nats_url, creds_file=stack.auth.creds("admin"))


async def articles_leader(stack: ChaosStack, attempts: int = 10) -> str:
    """The articles stream's leader. Right after a kill the cluster may be electing one, or the node
    asked may itself be restarting: ask again (a fresh connection each time) until one answers."""
    settings = admin(stack)
    for attempt in range(attempts):
        try:
            nc = await nats.connect(servers(settings), **auth_options(settings))
            try:
                info = await nc.jetstream().stream_info(ARTICLES_STREAM)
            finally:
                await nc.close()
            if info.cluster is not None and info.cluster.leader:
                return info.cluster.leader
        except (nats.errors.Error, OSError, TimeoutError):
            if attempt == attempts - 1:
                raise
        await asyncio.sleep(0.5)
    raise RuntimeError(f"no leader for {ARTICLES_STREAM} after {attempts} attempts")


async def feed(stack: ChaosStack, key: str, articles: list[GeneratedArticle], result: FeedResult) -> None:
    queue: asyncio.Queue[GeneratedArticle] = asyncio.Queue()
    for article in articles:
        queue.put_nowait(article)

    def ingest_urls() -> list[str]:
        return [w.url for w in stack.of("ingest") if w.alive()]

    async def client() -> None:
        async with httpx.AsyncClient(timeout=30) as http:
            while not queue.empty():
                article = queue.get_nowait()
                await post_article(http, ingest_urls, key, article, result, deadline=600)

    await asyncio.gather(*(client() for _ in range(CLIENTS)))


async def run_chaos(
    root: Path,
    *,
    articles: int,
    kills: int,
    edit_share: float = 0.05,
    kill_every: float = 3.0,
    postgres: str | None = None,
    cluster: bool = True,
    seed: int = 1,
) -> dict[str, object]:
    rng = random.Random(seed)
    generated = make_articles(articles, seed=seed, run=f"chaos{seed}")
    edits = [edited(a, rng) for a in rng.sample(generated, int(articles * edit_share))]
    replicas = 2 if postgres else 1
    counts = {"ingest": replicas, "extract": 2, "alert": replicas}
    started = time.monotonic()
    with ExitStack() as cleanup:
        stack = cleanup.enter_context(
            chaos_stack(root, counts=counts, database_url=postgres, cluster=cluster)
        )
        keys = prepare(stack, actors=list(ACTORS))
        killer = Killer(stack, rng, kill_every, kills)
        killing = asyncio.create_task(killer.run())
        originals, corrections = FeedResult(), FeedResult()
        await watched(feed(stack, keys.ingest, generated, originals), killing)
        posted_originals = time.monotonic()
        await watched(wait_idle(admin(stack), timeout=1800, settle=2.0), killing)
        await watched(feed(stack, keys.ingest, edits, corrections), killing)
        await killing  # the kills left go on while the pipeline drains
        for worker in stack.workers:  # a kill in the last moment leaves nothing down
            if not worker.alive():
                worker.start()
                await asyncio.to_thread(worker.wait_ready)
        await wait_idle(admin(stack), timeout=1800)
        elapsed = time.monotonic() - started
        stored = stored_alerts(database_of(stack))
        streamed = await streamed_alerts(admin(stack))
    edited_ids = {a.key: originals.accepted[a.key] for a in edits if a.key in corrections.accepted}
    figures: dict[str, object] = {
        "articles": articles,
        "accepted": len(originals.accepted),
        "edits accepted": len(edited_ids),
        "SIGKILLs": killer.kills,
        "killed": dict(killer.done),
        "client retries": originals.retries + corrections.retries,
        "failed starts (restarted)": sum(w.failed_starts for w in stack.workers),
        "seconds": round(elapsed, 1),
        "seconds posting": round(posted_originals - started, 1),
        "storage": "PostgreSQL" if postgres else "SQLite",
        "nats": "3-node cluster" if cluster else "one server",
        "processes": counts,
    }
    for where, alerts in (("database", stored), ("stream", streamed)):
        figures[f"alerts ({where})"] = classify(originals.accepted, alerts).figures()
        figures[f"retractions ({where})"] = classify_retractions(edited_ids, alerts).figures()
    return figures


def failed(figures: dict[str, object]) -> bool:
    classified = [v for k, v in figures.items() if k.startswith(("alerts", "retractions"))]
    return any(isinstance(c, dict) and (c["lost"] or c["duplicate"] or c["unexpected"]) for c in classified)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--kills", type=int, default=24, help="SIGKILLs (each followed by a restart)")
    parser.add_argument("--kill-every", type=float, default=3.0, help="mean seconds between kills")
    parser.add_argument("--edits", type=float, default=0.05, help="share of articles edited to retract")
    parser.add_argument("--postgres", help="PostgreSQL URL: 2 ingest and 2 alert processes share it")
    parser.add_argument("--single-server", action="store_true", help="one nats-server instead of three")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="where processes keep data and logs (default: a temp dir)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="policywatch-chaos-"))
    postgres = args.postgres
    with ExitStack() as cleanup:
        if postgres:
            from tests.databases import postgres_schema

            postgres = cleanup.enter_context(postgres_schema(postgres, "pw_chaos"))
        figures = asyncio.run(
            run_chaos(
                root,
                articles=args.articles,
                kills=args.kills,
                edit_share=args.edits,
                kill_every=args.kill_every,
                postgres=postgres,
                cluster=not args.single_server,
                seed=args.seed,
            )
        )
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>24}: {value}")
        print(f"{'data and logs':>24}: {root}")
    return 1 if failed(figures) else 0


if __name__ == "__main__":
    sys.exit(main())
