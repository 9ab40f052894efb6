"""Files in and out of the HTTP edge: multipart parts become ``pipeline.schemas.Upload`` (the pipeline judges
them), and a stored file goes back as a download that no browser renders in the service's origin."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import UploadFile
from fastapi.responses import Response

from pipeline.schemas import FileMeta, Upload


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
