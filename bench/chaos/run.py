"""The crash harness: generated articles through the whole pipeline while processes die.

    .venv/bin/python bench/chaos/run.py --articles 5000 --kills 24                 # SQLite, 3 NATS nodes
    .venv/bin/python bench/chaos/run.py --articles 5000 --kills 24 --postgres URL  # 2 ingest, 2 alert

Three NATS nodes (or one with `--single-server`), ingest, two extract processes and alert
(two replicas and two ingest processes on PostgreSQL) run as processes; articles with one
known shift each are posted by four concurrent clients that retry as a client would, then a
share of them are edited so that their shift is retracted. Meanwhile a killer SIGKILLs a random
process (any service process or a NATS node, the articles stream's leader half the time) every
few seconds and restarts it after a pause, also while the pipeline drains; aimed kills hit a
story pair posted in one batch, a slow webhook's holder and the leader while posting (`Aimer`).
Two rules (immediate and digest) send webhooks to a loopback receiver; an SSE client follows
the alerts. At the end every accepted article must have exactly one alert per rule and every
edited one exactly one retraction, in the alert database, the POLICY_ALERTS stream and SSE, and
every stored alert exactly one webhook delivery (or one marked failed): each is classified ok,
lost, duplicate or unexpected. Prints the figures (and `--json`), exits 1 when anything was
lost, duplicated or unexpected, or a story got no or several first reports.
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
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx
import nats
import nats.errors

from bench.chaos.articles import (
    ACTORS,
    PAIR_ACTORS,
    GeneratedArticle,
    StoryPair,
    edited,
    make_articles,
    story_pair,
)
from bench.chaos.feed import FeedResult, post_article, post_batch
from bench.chaos.receiver import WebhookReceiver, owner_of_port
from bench.chaos.sse import SseClient
from bench.chaos.stack import ChaosStack, chaos_stack, database_of, prepare
from bench.chaos.verify import (
    classify,
    classify_retractions,
    classify_webhooks,
    failed_alert_ids,
    first_reports,
    stored_alerts,
    stored_deliveries,
    streamed_alerts,
    wait_idle,
    wait_settled,
)
from shared.natsauth.connect import auth_options, servers
from shared.settings import NatsSettings
from shared.subjects import ARTICLES_STREAM

CLIENTS = 4
# Digests are checked every 2 s (not 30) so the last one goes out soon after the run drains.
ALERT_ENV = {"POLICYWATCH_ALERT__DIGEST_CHECK_SECONDS": "2"}


@dataclass
class Killer:
    """SIGKILLs one random process at a time, restarts it after a pause, counts what it did."""

    stack: ChaosStack
    rng: random.Random
    every: float
    limit: int
    done: Counter[str] = field(default_factory=Counter)
    random_kills: int = 0
    one_at_a_time: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def kills(self) -> int:
        return sum(self.done.values())

    def targets(self) -> list[str]:
        names = [w.name for w in self.stack.workers]
        if self.stack.cluster is not None:
            names += ["nats-leader", "nats-node"]
        return names

    async def run(self) -> None:
        while self.random_kills < self.limit:
            await asyncio.sleep(self.rng.uniform(0.3, 2 * self.every))
            target = self.rng.choice(self.targets())
            await self.kill_and_restart(target)
            self.random_kills += 1

    async def kill_and_restart(self, target: str, aim: str = "") -> None:
        """SIGKILL `target` (a worker's name, `nats-leader` or `nats-node`) and restart it; one
        kill at a time, aimed or random, so no process is ever started twice."""
        async with self.one_at_a_time:
            await self._kill_and_restart(target, f" (aimed: {aim})" if aim else "")

    async def _kill_and_restart(self, target: str, aim: str) -> None:
        pause = self.rng.uniform(0.2, 2.0)
        if target.startswith("nats"):
            assert self.stack.cluster is not None
            node = (
                await articles_leader(self.stack)
                if target == "nats-leader"
                else self.rng.choice([n.cluster.server_name for n in self.stack.cluster.nodes if n.cluster])
            )
            self.stack.nats_kill(node)
            self.done[f"nats ({target.removeprefix('nats-')}){aim}"] += 1
            await asyncio.sleep(pause)
            await asyncio.to_thread(self.stack.nats_restart, node)
            return
        worker = self.stack.worker(target)
        worker.kill()
        self.done[f"{worker.service}{aim}"] += 1
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


@dataclass
class Aimer:
    """Kills aimed at the moments random ones rarely hit, spread over the posting of originals:
    a story pair (an original, its syndicated copy and a second article of the same new story)
    posted in one batch and an alert replica killed at once; the alert replica that holds a
    slow webhook delivery (the receiver holds the request) killed while it waits, so the delivery's
    lease has to expire and be taken over; the articles stream's leader killed while articles
    are still being posted."""

    stack: ChaosStack
    killer: Killer
    receiver: WebhookReceiver
    ingest_key: str
    pairs: list[StoryPair]
    slow_kills: int
    nats_kills: int
    posted: FeedResult
    total: int
    pair_results: FeedResult = field(default_factory=FeedResult)
    copies: Counter[str] = field(default_factory=Counter)
    slow_missed: int = 0

    async def run(self) -> None:
        steps: list[Callable[[], Awaitable[None]]] = []
        steps += [lambda pair=pair: self.story_pair(pair) for pair in self.pairs]  # type: ignore[misc]
        steps += [self.slow_webhook] * self.slow_kills
        if self.stack.cluster is not None:
            steps += [self.nats_while_posting] * self.nats_kills
        random.Random(len(steps)).shuffle(steps)
        for index, step in enumerate(steps):
            share = (index + 1) / (len(steps) + 1)
            while len(self.posted.outcomes) < share * self.total:  # noqa: ASYNC110 - a count, polled
                await asyncio.sleep(0.2)
            await step()

    def ingest_urls(self) -> list[str]:
        return [w.url for w in self.stack.of("ingest") if w.alive()]

    async def story_pair(self, pair: StoryPair) -> None:
        async with httpx.AsyncClient(timeout=30) as http:
            batch = [pair.original, pair.copy, pair.sibling]
            result = FeedResult()
            await post_batch(http, self.ingest_urls, self.ingest_key, batch, result, deadline=600)
        for article in (pair.original, pair.sibling):
            if article.key in result.accepted:
                self.pair_results.accepted[article.key] = result.accepted[article.key]
        self.copies[result.outcomes[pair.copy.key]] += 1
        replica = random.choice(self.stack.of("alert"))
        await self.killer.kill_and_restart(replica.name, aim="story pair")

    async def slow_webhook(self) -> None:
        self.receiver.hold_next(8.0)
        held = await asyncio.to_thread(self.receiver.wait_held, 60.0)
        pids = {w.name: w.process.pid for w in self.stack.of("alert") if w.process and w.alive()}
        holder = owner_of_port(held.peer_port, pids) if held else None
        if holder is None:
            self.slow_missed += 1
            return
        await self.killer.kill_and_restart(holder, aim="slow webhook")

    async def nats_while_posting(self) -> None:
        await self.killer.kill_and_restart("nats-leader", aim="while posting")


async def aimed(task: asyncio.Task[None]) -> None:
    await task


async def create_rule(stack: ChaosStack, owner_key: str, body: dict[str, object]) -> str:
    async with httpx.AsyncClient(timeout=30) as http:
        response = await http.post(
            f"{stack.of('alert')[0].url}/rules", json=body, headers={"X-API-Key": owner_key}
        )
    response.raise_for_status()
    return str(response.json()["id"])


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
    pairs: int = 4,
    slow_kills: int = 2,
    nats_kills: int = 2,
) -> dict[str, object]:
    rng = random.Random(seed)
    generated = make_articles(articles, seed=seed, run=f"chaos{seed}")
    edits = [edited(a, rng) for a in rng.sample(generated, int(articles * edit_share))]
    story_pairs = [story_pair(index, rng, run=f"chaos{seed}") for index in range(pairs)]
    replicas = 2 if postgres else 1
    counts = {"ingest": replicas, "extract": 2, "alert": replicas}
    started = time.monotonic()
    with ExitStack() as cleanup:
        receiver = cleanup.enter_context(WebhookReceiver())
        stack = cleanup.enter_context(
            chaos_stack(root, counts=counts, database_url=postgres, cluster=cluster, extra_env=ALERT_ENV)
        )
        actors = [*ACTORS, *PAIR_ACTORS]
        keys = prepare(stack, actors=actors, rule={"webhook_url": receiver.url})
        digest_rule = await create_rule(
            stack,
            keys.owner,
            {
                "name": "chaos digest",
                "actors": actors,
                "notify_updates": True,
                "delivery_mode": "digest",
                "digest_minutes": 1,
                "webhook_url": receiver.url,
            },
        )
        sse = SseClient(lambda: [w.url for w in stack.of("alert") if w.alive()], keys.owner)
        following = asyncio.create_task(sse.run())
        await asyncio.wait_for(sse.subscribed.wait(), 60)
        killer = Killer(stack, rng, kill_every, kills)
        killing = asyncio.create_task(killer.run())
        originals, corrections = FeedResult(), FeedResult()
        aimer = Aimer(
            stack, killer, receiver, keys.ingest, story_pairs, slow_kills, nats_kills, originals, articles
        )
        aiming = asyncio.create_task(aimer.run())
        await watched(feed(stack, keys.ingest, generated, originals), killing)
        posted_originals = time.monotonic()
        await watched(aimed(aiming), killing)
        originals.accepted.update(aimer.pair_results.accepted)
        await watched(wait_idle(admin(stack), timeout=1800, settle=2.0), killing)
        await watched(feed(stack, keys.ingest, edits, corrections), killing)
        await killing  # the kills left go on while the pipeline drains
        for worker in stack.workers:  # a kill in the last moment leaves nothing down
            if not worker.alive():
                worker.start()
                await asyncio.to_thread(worker.wait_ready)
        await wait_idle(admin(stack), timeout=1800)
        database = database_of(stack)
        await wait_settled(database, timeout=1800)  # digests are due a minute on; leases expire
        elapsed = time.monotonic() - started
        stored = stored_alerts(database)
        streamed = await streamed_alerts(admin(stack))
        await wait_sse(sse, expected=len(streamed), timeout=120)
        following.cancel()
        deliveries = stored_deliveries(database)
        failed_alerts = failed_alert_ids(database)
        received = receiver.snapshot()
    edited_ids = {a.key: originals.accepted[a.key] for a in edits if a.key in corrections.accepted}
    figures: dict[str, object] = {
        "articles": articles + 2 * pairs,
        "accepted": len(originals.accepted),
        "edits accepted": len(edited_ids),
        "syndicated copies": dict(aimer.copies),
        "SIGKILLs": killer.kills,
        "killed": dict(killer.done),
        "slow webhooks missed": aimer.slow_missed,
        "webhook requests cut off": receiver.truncated,
        "client retries": originals.retries + corrections.retries,
        "SSE connection attempts": sse.reconnects,
        "failed starts (restarted)": sum(w.failed_starts for w in stack.workers),
        "seconds": round(elapsed, 1),
        "seconds posting": round(posted_originals - started, 1),
        "storage": "PostgreSQL" if postgres else "SQLite",
        "nats": "3-node cluster" if cluster else "one server",
        "processes": counts,
    }
    for rule, name in ((keys.rule_id, ""), (digest_rule, " digest rule")):
        for where, alerts in (("database", stored), ("stream", streamed), ("SSE", sse.alerts)):
            figures[f"alerts{name} ({where})"] = classify(originals.accepted, alerts, rule_id=rule).figures()
            figures[f"retractions{name} ({where})"] = classify_retractions(
                edited_ids, alerts, rule_id=rule
            ).figures()
        owed = {a["id"] for a in stored if a["rule_id"] == rule}
        figures[f"webhooks{name}"] = classify_webhooks(
            owed, [r for r in received if r.rule_id == rule], failed_alerts
        )
        figures[f"first reports{name}"] = first_reports(stored, rule_id=rule)
    figures["deliveries by status"] = dict(Counter(d.status for d in deliveries))
    return figures


async def wait_sse(sse: SseClient, *, expected: int, timeout: float) -> None:
    """Until the SSE client got as many events as the stream holds (or the time is up: what it
    missed is then classified lost)."""
    deadline = time.monotonic() + timeout
    while len(sse.alerts) < expected and time.monotonic() < deadline:  # noqa: ASYNC110 - polled
        await asyncio.sleep(0.5)
    await asyncio.sleep(1.0)  # a duplicate after the last one would show now


def failed(figures: dict[str, object]) -> bool:
    classified = [v for k, v in figures.items() if k.startswith(("alerts", "retractions", "webhooks"))]
    reports = [v for k, v in figures.items() if k.startswith("first reports")]
    return any(
        isinstance(c, dict) and (c["lost"] or c["duplicate"] or c["unexpected"]) for c in classified
    ) or any(isinstance(r, dict) and (r["none"] or r["several"]) for r in reports)


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
    parser.add_argument("--pairs", type=int, default=4, help="story pairs, each with an aimed alert kill")
    parser.add_argument("--slow-kills", type=int, default=2, help="kills of a slow webhook's holder")
    parser.add_argument("--nats-kills", type=int, default=2, help="aimed kills of the leader while posting")
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
                pairs=args.pairs,
                slow_kills=args.slow_kills,
                nats_kills=args.nats_kills,
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
