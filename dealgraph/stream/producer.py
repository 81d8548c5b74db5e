"""Produce normalised events to the stream's input topic (`dealgraph stream send`, POST /events)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..config import Settings
from .events import encode, read_jsonl
from .kafka import topics


def producer(s: Settings):
    from confluent_kafka import Producer

    return Producer({"bootstrap.servers": s.kafka_servers, "linger.ms": 20, "compression.type": "lz4",
                     "enable.idempotence": True, "queue.buffering.max.messages": 500_000})


def send(s: Settings, events: Iterable[dict[str, Any]], rate: float | None = None, prod=None) -> int:
    """Produce events keyed by event_id (one id always lands on one partition); at most `rate` per second."""
    p = prod or producer(s)
    topic = topics(s)["events"]
    n = 0
    t0 = time.monotonic()
    for ev in events:
        while True:
            try:
                p.produce(topic, encode(ev), key=ev["event_id"].encode())
                break
            except BufferError:  # local queue full: let librdkafka deliver some
                p.poll(0.05)
        n += 1
        if n % 1000 == 0:
            p.poll(0)
        if rate:
            ahead = n / rate - (time.monotonic() - t0)
            if ahead > 0:
                time.sleep(ahead)
    left = p.flush(60)
    if left:
        from ..errors import RuntimeSetupError

        raise RuntimeSetupError(f"{left} events were not acknowledged by Kafka at {s.kafka_servers} within 60 s.")
    return n


def send_file(s: Settings, path: Path, rate: float | None = None, rejects: Path | None = None) -> dict[str, Any]:
    """Validate a JSONL file line by line; good events are produced, bad lines go to the reject file."""
    bad: list[dict] = []

    def good():
        for _, ev, reject in read_jsonl(path):
            if reject:
                bad.append(reject)
            else:
                yield ev

    sent = send(s, good(), rate)
    out = {"file": str(path), "sent": sent, "rejected": len(bad)}
    if bad:
        rejects = rejects or path.with_name(path.name + ".rejects.jsonl")
        with open(rejects, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in bad)
        out["rejects"] = str(rejects)
        out["first_reject"] = bad[0]
    return out
