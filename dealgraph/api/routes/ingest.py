"""File upload for ingest: files stream to disk under a size limit; the load runs as a background job.

POST /ingest/uploads (multipart: `files` one or more, `mapping` a TOML mapping file) returns the
upload id at once; GET /ingest/uploads/{id} gives its status and, when done, the run summary.
The byte limit (DEALGRAPH_API_UPLOAD_MAX_BYTES) is enforced while the body streams in (limits.py),
and the multipart parser spools large parts to temporary files, so memory stays flat.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel

from ...errors import InputError
from ...graph.connection import Graph
from ...graph.queries import ingest_runs
from ..deps import CurrentUser, get_graph_dep, require_roles
from ..jobs import get_job

router = APIRouter(prefix="/ingest", tags=["ingest"])
log = logging.getLogger(__name__)
G = Annotated[Graph, Depends(get_graph_dep)]
MAX_FILES = 50
CHUNK = 1 << 20


class Upload(BaseModel):
    id: str
    status: str
    files: list[str] = []
    bytes: int | None = None
    summary: Any = None
    error: str | None = None
    created_at: str | None = None
    finished_at: str | None = None


class IngestRun(BaseModel):
    id: str
    status: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    rows: int | None = None
    loaded: int | None = None
    rejects: int | None = None
    files: list[str] | None = None


def upload_dir(request: Request) -> Path:
    s = request.app.state.settings
    return Path(s.api_upload_dir or (s.data_dir / "uploads"))


def _safe_name(name: str | None) -> str:
    # Keep the user's file name (mappings match on it, Chinese included) but never a path.
    base = Path((name or "").replace("\\", "/")).name.strip()
    if not base or base in (".", "..") or base.startswith("."):
        raise HTTPException(400, detail=f"Upload file name {name!r} is not usable: give each file a plain name.")
    return base[:200]


async def _save(f: UploadFile, dest: Path) -> int:
    n = 0
    with dest.open("wb") as out:
        while chunk := await f.read(CHUNK):
            out.write(chunk)
            n += len(chunk)
    return n


def _ingest_job(graph: Graph, params: dict) -> dict:
    try:
        from ...ingest.pipeline import ingest_files
    except ImportError as e:
        raise InputError("The ingest pipeline is not installed in this build.") from e
    from ..webhooks import emit

    folder = Path(params["folder"])
    try:
        s = ingest_files(graph, [folder / n for n in params["files"]], folder / params["mapping"],
                         reject_dir=folder / "rejects")
    except Exception as e:
        emit("ingest.finished", {"upload_id": params["job_id"], "status": "failed",
                                 "error": str(e) if isinstance(e, InputError) else type(e).__name__}, graph)
        raise
    result = {"ingest_run_id": s.run_id, "status": s.status, "rows": s.rows, "loaded": s.loaded,
              "rejected": s.rejected, "duration_s": round(s.duration_s, 3),
              "reject_file": str(s.reject_file) if s.reject_file else None, "counts": s.counts(),
              "files": [asdict(f) for f in s.files]}
    emit("ingest.finished", {"upload_id": params["job_id"], **result}, graph)
    # New signals re-score only the leads this run touched; a scoring failure does not fail the load.
    try:
        from ..job_kinds import rescore_after_ingest

        result["leads"] = rescore_after_ingest(graph, s, job_id=params["job_id"])
    except Exception as e:
        log.exception("lead re-scoring after ingest %s failed", s.run_id)
        result["leads"] = {"error": str(e) if isinstance(e, InputError) else type(e).__name__}
    return result


@router.post("/uploads", status_code=202, response_model=Upload, summary="Upload files and a mapping to ingest.",
             responses={413: {"description": "Upload larger than the limit"}, 400: {"description": "Bad files"}})
async def upload(request: Request, user: Annotated[CurrentUser, Depends(require_roles("admin"))],
                 files: Annotated[list[UploadFile], File(description="CSV/JSON/JSONL/XLSX data files")],
                 mapping: Annotated[UploadFile, File(description="TOML mapping of columns to our fields")]):
    if not files or len(files) > MAX_FILES:
        raise HTTPException(400, detail=f"Send between 1 and {MAX_FILES} files.")
    runner = request.app.state.jobs
    if runner is None:
        raise HTTPException(503, detail="Background jobs are not running in this server.")
    upload_id = str(uuid.uuid4())
    folder = upload_dir(request) / upload_id
    folder.mkdir(parents=True, exist_ok=True)
    try:
        names, total = [], 0
        for f in files:
            name = _safe_name(f.filename)
            if name in names:
                raise HTTPException(400, detail=f"File name {name!r} appears twice: rename one.")
            total += await _save(f, folder / name)
            names.append(name)
        mapping_name = "_mapping.toml"
        total += await _save(mapping, folder / mapping_name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    runner.submit("ingest", {"folder": str(folder), "files": names, "mapping": mapping_name, "bytes": total},
                  user.id, fn=_ingest_job, job_id=upload_id)
    return Upload(id=upload_id, status="queued", files=names, bytes=total)


@router.get("/uploads/{upload_id}", response_model=Upload, summary="Status and run summary of an upload.",
            responses={404: {"description": "No such upload"}})
def upload_status(upload_id: str, user: Annotated[CurrentUser, Depends(require_roles("admin", "read_only"))],
                  graph: G):
    j = get_job(graph, upload_id)
    if j["kind"] != "ingest":
        raise HTTPException(404, detail=f"Upload {upload_id!r} does not exist.")
    p = j.get("params") or {}
    return Upload(id=j["id"], status=j["status"], files=p.get("files", []), bytes=p.get("bytes"),
                  summary=j.get("result"), error=j.get("error"), created_at=j.get("created_at"),
                  finished_at=j.get("finished_at"))


@router.get("/runs", response_model=list[IngestRun], summary="Recent ingest runs (also CLI ones).")
def runs(user: Annotated[CurrentUser, Depends(require_roles("admin", "read_only"))], graph: G,
         limit: Annotated[int, Query(ge=1, le=200)] = 50):
    rows = graph.read(ingest_runs.RECENT, limit=limit)
    return rows
