"""The whole pipeline as processes, measured: CPU per article, throughput against the offline
ceiling, latency at half load, memory.

    .venv/bin/python -m bench.e2e [--articles 400] [--rules 1000] [--batch 20] [--clients 4]
                                  [--latency-articles 200] [--latency-rate R] [--recover]
                                  [--profile DIR] [--env KEY=VALUE ...]

One nats-server, ingest, extract and alert start as processes (`policywatch serve`, as in
production, each with its own NATS identity), SQLite for ingest and alert. `--rules` watch rules
(one owner's rule over every actor plus generated ones, bench/match) are stored through the
alert API. Generated articles (bench/e2e/articles.py, 300-800 words, one known shift each) are
posted in batches by concurrent clients as fast as ingest takes them; a NATS subscriber on
`policy.alerts.v1.>` times each article's first alert. Then, in the same run and on the same
articles:
- CPU ms per article of each process tree (from /proc, so the figure does not move with the
  machine's load) over the throughput phase;
- end-to-end throughput (first POST sent to last alert received), and the offline ceiling: the
  same articles through what extract's extraction process runs, in this process, no services
  (bench/e2e/offline.py: timed in two halves, just before and just after the throughput phase);
  its CPU ms per article too, the figure the load does not move, and the CPU-bound limits the
  CPU figures allow on this machine's cores;
- latency POST sent -> alert received, p50/p95/p99, posting single articles at half the measured
  throughput (or `--latency-rate`), and its split per step (bench/e2e/steps.py: when the
  article, its first shift and its first alert reached NATS);
- peak RSS (VmHWM) of each service, the load average at start, after the throughput and after
  the latency phase, and the command;
- with `--recover`: a second extract process joins, the first is SIGKILLed while articles are
  in flight, and the seconds until the last of them is alerted (its in-flight ones come back
  after NATS' ack_wait).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import nats

from bench.chaos.articles import ACTORS, GeneratedArticle
from bench.chaos.stack import ChaosStack, Worker, chaos_stack, database_of, prepare, service_environment
from bench.chaos.verify import wait_idle
from bench.e2e import procstat
from bench.e2e.articles import make_articles
from bench.e2e.offline import Ceiling, OfflineExtraction, extract_settings
from bench.e2e.profile import Profiler
from bench.e2e.steps import Split, StepClock
from shared.contract import Alert
from shared.natsauth.connect import auth_options, servers
from shared.settings import NatsSettings
from shared.subjects import ALERTS_ALL, ARTICLES_SUBJECT, SHIFTS_ALL

WARMUP = 24
RETRIES_503 = 5


@dataclass
class AlertClock:
    """When each article's first alert reached the subscriber (monotonic seconds)."""

    first: dict[str, float] = field(default_factory=dict)
    events: dict[str, asyncio.Event] = field(default_factory=dict)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)  # set at every new article alerted
    steps: StepClock = field(default_factory=StepClock)

    async def on_message(self, msg: object) -> None:
        alert = Alert.model_validate_json(msg.data)  # type: ignore[attr-defined]
        article_id = alert.shift.article_id
        if article_id not in self.first:
            self.steps.on_alert(article_id, alert.created_at)
            self.first[article_id] = time.monotonic()
            self.event(article_id).set()
            self.arrived.set()

    async def wait_count(self, count: int) -> None:
        while len(self.first) < count:
            self.arrived.clear()
            await self.arrived.wait()

    def event(self, article_id: str) -> asyncio.Event:
        return self.events.setdefault(article_id, asyncio.Event())

    async def wait_all(self, article_ids: Sequence[str], timeout: float) -> None:
        await asyncio.wait_for(asyncio.gather(*(self.event(a).wait() for a in article_ids)), timeout)


def admin(stack: ChaosStack) -> NatsSettings:
    return NatsSettings(url=stack.nats_url, creds_file=stack.auth.creds("admin"))


