"""Files in and out of the HTTP edge: multipart parts become ``pipeline.schemas.Upload`` (the pipeline judges
them), and a stored file goes back as a download that no browser renders in the service's origin."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile as StarletteUpload

from core.errors import InnodockError
from pipeline.schemas import FileMeta, Upload

MAX_KB_FILES = 20
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str | None, index: int) -> str:
    """The uploaded name without any folder, so a file lands in our temporary folder and nowhere else; the stem
    matters (a CSV's record type comes from it) and so does the suffix."""
    base = Path((name or "").replace("\\", "/")).name
    cleaned = _SAFE.sub("_", base).strip("._") or f"upload-{index}"
    return f"{index:02d}-{cleaned}" if cleaned.startswith("-") else cleaned


def save_uploads(files: list[UploadFile] | None, folder: Path) -> list[Path]:
    """kb-v1 files of a form or a request, saved under their safe names in ``folder`` (1–20 of them)."""
    chosen = [f for f in files or [] if f.filename]
    if not chosen or len(chosen) > MAX_KB_FILES:
        raise InnodockError(f"请上传 1–{MAX_KB_FILES} 个文件 / upload 1–{MAX_KB_FILES} files", field="files")
    paths: list[Path] = []
    for i, upload in enumerate(chosen, 1):
        name = safe_name(upload.filename, i)
        path = folder / name
        if path.exists():
            path = folder / f"{i:02d}-{name}"
        path.write_bytes(upload.file.read())
        paths.append(path)
    return paths


def read_uploads(files: list[UploadFile] | None) -> list[Upload]:
    """The parts a person actually chose: a form's empty file input arrives as a part with no name and no bytes.
    The body is already bounded by ``BodySizeLimit``."""
    out: list[Upload] = []
    for part in files or []:
        data = part.file.read()
        if not part.filename and not data:
            continue
        out.append(Upload(name=part.filename or "", data=data))
    return out


def file_response(meta: FileMeta, data: bytes) -> Response:
    """Always a download (``attachment``), typed as stored, never sniffed, never cached by shared caches, and
    sandboxed should a browser open it anyway."""
    ascii_name = meta.name.encode("ascii", "replace").decode("ascii").replace('"', "_").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(meta.name, safe='')}"
    return Response(content=data, media_type=meta.media_type,
                    headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
                             "Cache-Control": "private, no-store", "Content-Security-Policy": "sandbox",
                             "ETag": f'"{meta.sha256}"'})


M = TypeVar("M", bound=BaseModel)
FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


def json_or_multipart(model: type[M], files: str = "files") -> Callable[[Request], Awaitable[tuple[M, list[Upload]]]]:
    """A body read as ``model`` from JSON, or from a form (multipart, or urlencoded without files) whose text fields
    are the model's (an empty one is left out, as a form's empty input) and whose ``files`` parts are uploads: one
    route for an integration's JSON and for a client sending files, refused on the same field (422) as a declared
    body. A session cookie on a cross-site form is refused before this (``api.auth.deps``)."""

    async def read(request: Request) -> tuple[M, list[Upload]]:
        raw: Any
        uploads: list[Upload] = []
        if request.headers.get("content-type", "").lower().startswith(FORMS):
            form = await request.form()
            raw = {k: v for k, v in form.multi_items() if isinstance(v, str) and k != files and v != ""}
            parts = [v for v in form.getlist(files) if isinstance(v, StarletteUpload)]
            uploads = read_uploads(parts)  # type: ignore[arg-type]  # FastAPI's UploadFile is Starlette's
        else:
            try:
                raw = json.loads(await request.body() or b"null")
            except ValueError:
                raise RequestValidationError(
                    [{"loc": ("body",), "msg": "JSON decode error", "type": "json_invalid"}]) from None
        try:
            return model.model_validate(raw), uploads
        except ValidationError as exc:
            raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None

    return read


def json_or_multipart_openapi(model: type[BaseModel], files: str = "files") -> dict[str, Any]:
    """The request body such a route documents: the model as JSON, or its fields with ``files`` as multipart."""
    schema = model.model_json_schema()
    parts = {**schema, "properties": {**schema.get("properties", {}),
                                      files: {"type": "array", "items": {"type": "string", "format": "binary"}}}}
    parts.pop("additionalProperties", None)
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema},
                                                         "multipart/form-data": {"schema": parts}}}}
