"""Generate the matcher's product → industry lexicon from its named public source.

    .venv/bin/python scripts/build_lexicon.py [--check]

Source: matcher/data/sources/gbt4754_2017_ABC.tsv — GB/T 4754-2017 国民经济行业分类, sections A, B and C (codes,
names and the standard's own notes; URL and licence in the file's header). Output: matcher/data/industry_lexicon.tsv,
one line per term: the term, then the codes of the 小类 (4-digit classes) it names.

How a term is found, mechanically and for every class alike:
- a class's name minus its activity word (制造, 加工, 种植, 饲养 …) is a term ("锂离子电池制造" → 锂离子电池), and so is
  each part of a name joined by 、/和/及 ("豆类、油料和薯类种植" → 豆类, 油料, 薯类);
- the products a class's note enumerates are terms: the note is cut at 、，；（）and the words 等/及/和/或, and a
  piece of 2–8 characters that is not a function phrase is kept ("指扬声器、送受话器、耳机、音箱及零件等制造" → 扬声器,
  送受话器, 耳机, 音箱); a bracket of one or two characters inside a word does not cut it ("齿轮减(增）速箱" →
  齿轮减速箱), and what a note says the class's machines make or work on ("指生产集成电路、二极管…的设备的制造") names
  no product of the class (``note_objects``);
- a 3- or 2-digit class's terms belong to all its 4-digit classes;
- a term that names more than ``MAX_CLASSES`` classes says little about which industry is meant and is left out.
No entry is written by hand; ``--check`` fails when the committed lexicon differs from what the source generates.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "matcher" / "data" / "sources" / "gbt4754_2017_ABC.tsv"
OUTPUT = ROOT / "matcher" / "data" / "industry_lexicon.tsv"
MAX_CLASSES = 6

# Activity words that end a class name ("…制造", "…加工") and the function phrases of the notes.
_ACTIVITY = ("制品制造", "制品业", "制造业", "制造", "加工", "种植", "饲养", "采选", "开采", "生产", "业", "活动",
             "修理", "处理", "制作", "印制", "复制", "采运", "采集", "养殖", "捕捞", "屠宰", "冶炼")
_SPLIT = re.compile(r"[、，,；;：:（）()\[\]［］【】。\s]|等|及其|及|和|或|与|以及|包括|不包括|如|指|也称|还包括")
_NOISE = re.compile(r"(^(其他|上述|各种|各类|主要|一般|专门|用于|对|以|将|从|为|由|经|在|供|具有|可|其|该|这|本))|"
                    r"(活动$|的$|用$|类$|方法$|工艺$|原料$|材料的$)")
# A bracket inside a word: one or two characters for another reading of the one before, a character on each
# side ("齿轮减(增）速箱（机、器）": 减速箱 or 增速箱; "电子（气）物理设备"; "机械（力学）性能"). A longer bracket is
# an aside after a whole word ("蓄电池（含太阳能用蓄电池）的制造") and still cuts, and so does one before a single
# character ("支(框)架": 支架 or 框架, a furniture frame that read 光伏支架 into 金属家具制造).
_INSERTED = re.compile(r"(?<=[\u4e00-\u9fff])[（(]([\u4e00-\u9fff]{1,2})[）)]"
                       r"(?=(?:(?![及和与或等])[\u4e00-\u9fff]){2})")
# The equipment a class makes, said after what it is for: "…的设备的制造", "…的专用生产设备的制造", "…的专用机械，",
# "…的加工机床和…", "…的机械装置或设备系统的制造" (kept only where the equipment ends the phrase, not "…的机械元件").
# An instrument's class says what it measures the same way: "用于电压、电流、电阻、功率等电磁量的测量、计量…用仪器仪表"
# (a resistor is no instrument).
_MACHINE_OF = re.compile(r"的(?:专用)?(?:生产|加工)?(?:专用)?(?:设备|机械|机床|装置)+(?:系统)?(?=的?制造|$|[和及或、])"
                         r"|的(?:测量|计量|检测|测定|监测|测试)(?=、|[^、]*?(?:仪器|仪表|设备|装置))")
_STOP = {"未列明", "其他", "产品", "制品", "设备", "器具", "用品", "零件", "配件", "零部件", "专用", "生产", "工业",
         "商业", "日用", "家用", "机械", "装置", "器材", "系统", "材料", "原料", "辅料", "成品", "半成品", "元件"}


def read_source(path: Path = SOURCE) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        code, name = parts[0].strip(), parts[1].strip()
        note = parts[2].strip() if len(parts) > 2 else ""
        rows.append((code, name, note))
    return rows


def name_terms(name: str) -> list[str]:
    """The product words of a class name."""
    out = []
    for part in re.split(r"[、]|和|及|与", name):
        part = part.strip()
        for suffix in _ACTIVITY:
            if part.endswith(suffix) and len(part) > len(suffix):
                part = part[: -len(suffix)]
                break
        part = part.removeprefix("其他")
        if 2 <= len(part) <= 10 and part not in _STOP:
            out.append(part)
    return out


def _is_noun_phrase(piece: str) -> bool:
    """Products are nouns: jieba's part-of-speech tagger must end the piece on a noun and start it on no verb,
    preposition, adverb, conjunction, particle, pronoun or numeral ("研磨调制而成", "附有无源" are not products)."""
    import jieba.posseg as pseg

    words = pseg.lcut(piece)
    if not words:
        return False
    first, last = words[0].flag, words[-1].flag
    return last.startswith("n") and not first.startswith(("v", "p", "d", "c", "u", "r", "m", "f"))


def _clauses(note: str) -> list[str]:
    """The note cut at ，；。 outside brackets (a bracket's list, "（如水、油、蒸汽…）", stays with its clause)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(note):
        depth += 1 if ch in "（(" else -1 if ch in "）)" and depth else 0
        if depth == 0 and ch in "，,；;。":
            out.append(note[start:i])
            start = i + 1
    return [*out, note[start:]]


def _note_pieces(note: str) -> list[tuple[str, bool]]:
    """(piece, named as what the class's machines make or work on) for every piece of the note, before the checks.

    A bracket inside a word (a character on each side: "齿轮减(增）速箱") is an aside, not a cut: the word is read
    without it (齿轮减速箱) and the aside by itself; cut there, it gave the fragment 速箱. In a clause that says the
    class makes the equipment *of* something ("指生产集成电路、二极管…的设备的制造", "…器材的生产设备的制造", "用于
    保护网络和计算机中信息…的专用设备"), what stands before "的…设备/机械/机床/装置" is what the machines make or work
    on, not the class's product: a diode is no 3562 (半导体器件专用设备) product, and read as one it was "of" the
    machines' family and industry (a new user's MOSFET trial, issue 27 item 6, 2026-11-30)."""
    out: list[tuple[str, bool]] = []
    for clause in _clauses(note):
        asides = _INSERTED.findall(clause)
        clause = _INSERTED.sub("", clause)
        machine = _MACHINE_OF.search(clause)
        made_before = machine.start() if machine else -1
        left_out = _left_out(clause)
        start = 0
        for cut in [*_SPLIT.finditer(clause), None]:
            end = cut.start() if cut else len(clause)
            left = any(a <= start and end <= b for a, b in left_out)
            out.append((clause[start:end].strip(), end <= made_before or left))
            start = cut.end() if cut else end
        out += [(piece.strip(), False) for aside in asides for piece in _SPLIT.split(aside)]
    return out


def _left_out(clause: str) -> list[tuple[int, int]]:
    """The spans of a clause that a note leaves out of its class: from 不包括 / 不含 to the clause's end, or to the
    bracket's end when the word stands in a bracket ("运动休闲车（不含跑车、山地车和越野车）、…滑板车" leaves out only
    the three). "但不包括飞机、汽车和摩托车发动机的制造" was read as 3412's products, so a car was of the engines'
    class."""
    spans = []
    for found in re.finditer(r"不包括|不含", clause):
        depth, end = 0, len(clause)
        for ch in clause[:found.start()]:
            depth += 1 if ch in "（(" else -1 if ch in "）)" and depth else 0
        if depth:
            close = re.search(r"[）)]", clause[found.end():])
            end = found.end() + close.start() if close else end
        spans.append((found.start(), end))
    return spans


def _is_note_term(piece: str) -> bool:
    if not 2 <= len(piece) <= 8 or re.search(r"[0-9A-Za-z％%]", piece):
        return False
    return not (_NOISE.search(piece) or piece in _STOP or not _is_noun_phrase(piece))


def note_terms(note: str) -> list[str]:
    """The products a note enumerates (never what its machines make: :func:`_note_pieces`)."""
    return [piece for piece, made in _note_pieces(note) if not made and _is_note_term(piece)]


def note_objects(note: str) -> list[str]:
    """What a note says the class's machines make or work on (:func:`_note_pieces`): product words, but not of the
    class ("指生产集成电路、二极管（含发光二极管）、三极管…的设备的制造" → 集成电路, 二极管, 发光二极管, 三极管)."""
    return [piece for piece, made in _note_pieces(note) if made and _is_note_term(piece)]


def build(rows: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    """term → sorted 4-digit class codes (only terms naming at most MAX_CLASSES classes)."""
    leaves = [code for code, _, _ in rows if len(code) == 4 and code.isdigit()]
    terms: dict[str, set[str]] = defaultdict(set)
    for code, name, note in rows:
        if not code.isdigit():
            continue  # sections (A, B, C) are too broad to name an industry
        covered = [leaf for leaf in leaves if leaf.startswith(code)] or [code]
        for term in name_terms(name) + note_terms(note):
            terms[term].update(covered)
    return {t: sorted(c) for t, c in sorted(terms.items()) if len(c) <= MAX_CLASSES}


def render(lexicon: dict[str, list[str]]) -> str:
    head = ("# Generated by scripts/build_lexicon.py from matcher/data/sources/gbt4754_2017_ABC.tsv "
            "(GB/T 4754-2017, sections A–C). Do not edit: regenerate.\n# term\tclass codes\n")
    return head + "".join(f"{t}\t{','.join(c)}\n" for t, c in lexicon.items())


def main() -> int:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed lexicon is not the generated one")
    args = ap.parse_args()
    text = render(build(read_source()))
    if args.check:
        if not OUTPUT.is_file() or OUTPUT.read_text("utf-8") != text:
            print(f"{OUTPUT} 与来源生成结果不一致 / differs from what the source generates; run this script",
                  file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, "utf-8")
    print(f"{len(text.splitlines()) - 2} terms → {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
