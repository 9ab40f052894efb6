"""The region: where the enterprise wants its provider (need-fields.md §region).

A complete table of prefecture-level divisions (``intake/data/cities.yaml``, with pinyin and the names people use)
and the GB/T 2260 table of every county-level division (``intake/data/gb2260.tsv``) turn any city, county-level city,
county, district or pinyin name into its province and prefecture. Each mention is then judged by its clause: a place
where the text says to look for a provider wins; then the enterprise's own plant or site; places that are only
customers, export markets, past tests or a headquarters elsewhere are not the region.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from intake.extract.tagger import pos_tagger, tokenizer
from intake.schemas import Region

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "cities.yaml"
_SUFFIXES = ("自治州", "地区", "林区", "盟", "市")
# Short names that are also ordinary words or company names: matched only when not followed by these.
_GUARDS: dict[str, str] = {"大理": "石", "三明": "治", "宁德": "时代", "大同": "小异", "中山": "大学|路|"
                                                                               "装", "长春": "藤",
                           "普洱": "茶", "金华": "火腿", "黄山": "毛峰", "北海": "道", "安顺": "利", "丽水": "湾"}


@dataclass(frozen=True)
class Place:
    province: str
    city: str | None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    place: Place
    name: str


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, Place]
    zh_pattern: re.Pattern[str]
    en_pattern: re.Pattern[str]
    provinces: tuple[str, ...]
    loose: frozenset[str] = frozenset()  # short county names from GB/T 2260: read only where jieba cuts a word
    # a district's name that divisions of several provinces bear ("朝阳区": 北京市, 吉林省长春市, …), by province
    shared: dict[str, dict[str, Place]] = field(default_factory=dict)


def _short(full: str) -> str | None:
    for suffix in _SUFFIXES:
        if full.endswith(suffix) and len(full) - len(suffix) >= 2:
            return full[: -len(suffix)]
    return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The name → place table, built once from the data file."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["provinces"]
    names: dict[str, Place] = {}
    en: dict[str, Place] = {}

    def add(name: str, place: Place, *, overwrite: bool = False) -> None:
        if len(name) < 2 or (name in names and not overwrite):
            return
        names[name] = place

    prefectures: dict[str, Place] = {}
    for province, info in data.items():
        short = _short(province) or province
        if province.endswith("自治区") or province.endswith("特别行政区"):
            short = province
        muni = bool(info.get("municipality"))
        prov_place = Place(province, province if muni else None)
        add(province, prov_place, overwrite=True)
        for alias in info.get("aliases", []):
            add(alias, prov_place, overwrite=True)
        if not province.endswith(("自治区", "特别行政区")):
            add(short, prov_place, overwrite=True)
        for word in info.get("en", []):
            en[word.lower()] = prov_place
        for entry in info.get("cities", []):
            full, pinyin, *rest = [*entry.split("|"), ""][:3]
            extras = [a for a in (rest[0].split(",") if rest and rest[0] else []) if a]
            place = Place(province, full)
            prefectures[full] = place
            add(full, place, overwrite=True)
            if "noshort" not in extras and (s := _short(full)):
                add(s, place)
            elif (s := _short(full)) and not province.endswith(("自治区", "特别行政区")):
                # 甘肃白银: a short name that is also a word is read right after its province.
                add(re.sub(r"[省市]$", "", province) + s, place)
            elif s and info.get("aliases"):
                # … and after an autonomous region's short name ("广西来宾" on the card read 广西 alone; the seventh
                # probe's variants)
                for alias in (a for a in info["aliases"] if len(a) >= 2):
                    add(alias + s, place)
            for alias in extras:
                if alias != "noshort":
                    add(alias, place)
            for word in pinyin.split(","):
                if word:
                    en.setdefault(word.lower(), place)
    for province, info in data.items():
        for entry in info.get("counties", []):
            name, prefecture, pinyin = [*entry.split("|"), "", ""][:3]
            if prefecture == "-":
                place = Place(province, None)
            else:
                place = prefectures.get(prefecture) or Place(province, prefecture)
            add(name, place)
            if not name.endswith(("市", "区", "县", "镇")):
                add(name + "市", place)
            for word in pinyin.split(","):
                if word:
                    en.setdefault(word.lower(), place)
    divisions, alone, shared = _divisions(set(data), prefectures)
    loose = frozenset(n for n in alone if n not in names)  # the names above keep their own guards
    for name, place in divisions.items():
        add(name, place)
    zh = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    en_re = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(en, key=len, reverse=True)) + r")\b", re.I)
    names.update({f"en:{k}": v for k, v in en.items()})
    return Gazetteer(names, zh, en_re, tuple(data), loose, shared)


DIVISIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "gb2260.tsv"
DISTRICTS_EN_FILE = Path(__file__).resolve().parent.parent / "data" / "districts_en.tsv"
SUBDIVISIONS_EN_FILE = Path(__file__).resolve().parent.parent / "data" / "subdivisions_en.tsv"
_MUNICIPALITIES = ("11", "12", "31", "50")
_OFTEN = 500  # jieba's count of a word above which a short county-level city name is taken for a word
_PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_COUNTY_SUFFIXES = ("自治县", "自治旗", "新区", "林区", "特区", "县", "市", "区", "旗")
# jieba's tags of a word that is no place name ("复兴", "大名", "正定", "东方"): a short county name that jieba reads
# so is matched only with its suffix (复兴区, 大名县).
_NOT_A_PLACE_TAGS = frozenset({"a", "ad", "an", "b", "c", "d", "f", "m", "n", "p", "q", "r", "s", "t", "u", "v", "vd",
                               "vn", "z", "zg", "i", "l"})


def _divisions(provinces: set[str], prefectures: dict[str, Place]) -> tuple[dict[str, Place], set[str],
                                                                           dict[str, dict[str, Place]]]:
    """Every county-level division of GB/T 2260 (``intake/data/gb2260.tsv``: county-level cities, counties,
    districts, banners) as its prefecture: 昆山市 → 江苏省苏州市, 平乡县 → 河北省邢台市, 浦东新区 → 上海市. The
    region keeps its two fields (province, prefecture-level city), which matching compares. Names as written in the
    table, when no other division bears the same one; the short name without 市/县/旗 ("平乡", "慈溪") when it is
    unique in the table: after its province or prefecture ("河北平乡", "苏州昆山"), and alone only for a county-level
    city that jieba's dictionary does not read as an ordinary word ("慈溪": not "东方", "江山"). Also the short
    names standing alone (read only where jieba's cut of the text has a word there: "海南海口" holds no 南海)."""
    rows = [line.split("\t") for line in DIVISIONS_FILE.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")][1:]
    named = {code: name for code, name in rows}
    tags: dict[str, str] = pos_tagger().word_tag_tab
    freq: dict[str, int] = tokenizer().FREQ
    found: list[tuple[str, str | None, Place]] = []
    for code, name in rows:
        if code.endswith("00"):
            continue  # a province or a prefecture: cities.yaml names them, with their aliases and pinyin
        province = named.get(code[:2] + "0000")
        if province not in provinces:
            continue
        if code[:2] in _MUNICIPALITIES:
            place = Place(province, province)
        else:
            prefecture = named.get(code[:4] + "00")
            # (a county-level city under its province directly, which cities.yaml lists as a city of its own: "湖北仙桃"
            # read 湖北省 with no city, where "仙桃" alone read 仙桃市; the sixteenth probe, p153)
            place = prefectures.get(prefecture or "") or prefectures.get(name, Place(province, None))
        suffix = next((x for x in _COUNTY_SUFFIXES if name.endswith(x) and len(name) - len(x) >= 2), None)
        found.append((name, suffix, place))
    stems = {_PROVINCE_SUFFIX.sub("", p) for p in provinces}
    fulls = Counter(name for name, _, _ in found)
    shorts = Counter(name[: -len(suffix)] for name, suffix, _ in found if suffix)
    out: dict[str, Place] = {}
    alone: set[str] = set()
    by_province: dict[str, dict[str, list[Place]]] = {}
    for name, _, place in found:
        if fulls[name] > 1:
            by_province.setdefault(name, {}).setdefault(place.province, []).append(place)
    shared = {name: {prov: places[0] for prov, places in provs.items() if len(set(places)) == 1}
              for name, provs in by_province.items()}
    for name, suffix, place in found:
        if fulls[name] == 1:
            out[name] = place
        short = name[: -len(suffix)] if suffix else None
        if short is None or shorts[short] > 1 or short in fulls or short in stems:
            continue  # (乌海's 海南区 is no 海南)
        # written after its province or prefecture ("河北平乡", "苏州昆山", "杭州淳安"), a short name is a place
        for before in {place.province, place.city or ""}:
            head = _short(before) or _PROVINCE_SUFFIX.sub("", before)
            if len(head) >= 2:
                out.setdefault(head + short, place)
        # alone, only a county-level city's ("慈溪", "义乌") that jieba neither reads as an ordinary word nor meets
        # often in its corpus ("江山"): a county's or a district's short name is often a word first ("资源", "公安",
        # "石棉", "白水", "新建", "商城", "吉利", "平原"), and is read only after its province or prefecture
        if suffix == "市" and tags.get(short) not in _NOT_A_PLACE_TAGS and freq.get(short, 0) <= _OFTEN:
            out.setdefault(short, place)
            alone.add(short)
    return out, alone, shared


# Romanisations two prefectures share: the province written next to them decides; else the first (the better known).
# (Suzhou is 苏州 unless Anhui is named beside it: "we're in Suzhou Anhui province" was "The region is already Suzhou,
# Jiangsu."; the twenty-first probe, p207)
AMBIGUOUS_PINYIN: dict[str, tuple[str, ...]] = {"taizhou": ("泰州市", "台州市"), "fuzhou": ("福州市", "抚州市"),
                                                 "yichun": ("宜春市", "伊春市"), "yulin": ("榆林市", "玉林市"),
                                                 "suzhou": ("苏州市", "宿州市")}
_AMBIGUOUS_EN_RE = re.compile(r"\b(Taizhou|Fuzhou|Yichun|Yulin|Suzhou)\b")
_PROVINCE_EN = {"江苏省": "jiangsu", "浙江省": "zhejiang", "福建省": "fujian", "江西省": "jiangxi",
                "黑龙江省": "heilongjiang", "安徽省": "anhui",
                "陕西省": "shaanxi", "广西壮族自治区": "guangxi"}


def _province_en(province: str) -> str | None:
    return _PROVINCE_EN.get(province)


# The English names of prefectures whose pinyin cities.yaml leaves out (two prefectures share it, or it is no plain
# pinyin): for saying a place in English, never for reading one.
_EN_NAMES = {"兴安盟": "Hinggan League", "朝阳市": "Chaoyang", "吉林市": "Jilin", "白山市": "Baishan",
             "伊春市": "Yichun", "大兴安岭地区": "Da Hinggan Ling", "泰州市": "Taizhou", "台州市": "Taizhou",
             "宿州市": "Suzhou", "福州市": "Fuzhou", "宜春市": "Yichun", "抚州市": "Fuzhou",
             "神农架林区": "Shennongjia", "玉林市": "Yulin", "来宾市": "Laibin",
             "黔西南布依族苗族自治州": "Qianxinan", "黔东南苗族侗族自治州": "Qiandongnan",
             "黔南布依族苗族自治州": "Qiannan", "阿里地区": "Ngari", "榆林市": "Yulin", "白银市": "Baiyin",
             "海北藏族自治州": "Haibei", "黄南藏族自治州": "Huangnan", "海南藏族自治州": "Hainan Prefecture",
             "海西蒙古族藏族自治州": "Haixi", "新北市": "New Taipei"}


@lru_cache(maxsize=1)
def _english_names() -> dict[str, str]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["provinces"]
    out: dict[str, str] = {}
    for province, info in data.items():
        if info.get("en"):
            out[province] = info["en"][0].title()
        for entry in info.get("cities", []):
            full, pinyin, *_ = [*entry.split("|"), ""][:3]
            if pinyin:
                out[full] = pinyin.split(",")[0].title()
    return {**out, **_EN_NAMES}


def english_name(province: str | None, city: str | None) -> str | None:
    """A region said in English: "Zhongshan, Guangdong", "Shanghai" (a municipality once), "Guangxi"; a name with no
    English one known stays as written. None when there is no place. (English replies named places in Chinese:
    "Noted the region: 中山市, 广东省."; the seventh probe.)"""
    names = _english_names()
    parts = list(dict.fromkeys(names.get(p, p) for p in (city, province) if p))
    return ", ".join(parts) or None


@lru_cache(maxsize=1)
def _district_english() -> dict[str, str]:
    """The municipalities' districts in English, built by one rule from the table's pinyin
    (``intake/data/districts_en.tsv``): 宝山区 + Baoshan → "Baoshan District", 浦东新区 + Pudong → "Pudong New Area";
    keyed by the municipality and the district as written (上海市宝山区)."""
    provinces = {"11": "北京市", "12": "天津市", "31": "上海市", "50": "重庆市"}
    rows = [line.split("\t") for line in DISTRICTS_EN_FILE.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")][1:]
    return {provinces[code[:2]] + name: f"{pinyin} {'New Area' if name.endswith('新区') else 'District'}"
            for code, name, pinyin in rows}


# The English word of a division below a province's prefecture, by its suffix, longest first (a county-level city,
# 市, is said by its name alone).
_DIVISION_WORDS = (("经济技术开发区", " Economic and Technological Development Zone"), ("新区", " New Area"),
                   ("区", " District"), ("县", " County"), ("镇", " Town"), ("市", ""))


@lru_cache(maxsize=1)
def _subdivision_english() -> dict[str, str]:
    """The places below a province's prefecture in English, by one rule from the table's romanised names
    (``intake/data/subdivisions_en.tsv``): 厚街镇 + Houjie → "Houjie Town", 开平市 + Kaiping → "Kaiping"; keyed by the
    place written whole (广东省东莞市厚街镇), the prefecture and province after it."""
    rows = [line.split("\t") for line in SUBDIVISIONS_EN_FILE.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")][1:]
    out: dict[str, str] = {}
    for province, prefecture, division, romanised in rows:
        word = next(w for suffix, w in _DIVISION_WORDS if division.endswith(suffix))
        out[province + prefecture + division] = f"{romanised}{word}, {english_name(province, prefecture)}"
    return out


def district_english(where: str) -> str | None:
    """A place below a prefecture written whole in English, or None when it is none: a municipality's district
    (上海市宝山区: "Baoshan District, Shanghai", ``districts_en.tsv``), a province's district, town, zone or
    county-level city (广东省东莞市厚街镇: "Houjie Town, Dongguan, Guangdong", ``subdivisions_en.tsv``): the English
    pages read "(上海市宝山区)" (2026-11-29) and "(广东省东莞市厚街镇)" (2026-11-30) beside "(Nanchang, Jiangxi)" (new
    users' trials). One no table holds is None, never widened to its city: a jurisdiction said wider than it is
    misstates an authority's reach."""
    for municipality in ("北京市", "天津市", "上海市", "重庆市"):
        if where.startswith(municipality) and where in _district_english():
            return f"{_district_english()[where]}, {english_name(municipality, None)}"
    return _subdivision_english().get(where)


def lookup(name: str) -> Place | None:
    """A place for a Chinese or pinyin name (苏州, 苏州市, Suzhou, 江苏), or None."""
    table = gazetteer().names
    name = name.strip()
    return table.get(name) or table.get(f"en:{name.lower()}")


def canonical(text: str) -> str:
    """An administrative place written with its province and prefecture in full, the rest as written, so that two
    ways of writing one place compare as text: 江苏 → 江苏省, 江苏南京 → 江苏省南京市, 南京玄武区 →
    江苏省南京市玄武区, 江苏省江阴市 → 江苏省无锡市江阴市 (a county-level city under its prefecture), 上海宝山区 →
    上海市宝山区. Text that does not begin with a known place comes back stripped, unchanged (issue 29, item 3:
    a deciding authority's jurisdiction against a provider's region)."""
    gaz = gazetteer()
    rest = text.strip()
    first = gaz.zh_pattern.match(rest)
    if first is None:
        return rest
    place = gaz.names[first.group(0)]
    city, named = place.city, first.group(0)
    if city is None or city == place.province:  # a province or a municipality: its prefecture may follow
        after = rest[first.end():]
        second = gaz.zh_pattern.match(after)
        nxt = gaz.names[second.group(0)] if second is not None else None
        if second is None or nxt is None or nxt.province != place.province or nxt.city in (None, place.province):
            return place.province + after
        rest, city, named = after, nxt.city, second.group(0)
        first = second
    tail, full = rest[first.end():], city or ""
    # The prefecture's own name (南京, 南京市) is replaced by its full name; a county-level city is kept after it.
    return place.province + full + (tail if full.startswith(named) else named + tail)


def find_places(text: str) -> list[Mention]:
    gaz = gazetteer()
    out: list[Mention] = []
    cuts: set[int] | None = None
    pos = 0
    while (m := gaz.zh_pattern.search(text, pos)) is not None:
        name = m.group(0)
        pos = m.end()
        guard = _GUARDS.get(name)
        if guard and re.match(guard, text[m.end():]):
            continue
        if name in gaz.loose:
            if cuts is None:
                cuts = {i for _, a, b in tokenizer().tokenize(text, HMM=False) for i in (a, b)}
            if m.start() not in cuts or m.end() not in cuts:
                pos = m.start() + 1  # not a word here ("海南海口": no 南海): a place may start inside it
                continue
        out.append(Mention(m.start(), m.end(), gaz.names[name], name))
    for m in gaz.en_pattern.finditer(text):
        word = m.group(1)
        if not word[0].isupper() and not (len(word) >= 5 and (not re.search(r"[A-Z]", text) or re.search(
                r"\b(?:in|at|from|near)\s+$", text[max(0, m.start() - 8):m.start()], re.I))):
            # pinyin names are written capitalised; lower-case words are ordinary English — but someone typing all
            # in small letters, or a name after "in", "at", "from" ("factory in xiamen" was not read, and the chat
            # asked where; the ninth probe, p94)
            continue
        out.append(Mention(m.start(), m.end(), gaz.names[f"en:{word.lower()}"], word))
    # (and a place in one of them named beside it: "Huangyan, Taizhou" is Zhejiang's, not Jiangsu's; the nineteenth
    # probe, p187)
    cities = {m.place.city for m in out if m.place.city}
    for m in _AMBIGUOUS_EN_RE.finditer(text):
        candidates = [lookup(c) for c in AMBIGUOUS_PINYIN[m.group(1).lower()]]
        following = text[m.end():m.end() + 24].lower()
        chosen = next((c for c in candidates if c and _province_en(c.province) and
                       re.search(rf"\b{_province_en(c.province)}\b", following)), None) or next(
            (c for c in candidates if c and c.city in cities), candidates[0])
        if chosen:
            # (one cities.yaml reads as well, "Suzhou" as 苏州, gives way to the one chosen here)
            out = [o for o in out if not (o.start == m.start() and o.end == m.end())]
            out.append(Mention(m.start(), m.end(), chosen, m.group(1)))
    return sorted(out, key=lambda x: x.start)


# (an exporter is who the enterprise is, not where it sells: "we're an electronics exporter in Dongguan")
_HARD_NOT_BEFORE = re.compile(
    r"(客户|用户|买家|采购商|经销商|代理商|出口|外销|销往|卖到|卖给|发往|运往|发货到|供货|供应给|配套给|主机厂|车企|"
    r"参展|展会|去过|"
    r"曾经?|之前|以前|上次|上回|去年|前年|原来|此前|项目在|项目位于|工地|工程在|海外|国外|境外|美国|欧洲|日本|德国|"
    r"韩国|供应商|供方|原厂|进货|采购自|买自|"
    r"customers?|clients?|buyers?|suppliers?|vendors?|export(?!ers?\b)|ship(?:ped|s)? to|sell(?:s|ing)? to|"
    r"sold to|market|previously|"
    r"last year|"
    r"before|used to|\bused\b|former|trade fair|exhibition|project site)",
    re.I,
)
_HARD_NOT_AFTER = re.compile(
    r"^(的|地区的|那边的|方面的)?\s*(客户|用户|市场|买家|经销商|车企|主机厂|展会|工地|项目|供应商|供货商|customers?|"
    r"clients?|market|buyers?|suppliers?|vendors?)",
    re.I,
)
_PAST_TEST = re.compile(r"(测过|做过|检过|送检过|检测过|测试过|试过|出过报告|tested|had .* tested)", re.I)
_SOFT_NOT = re.compile(r"(总部|母公司|集团|总公司|注册地|注册在|headquarter|HQ|parent company|registered in)", re.I)
_PROVIDER_BEFORE = re.compile(r"(找|寻找|物色|希望|最好|优先|就近|限于|限定|要求|需要|倾向|look(?:ing)? for|find|"
                              r"prefer(?:ably)?|"
                              r"provider|lab|institute|near)", re.I)
_PROVIDER_AFTER = re.compile(
    r"^(省|市)?(本地|当地|省内|市内|境内|区域内|范围内|附近|周边)?\s*(的|地区的|这边的|那边的)?\s*(机构|实验室|"
    r"检测机构|质检|计量|"
    r"服务机构|专家|单位|院所|高校|科研院所|团队|平台|服务站|找|来做|做|providers?|labs?|laborator|institutes?|"
    r"experts?)"
    r"|^(省|市)?(内|本地|当地|境内)?\s*(有没有|哪里|哪家|哪些|谁家|能不能|推荐)",  # asking for a provider there
    re.I,
)
# The plant or site that has the problem outranks where the enterprise as a whole is (need-fields.md §region 2).
_SITE_BEFORE = re.compile(r"(工厂|厂区|基地|车间|生产线|产线|分厂|厂址|厂|plant|factory|facility|site|mill)\s*"
                          r"(在|位于|设在|is in|in|:|：)?\s*$", re.I)
_SITE_BEFORE_EN = re.compile(r"\b(plant|factory|facility|site|mill|workshop)\b[^.;,]{0,30}\b(in|at)\s*$", re.I)
_SITE_AFTER = re.compile(r"^(市|省)?\s*(的)?\s*(工厂|厂|分厂|基地|车间|plant|factory|mill)", re.I)
_PLANT_BEFORE = re.compile(r"(位于|地处|坐落|落户|我们在|我司在|公司在|企业在|我们是|我司是|located|based|we are in|"
                           r"from)",
                           re.I)
# "我们常州的储能电池模组": the enterprise names its own place right after itself (a new user's trial, 2026-11-30).
_OWN_BEFORE = re.compile(r"(我们|我司|我厂|本厂|本公司|咱们)\s*$")
_PLANT_AFTER = re.compile(r"^(市|省)?\s*(的)?\s*(企业|公司|一家|某|生产|制造|company|manufacturer)", re.I)
# Not after a negation: "不一定要本地", "doesn't have to be local" read as local only (found walking the chat).
_LOCAL_ONLY = re.compile(r"((?<!不)(?<!不一定)(?<!没)(必须|只能|只找|只要|仅限|限于|一定要|要求)(是)?(在)?.{0,6}"
                         r"(本地|当地|省内|市内|本市|本省)|"
                         r"(?<!不)(本地|当地|省内|市内)(的)?(机构|单位)?(才行|为限)|(?<!not )must be local|"
                         r"local (providers?|labs?) only|(?<!n't )(?<!not )(?:has|have|needs?) to be (?:a )?local|"
                         r"only (a )?local)", re.I)
_ANY_REGION = re.compile(r"(地区不限|不限地区|全国(都|均)?(可以|可)|哪里都行|地点不限|不限地域|anywhere in china|"
                         r"location does not "
                         r"matter|any region)", re.I)
_CLAUSE_SPLIT = re.compile(r"[，,。；;！!？?\n()（）]")
_SPOKEN_BREAK = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    left = _CLAUSE_SPLIT.split(text[max(0, start - 40):start])[-1]
    right = _CLAUSE_SPLIT.split(text[end:end + 40])[0]
    return left, right


def _score(text: str, mention: Mention, others: list[Mention]) -> int:
    """4 provider place, 3 the plant or site, 2 the enterprise, 1 neutral, 0 soft no (headquarters), -1 hard no."""
    left, right = _clause(text, mention.start, mention.end)
    # Only the words between the previous place and this one describe this one.
    for other in others:
        if other.end <= mention.start and mention.start - other.end <= len(left):
            left = text[other.end:mention.start]
    # A place that opens a bracket says who the word before the bracket is: "电芯供应商（宁德某某公司）" is the
    # supplier's place (a new user's trial, 2026-11-30, read it as the region), so that word is this place's left.
    if not left.strip() and text[:mention.start].rstrip().endswith(("（", "(")):
        left = _CLAUSE_SPLIT.split(text[max(0, mention.start - 40):mention.start].rstrip()[:-1])[-1]
    if re.search(r"(不是|不在|并非|而非|\bnot(?: in)?)\s*$", left, re.I):
        return -1  # "不是江苏，是浙江": a correction names the wrong place first
    # (a space between Chinese words ends a spoken clause: "要出口欧洲 要做CE认证 工厂在义乌" read no region, the
    # export market's words before it; the twenty-first probe, p203)
    hard_no = _HARD_NOT_AFTER.match(right) or _HARD_NOT_BEFORE.search(_SPOKEN_BREAK.split(left)[-1][-14:])
    if hard_no and not _PROVIDER_BEFORE.search(left[-4:]):
        return -1
    if _PAST_TEST.search(right) and not _PROVIDER_BEFORE.search(left[-6:] + right[:4]):
        return -1
    if _PROVIDER_BEFORE.search(left[-10:]) or _PROVIDER_AFTER.match(right):
        return 4
    if _SOFT_NOT.search(left[-10:]) or re.match(r"^(的)?(总部|母公司|集团|headquarters?)", right, re.I):
        return 0
    if _SITE_BEFORE.search(left[-8:]) or _SITE_AFTER.match(right) or _SITE_BEFORE_EN.search(left[-40:]):
        return 3
    if _PLANT_BEFORE.search(left[-8:]) or _PLANT_AFTER.match(right) or _OWN_BEFORE.search(left):
        return 2
    return 1


def extract_region(text: str) -> tuple[Region, bool]:
    """The service region and whether the provider must be local."""
    local_only = bool(_LOCAL_ONLY.search(text))
    mentions = find_places(text)
    if not mentions:
        return Region(), local_only
    scored = [(_score(text, m, mentions), m) for m in mentions]
    alive = [(s, m) for s, m in scored if s >= 1]
    if not alive:
        alive = [(s, m) for s, m in scored if s == 0]
    if not alive:
        return Region(), local_only
    best_score = max(s for s, _ in alive)
    best = next(m for s, m in alive if s == best_score)
    best = _in_province_named(text, best, mentions)
    province, city = best.place.province, best.place.city
    if city is None:
        # A province named for the provider keeps the enterprise's city when that city lies in it.
        same = [(s, m) for s, m in alive if m.place.province == province and m.place.city]
        if same:
            city = max(same, key=lambda sm: (sm[0], -sm[1].start))[1].place.city
    return Region(province=province, city=city), local_only


@lru_cache(maxsize=1)
def _shared_names() -> re.Pattern[str] | None:
    """The names several provinces' divisions bear, longest first, compiled once (every chat message is read)."""
    shared = gazetteer().shared
    return re.compile("|".join(re.escape(n) for n in sorted(shared, key=len, reverse=True))) if shared else None


def _in_province_named(text: str, best: Mention, mentions: list[Mention]) -> Mention:
    """A district's name that divisions of several provinces bear, read in the province the text names beside it:
    "我们在吉林 朝阳区" is 长春市朝阳区, not Beijing's (it read 北京市), "福建鼓楼区" is 福州市's (it read 福建省
    with no city; the eighteenth probe, p173)."""
    named = {m.place.province for m in mentions if m.place.city is None}
    shared, names = gazetteer().shared, _shared_names()
    if not named or names is None:
        return best
    for m in names.finditer(text):
        if any(o.start <= m.start() and m.end() <= o.end and o.end - o.start > m.end() - m.start() for o in mentions):
            continue  # inside a longer name found: 城区 (汕尾市's) in 禅城区 (佛山市's; a helper's walk, 2026-11-30)
        hit = [shared[m.group(0)][p] for p in named if p in shared[m.group(0)]]
        if len(hit) == 1 and (best.name == m.group(0) or (best.place.city is None
                                                           and best.place.province == hit[0].province)):
            return Mention(m.start(), m.end(), hit[0], m.group(0))
    return best


def region_declined(text: str) -> bool:
    return bool(_ANY_REGION.search(text))


# A region widened ("不对，区域不限宁波，长三角都可以", "区域不限无锡，江苏省内都可以", "not just Ningbo,
# anywhere in the Yangtze River Delta is fine"; a new user's trial in Chromium, 2026-11-29: the first became the
# product "长三角都可以", the second "地区已是：江苏省无锡市"). A province (省内: the province of the place named,
# or of the place held) is a region of its own; an area of several provinces, or the whole country, is no one region
# the need can hold: the region is left open (不限地区) and the area's words are said back and kept in the
# description.
_SEVERAL = (r"长三角|长江三角洲|珠三角|珠江三角洲|京津冀|成渝|粤港澳大湾区|大湾区|江浙沪皖|江浙沪|江浙|华东|华南|"
            r"华北|华中|西南|西北|东北|\byangtze (?:river )?delta\b|\bpearl river delta\b|\bgreater bay area\b|"
            r"\beast china\b|\bsouth china\b|\bnorth china\b")
_WHOLE = r"全国|国内|全中国|\banywhere in china\b|\ball (?:over|of) china\b|\bnationwide\b"
_AREA = re.compile(rf"({_SEVERAL})|({_WHOLE})|(省内|全省|本省|省里|\b(?:within|anywhere in) the province\b)", re.I)
_WIDER = re.compile(r"(?:区域|地区|地点|范围|地域)?不限(?:于|在)?|不一定(?:要|非要)?(?:在|是)?|不只是?(?:在)?|"
                    r"\bnot (?:just|only|limited to|necessarily)\b", re.I)
_OPEN = re.compile(r"(?:都|均|也)(?:可以|行|可|没问题|ok)|\b(?:is|are|would be) (?:fine|ok|okay)\b|\bwill do\b",
                   re.I)


def widened_region(text: str, held: Region) -> tuple[Region, str] | None:
    """The region a message widens the held one to, and the words it says it in ("长三角", "江苏省"); None when it
    widens none: a wider area named beside a word that opens it ("不限宁波，长三角都可以", "江苏省内都可以",
    "anywhere in the Yangtze delta is fine")."""
    # (an area of several provinces before a bare "anywhere": "anywhere in the Yangtze River Delta")
    area = re.search(f"({_SEVERAL})", text, re.I) or _AREA.search(text)
    if area is None:
        return None
    clause = _CLAUSE_SPLIT.split(text[area.end():])[0]
    if not (_WIDER.search(text) or _OPEN.search(clause) or _OPEN.search(area.group(0))):
        return None
    several = area.lastindex == 1 or bool(area.group(1))
    if several or area.group(2):
        chinese = bool(re.search(r"[\u4e00-\u9fff]", area.group(0)))
        wider, words = Region(), area.group(0) if several else ("不限地区" if chinese else "anywhere in China")
    else:
        named = [m.place.province for m in find_places(text[max(0, area.start() - 8):area.start()]) if m.place]
        province = named[-1] if named else held.province
        if province is None:
            return None
        wider, words = Region(province=province), province
    if (wider.province, wider.city) == (held.province, held.city):
        return None
    return wider, words


def widens_region(clause: str) -> bool:
    """Whether a clause says only how wide the region is ("区域不限宁波", "长三角都可以"): none of its words is a
    product, a service or the place held."""
    return bool(_AREA.search(clause) and (_WIDER.search(clause) or _OPEN.search(clause))) or bool(
        re.match(r"^\s*(?:不对\s*)?(?:区域|地区|地点|范围|地域)?不限(?:于|在)?\s*\S{1,8}$", clause)
        and find_places(clause))
