"""The text of a capability as the matcher reads it, in one place so dense and lexical indexes agree.

A capability's own words come first (title, description, industries, standards), then its center's name, region and
industries: a need often names the sector or the place rather than the test, and those live on the center.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.schemas import CapabilityRecord, CenterRecord
from matcher.explain import is_place
from matcher.lexical import jieba_tokenizer


def _join(items: list[str] | None) -> str:
    return "、".join(items or [])


def capability_text(cap: CapabilityRecord, center: CenterRecord | None) -> str:
    parts = [cap.title.strip()]
    if cap.description:
        parts.append(cap.description.strip())
    if cap.industries:
        parts.append("行业：" + _join(cap.industries))
    if cap.standards:
        parts.append("标准：" + _join(cap.standards))
    if center is not None:
        line = "机构：" + center.name
        if center.region:
            line += "（" + center.region + "）"
        parts.append(line)
        if center.industries:
            parts.append("服务产业：" + _join(center.industries))
    return "。".join(p.rstrip("。") for p in parts if p) + "。"


PROFILE_PREFIX = "@center:"


def profile_id(center_id: str) -> str:
    """Document id of a center's profile; "@" cannot start a kb id, so it never collides with a capability."""
    return PROFILE_PREFIX + center_id


PASSAGE_SEP = "#"  # kb ids cannot contain "#": "@center:<id>#<n>" is passage n of a center's profile


def profile_center(doc_id: str) -> str | None:
    if not doc_id.startswith(PROFILE_PREFIX):
        return None
    return doc_id[len(PROFILE_PREFIX):].split(PASSAGE_SEP, 1)[0]


def center_profile_text(center: CenterRecord) -> str | None:
    """A center's own description as a searchable document: many real centers describe what they do there
    rather than in capability records. None when the center has no description."""
    if not center.description or not center.description.strip():
        return None
    parts = [center.name + (f"（{center.region}）" if center.region else ""), center.description.strip()]
    if center.industries:
        parts.append("服务产业：" + _join(center.industries))
    return "。".join(p.rstrip("。") for p in parts) + "。"


_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")


def split_passages(text: str, max_chars: int) -> list[str]:
    """Consecutive sentences packed into passages of at most ``max_chars`` characters (a longer sentence is a
    passage of its own); the text as one passage when it is short or ``max_chars`` is 0."""
    text = text.strip()
    if max_chars <= 0 or len(text) <= max_chars:
        return [text] if text else []
    out: list[str] = []
    cur = ""
    for sent in (s.strip() for s in _SENTENCE.findall(text)):
        if not sent:
            continue
        if cur and len(cur) + len(sent) > max_chars:
            out.append(cur)
            cur = ""
        cur += sent
    if cur:
        out.append(cur)
    return out


CARD_SUFFIX = PASSAGE_SEP + "card"


def center_card_text(center: CenterRecord) -> str:
    """A center's name, region and served industries alone — its 'card'. A real center's name carries its product
    family (国家陶瓷产品质量监督检验中心) and its industries say the same in a word, while its description is often a
    long approval or news text in which those words are a small share; embedded alone, the card lets a need that
    names the product meet the center however the description reads."""
    parts = [center.name + (f"（{center.region}）" if center.region else "")]
    if center.industries:
        parts.append("服务产业：" + _join(center.industries))
    return "。".join(p.rstrip("。") for p in parts) + "。"


def center_card_id(center_id: str) -> str:
    return profile_id(center_id) + CARD_SUFFIX


def is_card(doc_id: str) -> bool:
    return doc_id.startswith(PROFILE_PREFIX) and doc_id.endswith(CARD_SUFFIX)


def center_documents(center: CenterRecord, *, passage_chars: int = 0, cards: bool = False) -> list[tuple[str, str]]:
    """Every searchable document of a center itself (not of its capabilities): its profile, whole or in passages,
    and, with ``cards``, its card (``center_card_text``)."""
    docs = center_profile_documents(center, passage_chars)
    if cards:
        docs.append((center_card_id(center.id), center_card_text(center)))
    return docs