async def post_batch(http: httpx.AsyncClient, url: str, key: str, batch: list[GeneratedArticle]) -> list[str]:
    """Article ids ingest published for `batch` (a duplicate verdict would be a generator bug)."""
    body = [a.body() for a in batch] if len(batch) > 1 else batch[0].body()
    for _ in range(RETRIES_503):  # the broker did not answer in time: retried, as a client would
        response = await http.post(f"{url}/articles", json=body, headers={"X-API-Key": key})
        if response.status_code != 503:
            break
        await asyncio.sleep(0.2)
    response.raise_for_status()
    # A retried batch finds its articles published by the failed attempt (or publishes them now).
    results = response.json()["results"]
    bad = [r for r in results if r["status"] != "published" and r.get("reason") != "already_published"]
    if bad:
        raise RuntimeError(f"ingest did not publish: {bad[:3]}")
    return [r["id"] for r in results]


async def feed_fast(
    url: str, key: str, articles: list[GeneratedArticle], *, batch: int, clients: int
) -> list[str]:
    queue = [articles[i : i + batch] for i in range(0, len(articles), batch)]
    ids: list[str] = []

    async def client() -> None:
        async with httpx.AsyncClient(timeout=60) as http:
            while queue:
                ids.extend(await post_batch(http, url, key, queue.pop(0)))

    await asyncio.gather(*(client() for _ in range(clients)))
    return ids


async def feed_paced(
    url: str, key: str, articles: list[GeneratedArticle], rate: float, clock: AlertClock, timeout: float
) -> tuple[list[float], Split]:
    """One article per POST, `rate` a second (open loop); latency POST sent -> first alert, and
    its split per step."""
    latencies: list[float] = []
    splits: list[dict[str, float]] = []

    async def one(http: httpx.AsyncClient, article: GeneratedArticle) -> None:
        sent = time.monotonic()
        [article_id] = await post_batch(http, url, key, [article])
        await clock.wait_all([article_id], timeout)
        latencies.append(clock.first[article_id] - sent)
        split = clock.steps.split(article_id, sent, clock.first[article_id])
        if split is not None:
            splits.append(split)

    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=64)) as http:
        start = time.monotonic()
        tasks = []
        for n, article in enumerate(articles):
            await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
            tasks.append(asyncio.create_task(one(http, article)))
        await asyncio.gather(*tasks)
    return latencies, Split.of(splits)


def store_rules(stack: ChaosStack, count: int, seed: int) -> None:
    """`count` generated rules (bench/match's workload) over as many owners as the limit needs."""
    from bench.match.run import load_gazetteer, make_workload
    from services.alert.owners import admin as owners_admin

    if count <= 0:
        return
    workload = make_workload(seed, load_gazetteer())
    url = stack.of("alert")[0].url
    per_owner = 1000
    with httpx.Client(timeout=30) as http:
        for start in range(0, count, per_owner):
            key = owners_admin.create_owner(database_of(stack), f"crowd{start // per_owner}")
            for name, rule in workload.rules(min(per_owner, count - start)):
                body = {
                    "name": name,
                    "match_all": not rule.has_criteria(),
                    **rule.model_dump(mode="json", exclude_defaults=True),
                }
                http.post(f"{url}/rules", json=body, headers={"X-API-Key": key}).raise_for_status()


