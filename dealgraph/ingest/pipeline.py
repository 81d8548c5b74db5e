"""The ingest run: files -> rows -> records -> batched writes, recorded as (:IngestRun).

    summary = ingest_files(graph, [Path("contacts.csv")], Path("mapping.toml"))

Resumable: the run id is derived from the files' checksums, the mapping and the batch size,
so the same inputs give the same run. Each batch commits in ONE transaction together with the
batch's mark on the run (IngestRun.done); a rerun of an unfinished run re-reads the files
(validation is cheap, and rejects are rewritten in full) but skips the batches already committed.
Batches are MERGEs, so even a batch replayed after a crash between commit and ack changes nothing.

Throughput: parsing/validation (this thread) overlaps with the database transactions (writer
threads, `workers` transactions at a time), with a bounded queue of batches in flight, so memory
stays bounded whatever the file size.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GraphRejected, GraphUnavailable, InputError
from ..graph.connection import Tx
from ..graph.queries import ingest_runs as q
from ..graph.writes.statements import CYPHER, prepare, unique_rows
from ..schema.models import LOAD_ORDER
from .date_order import ColumnDateOrder
from .mapping import FileMapping, Mapping, load_mapping
from .readers import FileError, check_is_file, open_reader
from .rejects import RejectWriter
from .validate import Reject, RowValidator

# Measured (bench/ingest.py, Neo4j thread CPU): at 5000 rows a transaction's state outlives the
# young generation and GC took ~30 % of the server's CPU; at 1000 it is ~3 %, for a few more commits.
DEFAULT_BATCH = 1000
DEFAULT_WORKERS = 2
log = logging.getLogger(__name__)


@dataclass
class FileSummary:
    file: str
    entity: str
    source: str
    encoding: str = ""
    format: str = ""
    rows: int = 0
    loaded: int = 0
    rejected: int = 0
    skipped_batches: int = 0  # batches committed by an earlier, interrupted attempt
    unknown_columns: list[str] = field(default_factory=list)
    other_encoding_lines: int = 0  # lines of a mixed file decoded in the other encoding (UTF-8 / GB18030)
    error: str | None = None  # the file as a whole could not be loaded (binary, empty, bad header ...)
    warnings: list[str] = field(default_factory=list)


# Ids a run wrote that lead scores depend on, so callers can re-score only the affected leads.
_TOUCH_KEYS = {"contact": ("id", "contact"), "account": ("id", "account"), "interaction": ("id", "interaction"),
               "lead": ("id", "lead"), "department": ("account_id", "account"),
               "tender": ("buyer_account_id", "account")}
TOUCHED_CAP = 100_000  # beyond this a caller should treat the run as touching everything


@dataclass
class Touched:
    ids: dict[str, set[str]] = field(default_factory=dict)  # contact|account|interaction|lead -> ids
    overflow: bool = False

    def add(self, kind: str, batch: list[dict[str, Any]]) -> None:
        key = _TOUCH_KEYS.get(kind)
        if key is None or self.overflow:
            return
        got = self.ids.setdefault(key[1], set())
        got.update(r[key[0]] for r in batch if r.get(key[0]) is not None)
        if sum(len(v) for v in self.ids.values()) > TOUCHED_CAP:
            self.overflow, self.ids = True, {}


@dataclass
class RunSummary:
    run_id: str
    status: str
    files: list[FileSummary]
    duration_s: float
    reject_file: Path | None
    resumed: bool = False
    touched: Touched = field(default_factory=Touched)

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def loaded(self) -> int:
        return sum(f.loaded for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def failed_files(self) -> list[FileSummary]:
        return [f for f in self.files if f.error]

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.duration_s if self.duration_s > 0 else 0.0

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for f in self.files:
            c = out.setdefault(f.entity, {"rows": 0, "loaded": 0, "rejected": 0})
            c["rows"] += f.rows
            c["loaded"] += f.loaded
            c["rejected"] += f.rejected
        return out


@dataclass
class Progress:
    """What a progress bar needs; passed to the `progress` callback after every batch."""

    file: str
    entity: str
    rows: int
    loaded: int
    rejected: int
    bytes_read: int
    size: int
    done: bool = False


ProgressFn = Callable[[Progress], None]


def file_checksum(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_id_for(checksums: list[tuple[str, str]], mapping: Mapping, batch_size: int) -> str:
    h = hashlib.sha256()
    for name, sha in checksums:
        h.update(f"{name}\0{sha}\0".encode())
    h.update(f"{mapping.checksum}\0{batch_size}".encode())
    return "run-" + h.hexdigest()[:16]


def ingest_files(graph: Any, paths: list[Path], mapping: Path | Mapping, reject_dir: Path | None = None,
                 progress: ProgressFn | None = None, *, batch_size: int = DEFAULT_BATCH,
                 workers: int = DEFAULT_WORKERS, allow_missing: bool = False,
                 on_wait: Callable[[str], None] | None = None,
                 _crash_after_batches: int | None = None) -> RunSummary:
    """Load `paths` with `mapping` into `graph`; return what happened. Bad rows go to the reject file.

    A file that cannot be loaded as a whole (binary, empty, header only, duplicate column names, a
    mapped column it lacks) gets `error` in its FileSummary and one line in the reject file; the
    other files still load. `allow_missing` turns a missing mapped column into a warning.
    A second process loading the same inputs waits for the first (`on_wait` is told once).
    `_crash_after_batches` is a test hook: raise after that many committed batches, as a crash would.
    """
    if not paths:
        raise InputError("no input files given.")
    m = mapping if isinstance(mapping, Mapping) else load_mapping(Path(mapping))
    for p in paths:
        check_is_file(Path(p))
    plans = [(Path(p), m.for_file(Path(p))) for p in paths]
    # Parents before children: accounts before contacts before interactions (stable within a kind).
    plans.sort(key=lambda pf: LOAD_ORDER.index(pf[1].entity))
    sums = [(p.name, file_checksum(p)) for p, _ in plans]
    run_id = run_id_for(sums, m, batch_size)
    from ..graph.locks import exclusive

    with exclusive(graph, run_id, on_wait=(lambda: on_wait(run_id)) if on_wait else None):
        return _ingest_run(graph, plans, sums, m, run_id, reject_dir, progress, batch_size, workers, allow_missing,
                           _crash_after_batches)


def _ingest_run(graph: Any, plans: list[tuple[Path, FileMapping]], sums: list[tuple[str, str]], m: Mapping,
                run_id: str, reject_dir: Path | None, progress: ProgressFn | None, batch_size: int, workers: int,
                allow_missing: bool, crash_after: int | None) -> RunSummary:
    run = _RunRecord(graph, run_id)
    committed = run.begin([s[0] for s in sums], _combined(sums), m.path.name if m.path else None)

    from ..config import get_settings

    settings = get_settings()
    rdir = reject_dir or (settings.data_dir / "rejects")
    rejects = RejectWriter(rdir / f"{run_id}.rejects.jsonl")
    t0 = time.monotonic()
    summaries: list[FileSummary] = []
    touched = Touched()
    writer = _BatchWriter(graph, run, workers, crash_after, committed, rejects)
    opts = _Options(allow_missing or not m.strict_columns, settings.ingest_max_cell_bytes)
    try:
        for (path, fm), (_, sha) in zip(plans, sums, strict=True):
            fkey = f"{path.name}#{sha[:12]}"
            s = _ingest_file(path, fm, fkey, batch_size, writer, rejects, committed, progress, touched, opts)
            summaries.append(s)
        writer.close()
    except BaseException as e:
        writer.abort()
        rejects.close()
        run.fail(summaries, time.monotonic() - t0, f"{type(e).__name__}: {e}")
        raise
    rejects.close()
    duration = time.monotonic() - t0
    summary = RunSummary(run_id, "completed", summaries, duration, rejects.path if rejects.count else None,
                         resumed=committed.resumed, touched=touched)
    run.complete(summary)
    return summary


def validate_files(paths: list[Path], mapping: Path | Mapping, reject_dir: Path | None = None,
                   progress: ProgressFn | None = None, allow_missing: bool = False) -> RunSummary:
    """A dry run: read, map and validate every row, write the reject file, touch no database."""
    if not paths:
        raise InputError("no input files given.")
    m = mapping if isinstance(mapping, Mapping) else load_mapping(Path(mapping))
    for p in paths:
        check_is_file(Path(p))
    plans = sorted(((Path(p), m.for_file(Path(p))) for p in paths), key=lambda pf: LOAD_ORDER.index(pf[1].entity))
    from ..config import get_settings

    run_id = "dry-" + run_id_for([(p.name, file_checksum(p)) for p, _ in plans], m, 0)[4:]
    rejects = RejectWriter((reject_dir or (get_settings().data_dir / "rejects")) / f"{run_id}.rejects.jsonl")
    t0 = time.monotonic()
    opts = _Options(allow_missing or not m.strict_columns, get_settings().ingest_max_cell_bytes)
    try:
        files = [_ingest_file(p, fm, p.name, DEFAULT_BATCH, _NullWriter(), rejects, Committed(), progress, None, opts)
                 for p, fm in plans]
    finally:
        rejects.close()
    return RunSummary(run_id, "validated", files, time.monotonic() - t0, rejects.path if rejects.count else None)


class _NullWriter:
    def put(self, *args: Any) -> None:
        pass


@dataclass
class _Options:
    allow_missing: bool
    max_cell_bytes: int


def _combined(sums: list[tuple[str, str]]) -> str:
    return hashlib.sha256("".join(s for _, s in sums).encode()).hexdigest()


def _ingest_file(path: Path, fm: FileMapping, fkey: str, batch_size: int, writer: _BatchWriter | _NullWriter,
                 rejects: RejectWriter, committed: Committed, progress: ProgressFn | None,
                 touched: Touched | None = None, opts: _Options | None = None) -> FileSummary:
    """One file; a problem with the file as a whole is recorded on its summary, not raised."""
    s = FileSummary(path.name, fm.entity, fm.source)
    try:
        _read_file(path, fm, fkey, batch_size, writer, rejects, committed, progress, touched,
                   opts or _Options(False, 64 * 1024), s)
    except FileError as e:
        s.error = str(e)
        rejects.write([Reject(path.name, 0, None, None, None, str(e))])
        log.info("%s", e)
    return s


def _read_file(path: Path, fm: FileMapping, fkey: str, batch_size: int, writer: _BatchWriter | _NullWriter,
               rejects: RejectWriter, committed: Committed, progress: ProgressFn | None,
               touched: Touched | None, opts: _Options, s: FileSummary) -> None:
    try:
        reader = open_reader(path, fm.encoding, fm.format, fm.delimiter, fm.sheet)
    except InputError as e:
        raise e if isinstance(e, FileError) else FileError(str(e)) from e
    s.encoding, s.format = reader.encoding, reader.fmt
    transform = None
    if fm.transform:
        from .channels import TRANSFORMS

        transform = TRANSFORMS[fm.transform]
    ncols = -1
    validate: RowValidator | None = None
    cypher = CYPHER[fm.entity]
    batch: list[dict[str, Any]] = []
    bno, in_batch = 0, 0
    unknown: dict[str, None] = {}
    kind, source = fm.entity, fm.source
    if progress:
        progress(Progress(path.name, kind, 0, 0, 0, 0, path.stat().st_size))
    rows = reader.rows()
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except InputError as e:  # the reader gave up on the file (bad header, broken JSON, sheet ...)
            raise e if isinstance(e, FileError) else FileError(str(e)) from e
        if len(reader.columns) != ncols:  # JSON rows may bring new keys: re-plan the columns
            if ncols == -1 and reader.fmt in ("csv", "xlsx"):
                _check_mapped_columns(fm, reader.columns, path.name, opts, s)
            ncols = len(reader.columns)
            plan = fm.resolve(reader.columns)
            unknown.update(dict.fromkeys(plan.unknown))
            validate = RowValidator(fm, plan, path.name, transform, opts.max_cell_bytes)
            if validate.date_fields:
                validate.date_order = ColumnDateOrder(
                    lambda: open_reader(path, fm.encoding, fm.format, fm.delimiter, fm.sheet).rows(),
                    validate.value_of, {f: plan.fields[f] for f in validate.date_fields})
        s.rows += 1
        in_batch += 1
        rec, bad = validate(row)  # type: ignore[misc]
        if rec is None:
            s.rejected += 1
            rejects.write(bad)
        else:
            prepared = prepare(kind, rec, source)
            prepared["_line"] = row.line  # names the row if the database refuses it (not stored)
            batch.append(prepared)
        if in_batch >= batch_size:
            s.loaded += len(batch)
            if touched is not None:
                touched.add(kind, batch)
            _send(writer, cypher, unique_rows(kind, batch), fkey, bno, committed, s)
            batch, in_batch, bno = [], 0, bno + 1
            if progress:
                progress(Progress(path.name, kind, s.rows, s.loaded, s.rejected, reader.bytes_read, reader.size))
    if in_batch:
        s.loaded += len(batch)
        if touched is not None:
            touched.add(kind, batch)
        _send(writer, cypher, unique_rows(kind, batch), fkey, bno, committed, s)
    s.unknown_columns = list(unknown)
    s.other_encoding_lines = reader.other_encoding_lines
    if s.other_encoding_lines:
        other = "UTF-8" if reader.encoding.startswith("gb") else "GB18030"
        s.warnings.append(f"{path.name}: {s.other_encoding_lines} line(s) are in {other}, not {reader.encoding}; "
                          f"each was decoded in its own encoding")
    if reader.fmt in ("json", "jsonl") and s.rows:
        _check_mapped_columns(fm, reader.columns, path.name, _Options(True, opts.max_cell_bytes), s)
    if progress:
        progress(Progress(path.name, kind, s.rows, s.loaded, s.rejected, reader.size, reader.size, done=True))
    if s.rows == 0:
        what = "a header but no data rows" if reader.fmt in ("csv", "xlsx") else "no records"
        raise FileError(f"{path.name}: the file has {what}; nothing to load.")


def _check_mapped_columns(fm: FileMapping, columns: list[str], file: str, opts: _Options, s: FileSummary) -> None:
    """A column the mapping names must be in the file: else the field would be silently empty."""
    missing = fm.missing_columns(columns)
    if not missing:
        return
    names = "; ".join(f"{' or '.join(repr(c) for c in cols)} (for {f})" for f, cols in missing.items())
    have = ", ".join(repr(c) for c in columns[:30]) + (" …" if len(columns) > 30 else "")
    if opts.allow_missing:
        s.warnings.append(f"{file}: mapped column(s) not in the file, left empty: {names}")
        return
    raise FileError(f"{file}: the mapping names column(s) this file does not have: {names}; its columns are {have}. "
                    f"Fix [files.columns], or pass --allow-missing to load without them.")


def _send(writer: _BatchWriter | _NullWriter, cypher: str, batch: list[dict[str, Any]], fkey: str, bno: int,
          committed: Committed, s: FileSummary) -> None:
    if (fkey, bno) in committed:
        s.skipped_batches += 1
        return
    writer.put(cypher, batch, fkey, bno, s)


class Committed:
    """Which batches are committed, as stored in IngestRun.done.

    Marks are "<file key>:<batch>" for single batches and "<file key>:..<n>" for "every batch
    below n". The writer folds a file's contiguous prefix into one range mark every
    COMPACT_EVERY batches, so `done` stays short however big the file is.
    """

    COMPACT_EVERY = 32

    def __init__(self, marks: list[str] | None = None):
        self._lock = threading.Lock()  # the reading thread asks while writer threads add
        self.floor: dict[str, int] = {}  # every batch below floor[fkey] is committed
        self.single: dict[str, set[int]] = {}
        self.marks_in_db: dict[str, int] = {}  # floor already written as a range mark
        for m in marks or []:
            fkey, _, b = m.rpartition(":")
            if b.startswith(".."):
                n = int(b[2:])
                self.floor[fkey] = max(self.floor.get(fkey, 0), n)
                self.marks_in_db[fkey] = self.floor[fkey]
            else:
                self.single.setdefault(fkey, set()).add(int(b))
        self.resumed = bool(marks)

    def __contains__(self, key: tuple[str, int]) -> bool:
        fkey, bno = key
        with self._lock:
            return bno < self.floor.get(fkey, 0) or bno in self.single.get(fkey, ())

    def add(self, fkey: str, bno: int) -> tuple[list[str], str] | None:
        """Record a commit; return (marks to remove, range mark to add) when it is time to compact."""
        with self._lock:
            return self._add(fkey, bno)

    def _add(self, fkey: str, bno: int) -> tuple[list[str], str] | None:
        singles = self.single.setdefault(fkey, set())
        singles.add(bno)
        floor = self.floor.get(fkey, 0)
        while floor in singles:
            singles.discard(floor)
            floor += 1
        self.floor[fkey] = floor
        written = self.marks_in_db.get(fkey, 0)
        if floor - written < self.COMPACT_EVERY:
            return None
        # Only marks below the new floor are folded; marks above it stay as they are.
        remove = [f"{fkey}:{b}" for b in range(written, floor)] + ([f"{fkey}:..{written}"] if written else [])
        self.marks_in_db[fkey] = floor
        return remove, f"{fkey}:..{floor}"


class _BatchWriter:
    """Writer threads; each batch commits in ONE transaction together with its mark on the run.

    Several workers overlap transactions (Neo4j runs each on its own thread); deadlocks between
    them are transient errors that the driver's managed transactions retry. The mark is the
    batch key appended to IngestRun.done under the run node's write lock, so concurrent commits
    never lose each other's marks.
    """

    def __init__(self, graph: Any, run: _RunRecord, workers: int, crash_after: int | None,
                 committed: Committed, rejects: RejectWriter | None = None):
        self.rejects = rejects
        self.graph = graph
        self.run = run
        self.committed = committed
        self.crash_after = crash_after
        self.written = 0
        self._count_lock = threading.Lock()
        self.q: queue.Queue = queue.Queue(maxsize=max(2, workers))
        self.error: BaseException | None = None
        self.threads = [threading.Thread(target=self._loop, name=f"ingest-writer-{i}", daemon=True)
                        for i in range(max(1, workers))]
        for t in self.threads:
            t.start()

    def put(self, cypher: str, rows: list[dict[str, Any]], fkey: str, bno: int, s: FileSummary | None = None) -> None:
        self._check()
        while True:
            try:
                self.q.put((cypher, rows, fkey, bno, s), timeout=0.5)
                return
            except queue.Full:
                self._check()

    def close(self) -> None:
        for _ in self.threads:
            self.q.put(None)
        for t in self.threads:
            t.join()
        self._check()

    def abort(self) -> None:
        try:
            while True:
                self.q.get_nowait()
        except queue.Empty:
            pass
        for _ in self.threads:
            try:
                self.q.put_nowait(None)
            except queue.Full:
                break
        for t in self.threads:
            t.join(timeout=60)

    def _check(self) -> None:
        if self.error is not None:
            raise self.error

    def _row_by_row(self, cypher: str, rows: list[dict[str, Any]]) -> list[tuple[dict, str]]:
        refused = []
        for row in rows:
            try:
                self.graph.write_tx(lambda tx, r=row: tx.run(cypher, rows=[r]))
            except GraphRejected as e:
                refused.append((row, e.message))
        return refused

    def _reject(self, file: str, refused: list[tuple[dict, str]], s: FileSummary | None) -> None:
        out = [Reject(file, row.get("_line", 0), None, None, _row_key(row),
                      f"the database refused this row: {reason[:300]}") for row, reason in refused]
        with self._count_lock:
            if self.rejects is not None:
                self.rejects.write(out)
            if s is not None:
                s.loaded -= len(out)
                s.rejected += len(out)

    def _loop(self) -> None:
        while True:
            item = self.q.get()
            if item is None or self.error is not None:
                return
            cypher, rows, fkey, bno, s = item
            try:
                self._commit(cypher, rows, fkey, bno, s)
            except BaseException as e:  # noqa: BLE001 - surfaced to the reading thread at its next put/close
                self.error = e
                return

    def _commit(self, cypher: str, rows: list[dict[str, Any]], fkey: str, bno: int,
                s: FileSummary | None = None) -> None:
        mark = f"{fkey}:{bno}"

        def work(tx: Tx, rows: list[dict[str, Any]] = rows) -> None:
            if rows:
                tx.run(cypher, rows=rows)
            # Lock the run node first (SET), then read-modify-write its list: no lost marks.
            tx.run(q.MARK_BATCH, id=self.run.run_id, mark=mark)

        file = fkey.rsplit("#", 1)[0]
        try:
            self.graph.write_tx(work)
        except GraphUnavailable as e:
            raise GraphUnavailable(f"Neo4j went away while writing batch {bno} of {file}: start it and rerun the "
                                   f"same command, which resumes after the last committed batch.") from e
        except GraphRejected as e:
            # One row's value (a string too large to index ...) fails its whole batch: write the rows one
            # by one so only that row is rejected. When every row fails, the statement itself is wrong.
            refused = self._row_by_row(cypher, rows)
            if not refused or (len(refused) == len(rows) and len(rows) > 1):
                raise InputError(f"{file}: batch {bno} could not be written ({e.code}: {e.message}); fix those "
                                 f"rows and rerun, which resumes after the last committed batch.") from e
            self._reject(file, refused, s)
            self.graph.write_tx(lambda tx: work(tx, []))  # the batch's mark alone
        with self._count_lock:
            self.written += 1
            crash = self.crash_after is not None and self.written >= self.crash_after
            fold = self.committed.add(fkey, bno)
            if fold:  # under the lock: one compaction at a time, and only of committed marks
                self.graph.write(q.FOLD_MARKS, id=self.run.run_id, remove=fold[0], range=fold[1])
        if crash:
            raise RuntimeError(f"simulated crash after {self.written} committed batches")


class _RunRecord:
    """(:IngestRun {id, files, checksum, counts, rejects, duration_s, status, last_batch, done})."""

    def __init__(self, graph: Any, run_id: str):
        self.graph = graph
        self.run_id = run_id

    def begin(self, files: list[str], checksum: str, mapping: str | None) -> Committed:
        """Create or reopen the run; return the batches an unfinished earlier attempt committed."""
        rows = self.graph.write(
            q.BEGIN,
            id=self.run_id, files=files, checksum=checksum, mapping=mapping, now=_now(),
        )
        before, done = rows[0]["before"], rows[0]["done"]
        if before in (None, "completed") or not done:
            # A finished run loads again from the start (MERGE makes that a no-op on the graph).
            self.graph.write(q.RESTART, id=self.run_id)
            return Committed()
        return Committed(list(done))

    def complete(self, s: RunSummary) -> None:
        self.graph.write(
            q.COMPLETE,
            id=self.run_id, now=_now(), duration=round(s.duration_s, 3),
            counts=json.dumps(s.counts(), ensure_ascii=False), rows=s.rows, loaded=s.loaded, rejects=s.rejected,
            reject_file=str(s.reject_file) if s.reject_file else None,
            unknown=json.dumps({f.file: f.unknown_columns for f in s.files if f.unknown_columns}, ensure_ascii=False),
            files=json.dumps([asdict(f) for f in s.files], ensure_ascii=False),
        )

    def fail(self, files: list[FileSummary], duration: float, error: str) -> None:
        try:
            self.graph.write(
                q.FAILED,
                id=self.run_id, error=error[:2000], d=round(duration, 3),
            )
        except Exception as e:  # noqa: BLE001 - the database may be what failed; committed progress stays valid
            log.warning("could not mark ingest run %s failed: %s", self.run_id, e)


def _row_key(row: dict[str, Any]) -> str | None:
    for k in ("id", "contact_id", "tender_id", "opp", "a", "user_id"):
        if row.get(k) is not None:
            return str(row[k])
    return None


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def read_for_bulk(paths: list[Path], mapping: Path | Mapping, reject_dir: Path | None = None,
                  progress: ProgressFn | None = None, allow_missing: bool = False) -> tuple[RunSummary, Any]:
    """Read, validate and prepare every row as `ingest_files` does (same rejects), into a BulkWriter."""
    from .bulk import BulkWriter

    if not paths:
        raise InputError("no input files given.")
    m = mapping if isinstance(mapping, Mapping) else load_mapping(Path(mapping))
    for p in paths:
        check_is_file(Path(p))
    plans = sorted(((Path(p), m.for_file(Path(p))) for p in paths), key=lambda pf: LOAD_ORDER.index(pf[1].entity))
    from ..config import get_settings

    run_id = "bulk-" + run_id_for([(p.name, file_checksum(p)) for p, _ in plans], m, 0)[4:]
    rejects = RejectWriter((reject_dir or (get_settings().data_dir / "rejects")) / f"{run_id}.rejects.jsonl")
    t0 = time.monotonic()
    opts = _Options(allow_missing or not m.strict_columns, get_settings().ingest_max_cell_bytes)
    writer = BulkWriter()
    try:
        files = [_ingest_file(p, fm, p.name, DEFAULT_BATCH, writer, rejects, Committed(), progress, None, opts)
                 for p, fm in plans]
    finally:
        rejects.close()
    return RunSummary(run_id, "completed", files, time.monotonic() - t0,
                      rejects.path if rejects.count else None), writer
