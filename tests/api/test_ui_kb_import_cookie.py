"""What an import did rides to the page its POST redirects to in a cookie (post/redirect/get: a reload of the POST's
answer sent the files again); many warnings are cut to what a cookie holds, and the rest counted."""

from __future__ import annotations

from api.pages.ui_common import read_error_cookie
from api.pages.ui_providers import IMPORT_COOKIE_BYTES, import_cookie, import_summary
from kb.io.importer import ImportResult
from kb.io.readers import ImportIssue


def test_an_imports_result_fits_a_cookie_with_its_warnings_counted() -> None:
    reason = "专家没有任何文字，匹配时找不到 / an expert with no text cannot be matched"
    warnings = [ImportIssue(f"/tmp/innodock-upload-x/kb.jsonl:{i}", "text", reason) for i in range(60)]
    result = ImportResult(created={"center": 2, "capability": 0, "expert": 60}, warnings=warnings)
    packed = import_cookie(result, folder="/tmp/innodock-upload-x/")
    assert len(packed) <= IMPORT_COOKIE_BYTES
    body = read_error_cookie(packed)
    assert body["created"] == {"center": 2, "expert": 60} and body["updated"] == {} == body["deleted"]
    assert body["warnings"][0].startswith("kb.jsonl:0: text: 专家没有任何文字")  # the server's folder is not said
    assert body["more"] == 60 - len(body["warnings"]) > 0


def test_an_import_of_records_already_stored_says_nothing_changed_and_counts_them() -> None:
    """A file imported again as it was: "无变化（未变 机构 2、服务能力 2）", never "更新 …" (the importer counts such
    records unchanged and leaves the kb version where it was; the operator's day at the terminal, 2026-11-28)."""
    result = ImportResult(unchanged={"center": 2, "capability": 2, "expert": 0})
    body = read_error_cookie(import_cookie(result))
    assert body["unchanged"] == {"center": 2, "capability": 2} and body["updated"] == {}
    assert import_summary(result, "zh") == "无变化（未变 机构 2、服务能力 2）"
    assert import_summary(result, "en") == "nothing changed (unchanged 2 providers, 2 capabilities)"
    mixed = ImportResult(updated={"center": 1}, unchanged={"center": 1})
    assert import_summary(mixed, "zh") == "更新 机构 1；未变 机构 1"
