"""The dealgraph Flink job: Kafka events -> deduplicated interactions + windowed aggregates -> Kafka.

Runs under PyFlink (its own interpreter, see stream/flink.py), so it imports nothing of ours.
Every operator is Flink SQL on the JVM: no Python UDF, so no per-record socket round trip.

  events (topic)  --dedupe by event_id (first seen wins, state with TTL)-->  interactions (topic)
                  --tumbling event-time windows per person key and account-->  aggregates (topic)

The graph writer (stream/writer.py) consumes both output topics and writes them with the ingest
Cypher. Exactly-once effect: the Kafka source's offsets and the dedupe/window state are in Flink
checkpoints; a restart from the latest checkpoint re-emits at most the records after it, and the
writer's MERGE on event_id / window id makes those repeats change nothing.
"""

from __future__ import annotations

import argparse
import json

# Which identifier names the person, strongest first (the writer stitches the others to it).
PERSON_KEY = ("lead_id", "phone", "email", "unionid", "wecom_id", "cookie_id")
KINDS = ("page_view", "ad_click", "form_submit", "search_lead", "wecom_message", "email_open", "call", "meeting")
PRICING = ("%pricing%", "%price%", "%价格%", "%报价%", "%quote%")
TENDER_TERMS = ("%招标%", "%投标%", "%采购%", "%tender%", "%rfp%", "%bid%", "%procurement%")


def _kafka(topic: str, a: argparse.Namespace, source: bool) -> str:
    opts = {"connector": "kafka", "topic": topic, "properties.bootstrap.servers": a.bootstrap, "format": "json"}
    if source:
        opts.update({"properties.group.id": a.group, "scan.startup.mode": "group-offsets",
                     "properties.auto.offset.reset": "earliest", "json.ignore-parse-errors": "true",
                     "json.fail-on-missing-field": "false"})
    else:  # at-least-once: flushed at every checkpoint; repeats are harmless (idempotent writer)
        opts.update({"sink.delivery-guarantee": "at-least-once", "json.encode.ignore-null-fields": "true"})
    return ", ".join(f"'{k}' = '{v}'" for k, v in opts.items())


def _like_any(expr: str, patterns: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f"LOWER({expr}) LIKE '{p}'" for p in patterns) + ")"


