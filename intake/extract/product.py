"""Product, problem and title: short phrases a coordinator would write on the need card.

The product is the thing the need is about: the noun phrase that the test, the failure or the R&D concerns
(``tests/intake/data/products/README.md`` is the convention). Matching's product-family signal and the need's title
stand on it, so a fragment (a time phrase, a property, the company's whole product line) does harm downstream.

How it is read, deterministically and without a model:
1. Chinese text is cut into noun-phrase candidates: jieba's part-of-speech tags break a phrase at function words
   (pronouns, prepositions, particles, adverbs, times, numbers, punctuation) and at predicate verbs; then each
   candidate is trimmed of what a product phrase is never made of (kb's :data:`~kb.products.NOT_PRODUCT_WORDS`,
   properties, "新型"/"一种", places).
2. Each candidate is scored by the structure around it, because that is what says "this is the object of the need":
   a failure after it ("X出现…问题", "X开裂"), a service on it ("对X进行检测", "X的失效分析", "研发X"), the
   enterprise's own thing ("我们的X", "我们生产的X", "产品：X"), the title of a real need ("X技术改进：…"), and, weaker,
   the company's line ("做X的企业"). Ending in a product word of kb's vocabulary (GB/T 4754-2017 and the catalog)
   adds a little: it separates "锂电池" from "客户那边".
3. English text is read by the same idea with word patterns: "our X", "X fail/crack", "testing of X", "makes X".
jieba's tagger is built once per process (:mod:`intake.extract.tagger`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from intake.extract.region import find_places
from intake.extract.tagger import pos_tagger
from kb.products import NOT_PRODUCT_WORDS, product_head
from kb.vocab import SERVICE_TYPE_LABELS, ServiceType

# A need is short; its product is named early. Reading further only finds the company profile.
READ_CHARS = 900
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")



def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------------------------------------------------------
# Chinese
# Tags that never sit inside a product phrase: pronouns, prepositions, conjunctions, particles, adverbs, localisers,
# times, quantifiers, modal and interjection words, punctuation.
_BREAK_FLAGS = ("r", "p", "c", "u", "d", "f", "t", "q", "y", "e", "o", "w", "k", "h", "zg", "ug", "uj", "ul", "uz",
                "uv", "ud")
# Words that end or start no product: predicates, chat and need words (besides kb's NOT_PRODUCT_WORDS).
_BREAK_WORDS_TEXT = (
    "是 有 要 想 需 需要 希望 进行 做 搞 开展 出现 发生 存在 导致 造成 影响 解决 实现 达到 "
    "满足 采用 通过 寻求 寻找 找 引进 提供 帮 帮忙 帮助 请 用 用于 使用 应用 生产 制造 加工 "
    "研发 开发 研制 设计 制备 试制 主营 经营 专注 从事 主要 专业 专门 致力于 拥有 具有 具备 成立 "
    "位于 地处 坐落 属于 包括 涉及 针对 关于 基于 面向 采购 购买 卖 销售 出口 进口 送检 送 测 "
    "测不准 测不了 能 能否 可以 可 会 不 没有 无法 难以 容易 严重 经常 总是 老是 一直 最近 目前 "
    "现在 现有 已经 已 正在 准备 计划 拟 预计 打算 急需 亟需 迫切 求 求助 咨询 了解 推荐 合作 "
    "联合 共同 一起 开裂 断裂 泄漏 漏油 漏液 渗漏 失效 失灵 异响 生锈 起雾 超标 不合格 衰减 退磁 "
    "失磁 报警 变形 腐蚀 脱落 死机 烧毁 起火 发黑 发黄 偏低 偏高 波动 不稳定 不足 过大 过高 过低 "
    "较差 差 低 高 多 少 大 小 好 不好 您好 你好 老师 谢谢 各位 我们 我司 本公司 公司 企业 "
    "工厂 客户 国家 国内 国外 国际 市场 行业 领域 方面 类 等 等等 之一 以及 相关 其他 其它 各种 "
    "各类 多种 不同 一种 一款 一批 一套 一台 一家 某 该 本 此 这 这款 这批 新 新型 新款 新一代 "
    "新研制 新研发 自主 自己 自有 传统 常规 普通 一般 现行 标准 国标 行标 团标 地标 整个 全面 "
    "高层次 高水平 综合 综合性 现代化 一体 一体化 主导 领先 先进 优质 著名 知名 领军 骨干 龙头 "
    "起球 起皱 起泡 掉色 褪色 鼓包 短路 缩痕 砂眼 气孔 夹杂 翘曲 磨损 堵塞 卡死 粘连 分层 沉淀 "
    "返修 投诉 故障 缺陷 年产值 产值 营业额 营收 销售额 注册资本 注册资金 总资产 固定资产 总投资 "
    "占地 占地面积 员工 职工 人员 上 建设 建立 引入 引进 上线 厂里 现场 远程 重点 博士 教授 目的 记录 "
    "精通 熟悉 掌握 一下 团体 委托 上门 首次 全部 国企 名字 名称 型式 精益 军品 资料 整理 结题 保密协议 协议 合同 "
    "仪电 效能 画像 交流 资源共享 轻量化 全过程 全流程 二级 三级 一级 省级 市级 国家级 "
    "有点 有些 有一点 一点 一些 有的 好像 似乎 大概 可能 发白 发红 发花 变色 开胶 掉漆 起皮 批货 货物 东西"
)
_BREAK_WORDS = frozenset(_BREAK_WORDS_TEXT.split())
_LEAD_STRIP_TEXT = (
    "新型 新款 新一代 一种 一款 一批 一套 某 某型 某型号 该 本 此 这 这款 这批 我们 我司 公司 "
    "企业 自主 现有 传统 新 高端 专用 各种 各类 不同 相关 国产 进口 年产 用于 采用 基于 面向 "
    "关于 针对 其 所 批 款 台 个 只 件"
)
_LEAD_STRIP = frozenset(_LEAD_STRIP_TEXT.split()) - {"高端", "专用"}
_TRAIL_STRIP_TEXT = (
    "过程 环节 工序 阶段 方面 领域 行业 产业 企业 公司 工厂 厂 厂家 生产商 制造商 供应商 厂商 "
    "集团 板块 业务 项目 产品 制品 生产 制造 加工 焊接 注塑 成型 热处理 处理 表面 表面处理 配方 "
    "结构 设计 控制 应用 改性 增韧 提纯 回收 利用 综合利用 治理 修复 降解 生物降解 减重 防冻 防控 "
    "防治 储存 养殖 种植 栽培 育苗 移栽 补捉 捕捉 关键 核心 相关 等 类 系列 品种 产品线 新产品 "
    "技术人才 人才 专家 高层次人才 技术难题 难点 瓶颈 拉力 精度 寿命 强度 硬度 韧性 耐磨性 性能 "
    "质量 稳定性 可靠性 安全性 一致性 效率 功率 含量 纯度 成本 价格 噪音 噪声 异味 气味 外观 尺寸 "
    "厚度 粗糙度 颜色 色差 光泽 均匀性 平整度 品质 指标 参数 数据 信息 情况 状态"
)
_TRAIL_STRIP = frozenset(_TRAIL_STRIP_TEXT.split()) | NOT_PRODUCT_WORDS
_PROPERTY_SUFFIX = re.compile(r"(率|性|度|值|系数|含量|量)$")
# Whole phrases that are named in needs but are no products: programmes, qualifications, systems of management.
_NOT_A_PRODUCT = re.compile(
    r"^(高新技术|高新技术企业|专精特新|小巨人|单项冠军|企业技术中心|技术中心|工程技术研究中心|重点实验室|实验室|"
    r"科技项目|科技计划|重点研发计划|质量奖|名牌|地理标志|商标|品牌|品字标|质量管理体系|管理体系|体系|内审员|"
    r"质检员|焊工|员工|人员|中层干部|团队|院士工作站|工作站|研究院|研究所|大学|学院|高校|科研院所|机构|第三方|"
    r"报告|检测报告|证书|资质|保密资质|电磁兼容|可靠性|安全性|全寿命周期|全生命周期|生命周期|一站式|成果转化|"
    r"技术转让|产学研|新产品|产品|样品|工艺参数|配方|原材料|原料|材料|设备|仪器|装置|系统|软件|硬件|平台|"
    r"生产线|产线|车间|厂房|园区|客户|用户|市场|国家标准|行业标准|团体标准|地方标准|企业标准|标准|法规|政策|"
    r"需求|问题|原因|机理|方案|方法|技术|工艺|性能|质量|成本|效率|寿命|精度|能耗|节能|环保|绿色|安全|健康|"
    r"智能|数字化|智能化|自动化|信息化|智能制造|大数据|人工智能|物联网|云计算|区块链|互联网|数据|算法|模型|"
    r"高温|低温|常温|高压|低压|超高压|国内|国外|国际|欧洲|欧盟|美国|日本|海外|全国|全球|本地|当地|"
    r"公司|企业|工厂|集团|行业|产业|领域|总部|分厂|基地|我们|合作方|对方|专家|老师|老板|品控|技术人员|负责人|"
    r"化学|医药|医疗|制药|生物|光学|机械|电气|电子|化工|冶金|能源|农业|工业|测绘|通讯|通信|信息|特色|保密|涉密|"
    r"更新换代|名牌产品|名优产品|优质产品|绿色食品|有机食品|地理标志产品)$")
# Times and durations: "一个月内", "保质期18个月", "2027年度".
_TIME = re.compile(r"(\d+|[一二两三四五六七八九十半]+个?)(年度?|月|日|号|天|周|小时|季度)|[内前后]$|保质期")
# A failure, fault or complaint right after the phrase: "X出现…", "X开裂", "X在高温下退磁".
_FAIL_AFTER = re.compile(
    r"^(的?(在|于)[^，。；]{0,14}?(中|时|后|下|过程中|期间))?(的)?(在客户[^，。；]{0,8})?"
    r"(总是|老是|经常|常常|频繁|偶发|偶尔|严重|容易|一直|又|也|均|都|普遍|会|时有|多次)?"
    r"(出现|发生|存在|产生|有|开裂|断裂|裂纹|泄漏|漏油|漏液|漏气|渗漏|失效|失灵|异响|生锈|锈蚀|起雾|超标|不合格|衰减|"
    r"退磁|失磁|报警|变形|腐蚀|脱落|死机|烧毁|起火|发黑|发黄|变黄|黄变|起泡|起皱|起球|掉色|褪色|鼓包|短路|"
    r"噪声大|噪音大|不稳定|不达标|达不到|测不准|不准|漂移|波动|偏低|偏高|过高|过低|过大|较差|差|低|高|下降|上升|"
    r"缩痕|砂眼|气孔|夹杂|翘曲|磨损|老化|堵塞|卡死|粘连|分层|沉淀|结晶|返修|投诉|故障|问题|缺陷|难题|瓶颈|"
    r"良率|收率|合格率|成品率|废品率|寿命短|效率低|易|容易|无法|不能|难以|不够|不足|读数)")
# A service or study of the phrase right after it: "X的失效分析", "X做型式试验", "X检测".
_SERVICE_AFTER = re.compile(
    r"^(的|进行|做|开展|需要|需|要)?(各项|相关|全面的?|全性能|常规|定期|年度|第三方|现场|在线|重新|批量)?"
    r"(失效分析|原因分析|检测|检验|测试|试验|型式试验|型式检验|型式评价|校准|检定|溯源|计量|测量|评价|评估|认证|"
    r"研发|开发|研制|设计|研究|改进|改良|优化|升级|攻关|分析|诊断|验证|生产工艺|工艺|制备|制作|生产|加工|"
    r"技术|方案|配方|标准|寿命|性能|可靠性|安全|质量|精度|表面|强度|硬度|耐|抗|防|降|提高|提升|减|增|"
    r"成分|含量|纯度|尺寸|厚度|粗糙度|颗粒|结构|参数|指标|稳定性|一致性|收缩|收率|产率|良率|功效|营养|农残|"
    r"微生物|重金属|甲醛|铅|水分|灰分|色牢度|孔隙率|起球|盐雾|噪声|能效|热效率|疲劳|爆破|拉伸|弯曲|冲击|"
    r"摩擦|耐磨|迁移|EMC|ESD|UN|IEC|CB|CE|CCC|REACH|RoHS|UKCA|FCC|EN\d|GB)", re.I)
# A service a few words on ("骨科植入物需要做生物相容性检测"): weaker than one right after the phrase.
_SERVICE_NEAR = re.compile(r"^[^，。；：:,;、！？]{0,9}?(失效分析|原因分析|检测|检验|测试|试验|型式试验|校准|检定|溯源|"
                           r"测量|评价|评估|认证|研发|开发|研制|攻关|分析|诊断|验证|改进|优化)")
# Certification marks and standards' names, which a need often names right before its service: never the product.
_MARK = re.compile(r"^(CE|UKCA|EN\s?\d*|REACH|RoHS|CCC|FCC|UL|CB|EMC|ESD|CMA|CNAS|ISO|IEC|GB|GB/T|GMP|IATF|HACCP|"
                   r"SPC|PPAP|NDA|MDR|FDA|AS/NZS|ASTM|UN38\.3|3C|QS|SC|OEM|ODM)[\d\-./]*$", re.I)
# Before the phrase: the enterprise's own thing, a service on it, the thing to develop, the company's line.
_OWN_BEFORE = re.compile(r"(我们|我司|我厂|公司|本公司|企业|咱们厂|厂里|我单位|我们厂|厂)(的|生产的|做的|研发的|"
                         r"研制的|开发的|自产的|出口的|新研制的|新研发的|新设计的|的新型|的一款)(一款|一种|一批|这批|这款|新型|"
                         r"新研制的|新研发的)?$")
_ON_BEFORE = re.compile(r"(对|给|为|针对|帮忙测一下|测一下|检测|测试|校准|检定|做)(我们的?|我司的?|公司的?|这批|"
                        r"一批|一款|一台|一个|批|该)?(新型|新研发的|新研制的|新设计的|一款新|一种)?$")
_DEVELOP_BEFORE = re.compile(r"(研发|开发|研制|设计|制备|试制|定制|升级|改进|改良|优化|开发出|研究|生产出|制作)"
                             r"(一种|一款|一套|一台|一个|新型|新一代|新的|高性能)*$")
_DEVELOP_NEAR = re.compile(r"(研发|开发|研制|制备|试制|定制)(一种|一款|一套|一台)?[^，。；：、]{1,8}的$")
_LINE_BEFORE = re.compile(r"(生产|主营|专注于?|做|主要生产|专业生产|主要从事|从事|经营|制造|产品是|产品为|产品：|"
                          r"产品:|卖)(各种|各类)?$")
_PRODUCT_IS = re.compile(r"(产品是|产品为|产品有|产品[：:]|主营产品[是为：:]?|我们的产品|我司产品)[^，。；：:、]{0,6}$")
# "新出了一款发热瓷砖", "推出一种新型涂料": a classifier that introduces the thing the need is about.
_INTRODUCED_BEFORE = re.compile(r"(新出了?|推出了?|上市了?|新研制了?|新开发了?|新做了?|有)(一|这|两)(款|种|类|型)"
                                r"(新的?|新型)?$")
_FORM_BEFORE = re.compile(r"(产品|需求|内容|需求内容|项目)[：:]\s*$")
_COMPANY_AFTER = re.compile(r"^(的)?(生产|制造|加工)?(企业|厂|工厂|公司|厂家|厂商|集团|行业|供应商|生产商|制造商|"
                            r"专业制造商)")
_TITLE = re.compile(r"^\s*(?:【[^】]{1,12}】)?(?P<title>[^：:。！？!?\n]{2,80}?)[：:]")
_NOT_TITLE = re.compile(r"(我们|我司|我厂|你们|请问|咨询|求助|老板|问$|您好|你好|老师|背景|需求方|预算|经费|地点|时间|"
                        r"备注|说明|简介|注意|^(需求|内容|产品|问题|要求|技术需求|需求内容|需求描述|需求名称|项目|"
                        r"技术难题|难题|目标|现状|合作方式|主要内容|技术指标|需求简介)$)")
_NOMINAL_FLAGS = ("n", "v", "a", "b", "l", "i", "j", "s", "z", "g", "x", "m", "eng", "vn", "an", "nz")


@dataclass
class _Tok:
    word: str
    flag: str
    start: int
    end: int


@dataclass
class _Candidate:
    text: str
    start: int
    end: int
    score: float


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    for pair in pos_tagger().lcut(text, HMM=True):
        out.append(_Tok(pair.word, pair.flag, pos, pos + len(pair.word)))
        pos += len(pair.word)
    return out


def _alnum(word: str) -> bool:
    return bool(re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.\-+]*", word))


def _joinable(tok: _Tok) -> bool:
    """Whether a token may be part of a product phrase at all."""
    w, f = tok.word, tok.flag
    if not w.strip() or w in _BREAK_WORDS:
        return False
    if _alnum(w):
        return True
    if w in ("-", "/", "·", "+"):
        return True
    if f.startswith(_BREAK_FLAGS) or f in ("x", "w"):
        return False
    if f == "m":
        # 一批, 两台, 第三: counts, not products (alphanumeric model numbers pass above; 多路, 大米 are words)
        # a bare numeral may start a name (十二烷基硫酸钠, 六关节机器人)
        return not re.fullmatch(r"[一二两三四五六七八九十百千万亿几半每数第〇零\d.]+"
                                r"[个台件只套批种项次位名家条根块片张吨万年月天]", w)
    return f.startswith(_NOMINAL_FLAGS)


def _is_noun(tok: _Tok) -> bool:
    return (tok.flag.startswith(("n", "eng", "j", "l", "g", "b", "m")) and tok.flag not in ("nt",)) or _alnum(tok.word)


def _trim(run: list[_Tok], places: list[tuple[int, int]]) -> list[_Tok]:
    def is_place(tok: _Tok) -> bool:
        return any(s <= tok.start and tok.end <= e for s, e in places)

    while run and (run[0].word in _LEAD_STRIP or run[0].word in _BREAK_WORDS or is_place(run[0])
                   or (len(run[0].word) == 1 and run[0].flag.startswith("v") and len(run) > 1)
                   or run[0].word in ("-", "/", "·", "+") or (run[0].flag.startswith(("v", "a", "d")) and
                   len(run) > 1 and run[0].word in NOT_PRODUCT_WORDS)):
        run = run[1:]
    while run and ((run[-1].word in _TRAIL_STRIP and not (len(run) > 1 and run[-1].word in _GENERIC_HEADS))
                   or run[-1].word in ("-", "/", "·", "+")
                   or (len(run) > 1 and len(run[-1].word) >= 3 and _NOT_PRODUCT_END.search(run[-1].word))
                   or (len(run[-1].word) >= 2 and _PROPERTY_SUFFIX.search(run[-1].word) and len(run) > 1)
                   or (run[-1].flag.startswith(("v", "a", "d", "u", "m")) and not _alnum(run[-1].word)
                   and len(run) > 1 and run[-1].flag != "vn")):
        run = run[:-1]
    return run


# Generic heads that make a product phrase when something names them ("疏水装置", "质量数据平台"), never alone.
_GENERIC_HEADS_TEXT = (
    "材料 设备 装置 系统 器具 部件 零件 元件 制品 用品 器材 平台 模块 软件 工具 仪器 仪表 机组 "
    "组件 总成 产品 机器人 芯片 电路 传感器"
)
_GENERIC_HEADS = frozenset(_GENERIC_HEADS_TEXT.split())


def _valid(phrase: str, run: list[_Tok]) -> bool:
    if len(phrase) < 2 or not (_CJK.search(phrase) or _LATIN_WORD.search(phrase)):
        return False
    if _NOT_A_PRODUCT.match(phrase) or phrase in NOT_PRODUCT_WORDS:
        return False
    if _TIME.search(phrase):
        return False
    if _MARK.match(phrase) or re.match(r"^\d+(台件|台|件|个|只|套|批|吨|万|人|名|家|项|次)", phrase):
        return False
    if re.fullmatch(r"[0-9.\-+/A-Za-z]{1,3}", phrase) or re.fullmatch(r"[0-9.\-+/]+", phrase):
        return False  # "CE", "304" alone: a mark or a grade, not the product
    first = run[0]
    one_noun = (first.flag.startswith(("n", "eng", "j", "l")) and first.flag not in ("nt", "ns")) or _alnum(first.word)
    return len(run) > 1 or one_noun or product_head(phrase) is not None


def _title_end(text: str) -> int:
    m = _TITLE.match(text)
    if m and not _NOT_TITLE.search(m.group("title")) and len(m.group("title")) <= 60:
        return m.end("title")
    if len(text) <= 40 and not re.search(r"[，,。；;！？!?]", text) and not re.search(r"(我们|我司|需要|想)", text):
        return len(text)  # a bare title ("抗酸辣抗介质聚氨酯胶黏剂")
    return 0


def _candidates_zh(text: str) -> list[_Candidate]:
    toks = _tokens(text)
    places = [(m.start, m.end) for m in find_places(text)]
    issuer = re.match(r"^[\u4e00-\u9fff]{2,4}(?=[-－—])", text)
    if issuer:
        places.append((0, issuer.end()))  # "宝武-板坯表面缺陷识别": the issuer's name, like a place, is no product
    title_end = _title_end(text)
    runs: list[list[_Tok]] = []
    run: list[_Tok] = []
    for tok in toks:
        # A one-character classifier right after a nominal word is part of it ("充电|桩", "光伏|板"); after a
        # numeral it counts (一批, 两台) and breaks the phrase.
        glued = tok.flag == "q" and len(tok.word) == 1 and bool(run) and run[-1].flag != "m" \
            and tok.word not in _BREAK_WORDS
        if _joinable(tok) or glued:
            run.append(tok)
        else:
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    out: list[_Candidate] = []
    for raw in runs:
        for part in _split_at_inner_breaks(raw):
            trimmed = _trim(part, places)
            if not trimmed:
                continue
            start, end = trimmed[0].start, trimmed[-1].end
            phrase = text[start:end].strip()
            if any(s <= start and end <= e for s, e in places) or not _valid(phrase, trimmed):
                continue
            score = _score_zh(text, start, end, phrase, title_end) + _flag_prior(trimmed)
            if text[end:end + 1] == "的" and not _is_noun(trimmed[-1]):
                score -= 2.0  # "可降解的农用地膜": a modifier of what follows
            out.append(_Candidate(phrase, start, end, score))
    _share_list_cues(text, out)
    _prefer_heads(text, out)
    return out


def _prefer_heads(text: str, cands: list[_Candidate]) -> None:
    """"车载控制器的PCBA板": of two names joined by 的, the second is the thing and the first says whose it is."""
    for first, second in itertools.pairwise(cands):
        if text[first.end:second.start] == "的" and _PRODUCT_END.search(second.text):
            first.score = min(first.score, second.score - 0.01)


_SPLIT_WORDS = _words(
    "检测 检验 测试 试验 测量 测定 校准 检定 溯源 分析 失效分析 评价 评估 评定 认证 认可 咨询 培训 辅导 服务 "
    "研发 开发 研制 设计 研究 攻关 改进 优化 改良 升级 改造 提升 提高 验证 诊断 申报 申请 起草 制定 整改 "
    "技术 工艺 方法 方案 标准 专利 商标 品牌 项目 成果 报告 证书 资质 体系 管理 合作 转化 型式试验 型式检验")


def _split_at_inner_breaks(run: list[_Tok]) -> list[list[_Tok]]:
    """A run is split at a service or need word inside it ("钢球加工过程热处理" stays whole only when no such word
    stands between two product words): both sides are candidates."""
    parts: list[list[_Tok]] = [[]]
    for tok in run:
        if tok.word in _SPLIT_WORDS:
            if parts[-1]:
                parts[-1].append(tok)  # kept for the trailing trim, which drops it
                parts.append([])
            continue
        parts[-1].append(tok)
    return [p for p in parts if p]


# How a product phrase ends: a thing made (…器, …机, …板, …系统) rather than a property, a process or a discipline.
_PRODUCT_END = re.compile(
    r"(系统|装置|设备|平台|模块|芯片|电路|软件|传感器|材料|制剂|组件|部件|元件|机组|总成|制品|产品|用品|器具|工具|"
    r"仪表|器件|结构件|零件|配件|原料药|中间体|添加剂|助剂|涂料|食品|饮料|药物|药品|疫苗|试剂|菌剂|纤维|面料|"
    r"[器机仪件板管材剂料膜片线缆泵阀池车药酒茶油液粉胶纸布纱丝杯具柜锁表计灯头体块环圈座架箱壳模轮轴钢铁铜"
    r"铝锭砖瓦窗门柱杆桩罐瓶袋包盒膏霜露酱醋奶乳肉蛋米面菜果籽苗服鞋帽衣袜被毯毡绳网钉栓簧链刀钻锯砂石玻瓷"
    r"漆墨肥炉窑灶舱船艇桥梁屏镜芯碟盘卡签壶锅碗盆桶筒带套罩垫扣夹钳尺秤塔柑桃莓鱼禽鸭鸡猪牛羊虾蟹贝藻"
    r"菇粒球棒锤斗铲耙犁辊锻铸焊胎衬串条索巾帕裙裤衫胞素酶肽糖盐酸碱醇酯烯烷苯酮胺剂矿煤气水土泥渣废])$")
_NOT_PRODUCT_END = re.compile(
    r"(成分|性能|系数|电阻|老化|冲击|循环|启动|效应|现象|指标|参数|工况|环境|条件|能力|水平|方式|模式|速度|形态|"
    r"过程|问题|原因|方法|技术|工艺|设计|工程|识别|通讯|通信|染色|铸造|分析|检测|测试|试验|评价|标定|计量|测量|"
    r"管理|服务|培训|咨询|认证|标准|体系|项目|计划|规划|策划|方案|平衡|控制|调度|融合|应用|研究|开发|研发|"
    r"注册|知识|绿带|黑带|监管|画像|框架|作业|联网|"
    r"[率性度值量力])$")


def _prior_zh(phrase: str) -> float:
    """How much a phrase looks like a product on its own, whatever surrounds it. A one-character ending says little
    of a two-character word (团体, 上门), so it counts from three characters on."""
    prior = 0.0
    if product_head(phrase):
        prior += 1.0
    end = _PRODUCT_END.search(phrase)
    if end and (len(phrase) >= 3 or len(end.group(0)) >= 2):
        prior += 1.0
    if _NOT_PRODUCT_END.search(phrase):
        prior -= 2.0
    return prior


def _flag_prior(run: list[_Tok]) -> float:
    """jieba's tag of the last word, as weak evidence: a noun ends a product phrase, a verb or an adjective rarely."""
    last = run[-1]
    if last.flag.startswith(("n", "eng")) or _alnum(last.word):
        return 0.3
    if last.flag.startswith(("v", "a", "d", "b", "m")) and last.flag != "vn":
        return -0.5
    return 0.0