def center_profile_documents(center: CenterRecord, passage_chars: int = 0) -> list[tuple[str, str]]:
    """A center's profile as searchable documents: one (``profile_id``) when ``passage_chars`` is 0 or the
    description is short, else one per passage of the description (``profile_id#n``), each headed by the center's
    name and region — so a long, news-like description is scored where it talks about the need, not as an average
    of everything it says."""
    whole = center_profile_text(center)
    if whole is None:
        return []
    passages = split_passages(center.description or "", passage_chars)
    if len(passages) <= 1:
        return [(profile_id(center.id), whole)]
    head = center.name + (f"（{center.region}）" if center.region else "")
    tail = ("服务产业：" + _join(center.industries)) if center.industries else ""
    docs = []
    for i, passage in enumerate(passages, 1):
        parts = [head, passage.strip(), tail]
        docs.append((f"{profile_id(center.id)}{PASSAGE_SEP}{i}", "。".join(p.rstrip("。") for p in parts if p) + "。"))
    return docs


# The words of a center's name that say what kind of institution it is, not what it tests (read from the
# names in kb/sample and benchmarks/data/real: 质量监督检验中心, 产业计量测试中心, 检验检测公共技术服务平台,
# 科技服务站, …), longest first so a long tail goes whole.
_INSTITUTION_WORDS = (
    "质量基础设施一站式服务平台", "检验检测高技术服务业公共平台", "检验检测公共技术服务平台",
    "公共技术服务平台", "高技术服务业", "公共平台", "科技创新服务平台", "科技服务站",
    "技术服务平台", "服务平台", "服务站", "工作站", "产品质量控制和技术评价", "技术评价",
    "质量控制", "产业计量测试中心", "计量测试技术研究院", "计量测试研究院", "计量科学研究院",
    "计量测试中心", "计量检测中心", "计量评估中心", "计量", "质量技术监督检测院",
    "质量监督检验技术研究院", "质量监督检验研究院", "质量监督检验中心", "质量监督检验所",
    "质量监督检验站", "质量监督检测中心", "质量监督检测", "质量检验检测中心", "质量检验中心",
    "质量检测中心", "质量检验研究院", "质量检验", "质检中心", "质量安全", "检验检疫技术中心",
    "检验检疫", "检验检测", "检测研究院", "检测实验室", "检测中心", "测试中心", "检测院", "检验院",
    "检验所", "检测", "检验", "认证", "监督", "研究设计院", "设计研究院", "科学研究所",
    "科学研究院", "研究院", "研究所", "设计院", "实验室", "技术中心", "中心", "平台", "质量",
    "数字化", "一站式", "有限公司", "CTC",
)
_INSTITUTION = re.compile("|".join(sorted(_INSTITUTION_WORDS, key=len, reverse=True)))
_PAREN = re.compile(r"[（(]([^（）()]*)[）)]")
# A part of the name that is a host institution: a bracketed host (（山东省计量科学研究院）, （集团）, （筹）), or a
# leading one followed by the center's own name ("上海市质量监督检验技术研究院 消防产品检测").
_HOST_END = re.compile(r"(院|所|局|公司|集团|学会|协会|促进会|筹)$")
# A host named before the center within one part: "常州检验检疫局纺织产品…", "…学会安徽亚兰密封件公司科技服务站".
_HOST_PREFIX = re.compile(r"^.*?(检验检疫局|有限公司|公司|学会|协会|促进会|局)")
_LEVEL_WORDS = frozenset(("国家", "中国", "全国", "省级", "市级", "省", "市", "县", "区", "镇"))
# A word left at the end once the tail is gone ("电线电缆产品" → 电线电缆, "建筑材料类", "锂电材料及");
# 产品 and 产业 only after two characters (农产品 stays).
_EDGE = re.compile(r"(?<=..)(产品|产业)$|(类|联合|公共|及|与|和|、)$")
_LEFTOVER = frozenset(("工业", "产品", "产业", "综合", "公共", "技术", "高技术", "站", "及", "与", "和", "的"))
_DIVISION = re.compile(r"(.+?)(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|自治州|经济技术开发区|新区|地区"
                       r"|省|市|区|县|镇|盟|旗)")
