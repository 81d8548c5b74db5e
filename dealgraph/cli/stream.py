"""`dealgraph stream start|stop|status|send|setup`: Kafka + the Flink job + the graph writer."""

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..config import get_settings
from ..errors import InputError

out = Console()
stream = typer.Typer(help="Run the event stream: a Kafka broker (KRaft), the Flink job and the graph writer.",
                     no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(stream, name="stream")


@stream.command()
def start(as_json: bool = typer.Option(False, "--json", help="Print the status as JSON.")) -> None:
    """Start Kafka (unless DEALGRAPH_KAFKA_BOOTSTRAP names one), the Flink job and the graph writer."""
    from ..stream.runtime import Stream

    t0 = time.monotonic()
    st = Stream(get_settings()).start(on_step=(lambda msg: None) if as_json else lambda msg: out.print(f"[dim]{msg}[/]"))
    if as_json:
        print(json.dumps(st))
    else:
        out.print(f"stream up in {time.monotonic() - t0:.1f} s: Kafka {st['kafka']['bootstrap']}, "
                  f"Flink job {st['flink']['job_id']} ({st['flink']['jobmanager']}), writer pid {st['writer']['pid']}; "
                  f"send events to topic {st['topics']['events']}")


@stream.command()
def stop() -> None:
    """Stop the graph writer, the Flink job (its checkpoint is kept for the next start) and Kafka."""
    from ..stream.runtime import Stream

    res = Stream(get_settings()).stop()
    out.print(", ".join(f"{k} {'stopped' if v else 'not running'}" for k, v in res.items()))


@stream.command()
def status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """running, topics, events_in, events_per_s, lag (Flink, writer), last_graph_write_at."""
    from ..stream.runtime import Stream

    st = Stream(get_settings()).status()
    if as_json:
        print(json.dumps(st))
        return
    out.print(f"{'running' if st['running'] else 'not running'}: kafka {st['kafka']['running']}, "
              f"flink {st['flink']['running']}, writer {st['writer']['running']}; events in {st['events_in']}, "
              f"{st['events_per_s']} ev/s, lag {st['lag']}, last graph write {st['last_graph_write_at']}")


@stream.command()
def send(file: Annotated[Path, typer.Argument(help="JSONL file, one event per line (README: the event format).")],
         rate: float = typer.Option(None, "--rate", help="At most N events per second (default: as fast as possible)."),
         as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Validate FILE and produce its events to the stream; bad lines go to FILE.rejects.jsonl."""
    from ..stream.producer import send_file

    if not file.is_file():
        raise InputError(f"{file} is not a file.")
    res = send_file(get_settings(), file, rate)
    if as_json:
        print(json.dumps(res, ensure_ascii=False))
        return
    out.print(f"sent {res['sent']} events from {file}" + (
        f"; {res['rejected']} rejected (see {res['rejects']}; first: line {res['first_reject']['line']}, "
        f"{res['first_reject']['field']}: {res['first_reject']['reason']})" if res["rejected"] else ""))


@stream.command()
def setup() -> None:
    """Install PyFlink into its own environment in the cache and resolve the Kafka jars (once)."""
    from ..stream.flink import setup as flink_setup
    from ..stream.jars import flink_kafka_connector, kafka_lib

    s = get_settings()
    py = flink_setup(s, on_step=lambda msg: out.print(f"[dim]{msg}[/]"))
    kafka_lib(s.cache_dir, s.kafka_version)
    flink_kafka_connector(s.cache_dir, s.flink_kafka_connector_version)
    out.print(f"PyFlink {s.flink_version} at {py}; Kafka {s.kafka_version} and connector "
              f"{s.flink_kafka_connector_version} in {s.cache_dir}")