_AFTER_FILLER = re.compile(r"^(（[^）]{0,20}）|\([^)]{0,20}\))?"
                           r"(每年|每月|每批|定期|都|也|均|要|需要|需|还|送|拿去|出厂前|上市前|等)*")


def _score_zh(text: str, start: int, end: int, phrase: str, title_end: int) -> float:
    before = text[max(0, start - 12):start]
    after = text[end:end + 24]
    after = after[_AFTER_FILLER.match(after).end():]  # type: ignore[union-attr]
    score = 0.0
    if end <= title_end:
        score += 3.0 - start * 0.05
    if _FAIL_AFTER.match(after):
        score += 3.0
    if _SERVICE_AFTER.match(after):
        score += 2.5
    elif _SERVICE_NEAR.match(after):
        score += 1.5
    if _OWN_BEFORE.search(before):
        score += 3.0
    if _ON_BEFORE.search(before):
        score += 2.0
    if _DEVELOP_BEFORE.search(before):
        score += 2.5
    elif _DEVELOP_NEAR.search(before):
        score += 2.0
    if _FORM_BEFORE.search(before):
        score += 3.0
    if _LINE_BEFORE.search(before):
        score += 1.5
    if _COMPANY_AFTER.match(after):
        score += 1.0
    if _PRODUCT_IS.search(before):
        score += 3.0
    if _INTRODUCED_BEFORE.search(before):
        score += 2.0
    if re.match(r"^(和|及|与|、)", after) or re.search(r"(和|及|与|、)$", before):
        score += 0.2
    prior = _prior_zh(phrase)
    score = score * (1.0 if prior >= 1.0 else 0.6 if prior >= 0 else 0.25) + prior
    if _COMPANY_AFTER.match(after):
        score = min(score, 2.0)  # the company's line ("生物医药公司"): what the need is about wins over it
    if len(phrase) > 16:
        score -= 1.0
    score -= start * 0.002
    return score