def statements(a: argparse.Namespace) -> list[str]:
    ids = ", ".join(f"{k} STRING" for k in PERSON_KEY)
    person = "COALESCE(" + ", ".join(f"CASE WHEN {k} IS NOT NULL THEN '{k}:' || {k} END" for k in PERSON_KEY) + ")"
    page = "COALESCE(JSON_VALUE(payload, '$.page'), JSON_VALUE(payload, '$.url'), '')"
    term = "COALESCE(JSON_VALUE(payload, '$.term'), JSON_VALUE(payload, '$.query'), JSON_VALUE(payload, '$.keyword'), '')"
    per_kind = ",\n  ".join(f"COUNT(DISTINCT CASE WHEN kind = '{k}' THEN event_id END) AS n_{k}" for k in KINDS)
    window = f"TUMBLE(TABLE keyed, DESCRIPTOR(ts), INTERVAL '{a.window_minutes}' MINUTES)"
    aggregate = f"""
SELECT '{{scope}}' AS agg_scope, {{key}} AS agg_key, CAST(window_start AS STRING) AS win_start,
  CAST(window_end AS STRING) AS win_end,
  COUNT(DISTINCT event_id) AS events,
  {per_kind},
  COUNT(DISTINCT channel) AS channels,
  COUNT(DISTINCT CASE WHEN is_pricing THEN event_id END) AS pricing_views,
  COUNT(DISTINCT CASE WHEN is_tender THEN event_id END) AS tender_searches,
  COUNT(DISTINCT session_id) AS sessions,
  MAX(at_ms) AS last_at_ms, MAX(sent_at) AS sent_at
FROM TABLE({window}) WHERE {{key}} IS NOT NULL
GROUP BY {{key}}, window_start, window_end"""
    agg_cols = ", ".join(["agg_scope STRING", "agg_key STRING", "win_start STRING", "win_end STRING", "events BIGINT"]
                         + [f"n_{k} BIGINT" for k in KINDS]
                         + ["channels BIGINT", "pricing_views BIGINT", "tender_searches BIGINT", "sessions BIGINT",
                            "last_at_ms BIGINT", "sent_at TIMESTAMP_LTZ(3) METADATA FROM 'timestamp'"])
    out_cols = (f"event_id STRING, kind STRING, `at` STRING, at_ms BIGINT, channel STRING, {ids}, "
                "account_id STRING, account_name STRING, name STRING, company STRING, payload STRING, "
                "sent_at TIMESTAMP_LTZ(3) METADATA FROM 'timestamp'")
    return [
        f"""CREATE TABLE events (
  event_id STRING, kind STRING, `at` STRING, at_ms BIGINT, channel STRING, {ids},
  account_id STRING, account_name STRING, name STRING, company STRING, payload STRING,
  sent_at TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  pt AS PROCTIME(),
  ts AS COALESCE(TO_TIMESTAMP_LTZ(at_ms, 3), sent_at),
  WATERMARK FOR ts AS ts - INTERVAL '{a.out_of_order_s}' SECOND
) WITH ({_kafka(a.topic_in, a, source=True)})""",
        f"CREATE TABLE interactions ({out_cols}) WITH ({_kafka(a.topic_interactions, a, source=False)})",
        f"CREATE TABLE aggregates ({agg_cols}) WITH ({_kafka(a.topic_aggregates, a, source=False)})",
        f"""CREATE TEMPORARY VIEW keyed AS
SELECT event_id, kind, channel, account_id, at_ms, sent_at, ts,
  {person} AS person_key,
  JSON_VALUE(payload, '$.session_id') AS session_id,
  {_like_any(page, PRICING)} AS is_pricing,
  {_like_any(term, TENDER_TERMS)} AS is_tender
FROM events WHERE event_id IS NOT NULL AND kind IS NOT NULL""",
        f"""INSERT INTO interactions
SELECT event_id, kind, `at`, at_ms, channel, {", ".join(PERSON_KEY)}, account_id, account_name, name, company,
  payload, sent_at
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY pt ASC) AS rn
  FROM events WHERE event_id IS NOT NULL AND kind IS NOT NULL
) WHERE rn = 1""",
        "INSERT INTO aggregates " + aggregate.format(scope="person", key="person_key")
        + "\nUNION ALL\n" + aggregate.format(scope="account", key="account_id"),
    ]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--topic-in", default="dealgraph.events")
    p.add_argument("--topic-interactions", default="dealgraph.interactions")
    p.add_argument("--topic-aggregates", default="dealgraph.aggregates")
    p.add_argument("--group", default="dealgraph-flink")
    p.add_argument("--connector-jar", required=True)
    p.add_argument("--checkpoint-dir", required=True)
    p.add_argument("--checkpoint-ms", type=int, default=5000)
    p.add_argument("--restore", default=None, help="checkpoint to resume from")
    p.add_argument("--window-minutes", type=int, default=60)
    p.add_argument("--out-of-order-s", type=int, default=5)
    p.add_argument("--state-ttl-h", type=int, default=7 * 24)
    p.add_argument("--parallelism", type=int, default=1)
    p.add_argument("--jobmanager", default=None, help="host:port of a Flink REST endpoint (else a local mini cluster)")
    p.add_argument("--explain", action="store_true", help="print the plan and exit")
    a = p.parse_args()

    from pyflink.common import Configuration
    from pyflink.table import EnvironmentSettings, TableEnvironment

    conf = Configuration()
    for k, v in {
        "pipeline.jars": f"file://{a.connector_jar}", "pipeline.name": "dealgraph-stream",
        "parallelism.default": str(a.parallelism),
        "execution.checkpointing.interval": f"{a.checkpoint_ms} ms",
        "execution.checkpointing.dir": f"file://{a.checkpoint_dir}",
        "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
        "execution.checkpointing.num-retained": "2",
        "table.exec.state.ttl": f"{a.state_ttl_h} h", "table.local-time-zone": "UTC",
        # No source idle timeout: a partition marked idle during a burst would let the watermark run ahead
        # of it and its events would miss their windows. A window closes once every partition passed it.
        # (No mini-batch either: it turns the dedupe into an updating Rank.)
    }.items():
        conf.set_string(k, v)
    if a.restore:
        conf.set_string("execution.state-recovery.path", f"file://{a.restore}")
    if a.jobmanager:
        host, _, port = a.jobmanager.rpartition(":")
        conf.set_string("execution.target", "remote")
        conf.set_string("rest.address", host)
        conf.set_string("rest.port", port)
    env = TableEnvironment.create(EnvironmentSettings.new_instance().in_streaming_mode().with_configuration(conf).build())
    *ddl, ins_interactions, ins_aggregates = statements(a)
    for s in ddl:
        env.execute_sql(s)
    stmt = env.create_statement_set()
    stmt.add_insert_sql(ins_interactions)
    stmt.add_insert_sql(ins_aggregates)
    if a.explain:
        print(stmt.explain())
        return
    result = stmt.execute()
    job = result.get_job_client()
    print(json.dumps({"job_id": str(job.get_job_id()) if job else None}), flush=True)
    if not a.jobmanager:  # the local mini cluster lives as long as this process
        result.wait()


if __name__ == "__main__":
    main()
