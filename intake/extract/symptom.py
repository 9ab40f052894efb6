"""The symptom a need states: how the product fails, in a word a title can carry ("鼓包", "开裂", "cracking").

Why: the title is built from the product and the core problem (issue 27, item 3), and a new user's trial found "我们的
锂电池模组用了几个月出现鼓包，想做失效分析" titled "锂电池模组失效分析需求": the problem itself (the swelling) was
left out, so two needs on the same product with different failures read the same on every role's pages. The symptom
is read from a short list of failure words, each given once in the form a title uses ("断了" → 断裂), never where it
is denied ("没有开裂", "no cracks") or only feared ("担心…漏气"); a need that states none has none, and its title is as
before.
"""

from __future__ import annotations

import re

# Failure words as said, each with the form a title names it by; longer spellings first, so "锈蚀" is read before
# "锈" could be. The words are those the product reader already treats as a failure after a thing
# (intake.extract.product._FAIL_AFTER), less the vague ones (问题, 故障, 异常, 不合格, 超标), which name no symptom.
_ZH: tuple[tuple[str, str], ...] = (
    ("鼓包", "鼓包"), ("胀气", "鼓包"), ("开裂", "开裂"), ("裂纹", "开裂"), ("裂开", "开裂"), ("裂了", "开裂"),
    ("断裂", "断裂"), ("断了", "断裂"), ("折断", "断裂"), ("断掉", "断裂"), ("锈蚀", "生锈"), ("生锈", "生锈"),
    ("腐蚀", "腐蚀"), ("漏气", "漏气"), ("漏液", "漏液"), ("漏油", "漏油"), ("漏水", "漏水"), ("渗漏", "渗漏"),
    ("泄漏", "泄漏"), ("烧毁", "烧毁"), ("烧坏", "烧毁"), ("烧了", "烧毁"), ("烧掉", "烧毁"), ("短路", "短路"),
    ("起火", "起火"), ("变形", "变形"), ("翘曲", "翘曲"), ("脱落", "脱落"), ("开胶", "开胶"), ("掉漆", "掉漆"),
    ("起皮", "起皮"), ("起泡", "起泡"), ("起皱", "起皱"), ("起球", "起球"), ("褪色", "褪色"), ("掉色", "褪色"),
    ("变色", "变色"), ("发黄", "发黄"), ("变黄", "发黄"), ("黄变", "发黄"), ("发黑", "发黑"), ("发白", "发白"),
    ("异响", "异响"), ("退磁", "退磁"), ("失磁", "退磁"), ("死机", "死机"), ("磨损", "磨损"), ("分层", "分层"),
    ("气孔", "气孔"), ("砂眼", "砂眼"), ("缩痕", "缩痕"), ("发烫", "发热"), ("过热", "发热"), ("卡死", "卡死"),
    ("粘连", "粘连"), ("老化", "老化"), ("失灵", "失灵"), ("起雾", "起雾"),
)
_EN: tuple[tuple[str, str], ...] = (
    ("swell", "swelling"), ("bulg", "swelling"), ("crack", "cracking"), ("fractur", "fracture"),
    ("broke", "fracture"), ("corrod", "corrosion"), ("corrosion", "corrosion"), ("rust", "rust"),
    ("leak", "leakage"), ("short circuit", "short circuit"), ("overheat", "overheating"),
    ("delaminat", "delamination"), ("warp", "warping"), ("peel", "peeling"), ("blister", "blistering"),
    ("discolo", "discoloration"), ("yellowing", "yellowing"), ("deform", "deformation"),
)
_ZH_RE = re.compile("|".join(re.escape(said) for said, _ in _ZH))
_ZH_NAME = dict(_ZH)
# (a word's start: "crack" in "cracks", "cracking", "cracked"; never inside another word: "trust", "crackers" stay)
_EN_RE = re.compile(r"\b(" + "|".join(re.escape(said) for said, _ in _EN) + r")(?!ers?\b)[a-z]*", re.I)
# A symptom denied or ruled out just before it: "没有开裂", "未见裂纹", "不漏气", "no cracks", "without leaks".
_ZH_DENIED = re.compile(r"(没有|没|未见?|无|不|不会|不再|并非|不是)[^，。；,;！？!?\s]{0,2}$")
_EN_DENIED = re.compile(r"\b(no|not|never|without|nor|free of|non)\s+(?:\w+\s+)?$", re.I)
# A test named after what it provokes or resists is no symptom: "盐雾腐蚀试验", "老化测试", "耐腐蚀", "泄漏率",
# "leak test", "corrosion resistance", "anti-corrosion".
_ZH_TEST_AFTER = re.compile(r"^(性能?|试验|测试|检测|实验|检验|率|等级|寿命)")
_ZH_RESISTS_BEFORE = re.compile(r"(耐|抗|防)$")
_EN_TEST_AFTER = re.compile(r"^\s*(tests?|testing|resistan\w*|detection|inspection|checks?|rates?|proof)\b", re.I)
_EN_RESISTS_BEFORE = re.compile(r"(anti-?|non-?)$", re.I)
# A failure feared, not yet seen, in its clause after a verb of fear: "担心箱体的密封条老化以后进水", "害怕焊缝跌落以后
# 漏气", "worry the glands will leak" (probe25, p241 and p245: titled 老化 and 漏气). A symptom says what happened.
_ZH_FEARED = re.compile(r"(担心|担忧|害怕|怕|生怕|恐怕|顾虑|不放心|防止|避免)[^，。；,;！？!?]*$")
_EN_FEARED = re.compile(r"\b(worr(?:y|ied|ies)|afraid|fear(?:s|ed)?|concerned|concern is|"
                        r"in case|to prevent|to avoid)\b[^.;!?,]*$", re.I)


def symptom(text: str) -> str | None:
    """The first symptom ``text`` states and does not deny, as a title names it ("鼓包", "cracking"), else None."""
    for m in _ZH_RE.finditer(text):
        before, after = text[max(0, m.start() - 4):m.start()], text[m.end():]
        if not (_ZH_DENIED.search(before) or _ZH_RESISTS_BEFORE.search(before) or _ZH_TEST_AFTER.match(after)
                or _ZH_FEARED.search(text[:m.start()])):
            return _ZH_NAME[m.group(0)]
    for m in _EN_RE.finditer(text):
        before, after = text[max(0, m.start() - 24):m.start()], text[m.end():]
        if not (_EN_DENIED.search(before) or _EN_RESISTS_BEFORE.search(before) or _EN_TEST_AFTER.match(after)
                or _EN_FEARED.search(text[:m.start()])):
            stem = m.group(1).lower()
            return next(name for said, name in _EN if said == stem)
    return None