def _share_list_cues(text: str, cands: list[_Candidate]) -> None:
    """The items of a list share the cue after its last item ("压力表、温度计、扭力扳手每年都要送检定"): the first item
    is the product, the others its alternatives."""
    for i in range(len(cands) - 1, 0, -1):
        prev, cur = cands[i - 1], cands[i]
        if re.fullmatch(r"\s*(、|和|及|与|或|以及)\s*", text[prev.end:cur.start]):
            prev.score = max(prev.score, cur.score + (prev.start - cur.start) * 0.002 + 0.01)


def read_product_zh(text: str) -> str | None:
    """A real need's title names its product when it names one ("高端高压柱塞泵与控制技术：<company profile>"), so a
    good enough title candidate wins over anything in the description."""
    cands = _candidates_zh(text)
    title_end = _title_end(text)
    in_title = [c for c in cands if c.end <= title_end]
    if in_title:
        best_title = max(in_title, key=lambda c: c.score)
        if best_title.score >= 2.0:
            return best_title.text
    best = max(cands, key=lambda c: c.score, default=None)
    if best is None or best.score < 0.9:
        return None
    return best.text


# ---------------------------------------------------------------------------------------------------------------
# English
_EN_STOP_TEXT = (
    "a an the our your their its this that these those my we us you they it is are was were be been am do does "
    "did have has had will would can could should may might must shall need needs want wants like would please "
    "help in on at to for of with from by per under over after before during within about around into onto up "
    "down out and or but also as than then so if when while because which who whom what where how why all any "
    "some each every both no not only just very more most less least new old first second last next other another "
    "such there here where located based using use used make makes made making produce produces produced "
    "producing manufacture manufactures manufactured manufacturing develop developing developed design designing "
    "designed test tests testing tested calibrate calibration calibrated verify verified verification measure "
    "measured measurement analysis analyse analyze evaluate evaluation report reports certificate certificates "
    "quote budget deadline timeline rmb cny usd yuan hkd eur k million thousand per within days weeks months year "
    "years show shows showed crack cracks cracked cracking fail fails failed failing turn turns turned leak leaks "
    "leaking break breaks broke found find apply applies applied sold sell sells export exports exporting "
    "sourcing source building build set setup run runs hi hello dear team lab laboratory company factory plant "
    "firm mill startup start-up customer customers buyer buyers partner market markets headquarters hq staff "
    "standard standards regulation regulations requirement requirements method methods process processes "
    "problem problems issue issues cause root service services consultant consultation training application "
    "certification compliance information ip patent patents brand status designation award accredited third-party "
    "third party routine type nda confidential anonymous name asap rush rated grade together jointly"
)
_EN_STOP = frozenset(_EN_STOP_TEXT.split()) | _words(
    "still often always frequently usually sometimes easily already currently now soon quickly mainly mostly "
    "wanted needed required sought seeking looking drop drops dropped rise rises fall falls increase increases "
    "decrease decreases cause causes causing caused lead leads leading affect affects affected tend tends prevent "
    "prevents detect detects detecting rub rubs become becomes became remain remains get gets got occur occurs "
    "appear appears happen happens reduce reduces improve improves improving improved provide provides require "
    "requires achieve achieves meet meets cannot can't don't doesn't isn't aren't lacks lack lose loses "
    "improvement improvements optimisation optimization upgrade upgrading")