@dataclass
class Report:
    articles: int
    rules: int
    cpu_ms: dict[str, float]
    throughput: float
    ceiling: Ceiling
    latencies: list[float]
    split: Split
    latency_rate: float
    peak_rss: dict[str, float]
    loads: dict[str, str]
    command: str = ""
    recovery: str | None = None
    profiles: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def limits(self) -> str:
        """What the CPU figures allow on this machine's cores, whatever else runs on it."""
        cores = os.cpu_count() or 1
        pipeline = cores * 1000 / sum(self.cpu_ms.values())
        offline = 1000 / self.ceiling.cpu_ms
        return (
            f"pipeline {pipeline:.0f}/s on {cores} cores, offline {offline:.0f}/s on one "
            f"({pipeline / offline:.2f}x)"
        )

    def lines(self) -> list[str]:
        q = statistics.quantiles(self.latencies, n=100) if len(self.latencies) > 1 else [0.0] * 99
        rows = [("command", self.command)] if self.command else []
        rows += [("articles (throughput phase)", f"{self.articles}"), ("rules", f"{self.rules}")]
        rows += [(f"CPU ms/article {name}", f"{ms:.1f}") for name, ms in self.cpu_ms.items()]
        rows += [
            ("CPU ms/article offline extraction", f"{self.ceiling.cpu_ms:.1f}"),
            ("throughput e2e", f"{self.throughput:.1f} articles/s"),
            (
                "offline batched extraction",
                f"{self.ceiling.rate:.1f} articles/s (halves before / after: {self.ceiling.spread()})",
            ),
            ("ratio e2e / offline", f"{self.throughput / self.ceiling.rate:.2f}x"),
            ("CPU-bound limits", self.limits()),
            (
                f"latency at {self.latency_rate:.1f}/s p50/p95/p99",
                f"{q[49] * 1000:.0f} / {q[94] * 1000:.0f} / {q[98] * 1000:.0f} ms",
            ),
        ]
        rows += self.split.rows()
        rows += [(f"peak RSS {name}", f"{mib:.0f} MiB") for name, mib in self.peak_rss.items()]
        rows += [(f"load average (1/5/15 min) {when}", load) for when, load in self.loads.items()]
        if self.recovery:
            rows.append(("SIGKILL 1 of 2 extract -> all alerted", self.recovery))
        width = max(len(name) for name, _ in rows)
        lines = [f"{name:<{width}}  {value}" for name, value in rows]
        for service, frames in self.profiles.items():
            lines.append(f"profile {service} (share of busy samples, callees included):")
            lines += [f"  {share:4.0%}  {frame}" for frame, share in frames]
        return lines


def pids(stack: ChaosStack) -> dict[str, int]:
    found = {w.service: w.process.pid for w in stack.workers if w.process is not None}
    if stack.server is not None and stack.server.process is not None:
        found["nats-server"] = stack.server.process.pid
    return found


def spare_worker(stack: ChaosStack, service: str, extra: dict[str, str]) -> Worker:
    """One more process of `service`, as `chaos_stack` makes them (same durable, own port)."""
    index = len(stack.of(service)) + 1
    env = service_environment(stack.root, stack.nats_url, stack.auth, service, database_of(stack), extra)
    port = int(env[f"POLICYWATCH_{service.upper()}__PORT"])
    worker = Worker(service, index, port, env, stack.root / "logs" / f"{service}-{index}.log")
    stack.workers.append(worker)
    return worker


async def recover(
    stack: ChaosStack, key: str, articles: list[GeneratedArticle], clock: AlertClock, extra: dict[str, str]
) -> str:
    """A second extract process joins; articles are posted a few at a time and the first one is
    SIGKILLed once the first of them are alerted (the next ones in flight, fetched and not
    acknowledged). The survivor gets the queued articles at once and the dead one's in-flight
    articles after NATS' ack_wait: seconds from the kill to the alert of the last article that
    had none at the kill."""
    ingest = stack.of("ingest")[0].url
    victim = stack.of("extract")[0]
    survivor = spare_worker(stack, "extract", extra)
    try:
        survivor.start()
        await asyncio.to_thread(survivor.wait_ready)
        alerted_before = len(clock.first)
        feeding = asyncio.create_task(feed_fast(ingest, key, articles, batch=4, clients=1))
        await clock.wait_count(alerted_before + 4)
        victim.kill()
        killed = time.monotonic()
        alerted_at_kill = set(clock.first)
        ids = await feeding
        await clock.wait_all(ids, timeout=300)
    finally:
        survivor.stop()
    waiting = [a for a in ids if a not in alerted_at_kill]
    last = max(clock.first[a] for a in waiting) if waiting else killed
    return f"{last - killed:.1f} s ({len(waiting)} articles without an alert at the kill)"


