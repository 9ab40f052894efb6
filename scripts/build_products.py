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
sys.path.insert(0, str(ROOT))

from kb.products import NOT_PRODUCT_WORDS  # noqa: E402


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
    text = render(build())
    if args.check:
        if not OUTPUT.is_file() or OUTPUT.read_text("utf-8") != text:
            print(f"{OUTPUT} 与来源生成结果不一致 / differs from what the sources generate; run this script",
                  file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, "utf-8")
    print(f"{len(text.splitlines()) - 2} terms → {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