_EN_NOT_PRODUCT_TEXT = (
    "company factory plant firm mill startup lab laboratory team customer customers buyer market headquarters "
    "staff partner report test tests testing standard method process quality problem issue cause analysis service "
    "training application certification compliance information patent brand budget deadline timeline "
    "investigation development research project results result data system-wide cost price time product products "
    "chain operator station business trading store shop roastery bakery winery group accuracy performance "
    "strength quality durability reliability safety parent indication enterprise status designation exporter "
    "importer maker manufacturer producer supplier distributor vendor brand integration"
)
_EN_NOT_PRODUCT = frozenset(_EN_NOT_PRODUCT_TEXT.split())
_EN_WORD = r"[A-Za-z0-9][A-Za-z0-9\-+/.]*"
_EN_FAIL_AFTER = re.compile(r"^\s*(?:\([^)]{1,40}\)\s*)?(?:in [a-z ]{2,30}\s+)?(show|shows|showed|crack|cracks|cracked|"
                            r"fail|fails|failed|turn|turns|leak|leaks|leaked|break|breaks|overheat|overheats|"
                            r"corrode|corrodes|rust|rusts|warp|warps|suffer|suffers|are failing|keep)\b", re.I)
_EN_COMPANY_AFTER = re.compile(r"^\s+(exporter|maker|manufacturer|producer|supplier|company|factory|plant|mill|firm|"
                               r"roastery|brand|business)\b", re.I)
