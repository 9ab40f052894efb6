"""What an engagement's parties may upload, decided by the file's content (seed 000 Figure 1: 技术、商务沟通 and
开展技术服务 exchange documents and results).

A name says nothing about a file: a renamed page of HTML or a program would reach the other party's browser as if it
were a report. So a file is accepted only when its bytes are one of the kinds below *and* its name's extension is that
kind's, as detected by ``filetype`` (magic numbers) or, for plain text, by decoding it. Archives, HTML, SVG and
programs are refused: they can carry script or hide other files, and no step of Figure 1 needs them.

The bytes are kept in the database (``pipeline_file``), so ``innodock db backup`` carries them with the records that
cite them; the data folder keeps only what can be rebuilt.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import filetype

from core.errors import InnodockError
from pipeline.schemas import Upload

OOXML = "application/vnd.openxmlformats-officedocument"
# Extension → the media type its content must have. Text kinds have no magic number and are checked by decoding.
KINDS: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": f"{OOXML}.wordprocessingml.document",
    ".xlsx": f"{OOXML}.spreadsheetml.sheet",
    ".pptx": f"{OOXML}.presentationml.presentation",
    ".txt": "text/plain",
    ".csv": "text/csv",
}
TEXT_KINDS = frozenset({".txt", ".csv"})
MAX_NAME = 200
MAX_FILES = 5
_UNSAFE_NAME = re.compile(r"[\\/\x00-\x1f\x7f:*?\"<>|]")
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    media_type: str
    size: int
    sha256: str
    data: bytes


def allowed_extensions() -> str:
    return ", ".join(sorted(KINDS))


def check_name(raw: str) -> str:
    """The file's own name, or a refusal: a name is never a path (no separators, no ``..``, no drive letter), so
    whatever serves it later cannot be steered to another place."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not name:
        raise InnodockError("附件缺少文件名 / the file has no name", field="file")
    if _UNSAFE_NAME.search(name) or name in {".", ".."} or name.startswith("."):
        raise InnodockError(f"文件名不能含路径或特殊字符：{name[:80]} / a file name may not hold a path or "
                            "special characters", field="file", code="bad_file_name")
    if len(name) > MAX_NAME:
        raise InnodockError(f"文件名过长（上限 {MAX_NAME} 字）/ file name over {MAX_NAME} characters", field="file",
                            code="bad_file_name")
    return name


def _is_text(data: bytes) -> bool:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not _TEXT_CONTROLS.search(text)
    return False


def sniff(data: bytes) -> str | None:
    """The media type the content shows, or None when it is none of the kinds accepted."""
    found = filetype.guess_mime(data)
    if found is not None:
        return str(found)
    return "text/plain" if _is_text(data) else None


def _mb(size: int) -> str:
    """A size as people read it: "28.6", "10" (MB of 1,048,576 bytes, as the limit is set), never a byte count."""
    return f"{size / 1_048_576:.1f}".removesuffix(".0")


def check_file(upload: Upload, *, max_bytes: int) -> CheckedFile:
    """Refuse, naming the file, a file that is empty, over ``max_bytes``, or whose content is not its name's kind."""
    name = check_name(upload.name)
    size = len(upload.data)
    if size == 0:
        raise InnodockError(f"文件为空：{name} / the file {name} is empty", field="file", code="empty_file")
    if size > max_bytes:
        raise InnodockError(f"文件过大：{name}（{_mb(size)} MB，上限 {_mb(max_bytes)} MB） / the file {name} "
                            f"is {_mb(size)} MB, over the limit of {_mb(max_bytes)} MB", field="file",
                            code="file_too_large")
    ext = ("." + name.rsplit(".", 1)[1].lower()) if "." in name else ""
    expected = KINDS.get(ext)
    if expected is None:
        # The file named in both halves: of several, the English page said only "this kind of file" (the
        # enterprise's day walked again, 2026-11-29); not first, where a page's sentence capitalises it
        raise InnodockError(f"不接受此类文件：{name}；可上传 {allowed_extensions()} / this kind of file is not "
                            f"accepted: {name}; allowed: {allowed_extensions()}", field="file",
                            code="file_type_refused")
    found = sniff(upload.data)
    matches = (found == "text/plain") if ext in TEXT_KINDS else (found == expected)
    if not matches:
        raise InnodockError(f"文件内容与扩展名不符：{name}（内容为 {found or '未知类型'}） / the content of {name} is "
                            f"not a {ext} file ({found or 'unknown'})", field="file", code="file_type_refused")
    return CheckedFile(name=name, media_type=expected, size=size, sha256=hashlib.sha256(upload.data).hexdigest(),
                       data=upload.data)


def check_files(uploads: list[Upload], *, max_bytes: int) -> list[CheckedFile]:
    if len(uploads) > MAX_FILES:
        raise InnodockError(f"一次最多上传 {MAX_FILES} 个文件 / at most {MAX_FILES} files at once", field="file",
                            code="too_many_files")
    return [check_file(u, max_bytes=max_bytes) for u in uploads]
