"""Generate kb's product vocabulary (kb/data/products.txt) from its named public source and the sample catalog.

    .venv/bin/python scripts/build_products.py [--check]

Why a script: the vocabulary is shared by intake's product reader and the matcher's product-family knowledge, so it
must be reproducible from its sources, never edited by hand. ``--check`` exits 1 when the committed file differs from
what the sources generate (the same contract as scripts/build_lexicon.py).

Sources, in order:
1. GB/T 4754-2017 (matcher/data/sources/gbt4754_2017_ABC.tsv): the product words of every class name and note, found
   by exactly the rules of scripts/build_lexicon.py (imported, not copied), with the 4-digit classes they name. Unlike
   the matcher's lexicon, a term naming many classes is kept (its codes are then less telling, but it is still a
   product word: 塑料制品, 电线电缆).
2. The sample catalog (kb/sample/*.jsonl): the product words of center names ("江苏省动力电池及储能产品质量检验中心"
   → 动力电池, 储能) and capability titles ("滚动轴承强化寿命试验与可靠性评定" → 滚动轴承), cut mechanically: the
   name's place, organisation and service words are dropped, the rest split at 及/与/和/、, and a title keeps the run
   of nouns that leads each part, up to the first property or service word. Such a term carries the GB/T codes of the
   GB/T term it equals, where one does.
3. The similar-goods table of the trademark office (类似商品和服务区分表, CNIPA's Chinese edition of the Nice
   classification; kb/data/products_source_cnipa.tsv, goods classes 01–34): about 10 000 named goods under 489
   groups. It adds no vocabulary term (intake's product reader and the centers' product words are unchanged); it adds
   *families*: a goods item is of the kinds its group's name ends its parts with, where those are vocabulary terms
   ("冷藏展示柜" in group 1105 "制冷、冷藏设备"; "扬声器" in 0908 "音像设备"), see :func:`build_classified`.
4. The government procurement catalogue (政府采购品目分类目录, 2022, the Ministry of Finance's; goods part A;
   kb/data/products_source_gpc2022.tsv): about 3 500 coded goods in a hierarchy four levels deep (A02360000
   环境污染防治设备 → A02360100 大气污染防治设备), each with the examples its note lists ("包括除尘设备、脱硫设备…").
   It adds *families* and no vocabulary term: an entry's name, and each example its note lists, is of its entry's
   kind and of every kind above it, nearest first, and of the vocabulary kinds those names end with
   (:func:`build_procurement`), except a name heading entries of many unrelated branches (:func:`gpc_ambiguous`).
5. The semiconductor devices' table (kb/data/products_source_devices.tsv): what the titles of the IEC 60747 series
   (Semiconductor devices – Discrete devices) classify, by hand, for the device names no other source lists (MOSFET,
   MOS管, IGBT, 功率器件 → 半导体分立器件, 电子元器件; :func:`build_devices`). It adds families, no vocabulary term.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CATALOG = sorted((ROOT / "kb" / "sample").glob("*.jsonl"))
OUTPUT = ROOT / "kb" / "data" / "products.txt"
FAMILIES_OUTPUT = ROOT / "kb" / "data" / "products_families.txt"
CNIPA = ROOT / "kb" / "data" / "products_source_cnipa.tsv"
GPC = ROOT / "kb" / "data" / "products_source_gpc2022.tsv"
DEVICES = ROOT / "kb" / "data" / "products_source_devices.tsv"
sys.path.insert(0, str(ROOT))

from kb.products import BROAD_FAMILY_WORDS, MAX_FAMILY_CLASSES, NOT_PRODUCT_WORDS  # noqa: E402


def _lexicon_rules() -> ModuleType:
    """scripts/build_lexicon.py as a module: its rules are the GB/T reading, and must stay one."""
    spec = importlib.util.spec_from_file_location("build_lexicon", ROOT / "scripts" / "build_lexicon.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_PLACE = re.compile(
    r"^(.{2,3}?(省|市|自治区))|^(江苏|浙江|广东|上海|山东|四川|湖北|安徽|福建|江西|湖南|河南|天津|河北|陕西|"
    r"黑龙江|北京|重庆|佛山|柯桥|永康|中山|泊头|永年|南康|亳州|苏州|成都|晋江|顺德|东莞|深圳|珠海|江门|番禺|"
    r"常州|漳州|厚街|古镇|水口|大亚湾|武进|长安|广州)")
_ORG_SUFFIX = re.compile(
    r"(产品质量检验检测中心|产品质量检验中心|质量检验检测中心|质量检验中心|产业计量测试中心|计量测试中心|"
    r"产业检验检测公共技术服务平台|检验检测公共技术服务平台|公共技术服务平台|检验检测中心|科技服务站|"
    r"服务站|（筹）|\(筹\))+$")
_PARTS = re.compile(r"[、，,；;/（）()]|及其|及|与|和|以及")
# Test conditions and properties that a capability title names right after its product ("五金件电镀起泡", "导体电阻").
_CONDITION_TEXT = ("盐雾 镀层 电镀 老化 功率 交流 电阻 结构 氙灯 热 破坏性 物理性能 机械性能 批量 质量 数字化 "
                   "农药 耐 制 内 整机 塑料 食品 纤维")
_CONDITION = frozenset(_CONDITION_TEXT.split())
_SERVICE_TAIL = re.compile(
    r"(产业|产品|行业|检测|检验|测试|试验|测量|计量|校准|分析|评价|评定|诊断|研发|开发|设计|验证|"
    r"辅导|咨询|服务|培训|申报|认证|起草|整改|攻关|跟踪|制样)$")


def _is_product_shape(term: str) -> bool:
    return (2 <= len(term) <= 12 and term not in NOT_PRODUCT_WORDS
            and not re.search(r"[0-9％%~～·]", term) and not _SERVICE_TAIL.search(term))


def center_terms(name: str) -> list[str]:
    """The product words of a center's name."""
    inner = re.search(r"（([^）]+)）科技服务站", name)
    body = inner.group(1) if inner else _ORG_SUFFIX.sub("", name)
    body = _PLACE.sub("", body)
    out = []
    for part in _PARTS.split(body):
        part = _PLACE.sub("", part.strip())
        for tail in ("产品", "产业", "装备"):
            if part.endswith(tail) and len(part) > len(tail) + 1 and tail != "装备":
                part = part[: -len(tail)]
        if _is_product_shape(part):
            out.append(part)
    return out