_EN_CUE_BEFORE = re.compile(
    r"(?:\b(?:makes?|making|produces?|producing|manufactures?|manufacturing|maker of|manufacturer of|supplier of|"
    r"sourcing|exporting|exporter of|developing|develop|development of|design|designing|build|building|"
    r"set up|calibrate|calibration of|verify|verification of|testing of|testing|test|tests of|analysis of|"
    r"evaluation of|measurement of|inspection of|for|of|on|our)\s+(?:a|an|the|our|some|all)?\s*(?:\d[\d,]*\s+)?)$",
    re.I)
_EN_WEIGHTS = (
    (re.compile(r"\b(makes?|making|produces?|producing|manufactures?|manufacturing|maker of|manufacturer of|"
                r"supplier of|sourcing|exporter of|exporting)\s+(?:a|an|the)?\s*$", re.I), 3.0),
    (re.compile(r"\b(developing|develop|development of|design|designing|build|building|set up)\s+"
                r"(?:a|an|the|our)?\s*(?:new\s+|novel\s+)?$", re.I), 3.0),
    (re.compile(r"\bour\s+(?:\d[\d,]*\s+)?$", re.I), 3.0),
    (re.compile(r"\b(calibrate|calibration of|verify|verification of|testing of|tests? of|analysis of|"
                r"evaluation of|measurement of|inspection of|calibrate our|cracking on)\s+(?:our|the|a|an)?\s*"
                r"(?:(?:about|around|some|over|nearly|approximately|roughly|more than)\s+)?(?:\d[\d,]*\s+)?$",
                re.I), 3.0),
    (re.compile(r"\bfor\s+(?:our|the|a|an)?\s*$", re.I), 1.5),
    (re.compile(r"\b(needs?|wants?|requires?|run|runs|sell|sells|export|exports)\s+(?:a|an|the|our)\s+"
                r"(?:small\s+|new\s+)?$", re.I), 2.0),
    (re.compile(r"\b(of|on)\s+(?:our|the|a|an)?\s*(?:\d[\d,]*\s+)?$", re.I), 1.0),
)


