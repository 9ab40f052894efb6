"""The knowledge base for the association: import kb-v1 files (all or nothing) and export them."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Literal, cast

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import Response

from api.deps import JobsConfigDep, SessionDep, SettingsDep
from api.domain_deps import KbManager
from api.errors import error_responses
from api.matching import MatcherDep
from api.shared import requested_by
from api.work_schemas import ImportOut
from core.errors import InnodockError
from flows import catalog, knowledge, matching

router = APIRouter(prefix="/api/v1/kb", tags=["knowledge base"],
                   responses=error_responses(400, 401, 403, 413, 422))

MAX_FILES = 20
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
MEDIA = {"jsonl": "application/x-ndjson",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _safe_name(name: str | None, index: int) -> str:
    """The uploaded name without any folder, so a file lands in our temporary folder and nowhere else; the stem
    matters (a CSV's record type comes from it) and so does the suffix."""
    base = Path((name or "").replace("\\", "/")).name
    cleaned = _SAFE.sub("_", base).strip("._") or f"upload-{index}"
    return f"{index:02d}-{cleaned}" if cleaned.startswith("-") else cleaned


@router.post("/import", response_model=ImportOut)
def import_kb(session: SessionDep, settings: SettingsDep, setup: MatcherDep, queue: JobsConfigDep,
              actor: KbManager,
              files: Annotated[list[UploadFile], File(description=".jsonl / .csv / .xlsx (kb-v1)")],
              replace: Annotated[bool, Form()] = False) -> ImportOut:
    """导入 kb-v1 文件：有任何错误则什么都不写，错误逐条为 `文件:行: 字段: 原因` / import kb-v1 files; any issue and
    nothing is written, each issue as `file:line: field: reason`.

    索引：配置了任务队列（Redis）时由后台任务同步（`index_job`），否则在此请求内增量同步 / the index: synced by a
    background job (`index_job`) when a Redis queue is configured, else incrementally within this request."""
    if not files or len(files) > MAX_FILES:
        raise InnodockError(f"请上传 1–{MAX_FILES} 个文件 / upload 1–{MAX_FILES} files", field="files")
    with tempfile.TemporaryDirectory(prefix="innodock-upload-") as tmp:
        folder = Path(tmp)
        paths: list[Path] = []
        for i, upload in enumerate(files, 1):
            name = _safe_name(upload.filename, i)
            path = folder / name
            if path.exists():
                path = folder / f"{i:02d}-{name}"
            path.write_bytes(upload.file.read())
            paths.append(path)
        result = knowledge.import_files(session=session, paths=paths, replace=replace, principal=actor)
        if not result.ok:
            lines = [str(issue).replace(str(folder) + "/", "") for issue in result.issues]
            more = f"\n…（共 {len(lines)} 条 / {len(lines)} in all）" if len(lines) > 50 else ""
            shown = "\n".join(lines[:50]) + more
            raise InnodockError(f"导入失败，未写入任何记录 / import failed, nothing was written:\n{shown}",
                                field="files", code="import_failed")
        warnings = [str(w).replace(str(folder) + "/", "") for w in result.warnings]
    session.commit()  # the index is built from committed rows, in the matcher's own session
    index_job = None
    if queue.redis_url or setup.config.index_builds == "job":  # several hosts: only the build job writes the index
        index_job = requested_by(actor, settings, queue).submit("index_rebuild")
    else:
        matching.sync_index(setup=setup, settings=settings)
    return ImportOut(created=result.created, updated=result.updated, deleted=result.deleted, unchanged=result.unchanged,
                     kb_version=catalog.kb_version(session=session),
                     index=matching.index_state(setup=setup, settings=settings),
                     index_job=index_job, warnings=warnings)


@router.get("/export", response_class=Response,
            responses={200: {"content": {MEDIA["jsonl"]: {}, MEDIA["xlsx"]: {}}, "description": "kb-v1"}})
def export_kb(session: SessionDep, _actor: KbManager,
              format: Annotated[str, Query(pattern="^(jsonl|xlsx)$")] = "jsonl") -> Response:
    with tempfile.TemporaryDirectory(prefix="innodock-export-") as tmp:
        out = Path(tmp) / f"kb.{format}"
        knowledge.export(session=session, fmt=cast(Literal["jsonl", "xlsx"], format), out=out)
        data = out.read_bytes()
    return Response(content=data, media_type=MEDIA[format],
                    headers={"Content-Disposition": f'attachment; filename="innodock-kb.{format}"'})