def title_terms(title: str, tagger: Any, heads: set[str]) -> list[str]:
    """The product words that lead a capability's title: the leading run of nouns of each part, cut before the first
    property or service word ("锂离子电池循环寿命与容量衰减分析" → 锂离子电池), kept only when its last word is the last
    word of a GB/T term (电池, 炊具): a title's noun run also names test conditions (盐雾, 甲醛), which are no
    products."""
    out = []
    for part in _PARTS.split(title):
        words = tagger.lcut(part.strip(), HMM=False)
        run: list[str] = []
        for pair in words:
            nominal = pair.flag.startswith("n") or pair.flag in ("b", "eng")
            if pair.word in NOT_PRODUCT_WORDS or pair.word in _CONDITION or not nominal:
                break
            run.append(pair.word)
        while run and run[-1] in NOT_PRODUCT_WORDS:
            run.pop()
        while run and run[-1] not in heads:
            run.pop()
        term = "".join(run)
        if run and _is_product_shape(term) and not re.search(r"[A-Za-z]", term):
            out.append(term)
    return out


def build() -> dict[str, tuple[list[str], str]]:
    """term → (sorted GB/T 4754 4-digit class codes, source: ``gbt4754`` or ``catalog``)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    rules = _lexicon_rules()
    rules.MAX_CLASSES = 10_000  # keep every product word; the codes say how telling it is
    gbt: dict[str, list[str]] = rules.build(rules.read_source())
    vocab: dict[str, tuple[list[str], str]] = {
        t: (codes, "gbt4754") for t, codes in gbt.items() if _is_product_shape(t)}
    # What a note says a class's machines make (二极管 of 3562 半导体器件专用设备) is a product word, of no class there.
    for _code, _name, note in rules.read_source():
        for term in rules.note_objects(note):
            if _is_product_shape(term):
                vocab.setdefault(term, ([], "gbt4754"))
    tagger = jieba.posseg.POSTokenizer(jieba.dt)
    heads = {tagger.lcut(t, HMM=False)[-1].word for t in vocab}
    for path in CATALOG:
        for line in path.read_text("utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            row = json.loads(line)
            if row.get("type") == "center":
                terms = center_terms(row["name"])
            elif row.get("type") == "capability":
                terms = title_terms(row["title"], tagger, heads)
            else:
                continue
            for term in terms:
                vocab.setdefault(term, (gbt.get(term, []), "catalog"))
    return dict(sorted(vocab.items()))


def is_broad(term: str, codes: list[str] | tuple[str, ...]) -> bool:
    """Too generic to be a product family: a word products are never named by alone (kb's NOT_PRODUCT_WORDS), or one
    naming more than kb's ``MAX_FAMILY_CLASSES`` GB/T 4754 classes (the largest 3-digit group of sections A–C has 9
    classes, so 12 lets a word name one whole group and a few classes besides, no more: 通用设备, 金属 are out)."""
    return term in NOT_PRODUCT_WORDS or len(codes) > MAX_FAMILY_CLASSES


def build_families(vocab: dict[str, tuple[list[str], str]]) -> dict[str, tuple[list[str], list[str]]]:
    """term → (its product families, nearest first; the GB/T 4754 divisions — industries — it belongs to).

    Two mechanical rules, for every term alike:
    1. *Head noun*: a shorter vocabulary term the term ends with is its family (锂离子电池 → 电池; 钛合金接骨板 →
       接骨板), longest first: Chinese puts the product's kind last.
    2. *Classification*: a product word F of a class *name* of the standard (not of its notes, which enumerate
       materials and places of use as well) is a family of T when that class covers every class T names, and more:
       F is the standard's broader kind (电玩具 names 2451; 245 玩具制造 covers 2451–2459, so 电玩具 → 玩具). A name
       listing several kinds covers, for each, only the classes whose names carry it (345 轴承、齿轮和传动部件: 轴承 →
       3451, 3452).
    A family is never broad (:func:`is_broad`). Industries are the names of the 2-digit divisions of T's classes (and,
    for a term with no classes, of its families' classes).
    """
    rules = _lexicon_rules()
    rows = rules.read_source()
    divisions = {code: name for code, name, _ in rows if len(code) == 2 and code.isdigit()}
    leaves = [code for code, _, _ in rows if len(code) == 4 and code.isdigit()]
    # The standard's own kinds: each class name's product words (玩具 from 245 玩具制造) with every class under it.
    # A group's name listing several kinds ("轴承、齿轮和传动部件", "电子和电工机械专用设备") names each for the classes
    # under it whose own names carry it, not for the whole group: a bearing (3451) is no 齿轮, a diode's machines (3562)
    # no 电工机械专用设备 (3561). A kind no class under it names, or one named as the rest ("3459 其他传动部件",
    # "2439 其他工艺美术及礼仪用品", "石油、煤炭及其他燃料加工业"), is the group's own kind and covers all of it (a
    # gearbox is a 传动部件).
    names = {code: name for code, name, _ in rows}
    # How broad a kind is stays read over every class its names head (饮料, 塑料 stay too broad to be a family).
    kinds: dict[str, set[str]] = {}
    spread: dict[str, set[str]] = {}
    for code, name, _note in rows:
        if code.isdigit():
            covered = {leaf for leaf in leaves if leaf.startswith(code)} or {code}
            words = rules.name_terms(name)
            for word in words:
                named = {leaf for leaf in covered if word in names[leaf] and leaf != code}
                rest = f"其他{word}" in name or any(names[leaf].startswith("其他") for leaf in named)
                own = named if named and len(words) > 1 and not rest else covered
                kinds.setdefault(word, set()).update(own)
                spread.setdefault(word, set()).update(covered)
    out: dict[str, tuple[list[str], list[str]]] = {}
    for term, (codes, _src) in vocab.items():
        families: list[str] = []
        for start in range(1, len(term) - 1):
            tail = term[start:]
            if tail in vocab and not is_broad(tail, vocab[tail][0]) and tail not in families:
                families.append(tail)
        wider: dict[str, int] = {}
        for kind, covered in kinds.items():
            if (kind != term and codes and set(codes) <= covered and len(covered) > len(codes)
                    and not is_broad(kind, sorted(spread[kind])) and kind in vocab):
                wider[kind] = len(covered)
        families.extend(f for f in sorted(wider, key=lambda f: (wider[f], f)) if f not in families)
        family_codes = [c for f in families for c in vocab[f][0]]
        div_codes = sorted({c[:2] for c in (codes or family_codes)})
        industries = [divisions[d] for d in div_codes if d in divisions]
        if families or industries:
            out[term] = (families, industries)
    return out


_PAREN = re.compile(r"[（(][^）)]*[）)]")
_GROUP_PARTS = re.compile(r"[、，,；;]|及其|及|和|与|或|以及")


def read_cnipa() -> list[tuple[str, str, str]]:
    """(group code, group name, item name) of every goods item of the similar-goods table."""
    rows = []
    for line in CNIPA.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            group, group_name, _item_code, item = line.split("\t")
            rows.append((group, group_name, item))
    return rows


def group_kinds(group_name: str, vocab: dict[str, tuple[list[str], str]]) -> list[str]:
    """The kind a similar-goods group's name names: the longest vocabulary term its last part *ends with* (parts split
    at 、，及和与或; what a bracket adds or excludes dropped). Chinese puts the kind last, so "用于工业、科学…的化学品"
    gives 化学品, not 工业; an earlier part is mostly a use listed before the kind (制冷 in "制冷、冷藏设备") or a
    neighbouring kind of its own ("机器传动用联轴节，传动带及其他机器零部件": 联轴节 is no family of a bearing), so it
    gives none. Never a broad word (:func:`is_broad`, kb's BROAD_FAMILY_WORDS); [] when the last part ends with none."""
    parts = [p.strip() for p in _GROUP_PARTS.split(_PAREN.sub("", group_name)) if p.strip()]
    last = parts[-1] if parts else ""
    for start in range(len(last) - 1):
        tail = last[start:]
        if tail in vocab:
            return [] if is_broad(tail, vocab[tail][0]) or tail in BROAD_FAMILY_WORDS else [tail]
    return []


def build_classified(vocab: dict[str, tuple[list[str], str]],
                     families: dict[str, tuple[list[str], list[str]]]) -> dict[str, tuple[list[str], list[str]]]:
    """``families`` with the similar-goods table's: each goods item (its name without what a bracket adds; 2–12
    characters, no digits or Latin letters, not a broad word) is of its group's kind (:func:`group_kinds`), after the
    families it already has. An item that is no vocabulary term gets a row of its own (intake and the centers' names
    never read it as a product word; :func:`kb.products.family_of` reads a phrase ending with it by it), with the
    industries of its kinds' classes. A kind equal to the item itself is no family of it."""
    rules = _lexicon_rules()
    divisions = {code: name for code, name, _ in rules.read_source() if len(code) == 2 and code.isdigit()}
    out = {t: (list(f), list(i)) for t, (f, i) in families.items()}
    for _group, group_name, item in read_cnipa():
        term = _PAREN.sub("", item).strip()
        if (not 2 <= len(term) <= 12 or re.search(r"[0-9A-Za-z]", term)
                or is_broad(term, vocab.get(term, ([], ""))[0])):
            continue
        kinds = [k for k in group_kinds(group_name, vocab) if k != term]
        if not kinds:
            continue
        fams, inds = out.get(term, ([], []))
        fams = fams + [k for k in kinds if k not in fams]
        if not inds:
            codes = sorted({c[:2] for k in fams for c in vocab.get(k, ([], ""))[0]})
            inds = [divisions[d] for d in codes if d in divisions]
        out[term] = (fams, inds)
    return dict(sorted(out.items()))


_GPC_SENTENCE = re.compile(r"[。；;]")
_GPC_ITEM_PARTS = re.compile(r"[、，,]")
_GPC_EXCLUDING = re.compile(r"不包括|除外|归入|纳入|不含")
_GPC_NOT_AN_ITEM = re.compile(r"[0-9A-Za-z“”\"]|其他|其它|零部件|配件|附件|除外|不包括|不含")


def read_gpc() -> list[tuple[str, str, str]]:
    """(code, name, note) of every goods entry of the procurement catalogue, in the catalogue's order."""
    rows = []
    for line in GPC.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, name, note = [*line.split("\t"), "", ""][:3]
            rows.append((code, name, note))
    return rows


def gpc_ancestors(code: str) -> list[str]:
    """The codes above a 9-character catalogue code, nearest first (A02360100 → A02360000, A02000000); the letter
    alone (A, 货物) is no kind."""
    pairs = [code[i:i + 2] for i in range(1, 9, 2)]
    while pairs and pairs[-1] == "00":
        pairs.pop()
    out = []
    for depth in range(len(pairs) - 1, 0, -1):
        out.append(code[0] + "".join(pairs[:depth]) + "00" * (4 - depth))
    return out


def _gpc_clean(text: str) -> str:
    return _PAREN.sub("", text).replace(" ", "").replace("\u3000", "").strip("，,。；;：:")


def _common_tail(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n:]


def gpc_note_items(note: str, name: str = "") -> list[str]:
    """The examples a catalogue note lists: what follows 包括 in each sentence that says what the entry includes, up
    to 等, cut at 、，("包括除尘设备、脱硫设备等。" → 除尘设备, 脱硫设备). What a sentence excludes or moves elsewhere
    (from 不包括, 除外, 归入, 纳入, 不含 on) gives none. With the entry's ``name``: the kind most of the examples end
    with, as the name does (two characters or more: 试验机 of 非金属材料试验机), is said once at the end of an
    elliptical run ("油漆、涂料、油墨试验机": paint testing machines, not paint), so an example that does not end with
    it and is followed by one that does (or by another such) is dropped."""
    out: list[str] = []
    for sentence in _GPC_SENTENCE.split(_gpc_clean(note)):
        kept = _GPC_EXCLUDING.split(sentence, 1)[0]
        if "包括" not in kept:
            continue
        listed = kept.split("包括", 1)[1].split("等", 1)[0]
        parts = [part.strip() for part in _GPC_ITEM_PARTS.split(listed) if part.strip()]
        tails = [t for t in (_common_tail(p, _gpc_clean(name)) for p in parts) if len(t) >= 2]
        tail = (max(sorted(set(tails)), key=lambda t: (tails.count(t), len(t)))
                if tails and 2 * len(tails) > len(parts) else "")
        elliptical = [False] * len(parts)
        for i in range(len(parts) - 2, -1, -1):
            nxt = parts[i + 1]
            elliptical[i] = bool(tail) and not parts[i].endswith(tail) and (nxt.endswith(tail) or elliptical[i + 1])
        out += [part for part, cut in zip(parts, elliptical, strict=True) if not cut]
    return out


def _gpc_term(text: str) -> str | None:
    """A catalogue name or example as a term, or None: 2–12 characters, no digits or Latin letters, not a remainder
    ("其他…"), a part or accessory, a list ("…和…") or a generic word."""
    term = _gpc_clean(text)
    if (not 2 <= len(term) <= 12 or _GPC_NOT_AN_ITEM.search(term) or re.search(r"[、，,]|和|及|与|或", term)
            or term in NOT_PRODUCT_WORDS or term in BROAD_FAMILY_WORDS):
        return None
    return term


def gpc_kinds(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    """code → the entry's name as a kind, where it is one: a term (:func:`_gpc_term`, so no generic word) that is not
    broad. A kind is broad at the catalogue's first level (A02000000 通用设备, A07000000 物资) and, at its second
    (A02360000), when it covers more than kb's ``MAX_FAMILY_CLASSES`` entries of the third (机械设备, 医疗设备 are out;
    环境污染防治设备, with 10, is in): the bound GB/T 4754's kinds have. (:func:`kb.products.family_of` drops a
    vocabulary word naming more GB/T classes than that bound when it reads the file.)"""
    third: dict[str, int] = {}
    for code, _name, _note in rows:
        ancestors = gpc_ancestors(code)
        if len(ancestors) == 2:  # a third-level entry: its second-level kind covers it
            third[ancestors[0]] = third.get(ancestors[0], 0) + 1
    out = {}
    for code, name, _note in rows:
        term = _gpc_term(name)
        depth = len(gpc_ancestors(code))
        if term is None or depth == 0 or (depth == 1 and third.get(code, 0) > MAX_FAMILY_CLASSES):
            continue
        out[code] = term
    return out


# A catalogue name that is the kind of entries under more second-level branches than this, besides its own, is a
# device word of many trades, not a kind of one (控制器: of computers, of video conferencing, of audio-video editing,
# of instruments, and its own entry under 生产辅助用电器); its own entry's place gives it no family.
MAX_OTHER_BRANCHES = 2


def _gpc_named(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, bool]]:
    """(term, code, listed in the note) for every entry's name (each kind a name lists) and each example its note
    lists (:func:`gpc_note_items`), as :func:`_gpc_term` reads them."""
    named: list[tuple[str, str, bool]] = []
    for code, name, note in rows:
        named += [(t, code, False) for t in map(_gpc_term, [name, *_GPC_ITEM_PARTS.split(_gpc_clean(name))]) if t]
        named += [(t, code, True) for t in map(_gpc_term, gpc_note_items(note, name)) if t]
    return named


def gpc_ambiguous(rows: list[tuple[str, str, str]]) -> set[str]:
    """The catalogue's names used as the kind of things in many unrelated branches: a name that longer names end with
    under more than ``MAX_OTHER_BRANCHES`` second-level entries (A0201 计算机设备, A0206 电气设备, …) besides its own.
    Its entry's place says what one trade's thing of that name is, not what every thing so named is: "控制器 属于
    生产辅助用电器" (A02061705) was said of an e-bike motor controller (a new user's trial, 2026-11-29), where
    通信控制器, 视频会议多点控制器, 动画录像控制器 and 天线控制器 stand in four other branches. 14 names
    (控制器, 控制系统, 控制设备, 检测设备, 处理设备, 终端设备, 容器, 支架, 车辆, 成型机, 干燥机, …); their families
    are unknown rather than one trade's."""
    named = _gpc_named(rows)
    own: dict[str, set[str]] = {}
    for term, code, _listed in named:
        own.setdefault(term, set()).add(code[:5])
    others: dict[str, set[str]] = {}
    for term, code, _listed in named:
        for start in range(1, len(term) - 1):
            tail = term[start:]
            if tail in own and code[:5] not in own[tail]:
                others.setdefault(tail, set()).add(code[:5])
    return {t for t, branches in others.items() if len(branches) > MAX_OTHER_BRANCHES}


def build_procurement(vocab: dict[str, tuple[list[str], str]],
                      families: dict[str, tuple[list[str], list[str]]]) -> dict[str, tuple[list[str], list[str]]]:
    """``families`` with the procurement catalogue's: each entry's name and each example its note lists
    (:func:`gpc_note_items`) is of the kinds above it, nearest first — the entry's own kind for an example, then each
    ancestor's (:func:`gpc_kinds`) — each followed by the vocabulary kind its name ends with, where that is no broad
    word (:func:`group_kinds`: 室内照明灯具 → 灯具). Appended after the families a term already has; a term that is no
    vocabulary word gets a row of its own, with the industries of its vocabulary kinds' GB/T classes. A kind equal to
    the term itself is no family of it."""
    rules = _lexicon_rules()
    divisions = {code: name for code, name, _ in rules.read_source() if len(code) == 2 and code.isdigit()}
    rows = read_gpc()
    kinds = gpc_kinds(rows)
    ambiguous = gpc_ambiguous(rows)
    out = {t: (list(f), list(i)) for t, (f, i) in families.items()}

    def chain(codes: list[str]) -> list[str]:
        found: list[str] = []
        for code in codes:
            if code in kinds:
                found += [kinds[code], *group_kinds(kinds[code], vocab)]
        return list(dict.fromkeys(found))

    for code, name, note in rows:
        above = chain(gpc_ancestors(code))
        own = chain([code])
        # a name listing several kinds ("传声器、扬声器、耳塞机") names each
        named = [(t, above) for t in map(_gpc_term, [name, *_GPC_ITEM_PARTS.split(_gpc_clean(name))]) if t]
        named += [(t, own + above) for t in map(_gpc_term, gpc_note_items(note, name)) if t]
        for term, kinds_of in named:
            if term in ambiguous:
                continue
            fams_new = [k for k in dict.fromkeys(kinds_of) if k != term]
            if not fams_new:
                continue
            fams, inds = out.get(term, ([], []))
            fams = fams + [k for k in fams_new if k not in fams]
            if not inds:
                codes = sorted({c[:2] for k in fams for c in vocab.get(k, ([], ""))[0]})
                inds = [divisions[d] for d in codes if d in divisions]
            out[term] = (fams, inds)
    return dict(sorted(out.items()))


def read_devices() -> list[tuple[str, list[str]]]:
    """(term, its families nearest first) of every row of the semiconductor devices' table."""
    rows = []
    for line in DEVICES.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            term, families, _where = [*line.split("\t"), "", ""][:3]
            rows.append((term, [f for f in families.split(",") if f]))
    return rows


def build_devices(vocab: dict[str, tuple[list[str], str]],
                  families: dict[str, tuple[list[str], list[str]]]) -> dict[str, tuple[list[str], list[str]]]:
    """``families`` with the semiconductor devices' table's (kb/data/products_source_devices.tsv, the IEC 60747
    series): each device name is of the kinds its row lists, appended after the families it already has, never a
    broad word; a name that is no vocabulary term gets a row of its own, with the industries of its nearest vocabulary
    kind's GB/T classes (半导体分立器件, 3972)."""
    rules = _lexicon_rules()
    divisions = {code: name for code, name, _ in rules.read_source() if len(code) == 2 and code.isdigit()}
    out = {t: (list(f), list(i)) for t, (f, i) in families.items()}
    for term, kinds in read_devices():
        fams, inds = out.get(term, ([], []))
        fams = fams + [k for k in kinds if k not in fams and k != term
                       and not is_broad(k, vocab.get(k, ([], ""))[0]) and k not in BROAD_FAMILY_WORDS]
        if not inds:  # the nearest kind's classes (电子元器件 names 3563, the machines making them, not a device)
            nearest = next((vocab[k][0] for k in fams if vocab.get(k, ([], ""))[0]), [])
            inds = [divisions[d] for d in sorted({c[:2] for c in nearest}) if d in divisions]
        out[term] = (fams, inds)
    return dict(sorted(out.items()))


def build_all_families(vocab: dict[str, tuple[list[str], str]]) -> dict[str, tuple[list[str], list[str]]]:
    """Every source's families, in the order of the module docstring."""
    return build_devices(vocab, build_procurement(vocab, build_classified(vocab, build_families(vocab))))


def render_families(families: dict[str, tuple[list[str], list[str]]]) -> str:
    head = ("# Generated by scripts/build_products.py from kb/data/products.txt's sources (GB/T 4754-2017, "
            "sections A–C, and kb/sample/*.jsonl), the similar-goods table (kb/data/products_source_cnipa.tsv) and "
            "the government procurement catalogue (kb/data/products_source_gpc2022.tsv) and the semiconductor devices' "
            "table (kb/data/products_source_devices.tsv). Do not edit: regenerate.\n"
            "# term\tproduct families, nearest first (comma-separated)\tGB/T 4754 divisions (industries; '、'-joined "
            "names are one division, so ';'-separated)\n")
    return head + "".join(f"{t}\t{','.join(f)}\t{';'.join(i)}\n" for t, (f, i) in families.items())


def render(vocab: dict[str, tuple[list[str], str]]) -> str:
    head = ("# Generated by scripts/build_products.py from matcher/data/sources/gbt4754_2017_ABC.tsv (GB/T 4754-2017, "
            "sections A–C) and kb/sample/*.jsonl. Do not edit: regenerate.\n"
            "# term\tGB/T 4754 class codes (4-digit, comma-separated; empty when unknown)\tsource\n")
    return head + "".join(f"{t}\t{','.join(c)}\t{s}\n" for t, (c, s) in vocab.items())


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when the committed vocabulary is not the generated one")
    args = ap.parse_args()
    vocab = build()
    outputs = {OUTPUT: render(vocab), FAMILIES_OUTPUT: render_families(build_all_families(vocab))}
    if args.check:
        stale = [p for p, text in outputs.items() if not p.is_file() or p.read_text("utf-8") != text]
        for path in stale:
            print(f"{path} 与来源生成结果不一致 / differs from what the sources generate; run this script",
                  file=sys.stderr)
        return 1 if stale else 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    for path, text in outputs.items():
        path.write_text(text, "utf-8")
        print(f"{len(text.splitlines()) - 2} terms → {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