def _en_phrases(text: str) -> list[tuple[int, int]]:
    """Maximal runs of words that are not function, verb or need words: the English noun-phrase candidates."""
    spans: list[tuple[int, int]] = []
    run_start = run_end = -1
    for m in re.finditer(_EN_WORD, text):
        word = m.group(0).rstrip(".")
        low = word.lower()
        gap = text[run_end:m.start()] if run_end >= 0 else ""
        joinable = (low not in _EN_STOP and not re.fullmatch(r"[\d.,]+", word)
                    and not re.fullmatch(r"(?:iso|gb|en|iec|astm|ul|as|nzs|t)[\d/.\-]*", low))
        if joinable and run_end >= 0 and re.fullmatch(r"[ \-]?", gap):
            run_end = m.start() + len(word)
            continue
        if run_start >= 0:
            spans.append((run_start, run_end))
        run_start, run_end = (m.start(), m.start() + len(word)) if joinable else (-1, -1)
    if run_start >= 0:
        spans.append((run_start, run_end))
    return spans


# A real need's title before its description ("Automotive hydrogen circulation pump: the gearbox leaks…").
_EN_TITLE = re.compile(r"^\s*(?P<title>[^:.!?\n]{3,90}?):")
_EN_NOT_TITLE = re.compile(r"\b(we|our|i|you|hello|hi|dear|budget|deadline|location|timeline|note|background|"
                           r"requirement|requirements|need|needs|problem|question)\b", re.I)