_EN_INSTITUTION = frozenset((
    "national", "provincial", "municipal", "china", "chinese", "quality", "supervision",
    "supervising", "inspection", "inspecting", "testing", "test", "tests", "center", "centre",
    "institute", "research", "metrology", "measurement", "calibration", "and", "of", "for", "the",
    "station", "platform", "public", "technical", "technology", "service", "services",
    "laboratory", "lab", "industry", "industrial", "products", "product", "science", "scientific",
    "academy", "certification", "co", "ltd", "company", "group",
))
_EN_FOR = re.compile(r"\b(?:for|of)\s+(.+)$", re.I)


def _region_words(region: str | None) -> list[str]:
    """The places a region names and their short forms, longest first: 江苏省常州市武进区 → 江苏省, 常州市,
    武进区, 江苏, 常州, 武进 (湖北省恩施州 → … 恩施州, 恩施: a tail no division suffix ends is taken whole, less a
    final 州)."""
    words: set[str] = set()
    end = 0
    for m in _DIVISION.finditer(region or ""):
        words.update((m.group(1) + m.group(2), m.group(1)))
        end = m.end()
    tail = (region or "")[end:]
    words.update((tail, tail[:-1] if tail.endswith("州") else tail))
    return sorted((w for w in words if len(w) >= 2), key=len, reverse=True)


def _line_part(part: str, places: list[str]) -> str:
    while (m := _HOST_PREFIX.match(part)) and m.end() < len(part):
        part = part[m.end():]
    part = _INSTITUTION.sub(" ", part)
    for place in places:
        part = part.replace(place, " ")
    tok = jieba_tokenizer()
    kept = [''.join(w for w in tok.lcut(chunk, HMM=False) if w not in _LEVEL_WORDS and not is_place(w))
            for chunk in part.split()]
    out = []
    for word in " ".join(kept).split():
        while (shorter := _EDGE.sub("", word)) != word:
            word = shorter
        if word and word not in _LEFTOVER:
            out.append(word)
    return "".join(out)


def _english_line(name: str) -> str | None:
    name = _PAREN.sub(" ", name)
    found = _EN_FOR.search(name)
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z\-]*", found.group(1) if found else name)
             if w.lower() not in _EN_INSTITUTION]
    return " ".join(w.lower() for w in words) or None


def center_product_line(center: CenterRecord) -> str | None:
    """The line of products a center's name states, alone: 国家电动工具质量检验检测中心（江苏） → 电动工具;
    国家冷冻冷藏设备质量监督检验中心 → 冷冻冷藏设备; 广东省质量发展促进会（佛山陶瓷）科技服务站 → 陶瓷; None when
    the name states none (中国计量科学研究院, 山东省产品质量检验研究院, 咸宁市公共检测中心).

    Why: the need's product is compared with each center's card (``center_card_text``: name, region and served
    industries; ``MatcherConfig.product_card_weight``), but what a person compares a product with is the line of
    products the center's name states; the region, the level and the institutional words of the card dilute it
    (docs/matching.md §8l). Removed here: bracketed or leading host institutions and bracketed places, host
    institutions named first (…检验检疫局, …公司, …协会), the institutional words (``_INSTITUTION_WORDS``, wherever they
    stand: …检验检疫技术中心玩具实验室 → 玩具), the places of the center's own region and any word jieba's dictionary
    tags as a place (``matcher.explain.is_place``), level words (国家, 省级, …), and a word left at an edge (产品, 产业,
    类, 及). What is left of each part of the name, in order, joined by 、. A place neither the region nor the
    dictionary knows stays (江门水口 → 水口). An English name (none in today's catalogs) keeps what follows its
    'for'/'of' less the institutional words: "National Quality Inspection and Testing Center for Power Tools" →
    power tools."""
    return _product_line(center.name, center.region)


@lru_cache(maxsize=65536)
def _product_line(name: str, region: str | None) -> str | None:
    if not re.search(r"[\u4e00-\u9fff]", name):
        return _english_line(name)
    places = _region_words(region)
    main = _PAREN.sub("", name).split()
    parts = [p for i, p in enumerate(main) if i == len(main) - 1 or not _HOST_END.search(p)]
    parts += [p.strip() for p in _PAREN.findall(name) if not _HOST_END.search(p.strip())]
    lines: list[str] = []
    for part in parts:
        line = _line_part(part, places)
        if line and line not in lines:
            lines.append(line)
    return "、".join(lines) or None
