"""What a party may upload: typed by content (``filetype``'s magic numbers, or decoding for text), never by name."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from PIL import Image

from core.errors import InnodockError
from pipeline.attachments import MAX_FILES, Upload, check_file, check_files, check_name

LIMIT = 64 * 1024


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["样品编号", "结果"])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "data", "media_type"), [
    ("检测报告.pdf", pdf(), "application/pdf"),
    ("现场照片.PNG", png(), "image/png"),
    ("服务方案.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("试验数据.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("说明.txt", "样品20只，按第8.2条试验。\n".encode(), "text/plain"),
    ("记录.csv", "编号,温度\n1,85\n".encode("gb18030"), "text/csv"),
])
def test_files_whose_content_is_their_kind_are_kept(name: str, data: bytes, media_type: str) -> None:
    checked = check_file(Upload(name=name, data=data), max_bytes=LIMIT)
    assert (checked.name, checked.media_type, checked.size) == (name, media_type, len(data))
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(("name", "data", "code"), [
    ("报告.pdf", b"MZ\x90\x00" + b"\x00" * 60, "file_type_refused"),  # a program renamed
    ("报告.pdf", png(), "file_type_refused"),  # an image renamed
    ("照片.png", b"<html><script>alert(1)</script></html>", "file_type_refused"),
    ("页面.html", b"<html></html>", "file_type_refused"),  # not a kind anyone needs
    ("图.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "file_type_refused"),
    ("资料.zip", docx(), "file_type_refused"),
    ("方案.docx", zipfile.ZipFile.__name__.encode() * 3, "file_type_refused"),
    ("说明.txt", b"\x00\x01binary\x02", "file_type_refused"),
    ("无扩展名", pdf(), "file_type_refused"),
    ("空.pdf", b"", "empty_file"),
    ("大.pdf", pdf() + b"0" * LIMIT, "file_too_large"),
])
def test_files_are_refused_by_what_they_hold(name: str, data: bytes, code: str) -> None:
    with pytest.raises(InnodockError) as refused:
        check_file(Upload(name=name, data=data), max_bytes=LIMIT)
    assert refused.value.field == "file" and refused.value.code == code


def test_a_file_over_the_limit_is_said_in_mb_and_each_page_shows_its_own_language() -> None:
    """Walk finding: the page showed "文件过大：big.pdf（30000000 字节，上限 10485760）/ big.pdf is 30000000 bytes…",
    both halves (no space before the separator, so the page could not split it) and in bytes."""
    from api.pages.ui_format import in_language

    with pytest.raises(InnodockError) as refused:
        check_file(Upload(name="大.pdf", data=pdf() + b"0" * 3_000_000), max_bytes=10 * 1_048_576 // 4)
    said = refused.value.message
    assert in_language(said, "zh") == "文件过大：大.pdf（2.9 MB，上限 2.5 MB）"
    assert in_language(said, "en") == "the file 大.pdf is 2.9 MB, over the limit of 2.5 MB"


@pytest.mark.parametrize("name", ["../etc/passwd.pdf", "a/b.pdf", "..\\报告.pdf", "C:报告.pdf", ".htaccess",
                                  "报告\x00.pdf", "", "   ", "x" * 250 + ".pdf"])
def test_a_name_is_never_a_path(name: str) -> None:
    with pytest.raises(InnodockError) as refused:
        check_name(name)
    assert refused.value.field == "file"


def test_at_most_five_files_at_once() -> None:
    ok = [Upload(name=f"{i}.pdf", data=pdf()) for i in range(MAX_FILES)]
    assert len(check_files(ok, max_bytes=LIMIT)) == MAX_FILES
    with pytest.raises(InnodockError) as refused:
        check_files([*ok, Upload(name="6.pdf", data=pdf())], max_bytes=LIMIT)
    assert refused.value.code == "too_many_files"