_EN_COMPANY_HEADS = _words(
    "company factory plant firm mill startup start-up exporter importer maker manufacturer producer supplier "
    "distributor vendor roastery bakery winery brewery shop store business operator group")
# Properties of the thing, dropped from the end of its phrase ("water quality" → water).
_EN_PROPERTIES = _words(
    "quality accuracy performance strength durability reliability safety product products yield technology "
    "technologies technique techniques solution solutions protection prevention control management processing "
    "recycling utilization utilisation removal reduction treatment")
# Defects are what happens to the product, not the product ("Warpage has become a serious problem").
_EN_DEFECTS = _words(
    "warpage porosity cracking crack cracks corrosion rust noise leakage leak failure failures defect defects "
    "deformation discoloration yellowing fading wear breakage")
# Sectors, not things made: "a pharma company", "a food company".
_EN_SECTORS = _words(
    "pharma pharmaceutical food foods medical device devices textile textiles tech technology software trading "
    "chemical chemicals auto automotive electronics logistics energy hong kong japanese-invested sino-german jv "
    "german-owned foreign-invested local small large state-owned private")


def read_product_en(text: str) -> str | None:
    """The noun phrase with the strongest cue ("our X", "X fail", "testing of X", "makes X"). A phrase headed by a
    company word keeps its modifier as the company's line ("a furniture exporter" → furniture); one headed by any
    other non-product word is no product at all ("a geographical indication")."""
    best: tuple[float, int, str] | None = None
    title = _EN_TITLE.match(text)
    title_end = title.end("title") if title and not _EN_NOT_TITLE.search(title.group("title")) else 0
    for start, end in _en_phrases(text):
        words = text[start:end].split()
        company = False
        while words and words[-1].lower() in _EN_COMPANY_HEADS | _EN_PROPERTIES:
            company = company or words[-1].lower() in _EN_COMPANY_HEADS
            words.pop()
        if (not words or words[-1].lower() in _EN_NOT_PRODUCT | _EN_DEFECTS
                or all(w.lower() in _EN_SECTORS for w in words)):
            continue
        if len(words) == 1 and words[0][:1].isupper() and _is_place_en(text, start, start + len(words[0])):
            continue
        phrase = " ".join(words)
        if len(phrase) < 3 or _MARK.match(phrase) or re.fullmatch(r"[A-Z0-9/\-.]{2,10}", phrase):
            continue
        if len(words) == 1 and re.match(r"(anti|non|self|high|low|multi)-", phrase, re.I):
            continue
        before = text[max(0, start - 40):start]
        after = text[end:end + 40]
        score = max((w for rx, w in _EN_WEIGHTS if rx.search(before)), default=0.0)
        if _EN_FAIL_AFTER.match(after):
            score += 3.0
        if company:
            score += 2.0
        if end <= title_end:
            score += 4.0 - start * 0.01  # a title that names a product names the need's product
        score -= start * 0.001
        if best is None or score > best[0]:
            best = (score, start, phrase)
    if best is None or best[0] < 0.9:
        return None
    return best[2]


