"""Files in and out of the HTTP edge: multipart parts become ``pipeline.schemas.Upload`` (the pipeline judges
them), and a stored file goes back as a download that no browser renders in the service's origin."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from fastapi import UploadFile
from fastapi.responses import Response

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
