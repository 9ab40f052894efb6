"""Confidentiality cues (need-fields.md §confidential; seed 000 §5.2.4)."""

from __future__ import annotations

import re

_CUE = re.compile(
    r"(保密(?!柜|箱|机|锁|门|文件柜|室|U盘|盒|袋|包|本|卷柜|设备)|(?-i:(?<![A-Za-z])NDA(?![A-Za-z]))|non-disclosure|"
    r"confidential(?!ity cabinet)|不要公开|不公开|"
    r"不希望公开|不便公开|不宜公开|(?:请勿|勿|不要|不得|不能)外传|(?:不要|不能|不得|请勿|勿|别)对外(?:公开|发布|透露)?|"
    r"仅限内部|(?:不便|不希望|不愿|不能|不可|请勿|"
    r"不要)(?:透露|泄露|披露)|不愿公开|别公开|不对外|勿公开|匿名|涉密|"
    r"商业秘密|技术秘密|机密|do not (?:publish|disclose)|"
    r"don't (?:publish|"
    r"disclose)|not be (?:published|disclosed|made public)|out of (?:anything )?public|"
    r"keep (?:it |this |our [\w ]+ )?(?:secret|private|confidential)|anonym)",
    re.I,
)
_NEGATED = re.compile(r"(不需要|无需|不用|不必|没有|无)\s*(签)?\s*$")
_PUBLIC_OK = re.compile(r"(可以公开|可公开|不用保密|无需保密|不需要保密|不涉密|no need for (?:an )?NDA|"
                        r"can be (?:made )?public)", re.I)


def is_confidential(text: str) -> bool:
    """True when the text asks for secrecy; a product named 保密柜 is not a request."""
    for m in _CUE.finditer(text):
        before = text[max(0, m.start() - 6):m.start()]
        if _NEGATED.search(before):
            continue
        return True
    return False


_NAMED_SECRET = re.compile(r"(?:型号|代号|编号|牌号|料号|model|part (?:no|"
                           r"number)\.?)\s*[:：]?\s*([A-Za-z0-9][A-Za-z0-9\-_/.]{1,30})",
                           re.I)
_CODE = re.compile(r"\b[A-Z]{1,5}-?\d{2,6}[A-Z0-9\-]*\b")
_COMPANY = re.compile(r"([\u4e00-\u9fa5A-Za-z（）()]{2,30}?(?:有限公司|股份公司|集团|研究院|研究所|厂))")


def redaction_candidates(text: str) -> list[str]:
    """Names, product codes and marked figures a confidential need must never publish."""
    out: list[str] = []
    for rx in (_COMPANY, _NAMED_SECRET):
        for m in rx.finditer(text):
            value = m.group(1).strip()
            value = re.sub(r"^(我们是|我们|我司|本公司|公司|我是|是)", "", value)
            if len(value) >= 2 and value not in out:
                out.append(value)
    for m in _CODE.finditer(text):
        if m.group(0) not in out and m.group(0) not in {"CMA", "CNAS", "NDA", "ISO", "GB", "MES", "SPC", "RMB", "CNY"}:
            out.append(m.group(0))
    return out