# English "-ing" words that are things, not activities.
_EN_THING_ING = _words("bearing bearings housing housings fitting fittings coating coatings casting castings tubing "
                       "packaging lining linings clothing bedding building buildings wiring forging forgings")


def names_a_thing(phrase: str) -> bool:
    """Whether a phrase, taken alone, looks like a made thing: a known product head or a thing's ending in Chinese
    ("…板", "…壳体"); in English a last word that is no activity, defect, property or function word. The dialogue
    asks this of a short clause before it lets the clause name the product unasked ("结果是合格" and "it passed" do
    not)."""
    phrase = phrase.strip()
    if not phrase:
        return False
    if not _CJK.search(phrase):
        last = phrase.split()[-1].lower().strip(".,;:!?")
        if last in _EN_NOT_PRODUCT | _EN_DEFECTS | _EN_STOP | _EN_PROPERTIES | _EN_COMPANY_HEADS:
            return False
        return not (re.search(r"(ed|ing|ly)$", last) and last not in _EN_THING_ING)
    return _prior_zh(phrase) >= 1.0


def _is_place_en(text: str, start: int, end: int) -> bool:
    return any(m.start <= start and end <= m.end for m in find_places(text))


def _is_english(text: str) -> bool:
    return len(_CJK.findall(text)) < 4 and len(_LATIN_WORD.findall(text)) >= 3


def extract_product(text: str) -> str | None:
    """The thing the need is about (储能电池, 钛合金接骨板, stainless steel pipe fittings), or None when the text names
    no product (README of tests/intake/data/products is the convention)."""
    body = re.sub(r"\s+", " ", text or "").strip()[:READ_CHARS]
    if not body:
        return None
    if _is_english(body) or (not _CJK.search(body) and _LATIN_WORD.search(body)):
        return read_product_en(body)  # a short English answer ("it passed") is read as English too
    return read_product_zh(body)


def extract_problem(text: str) -> str:
    """The first sentence that describes the trouble (the text itself, trimmed)."""
    sentences = [s.strip() for s in re.split(r"(?<=[。！？!?.])\s*", text) if s.strip()]
    for s in sentences:
        if re.search(r"(问题|失效|开裂|报警|不合格|故障|异常|超标|腐蚀|泄漏|不稳定|problem|fail|crack|defect|"
                     r"issue)", s, re.I):
            return s[:200]
    return (sentences[0] if sentences else text)[:200]


def make_title(product: str | None, industry: str | None, service_types: list[ServiceType], language: str) -> str:
    subject = product or industry
    if language == "en":
        labels = ", ".join(SERVICE_TYPE_LABELS[s][1] for s in service_types[:2]) or "technical innovation"
        return (f"{subject}: {labels} need" if subject else f"{labels[:1].upper()}{labels[1:]} need")[:120]
    labels = "、".join(SERVICE_TYPE_LABELS[s][0] for s in service_types[:2]) or "技术创新"
    return f"{subject or ''}{labels}需求"[:120]