async def run_e2e(root: Path, args: argparse.Namespace) -> Report:
    extra = dict(item.split("=", 1) for item in args.env)
    articles = make_articles(WARMUP + args.articles + args.latency_articles + 40, seed=args.seed)
    warmup, rest = articles[:WARMUP], articles[WARMUP:]
    timed, paced, crash = (
        rest[: args.articles],
        rest[args.articles : args.articles + args.latency_articles],
        rest[args.articles + args.latency_articles :],
    )
    counts = {"ingest": 1, "extract": 1, "alert": 1}
    with ExitStack() as cleanup:
        stack = cleanup.enter_context(chaos_stack(root, counts=counts, cluster=False, extra_env=extra))
        keys = prepare(stack, actors=list(ACTORS))
        offline = await asyncio.to_thread(OfflineExtraction, extract_settings(extra))
        store_rules(stack, args.rules - 1, args.seed)
        clock = AlertClock()
        settings = admin(stack)
        nc = await nats.connect(servers(settings), **auth_options(settings))
        loads = {"at start": procstat.load_average()}
        try:
            await nc.subscribe(ALERTS_ALL, cb=clock.on_message)
            await nc.subscribe(ARTICLES_SUBJECT, cb=clock.steps.on_article)
            await nc.subscribe(SHIFTS_ALL, cb=clock.steps.on_shift)
            ingest = stack.of("ingest")[0].url
            ids = await feed_fast(ingest, keys.ingest, warmup, batch=args.batch, clients=args.clients)
            await clock.wait_all(ids, timeout=300)
            await wait_idle(settings, timeout=300, settle=1.0)

            await asyncio.to_thread(offline.time, warmup)
            half = len(timed) // 2
            first = await asyncio.to_thread(offline.time, timed[:half])

            profiler = Profiler(args.profile, pids(stack)) if args.profile else None
            if profiler is not None:
                profiler.start()
            before = {name: procstat.sample(pid) for name, pid in pids(stack).items()}
            started = time.monotonic()
            ids = await feed_fast(ingest, keys.ingest, timed, batch=args.batch, clients=args.clients)
            await clock.wait_all(ids, timeout=600)
            throughput = len(ids) / (max(clock.first[a] for a in ids) - started)
            loads["after throughput"] = procstat.load_average()
            await wait_idle(settings, timeout=300, settle=1.0)
            cpu_ms = {
                name: procstat.sample(pid).since(before[name]) * 1000 / len(ids)
                for name, pid in pids(stack).items()
            }
            profiles = profiler.stop() if profiler is not None else {}
            second = await asyncio.to_thread(offline.time, timed[half:])
            ceiling = Ceiling((first, second))

            rate = args.latency_rate or throughput / 2
            latencies, split = await feed_paced(ingest, keys.ingest, paced, rate, clock, timeout=120)
            loads["after latency"] = procstat.load_average()
            await wait_idle(settings, timeout=300, settle=1.0)
            peak = {name: procstat.tree_peak_rss_mib(pid) for name, pid in pids(stack).items()}
            recovery = await recover(stack, keys.ingest, crash, clock, extra) if args.recover else None
        finally:
            await nc.close()
    return Report(
        len(timed),
        args.rules,
        cpu_ms,
        throughput,
        ceiling,
        latencies,
        split,
        rate,
        peak,
        loads,
        recovery=recovery,
        profiles=profiles,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=400, help="articles in the throughput phase")
    parser.add_argument("--latency-articles", type=int, default=200, help="articles in the latency phase")
    parser.add_argument("--rules", type=int, default=1000, help="watch rules stored in alert (at least 1)")
    parser.add_argument(
        "--latency-rate", type=float, help="articles/s of the latency phase (default: half the throughput)"
    )
    parser.add_argument("--batch", type=int, default=20, help="articles per POST in the throughput phase")
    parser.add_argument("--clients", type=int, default=4, help="concurrent posting clients")
    parser.add_argument("--recover", action="store_true", help="also SIGKILL extract with articles in flight")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for every service process")
    parser.add_argument("--profile", type=Path, help="py-spy the services into this directory")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--dir", type=Path, help="where processes keep data and logs (default: a temp dir)")
    args = parser.parse_args(argv)
    root = args.dir or Path(tempfile.mkdtemp(prefix="policywatch-e2e-"))
    # A SIGTERM unwinds like Ctrl-C, so the service processes and nats-server are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    report = asyncio.run(run_e2e(root, args))
    report.command = " ".join(["python -m bench.e2e", *(argv if argv is not None else sys.argv[1:])])
    print("\n".join(report.lines()))
    print(f"data and logs: {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
