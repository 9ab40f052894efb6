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
3. English text is read by the same idea without a tagger: noun phrases are runs of words that are no function word,
   verb, adverb, number or need vocabulary (services, defects, properties, organisations, people, places); a
   phrase's ends are trimmed of what says something about it ("battery issues", "Sinara CE certification") and it
   is scored by its cues ("our X", "X fails", "calibration of X", "develop a X", "makes X", a title that names a
   thing) and by what the text says of the same thing elsewhere. English keeps its line breaks, which set a title
   apart.
jieba's tagger is built once per process (:mod:`intake.extract.tagger`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from intake.extract.region import find_places
from intake.extract.service_types import PRODUCT_MARKS
from intake.extract.tagger import pos_tagger
from kb.products import NOT_A_PRODUCT, NOT_PRODUCT_WORDS, STATE_WORDS, product_head
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
# Verbs of worry, suspicion and judgement: what follows is what the enterprise fears or suspects of a thing, a part of
# it or a cause ("担心单体间隔热垫不够", "怀疑是电磁阀有问题", "感觉是电源模块的滤波电路不够";
# :func:`_worried_part_gives_way`).
_WORRY_VERBS = ("担心", "担忧", "怕", "害怕", "生怕", "恐怕", "怀疑", "疑似", "估计", "猜", "猜测", "感觉", "觉得",
                "觉着", "认为", "顾虑", "不放心")
# Words that end or start no product: predicates, chat and need words (besides kb's NOT_PRODUCT_WORDS).
_BREAK_WORDS_TEXT = (
    "是 有 要 想 需 需要 希望 进行 做 搞 开展 出现 发生 存在 导致 造成 影响 解决 实现 达到 "
    "满足 采用 通过 寻求 寻找 找 引进 提供 帮 帮忙 帮助 请 用 用于 使用 应用 生产 制造 加工 "
    "研发 开发 研制 设计 制备 试制 主营 经营 专注 从事 主要 专业 专门 致力于 拥有 具有 具备 成立 "
    "位于 地处 坐落 属于 包括 包含 比如 例如 譬如 诸如 涉及 针对 关于 基于 面向 采购 购买 卖 销售 出口 进口 送检 送 测 "
    "签订 签署 测不准 测不了 能 能否 可以 可 会 不 没有 无法 难以 容易 严重 经常 总是 老是 一直 最近 目前 "
    "现在 现有 已经 已 正在 准备 计划 拟 预计 打算 急需 亟需 迫切 求 求助 咨询 了解 推荐 合作 "
    "联合 共同 一起 开裂 断裂 泄漏 漏油 漏液 渗漏 失效 失灵 异响 生锈 起雾 超标 不合格 衰减 退磁 "
    "漏水 漏气 渗水 进水 发烫 过热 烧坏 "
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
    # the buyer's own place in a notice ("顾问为本市提供专业服务")
    "本市 本县 本区 本省 本镇 我市 我县 我区 我省 全市 全县 全区 全省 "
    "有点 有些 有一点 一点 一些 有的 好像 似乎 大概 可能 发白 发红 发花 变色 开胶 掉漆 起皮 批货 货物 东西 "
    # a question's opening and what a certificate is asked of ("请问软件是否需要取得…认可的报告": the question, not
    # the thing; issue 27)
    "请问 请教 想问 问一下 咨询一下 取得 获得 持有 办理 "
    # what a question opens with ("不知shenyu在等保上是否做过对应测评" read 不知shenyu; the product on sets never seen)
    "不知 不知道 想知道 是否 符合 支持 可否 经过 做过 "
    # what is done to a report or a label ("可以标注产品的安全标准吗" read 标注产品, "出具CMA报告" 出具CMA)
    "标注 出具 "
    # how soon a fault showed ("铝合金支架装上去没多久就开裂了" read 铝合金支架装上去没多久; a new user on the chat
    # page, 2026-11-28)
    "没多久 不久 多久 很久 装上去 装上 用上 用了 "
    # … and how long it ran before it did ("RV减速机跑一段时间回差就变大" read RV减速机跑一段时间, "水泵运行
    # 一段时间后漏水" 水泵运行一段时间; probe23's p217, issue 27)
    "一段时间 一阵子 一阵 一会儿 "
    # a thing introduced without its name ("我们有款新品要出口" read 有款新品; jieba keeps 有款 whole), and a
    # certificate's wording ("要出带CNAS标识的校准证书" read 要出带CNAS标识; the tenth probe: p102, p104)
    "有款 有个 有台 有套 要出 出带 "
    # worry and judgement, which say what the enterprise thinks of a thing, never its name ("担心单体间隔热垫不够" read
    # 担心单体间隔热垫, the title "担心单体间隔热垫检验检测需求"; a new user's trial, issue 27, probe25)
    + " ".join(_WORRY_VERBS) + " 发现 听说 据说 注意到 判断 看来"
)
_BREAK_WORDS = frozenset(_BREAK_WORDS_TEXT.split())
_LEAD_STRIP_TEXT = (
    "新型 新款 新一代 一种 一款 一批 一套 某 某型 某型号 该 本 此 这 这款 这批 我们 我司 公司 "
    "企业 自主 现有 传统 新 高端 专用 各种 各类 不同 相关 国产 进口 年产 用于 采用 基于 面向 "
    "关于 针对 其 所 批 款 台 个 只 件 "
    # what customers say of it ("客户反映齿轮箱外壳开裂" read 反映齿轮箱外壳; the fourteenth probe's variants)
    "反映 反馈 投诉 抱怨 "
    # how many of them ("装车后有一部分控制器烧毁" read 一部分控制器; a new user's trial's kin, issue 27)
    "一部分 部分 大部分 小部分 少部分 个别 少数 多数 有些 一些"
)
_LEAD_STRIP = frozenset(_LEAD_STRIP_TEXT.split()) - {"高端", "专用"}
_TRAIL_STRIP_TEXT = (
    "过程 环节 工序 阶段 方面 领域 行业 产业 企业 公司 工厂 厂 厂家 生产商 制造商 供应商 厂商 "
    "集团 板块 业务 项目 产品 制品 生产 制造 加工 焊接 注塑 成型 热处理 处理 表面 表面处理 配方 "
    "结构 设计 控制 应用 改性 增韧 提纯 回收 利用 综合利用 治理 修复 降解 生物降解 减重 防冻 防控 "
    "防治 储存 养殖 种植 栽培 育苗 移栽 补捉 捕捉 关键 核心 相关 等 类 系列 品种 产品线 新产品 "
    "技术人才 人才 专家 高层次人才 技术难题 难点 瓶颈 拉力 精度 寿命 强度 硬度 韧性 耐磨性 性能 "
    "质量 稳定性 可靠性 安全性 一致性 效率 功率 含量 纯度 成本 价格 噪音 噪声 异味 气味 外观 尺寸 "
    "厚度 粗糙度 颜色 色差 光泽 均匀性 平整度 品质 指标 参数 数据 信息 情况 状态 状况 招标 投标 中标 "
    # the work a demand list's title names after its thing ("电主轴制作", "聚乳酸产业化发展", "NAC升级改造")
    "制作 发展 产业化 工业化 规模化 国产化 升级 推广 示范 仿真 建模 抗震 "
    # a first round of tests before certification ("做一轮摸底测试" read 一轮摸底; the fourteenth probe, p142)
    "摸底 "
    # where it is used or left, said right after the thing ("这款膜户外晒三四个月就发黄了" read 膜户外; the seventeenth
    # probe, p162)
    "户外 室外 室内 野外 露天 "
    # a mark's sign on a certificate ("带CNAS标识的校准证书": the mark, not a thing; the tenth probe: p104)
    "标识 标志"
)
# The condition a failure happens under, said right after the thing ("储能电池包高温报警", "控制器过压保护"): it is
# when the thing fails, not part of its name (found walking the chat in Chromium, issue 27).
_FAIL_CONDITIONS = ("高温", "低温", "高压", "低压", "高湿", "高寒", "过热", "过温", "过压", "过流", "欠压", "温升")
# What a durability test does to the thing, said between the thing and the test ("Type-C接口插拔寿命测试" read
# "Type-C接口插拔": the mating cycles, not the connector; issue 27, probe 6's variants): it ends the thing's name.
_APPLIED_ACTIONS = ("充放电", "插拔", "拔插", "按压", "开合", "开闭", "弯折", "折弯", "扭转", "摇摆", "拉拔")
_TRAIL_STRIP = frozenset(_TRAIL_STRIP_TEXT.split()) | frozenset(_FAIL_CONDITIONS) | frozenset(_APPLIED_ACTIONS) \
    | NOT_PRODUCT_WORDS
_PROPERTY_SUFFIX = re.compile(r"(率|性|度|值|系数|含量|量|等级|读数|示值)$")
# Whole phrases that are named in needs but are never products: kb's one list (:data:`~kb.products.NOT_A_PRODUCT`:
# programmes, qualifications, disciplines, places, tests' names and what they measure, and the words of
# :data:`~kb.products.NOT_PRODUCT_WORDS`), and two shapes of the reader's own: advice asked for, what the service
# gives and never the thing ("…希望做原材料比对检测并给出工艺改进建议" read 建议: the played year's need,
# flows/demo_history.py, titled "建议原材料比对检测需求"; "给点建议" read 点建议), and what a durability test does
# to the thing (:data:`_APPLIED_ACTIONS`).
_NOT_A_PRODUCT = re.compile(
    rf"^({'|'.join(map(re.escape, sorted(NOT_A_PRODUCT)))}|"
    r"(?:一点|一些|点|些|几点|几条)?(?:改进|整改|优化|专业|技术|具体|合理化|指导)?(?:建议|意见)|"
    rf"{'|'.join(_APPLIED_ACTIONS)})$")
# Who buys or where a notice is published, never what is tested (issue 27, real7: "西城区生态环境局", "中国政府采购网",
# "上级计量部门"): a phrase ending in an authority's, an institute's or a hospital's name. A machine's "加工中心" or a
# "充电站" is a thing, so a centre or a station counts only after the work an organisation does.
_ORG_END = re.compile(r"(局|厅|委员会|政府|部门|办公室|管理处|医院|卫生院|研究院|研究所|科学院|计量院|院所|"
                      r"商会|协会|学会|联合会|工商联|学校|"
                      r"(测试|检测|检验|计量|监测|质检)(所|院|站)|(疾控|卫生|检测|检验|计量|监测|服务|研究|采购|交易)中心|"
                      r"采购网|政府网|门户网)$")
# Who is asked to do the work, never what it is done on (issue 27, a new user's trial: "公司生产锂电池模组，…想找
# 机构出个检测报告" read 机构出个, the title "机构出个检验检测需求"): a provider named alone or with what it is
# to issue or do ("第三方实验室", "检测机构", "机构出个", "实验室做个").
_PROVIDER = re.compile(r"^(?:第三方|外部|专业|权威|正规|有资质的?)?的?(?:检测|检验|测试|认证|计量|校准|分析|评价)?"
                       r"(?:机构|实验室|单位|服务商|服务机构|第三方)(?:出具?|做|帮|给|来|开|测)?[个份张次]?$")
# Where the enterprise works, never what it makes ("我们是无锡的一个机加工厂 有一批塞规和环规要校准" read 机加工厂, the
# title "机加工厂校准需求"; the twenty-first probe, p204): a phrase ending in a plant's, a workshop's or a company's
# word.
_WORKPLACE_END = re.compile(r"(厂|工厂|厂家|车间|公司|企业)$")
# A person's job or department, which says who writes, not what about (issue 27, the seventh probe, p76: "我是一家汽车
# 零部件厂的人事" read 人事; "设备科", "质检部", "质量工程师").
_ROLE_END = re.compile(r"(人事|行政|财务|文员|助理|经理|主管|厂长|总监|董事长|工程师|技术员|质检员?|品管|品保|业务员|"
                       r"跟单员?|内勤|会计|出纳|秘书|专员|主任|科长|部长|处长|班组长|组长|负责人|^HR|^人力资源|"
                       r"(?:人事|人力|行政|财务|采购|销售|市场|质检|质量|品质|品管|品保|技术|研发|生产|设备|器械|工程|"
                       r"安全|安环|环保|后勤|总务|仓储|物流|计划|工艺|检验|计量|质控|信息|外贸|业务|综合|动力|医学工程)"
                       r"(?:部|科|处|课|办))$")
# A zone of a town, which says where, not what ("新疆石河子开发区" given for the region read 开发区; the seventh
# probe's variants).
_ZONE_END = re.compile(r"(开发区|高新区|经开区|自贸区|保税区|工业区|工业园|工业园区|产业园|产业园区|科技园|科技园区|"
                       r"新区|园区|片区|城区|市区|郊区|县城)$")
# A notice's own words: how it buys, and why ("单一来源", "促进经济社会高质量发展"), and the labels of its fields
# and the places and parties it lists ("项目名称", "询价函", "检测点", "街镇", "参建主体", "控制效果"; issue 27, real8).
_NOTICE_WORDS = re.compile(r"(单一来源|采购方式|采购人|招标公告|公告|公示|政府采购|经济社会|建议书|决议|法规|范围|意向|"
                           r"名称|询价函|采购函|邀请函|(检测|监测|采样|取样)点位?|街镇|乡镇|主体|效果|概况|基本)$"
                           r"|^(单一来源|促进|基本)")
# Times and durations: "一个月内", "保质期18个月", "2027年度".
_TIME = re.compile(r"(\d+|[一二两三四五六七八九十半]+个?)(年度?|月|日|号|天|周|小时|季度)|[内前后]$|保质期")
# A failure, fault or complaint right after the phrase: "X出现…", "X开裂", "X在高温下退磁".
_FAIL_AFTER = re.compile(
    r"^(的?(在|于)[^，。；]{0,14}?(中|时|后|下|过程中|期间))?(的)?(在客户[^，。；]{0,8})?"
    rf"(({'|'.join(_FAIL_CONDITIONS)}|潮湿|振动)(下|时)?)?"  # "储能电池包高温报警"
    # where on it ("有批弯头焊缝那里发黑生锈"; issue 27 item 6, p179)
    r"((那里|那块|那边|那儿|这里|这块|这边|处|部位|位置|附近|周围|边上)的?)?"
    r"(总是|老是|经常|常常|频繁|偶发|偶尔|严重|容易|一直|又|也|均|都|普遍|会|时有|多次)?"
    # a complaint made of it ("门板扶手被投诉气味大"), and a part on it that failed ("BMS保护板上的MOS管烧了": the
    # board is the thing in question; the tenth probe: p99, p100)
    r"(被(客户|用户|主机厂|消费者|车主|买家|终端|市场)?|上的?[A-Za-z0-9\u4e00-\u9fff]{1,6}?)?"
    # after a while in use ("锂电池包充放电几十次就鼓包了", "螺栓装到客户设备上两三个月就断了": the part that fails, not
    # the company's line named before it; the fourteenth probe, p136, and the thirteenth's p129)
    r"((充放电|循环|使用|用了?|装(上|到[^，。；]{0,8}?上)?|运行|跑了?)?[^，。；\d一二两三四五六七八九十几]{0,2}?"
    r"(\d+|[一二两三四五六七八九十几百千]+)(多|来)?(次|个多?月|月|天|周|年|小时|公里)(左右|多)?(后|之后|以后)?(就|便|会)?)?"
    # at power-on, or after a step of making it ("电源板 一上电就烧", "线束端子压接后拉脱力不够": the part that fails;
    # the eighteenth probe, p170, p173), a property of it that falls short
    r"(一?(上电|通电|开机|插电|启动)(就|便|时|后)?|(压接|焊接|装配|组装|注塑|喷涂|电镀|热处理|加工)(后|完))?"
    r"((拉脱力|拉力|强度|硬度|附着力|耐压|绝缘|精度|寿命|亮度|容量|电阻|阻值|气密性?)(总是|老是|经常|一直|都)?(?=不够|不足|"
    r"偏低|偏高|超标|不达标|不合格|下降|衰减|达不到))?"
    r"(出现|发生|存在|产生|有|开裂|坏了|坏掉|损坏|断了|折断|断掉|烧了|烧坏|烧掉|烧糊|断裂|裂纹|泄漏|漏油|漏液|漏气|渗漏|失效|失灵|异响|生锈|锈蚀|起雾|超标|不合格|衰减|"
    r"退磁|失磁|报警|变形|腐蚀|脱落|死机|烧毁|起火|发黑|发黄|变黄|黄变|起泡|起皱|起球|掉色|褪色|鼓包|短路|"
    r"噪声大|噪音大|不稳定|不达标|达不到|测不准|不准|漂移|波动|偏低|偏高|过高|过低|过大|较差|差|低|高|下降|上升|"
    r"缩痕|砂眼|气孔|夹杂|翘曲|磨损|老化|堵塞|卡死|粘连|分层|沉淀|结晶|返修|投诉|故障|问题|缺陷|难题|瓶颈|"
    r"良率|收率|合格率|成品率|废品率|寿命短|效率低|易|容易|无法|不能|难以|不够|不足|读数|(?<=就)烧(?![成制结好]))")
# A service or study of the phrase right after it: "X的失效分析", "X做型式试验", "X检测".
_SERVICE_AFTER = re.compile(
    r"^(的|进行|做|开展|需要|需|要)?(样品|样本)?(的)?(实验室)?"  # "土壤样品实验室分析"
    r"(各项|相关|全面的?|全性能|常规|定期|年度|第三方|现场|在线|重新|批量|委托)?"
    r"(失效分析|原因分析|检测|检验|测试|试验|型式试验|型式检验|型式评价|校准|检定|溯源|计量|测量|评价|评估|认证|"
    r"监测|抽检|抽查|抽样|鉴定|例行检测|监督检测|监督抽查|"
    r"研发|开发|研制|设计|研究|改进|改良|优化|升级|攻关|分析|诊断|验证|生产工艺|工艺|制备|制作|生产|加工|"
    r"技术|方案|配方|标准|寿命|性能|可靠性|安全|质量|精度|表面|强度|硬度|耐|抗|防|降|提高|提升|减|增|"
    r"成分|含量|纯度|尺寸|厚度|粗糙度|颗粒|结构|参数|指标|稳定性|一致性|收缩|收率|产率|良率|功效|营养|农残|"
    r"微生物|重金属|甲醛|铅|水分|灰分|色牢度|孔隙率|起球|盐雾|噪声|能效|热效率|疲劳|爆破|拉伸|弯曲|冲击|"
    r"摩擦|耐磨|迁移|EMC|ESD|UN|IEC|CB|CE|CCC|REACH|RoHS|UKCA|FCC|EN\d|GB)", re.I)
# A property of the phrase and then a service on it, right after the phrase ("月饼保质期验证", "口罩过滤效率测试",
# "涂料附着力测试"): the phrase is what the service studies, as with a service right after it.
_PROPERTY_SERVICE_AFTER = re.compile(r"^的?[\u4e00-\u9fff]{0,5}?(率|性|度|值|系数|含量|量|力|期|寿命)的?"
                                     r"(验证|测试|检测|检验|测定|评估|评价|试验|分析|研究)")
# A thing to be exported ("电热水壶要出口欧洲"): what a certification or test is then needed for, over the company's
# line said before it ("义乌的小家电厂，…" read 小家电; the probe of the chat, issue 27).
_EXPORTED_AFTER = re.compile(r"^(准备|打算|计划|想|将)?(出口|销往|外销)(?!企业|公司|型|商|贸易|业务|额|量|的)")
# A service a few words on ("骨科植入物需要做生物相容性检测"): weaker than one right after the phrase.
_SERVICE_NEAR = re.compile(r"^[^，。；：:,;、！？]{0,9}?(失效分析|原因分析|检测|检验|测试|试验|型式试验|校准|检定|溯源|"
                           r"测量|评价|评估|认证|研发|开发|研制|攻关|分析|诊断|验证|改进|优化|监测|抽检|抽查|鉴定)")
# Certification marks and standards' names, which a need often names right before its service: never the product.
# The product marks are the lexicon's one list (:data:`~intake.extract.service_types.PRODUCT_MARKS`: "客户要做SASO
# 认证" read the product SASO, which the lexicon already read as a mark; the seventh probe's variants).
_PRODUCT_MARKS = "|".join(re.escape(m) for m in PRODUCT_MARKS)
_MARK = re.compile(rf"^({_PRODUCT_MARKS}|EN\s?\d*|REACH|RoHS|EMC|ESD|CMA|CNAS|ISO|GB|GB/T|GMP|IATF|HACCP|"
                   r"SPC|PPAP|NDA|MDR|FDA|AS/NZS|ASTM|UN\s?38(\.3)?|QS|SC|OEM|ODM)[\d\-./]*$", re.I)
# Before the phrase: the enterprise's own thing, a service on it, the thing to develop, the company's line.
_OWN_BEFORE = re.compile(r"(我们|我司|我厂|公司|本公司|企业|咱们厂|厂里|我单位|我们厂|厂)(的|生产的|做的|研发的|"
                         r"研制的|开发的|自产的|出口的|新研制的|新研发的|新设计的|的新型|的一款)(一款|一种|一批|这批|这款|新型|"
                         r"新研制的|新研发的)?$")
_ON_BEFORE = re.compile(r"(对|给|为|针对|帮忙测一下|测一下|检测|测试|校准|检定|做)(我们的?|我司的?|公司的?|自家的?|"
                        r"这批|一批|一款|一台|一个|批|该)?(新型|新研发的|新研制的|新设计的|一款新|一种)?$")
# "研发了一款新型陶瓷刹车片" too
_DEVELOP_BEFORE = re.compile(r"(研发|开发|研制|设计|制备|试制|定制|升级|改进|改良|优化|开发出|研究|生产出|制作)"
                             r"(了|出了)?(一种|一款|一套|一台|一个|新型|新一代|新的|高性能)*$")
_DEVELOP_NEAR = re.compile(r"(研发|开发|研制|制备|试制|定制)(一种|一款|一套|一台)?[^，。；：、]{1,8}的$")
_LINE_BEFORE = re.compile(r"(生产|主营|专注于?|做|主要生产|专业生产|主要从事|从事|经营|制造|产品是|产品为|产品：|"
                          r"产品:|卖)(各种|各类)?$")
# The enterprise's line with a few characters the tagger could not read between its verb and the thing, the thing
# ending the clause: "我们厂做不锈刚水槽 客户要…" (a typo: 不锈/v 刚/d broke the phrase, and 水槽 lost the line's cue;
# issue 27, probe 6, p55).
_LINE_ACROSS_BEFORE = re.compile(r"(我们|我司|我厂|本厂|厂里|厂|本公司|公司|咱们)(是|就是|主要|专门|一直)?"
                                 r"(做|生产|制造|主营|专业生产)(?:(?![的了])[\u4e00-\u9fff]){1,4}$")
_CLAUSE_END = re.compile(r"^的?(?:[，。,；;：:！？!?\s]|$)")
# (and the sample sent, which is the thing tested: "…的盐雾试验，样品是汽车门把手", issue 27 probe 6's variants)
_PRODUCT_IS = re.compile(r"(产品是|产品为|产品有|产品[：:]|主营产品[是为：:]?|我们的产品|我司产品|"
                         r"样品是|样品为|样品[：:]|样件是|样件为|送检的是)[^，。；：:、]{0,6}$")
# "新出了一款发热瓷砖", "推出一种新型涂料": a classifier that introduces the thing the need is about.
_INTRODUCED_BEFORE = re.compile(r"(新出了?|推出了?|上市了?|新研制了?|新开发了?|新做了?|有)(一|这|两)(款|种|类|型)"
                                r"(新的?|新型)?$")
_FORM_BEFORE = re.compile(r"(产品|需求|内容|需求内容|项目|项目名称|采购项目名称|合同名称|服务名称)[：:]\s*$")
_COMPANY_AFTER = re.compile(r"^(的)?(生产|制造|加工|配套的?)?(企业|厂|工厂|公司|厂家|厂商|集团|行业|供应商|生产商|"
                            r"制造商|专业制造商)")
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
    items: tuple[str, ...] = ()  # a collective noun's things, named after it (:func:`_things_after_colon`)


# A one-character head noun that jieba's default dictionary tags as a verb after a noun: "储能电池包" came out as
# 储能/n 电池/n 包/v, and the product read "储能电池" (found walking the chat in Chromium). After a noun, and before
# a particle, a preposition, punctuation, a localiser, another noun or the end, it is the pack, not "to wrap".
# So is a switch: "电钻开关用了两周就失灵" came out as 电钻/n 开关/v, and the product read the company's line 电动工具
# (the fourteenth probe's left item).
_NOUN_SUFFIX_AS_VERB = frozenset({"包", "开关"})
# A thing jieba's dictionary tags as a verb: "Type-C接口" came out as Type-C/eng 接口/v, and the trailing verb was
# trimmed (probe 6's variants).
# "门板扶手被投诉气味大" came out as 门板/n 扶手/v, and the product read 门板 (the tenth probe: p99).
_NOUN_AS_VERB = frozenset({"接口", "扶手"})
_AFTER_SUFFIX = ("u", "p", "w", "x", "f", "c", "d", "n", "v")
# A meter jieba tags as a verb: "超声波流量计" came out as 超声波/n 流量计/v, and the product and the title read
# "超声波" (dlg-036: "超声波测不需求"); "电磁流量计" read 电磁. A word of three or more characters ending in 计 is an
# instrument unless it ends in a verb (设计, 统计, 估计…).
_METER_AS_VERB = re.compile(r"[\u4e00-\u9fff]{2,}(?<!设)(?<!统)(?<!估)(?<!预)(?<!审)(?<!累)(?<!合)(?<!共)(?<!会)(?<!核)"
                            r"(?<!算)(?<!伙)(?<!生)(?<!诡)(?<!总)计")
# jieba also joins the pack to the verb after it ("储能电池包要做…" → 包要/v, "给电池包做针刺试验" → 包做/v): split it
# there. So are a chamber and a ring ("两台恒温恒湿箱要校准" → 箱要/b, and the product read "恒温恒湿箱要";
# "有批O型圈装到客户的液压阀上" → 圈装/n; the seventeenth probe, p161 and p159); 包装 is packaging.
_ONE_CHAR_WORK = "校测检修做换改"  # the work said in one character ("压力表要校", "样品要测")
# (and to "用": "储能电池包用了半年出现鼓包" → 包用/v, and the product read "储能电池"; a new user, issue 27,
# 2026-11-29)
_SUFFIX_JOINED_TO_VERB = re.compile(r"^(包(?!装)|箱|圈)(要|需要?|想|得|应|必须|会|能|可|做|装|用)$")


# An instrument named by a numeral ("千分尺", "百分表"), which jieba tags as one: three characters or more, a numeral
# first and a thing's ending last (:data:`_PRODUCT_END`); a count with its classifier ("一百件") is none.
_NUMERAL_THING = re.compile(r"[千百万][\u4e00-\u9fff]{2,4}")
# and one it tags as a numeral with a classifier: "汽车零部件厂" came out as 汽车/n 零部件/mq 厂, and the product read
# 汽车 (the seventh probe, p76)
_NOUN_AS_NUMERAL = frozenset({"零部件"})


# A thing named by a Latin code and one character ("MOS管", "IGBT管", "PCB板", "LED灯"): jieba's HMM makes a word of
# the character and the verb after it ("MOS管烧了" → MOS/eng 管烧/v, "MOS管坏了" → 管坏/v; in no dictionary) or tags
# the character a verb (管/vn), and the product was lost (issue 27 item 6, 2026-11-30). After a code, such a character
# is the thing's end, and what jieba joined to it is split off.
_CODE_THING = "管板片灯阀泵线头壳座架条膜芯环圈轮盘柱罩盖箱柜表仪器机件块卡球屏"


def _code_before(out: list[_Tok]) -> bool:
    return bool(out) and _alnum(out[-1].word) and re.search(r"[A-Za-z]", out[-1].word) is not None


def _one_char_thing(pairs: list[Any], i: int, out: list[_Tok]) -> bool:
    """A one-character thing jieba tags zg at the end of a name ("做电动平衡车，…" → 电动/n 平衡/a 车/zg, and the
    product read 电动; the twentieth probe's p191): after a word of the name, with no noun after it."""
    word = pairs[i].word
    return (pairs[i].flag == "zg" and len(word) == 1 and _PRODUCT_END.search(word) is not None and len(out) >= 2
            and out[-1].flag.startswith(("n", "a")) and len(out[-1].word) >= 2 and out[-2].flag.startswith("n")
            and (i + 1 == len(pairs) or not pairs[i + 1].flag.startswith("n")))


_LINE_LEADS = frozenset({"，", ",", "。", "；", "是", "专门", "主要", "我们", "我司", "我厂", "公司", "专业", "一直",
                         " "})


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    pairs = _designed_thing(pos_tagger().lcut(text, HMM=True))
    for i, pair in enumerate(pairs):
        flag = pair.flag
        joined = _SUFFIX_JOINED_TO_VERB.match(pair.word)
        if (pair.word.startswith("做") and len(pair.word) >= 3 and i + 1 < len(pairs)
                and pairs[i + 1].flag.startswith("n") and (not out or out[-1].word in _LINE_LEADS)):
            # the company's line after 做, the verb run into the thing's first word: "做手术机器人的" came out as
            # 做手术/v 机器人/n, and the product read "做手术机器人" (the eleventh probe, p114)
            out.append(_Tok("做", "v", pos, pos + 1))
            out.append(_Tok(pair.word[1:], "n", pos + 1, pos + len(pair.word)))
            pos += len(pair.word)
            continue
        if (len(pair.word) >= 3 and pair.word.endswith("用") and pair.flag.startswith("n") and i + 1 < len(pairs)
                and pairs[i + 1].word == "的" and pair.word[-2] not in _USE_VERB_END):
            # "空调外机用的镀锌板" came out as 外机用/n 的 (the eleventh probe's variants): the thing, then 用
            out.append(_Tok(pair.word[:-1], "n", pos, pos + len(pair.word) - 1))
            out.append(_Tok("用", "v", pos + len(pair.word) - 1, pos + len(pair.word)))
            pos += len(pair.word)
            continue
        if (_code_before(out) and pair.word[0] in _CODE_THING and len(pair.word) == 2 and flag.startswith(("v", "a"))
                and pos_tagger().word_tag_tab.get(pair.word) is None):  # (not "LED灯珠": 灯珠/n)
            out.append(_Tok(pair.word[0], "n", pos, pos + 1))  # "MOS管烧了": MOS 管 烧
            out.append(_Tok(pair.word[1], "v", pos + 1, pos + 2))
            pos += 2
            continue
        if _code_before(out) and len(pair.word) == 1 and pair.word in _CODE_THING:
            flag = "n"  # "MOS管发热" (管/vn)
        elif _one_char_thing(pairs, i, out):
            flag = "n"
        if joined and out and out[-1].flag.startswith("n"):
            out.append(_Tok(joined.group(1), "n", pos, pos + 1))
            out.append(_Tok(joined.group(2), "v", pos + 1, pos + len(pair.word)))
            pos += len(pair.word)
            continue
        pack = pair.word in _NOUN_SUFFIX_AS_VERB and bool(out) and out[-1].flag.startswith("n") \
            and (i + 1 == len(pairs) or pairs[i + 1].flag.startswith(_AFTER_SUFFIX) or not pairs[i + 1].word.strip()
                 or pair.word == "开关")  # (a switch before anything: "空调开关坏了", 坏/a)
        if flag.startswith("v") and (pack or _METER_AS_VERB.fullmatch(pair.word) or pair.word in _NOUN_AS_VERB
                                     or _counted_thing(pairs, i, out, text)):
            flag = "n"
        elif flag == "m" and _NUMERAL_THING.fullmatch(pair.word) and _PRODUCT_END.search(pair.word):
            flag = "n"  # "外径千分尺" came out as 外径/n 千分尺/m, and the product read 外径 (probe 6, p56)
        elif flag.startswith("m") and pair.word in _NOUN_AS_NUMERAL:
            flag = "n"
        elif flag == "zg" and len(pair.word) == 1 and i + 1 < len(pairs) and pairs[i + 1].flag.startswith("n") \
                and pos_tagger().word_tag_tab.get(pair.word + pairs[i + 1].word[0], "").startswith("n"):
            flag = "n"  # "想做一下奶茶杯的迁移测试" came out as 奶/zg 茶杯/n: it read 茶杯 (the eighteenth probe, p171)
        if flag == "n" and len(pair.word) == 2 and pair.word[0] in "要需" and pair.word[1] in _ONE_CHAR_WORK and out \
                and out[-1].flag.startswith("n"):
            # "二十多个压力表要校" came out as 压力表/n 要校/n, and read 压力表要校 (the eighteenth probe, p175)
            out.append(_Tok(pair.word[0], "v", pos, pos + 1))
            out.append(_Tok(pair.word[1], "v", pos + 1, pos + 2))
            pos += 2
            continue
        out.append(_Tok(pair.word, flag, pos, pos + len(pair.word)))
        pos += len(pair.word)
    return out


# A classifier counts a thing: what jieba's dictionary tags as a verb right after one ("有批弯头焊缝那里发黑生锈",
# "这批接头漏气", "有几个探头坏了": 弯头, 接头, 探头 are verbs there) is the thing, when a noun or a failure
# follows it (issue 27 item 6: "有批弯头生锈了" read none, and with the company's line before it, the line).
_COUNTING = "批个只台件套根款块支把条片"


_COUNT_WORD = re.compile(r"(?:有|这|那|某|每|[一二两三四五六七八九十百千几\d]+[多余来]?)$")


def _counted_thing(pairs: list[Any], i: int, out: list[_Tok], text: str) -> bool:
    word = pairs[i].word
    if pairs[i].flag != "v" or len(word) < 2 or not out or word in _BREAK_WORDS or word in _SPLIT_WORDS \
            or word in NOT_PRODUCT_WORDS or _NOT_A_PRODUCT.fullmatch(word):
        return False
    prev = out[-1]
    # a count, not a classifier glued to a name ("钢丝增强层编制", "铝合金零件挤压": 层, 件 end the name)
    counted = (prev.flag == "q" and prev.word in _COUNTING and len(out) > 1 and not out[-2].flag.startswith("n")
               and _COUNT_WORD.search(out[-2].word) is not None) \
        or (prev.flag.startswith("m") and re.fullmatch(rf"[一二两三四五六七八九十百千几\d]+[多余来]?[{_COUNTING}]",
                                                       prev.word) is not None)
    if not counted:
        return False
    if i + 1 == len(pairs):
        return False
    nxt = pairs[i + 1]
    return (nxt.flag.startswith("n") and nxt.word not in _BREAK_WORDS) \
        or (nxt.word != "的" and _FAIL_AFTER.match(text[prev.end + len(word):]) is not None)


def _alnum(word: str) -> bool:
    return bool(re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.\-+]*", word))


# A thing designed, named after its count up to its clause's end ("新设计了一种防缠绕边刷，想申请发明专利": jieba tags
# 防/缠绕/边/刷 as verbs and an adverb, and the product read the company's line, 扫地机器人; the seventeenth probe's
# left item, p164): one name when it ends as things end.
_DESIGNED = frozenset({"设计", "开发", "研制", "发明", "研发", "开发出", "设计出", "研制出"})
_DESIGNED_COUNT = frozenset({"一种", "一款", "一个", "种", "款"})


def _designed_thing(pairs: list[Any]) -> list[Any]:
    out = list(pairs)
    for i, pair in enumerate(pairs):
        if pair.word not in _DESIGNED_COUNT or i == 0:
            continue
        verb = pairs[i - 1] if pairs[i - 1].word not in ("了", "出") or i < 2 else pairs[i - 2]
        if verb.word not in _DESIGNED:
            continue
        j = i + 1
        while j < len(pairs) and pairs[j].flag not in ("x", "w", "uj") and re.fullmatch(r"[\u4e00-\u9fff]+",
                                                                                          pairs[j].word):
            j += 1
        name = "".join(p.word for p in pairs[i + 1:j])
        if 3 <= len(name) <= 8 and j - i - 1 >= 2 and (j == len(pairs) or pairs[j].flag in ("x", "w")) \
                and _PRODUCT_END.search(name) and not all(p.flag.startswith("n") for p in pairs[i + 1:j]):
            out[i + 1:j] = [type(pairs[i])(p.word, "n") for p in pairs[i + 1:j]]
    return out


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


# A property of the thing said right after it, before the service that studies it ("月饼保质期验证", "酸奶货架期评估",
# "锂电池循环寿命测试"): how long it keeps or lasts, which jieba cuts into several words or tags as a verb. It ends
# the thing's name (found walking the chat, issue 27).
_PROPERTY_TAIL = re.compile(r"(保质期|货架期|有效期|储存期|贮存期|保存期|保鲜期|(循环|使用|疲劳|储存|贮存)?寿命)$")


def _cut_property_tail(run: list[_Tok]) -> list[_Tok]:
    """The run without a property of :data:`_PROPERTY_TAIL` at its end, or before the service words that end it."""
    end = len(run)
    while end > 1 and run[end - 1].word in _SPLIT_WORDS:
        end -= 1
    run = run[:end] if end < len(run) and _PROPERTY_TAIL.search("".join(t.word for t in run[:end])) else run
    if len(run) < 2:
        return run
    phrase = "".join(t.word for t in run)
    m = _PROPERTY_TAIL.search(phrase)
    if not m or m.start() == 0:
        return run
    cut = run[0].start + m.start()
    kept = [t for t in run if t.end <= cut]
    return kept if kept and kept[-1].end == cut else run


# A year or a month before the thing ("2019-2021年度城市供水", "广西2020年地下水", "****年迎泽区环境空气降尘"): when,
# not what (issue 27, notices).
_DATE_WORDS = ("年", "年度", "月", "月份")


def _is_date_lead(run: list[_Tok]) -> bool:
    return len(run) > 1 and (run[0].word in _DATE_WORDS or (
        bool(re.fullmatch(r"\d{1,4}", run[0].word)) and run[1].word in _DATE_WORDS and len(run) > 2))


# A model referred to, not named, before the thing ("某型号舵机", "该型号电机", "新型号空调压缩机" after 新型): no part
# of it; a model named by its code stays ("型号A3电机" keeps A3).
_MODEL_LEADS = frozenset({"型号", "号"})


def _trim(run: list[_Tok], places: list[tuple[int, int]]) -> list[_Tok]:
    def is_place(tok: _Tok) -> bool:
        return any(s <= tok.start and tok.end <= e for s, e in places)

    run = _cut_property_tail(run)
    while run and (_is_date_lead(run) or run[0].word in _LEAD_STRIP or run[0].word in _BREAK_WORDS
                   or is_place(run[0])
                   or (len(run[0].word) == 1 and run[0].flag.startswith("v") and len(run) > 1)
                   # a reduplicated verb ("帮忙看看产品的问题", "试试…"): an action, never part of a name
                   or (len(run[0].word) == 2 and run[0].word[0] == run[0].word[1] and run[0].flag.startswith("v"))
                   or run[0].word in ("-", "/", "·", "+") or (run[0].flag.startswith(("v", "a", "d")) and
                   len(run) > 1 and run[0].word in NOT_PRODUCT_WORDS)
                   # "a model of": "新型号空调压缩机" (新型/b 号/m) read 号空调压缩机, "某型号舵机" 型号舵机
                   or (run[0].word in _MODEL_LEADS and len(run) > 1 and not _alnum(run[1].word))):
        run = run[2:] if _is_date_lead(run) and run[0].word not in _DATE_WORDS else run[1:]
    while run and ((run[-1].word in _TRAIL_STRIP and not (len(run) > 1 and run[-1].word in _GENERIC_HEADS))
                   # how it fails, said last ("二极管漏电", "焊点裂纹"); a name going on after it keeps it (漏电保护器)
                   or (len(run) > 1 and run[-1].word in STATE_WORDS)
                   or run[-1].word in ("-", "/", "·", "+")
                   or (len(run) > 1 and len(run[-1].word) >= 3 and _NOT_PRODUCT_END.search(run[-1].word))
                   or (len(run[-1].word) >= 2 and _PROPERTY_SUFFIX.search(run[-1].word) and len(run) > 1)
                   or (run[-1].flag.startswith(("v", "a", "d", "u", "m")) and not _alnum(run[-1].word)
                   and len(run) > 1 and run[-1].flag != "vn")):
        run = run[:-1]
    return run


# Generic heads that make a product phrase when something names them ("疏水装置", "质量数据平台"), never alone.
_GENERIC_HEADS_TEXT = (
    "材料 设备 装置 系统 器具 部件 零件 零部件 元件 制品 用品 器材 平台 模块 软件 工具 仪器 仪表 机组 "
    "组件 总成 产品 机器人 芯片 电路 传感器"
)
_GENERIC_HEADS = frozenset(_GENERIC_HEADS_TEXT.split())


# Modifiers that name no kind of thing, before a generic head (:data:`_GENERIC_HEADS`): "某型号产品", "整个生产线仪器",
# "管理系统" name a thing no better than the head alone (issue 27).
_NO_KIND_MODIFIERS = _words("型号 某型号 型 管理 相关 各类 各种 整个 全部 所有 其他 其它 配套 现有 生产线 产线 车间 "
                            # where products come from or go, said of products in general ("进口产品需要标注…吗")
                            "进口 国产 出口 内销 外销")


# A discipline, a sector, experience, upbringing, a fee or a rule is no thing: "计算机专业", "机械行业",
# "上市融资工作经验", "人才培养", "上述检验的费用", "新细则" (issue 27).
_NO_THING_END = re.compile(r"(专业|学科|行业|产业|经验|资源|培养|费用|收费|经费|价格|细则|规则|规定|办法|通知|条款|"
                           # a document or a part of one ("企标封面", "标准草案", "标项", "附件"; the product on sets
                           # never seen, issue 27)
                           r"草案|封面|附件|名单|标项|结果)$")


def _generic_only(phrase: str, run: list[_Tok]) -> bool:
    """A generic head after modifiers that are all :data:`_NO_KIND_MODIFIERS` (as words, or as one word jieba keeps
    whole: 管理系统)."""
    if len(run) >= 2 and run[-1].word in _GENERIC_HEADS and all(t.word in _NO_KIND_MODIFIERS for t in run[:-1]):
        return True
    return any(phrase.endswith(head) and phrase[:-len(head)] in _NO_KIND_MODIFIERS for head in _GENERIC_HEADS)


# A protection or impact rating alone ("IP67", "IPX7", "IK08"): what the test checks the thing for.
_RATING = re.compile(r"(?:IP|IPX|IK)\s?\d{1,2}[A-Z]?", re.I)


def _valid(phrase: str, run: list[_Tok]) -> bool:
    if len(phrase) < 2 or not (_CJK.search(phrase) or _LATIN_WORD.search(phrase)):
        return False
    if _NOT_A_PRODUCT.match(phrase) or phrase in NOT_PRODUCT_WORDS or _generic_only(phrase, run):
        return False
    if len(parts := re.split(r"和|、|及|与", phrase)) > 1 and all(_NOT_A_PRODUCT.match(p) for p in parts):
        return False  # two tests' names together ("能效和安规检测"), no more a thing than each (the twentieth probe)
    if _ORG_END.search(phrase) or _NOTICE_WORDS.search(phrase) or _NO_THING_END.search(phrase) \
            or _ZONE_END.search(phrase) or _ROLE_END.search(phrase) or _WORKPLACE_END.search(phrase) \
            or _PROVIDER.match(phrase):
        return False
    if _TIME.search(phrase) or (_RESISTS.fullmatch(phrase) and not _PRODUCT_END.search(phrase)):
        return False
    # (a standard's name, GB/T, whole: "我们要做GB/T 2423.17的盐雾试验" read GB/T, issue 27 probe 6's variants)
    if _MARK.match(phrase) or all(_MARK.match(part) for part in phrase.split("/")) \
            or re.match(r"^\d+(台件|台|件|个|只|套|批|吨|万|人|名|家|项|次)", phrase):
        return False
    if re.fullmatch(r"[0-9.\-+/A-Za-z]{1,3}", phrase) or re.fullmatch(r"[0-9.\-+/]+", phrase):
        return False  # "CE", "304" alone: a mark or a grade, not the product
    if _RATING.fullmatch(phrase):
        return False  # "GB/T 4208-2017 IP67防水测试" read IP67: a rating the test gives, not the thing (ninth probe)
    code = next((i for i, t in enumerate(run) if not (_alnum(t.word) or re.fullmatch(r"[\d.\-/]+", t.word))),
                len(run))
    if 0 < code < len(run) and _MARK.fullmatch("".join(t.word for t in run[:code])) \
            and all(t.flag.startswith("v") for t in run[code:]):
        return False  # a mark and what its test does: "得做UN38.3运输测试" read UN38.3运输 (issue 27 item 6, p185)
    last = phrase.split()[-1].lower() if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.\-+ ]*", phrase) else ""
    if (re.fullmatch(r"[A-Za-z][A-Za-z\- ]*", phrase) and (_en_not_a_head(last) or last in _EN_STRONG_SERVICES)) or (
            " " in phrase and last and (_en_not_a_head(last) or last in _EN_SERVICE_HEADS | _EN_PROPERTIES | _EN_DEFECTS
                                        | _EN_ABSTRACT | _EN_STRONG_SERVICES)):
        # English words in a Chinese text are read as English ones are: "要做thermal cycling和vibration test两项"
        # names tests, and "thermal" was read as the product (issue 27, probe 6, p61)
        return False
    first = run[0]
    one_noun = (first.flag.startswith(("n", "eng", "j", "l")) and first.flag not in ("nt", "ns")) or _alnum(first.word)
    # a word jieba tags otherwise that ends as a thing does ("听力计" came out as an idiom)
    return len(run) > 1 or one_noun or product_head(phrase) is not None or (
        len(phrase) >= 3 and not first.flag.startswith(("v", "a", "d")) and _prior_zh(phrase) >= 1.0)


# A public notice opens with its project's name, and that name says what the service is on ("汕尾市城区各镇(街道)农村
# 房屋安全性评估鉴定服务 合同总金额…", "2019-2021年度城市供水水质抽样检测 广东新世纪…"): a first segment that ends in a
# service, a project or a notice's own word before a space or a stop is a title (issue 27, real7/real8).
_NOTICE_TITLE = re.compile(r"^[^，,。；;：:\s！？!?]{4,60}?(服务|项目|采购|检测|检验|监测|检定|校准|鉴定|评估|抽检|"
                           r"公告|公示|询价函|采购意向|招标)(?=\s)")


def _title_end(text: str) -> int:
    m = _TITLE.match(text)
    if m and not _NOT_TITLE.search(m.group("title")) and len(m.group("title")) <= 60:
        return m.end("title")
    notice = _NOTICE_TITLE.match(text)
    if notice and not _NOT_TITLE.search(notice.group(0)):
        return notice.end()
    if len(text) <= 40 and not re.search(r"[，,。；;！？!?]", text) and not re.search(r"(我们|我司|需要|想)", text):
        return len(text)  # a bare title ("抗酸辣抗介质聚氨酯胶黏剂")
    return 0


# Events in a product's life that set a time ("出厂前", "上市前", "交付后"): after a thing, they end it.
_EVENT_WORDS = _words("出厂 上市 交付 发货 出货 装车 安装 投产 量产 验收 出口 入库 报关 装机 下线")
_EVENT_TIME = re.compile(r"(前|之前|以前|后|之后|以后|时)")
_WHEN_WORDS = frozenset({"时", "时候", "之时", "期间"})
# The work a means does, said right after "用 <the means>" ("用洗碗机洗", "用万用表测", "用砂轮打磨");
# "锅炉压力容器用钢板需要…" is steel for a use, not a means (the verb after it is one of need).
_MEANS_WORK = frozenset({"清洗", "冲洗", "擦拭", "打磨", "切割", "加工", "焊接", "烘烤", "加热", "浸泡", "测量"})


# A count after a thing ("游标卡尺3把", "电子天平1台", "温度计5支"; "200多台"): digits and then a classifier, no part of
# the thing's name (it read "游标卡尺3"; probe 6's variants). Digits before other words name a model ("18650电池").
_COUNT_CLASSIFIER = re.compile(r"\s*[多余]?[把只台块支个件套根片张副对组批瓶袋箱盒桶条颗粒吨]")


_CN_COUNT_LEAD = re.compile(r"[一二两三四五六七八九十百千几]+[多余来]?"
                            r"[把只台块支个件套根片张副对组批瓶袋箱盒桶条颗粒吨轮]")


def _is_count(tok: _Tok, text: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", tok.word)) and _COUNT_CLASSIFIER.match(text, tok.end) is not None


def _candidates_zh(text: str) -> list[_Candidate]:
    toks = _tokens(text)
    places = [(m.start, m.end) for m in find_places(text)]
    issuer = re.match(r"^[\u4e00-\u9fff]{2,4}(?=[-－—])", text)
    if issuer:
        places.append((0, issuer.end()))  # "宝武-板坯表面缺陷识别": the issuer's name, like a place, is no product
    title_end = _title_end(text)
    runs: list[list[_Tok]] = []
    run: list[_Tok] = []
    counted = False
    for i, tok in enumerate(toks):
        # the classifier of a count ("30台三坐标测量机") is none of the thing's either
        count = _is_count(tok, text) or (counted and bool(_COUNT_CLASSIFIER.fullmatch(tok.word)))
        counted = _is_count(tok, text)
        # A one-character classifier right after a nominal word is part of it ("充电|桩", "光伏|板"); after a
        # numeral it counts (一批, 两台) and breaks the phrase.
        glued = tok.flag == "q" and len(tok.word) == 1 and bool(run) and run[-1].flag != "m" \
            and tok.word not in _BREAK_WORDS
        # English words a space apart inside Chinese are one name ("我们做smart watch表带": the space read "watch表带")
        # (words, not a standard's name and number, "ISO 9001", "NFPA 17A", "AN5121 EMC", nor a unit, "252kV GIS")
        latin_gap = tok.word == " " and bool(run) and i + 1 < len(toks) \
            and not (len(run) > 1 and re.fullmatch(r"[\d.]+", run[-2].word)) \
            and all(re.fullmatch(r"[A-Za-z][A-Za-z\-]*", w) and not _EN_MARK.match(w)
                    for w in (run[-1].word, toks[i + 1].word))
        if (_joinable(tok) or glued or latin_gap) and not count:
            run.append(tok)
        else:
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    out: list[_Candidate] = []
    tok_at = {t.start: t for t in toks}
    for raw in runs:
        for part in _split_at_inner_breaks(raw):
            trimmed = _trim(part, places)
            if not trimmed:
                continue
            start, end = trimmed[0].start, trimmed[-1].end
            if end - start > 2 and re.search(r"\d$", text[:start]) and _COUNT_CLASSIFIER.fullmatch(text[start]):
                start += 1  # "30台三坐标测量机": jieba ran the count's classifier into the name (台三)
            lead_count = _CN_COUNT_LEAD.match(text, start, end)
            if lead_count and end - lead_count.end() >= 2:
                start = lead_count.end()  # "二十多台三坐标测量机", "一轮摸底": a count in words is no part of the thing
            if _DEGREE_PROPERTY.fullmatch(trimmed[0].word) and len(trimmed) > 1 and start > 0 \
                    and text[start - 1] in ("高", "低"):
                start -= 1  # "低硬度热塑性弹性体": the degree belongs to the property that names the kind
            if len(trimmed) > 1 and trimmed[-1].word in _EVENT_WORDS and _EVENT_TIME.match(text[end:]):
                # "压力传感器出厂前需要检测": the event a time is set by is no part of the thing (it read
                # 压力传感器出厂, which lost to the company's line 传感器; the fifth probe)
                trimmed = trimmed[:-1]
                end = trimmed[-1].end
            if len(trimmed) > 1 and trimmed[-1].word in _WHEN_WORDS:
                # "机臂硬着陆时容易断", "电机低温启动时噪音大": a "when" clause ran into the thing; the event (the word
                # before 时) and the condition it is under are no part of it, and "高温时" alone is a time (issue 27
                # item 6)
                cut = trimmed[:-1]
                if cut and (cut[-1].flag.startswith(("v", "l", "a", "d")) or cut[-1].word in _EVENT_WORDS):
                    cut = cut[:-1]
                    while cut and cut[-1].word in _FAIL_CONDITIONS:
                        cut = cut[:-1]
                else:
                    cut = []
                if not cut:
                    continue
                trimmed = cut
                end = trimmed[-1].end
            phrase = text[start:end].strip()
            if any(s <= start and end <= e for s, e in places) or not _valid(phrase, trimmed):
                continue
            if not _NOT_A_PRODUCT.fullmatch(phrase) and any(_NOT_A_PRODUCT.fullmatch(phrase + text[end:end + k])
                                                            for k in (2, 3, 4)):
                continue  # "食品接触那种" (a food-contact test) read 食品 (the eighteenth probe, p171)
            score = _score_zh(text, start, end, phrase, title_end) + _flag_prior(trimmed)
            # (a classifier glued to the name ends a noun: "我们是无锡做不锈钢管件的 …", 不锈钢管/n 件/q;
            # issue 27 item 6)
            after_tok = tok_at.get(end)
            if text[max(0, start - 1):start] == "用" and start - 1 in tok_at and tok_at[start - 1].word == "用" \
                    and after_tok is not None and after_tok.flag == "v" and (
                        len(after_tok.word) == 1 or after_tok.word in _MEANS_WORK) \
                    and not _SERVICE_AFTER.match(text[end:]):
                score -= 3.0  # "保温杯用洗碗机洗几次就生锈": the means a thing is worked with, not the thing
            if text[end:end + 1] == "的" and not _is_noun(trimmed[-1]) \
                    and not (trimmed[-1].flag == "q" and len(trimmed) > 1):
                score -= 2.0  # "可降解的农用地膜": a modifier of what follows
            out.append(_Candidate(phrase, start, end, score))
    _drop_non_things(text, out)
    _line_said_whole(text, out)
    _line_narrowed(text, out)
    _surface_of(text, out)
    _object_of_dui(text, out)
    _share_list_cues(text, out)
    _things_after_colon(text, out)
    _prefer_heads(text, out)
    _demote_test_media(text, out)
    _line_gives_way(text, out)
    _made_named_again(text, out)
    _worried_part_gives_way(text, out)
    return out


# Things listed before the work asked for ("三坐标测量机和高度规要做校准"), and the verb before a service word ("要做校
# 准"): skipped to see whether a thing has the work right after it.
# (with where it is said between: "我们是昆山做精密模具的")
# (or where it is said in a clause of its own: "我们厂在绍兴柯桥，做纺织印染的，有一批窗帘面料要做色牢度检测" read the
# line; the fifteenth probe, p143)
_LINE_OF_OURS_PLACED = re.compile(r"(我们|我司|我厂|本公司|公司|本厂|咱们)(厂|公司)?(是|就是|主要是|一直|"
                                  r"在[\u4e00-\u9fff]{2,8}(?:\s+[\u4e00-\u9fff]{2,6})?[，,\s])?[\u4e00-\u9fff]{0,4}?"
                                  r"(做|生产|专业生产|主营|制造|专门做|主要做)$")
_LIST_BEFORE_WORK = re.compile(r"^((、|和|及|与|以及)[^，。；、和及与]{1,10}?)+(?=(要|需要|需|得|都要|做|进行))")
# (or what customers report of it: "有客户反映电钻开关用了两周就失灵", the fourteenth probe's left item)
_SUBJECT_LEAD = re.compile(r"\s*(?:[\u4e00-\u9fff]{0,3}?有|[\u4e00-\u9fff]{0,2}里的?)?"
                           r"(?:(?:客户|用户|终端|市场|售后|经销商|消费者)(?:那边|那里)?(?:反映|反馈|投诉|说|报|退回来?|退)(?:了|过)?)?"
                           r"(?:[一二两三四五六七八九十百几\d]+[多余来]?[批台个件套只根把支块款]|"
                           r"一些|这批|那批|批|款|台|这些|部分|不少|很多|我们的?)?")
# A thing the enterprise has just designed, opening its clause ("新设计了一种防缠绕边刷").
# (or one it wants to develop: "我们是做家具的，想研发一种折叠椅"; issue 27 item 6)
_DESIGNED_LEAD = re.compile(r"\s*(?:我们|我司|公司)?(?:(?:新|最近|刚|刚刚|自己)?(?:设计|开发|研制|发明|研发)"
                            r"(?:了|出了?)|(?:想|要|想要|打算|准备|计划|希望)(?:自己)?(?:设计|开发|研制|研发))"
                            r"(?:一种|一款|一个)")
# A clause ends at punctuation, or at a space between Chinese words in a message typed without it ("我们是青岛做
# 橡胶密封件的 有批O型圈装到客户的液压阀上不到一个月就漏油了" read the line; the seventeenth probe, p159).
_CLAUSE_BREAK = re.compile(r"[，。；,;！？!?]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff]|$)")
# A test of a property right after the thing ("窗帘面料要做色牢度检测"): the thing is what is tested.
_PROPERTY_WORK = re.compile(r"^(做|进行)[\u4e00-\u9fff]{1,6}?(检测|测试|试验|检验|分析|校准|评价|评估)")
_WANTS_DONE = re.compile(r"^(都)?(要|需要|需|得)(?=做|进行)")
# A test named by its conditions after the thing ("有一批达克罗螺栓要做480小时的酸性盐雾", "螺栓要做480小时的盐雾试验"):
# its hours and its kind before the test's name, which may stand without 试验 (as the lexicon reads "做…盐雾"); the
# company's line said before it read 汽车紧固件 (the twenty-first probe, p199).
_CONDITIONED_WORK = re.compile(r"^(做|进行)个?\s*(?:\d+(?:\.\d+)?\s*(?:个)?(?:小时|h|天|周|次|循环)\s*的?\s*)?"
                               r"(?:中性|酸性|醋酸|铜加速醋酸|交变|恒定|随机|正弦|扫频|定频)?\s*"
                               # (or an environmental test named bare in a list: "电源模块要做温度冲击和振动这些环境试
                               # 验" after "我们是西安做机载电源的" read the line; the twenty-third probe, p220)
                               r"(?:盐雾|振动|湿热|高低温|冷热冲击|温度冲击|温度循环|热冲击|机械冲击|低气压|霉菌|淋雨|"
                               r"沙尘|跌落|老化)", re.I)


# A word of the trade said in English for a thing named in Chinese ("我们合肥这边做储能电池包的 pack要做正弦振动试验":
# "pack" is the battery pack; it read "pack", the title "pack正弦振动试验需求"; the twenty-first probe, p205): the
# thing named again, by the Chinese head it stands for.
_TRADE_WORDS = {"pack": ("包",), "packs": ("包",), "cell": ("电芯",), "cells": ("电芯",), "module": ("模组", "模块"),
                "modules": ("模组", "模块")}


def _named_in_english(word: str, thing: str) -> bool:
    """Whether ``word`` is the trade's English for ``thing``, a Chinese name ending in the head it stands for."""
    return any(thing.endswith(head) for head in _TRADE_WORDS.get(word.strip().casefold(), ()))


def _line_gives_way(text: str, cands: list[_Candidate]) -> None:
    """The company's line ("我们是做电动工具的，…", "我们是昆山做精密模具的，…") gives way to a thing the text names
    with its failure or the work asked for right after it ("锂电池包充放电几十次就鼓包了", "螺栓…两三个月就断了",
    "三坐标测量机和高度规要做校准"): :func:`_score_zh` caps the line, but a thing the vocabulary does not know (螺栓)
    still scored below it (the fourteenth probe: p136, p139; the thirteenth's p129)."""
    lines = [c for c in cands if _is_line(text, c.start, c.end)]
    if not lines:
        return
    top = max(c.score for c in lines)
    for c in cands:
        # (the subject of its clause, counted or not: "，有一批螺栓…", "车间有二十多台三坐标测量机…"; not a thing
        # inside a phrase, "测量主轴在20000转下的动态热变形", "解读法规并指导技术文件")
        lead = _CLAUSE_BREAK.split(text[:c.start])[-1]
        if c not in lines and c.score >= 0.9 and _DESIGNED_LEAD.fullmatch(lead):
            c.score = max(c.score, top + 0.1)  # "，新设计了一种防缠绕边刷，…" (the seventeenth probe, p164)
            continue
        # (or the whole it is a part of, a thing named right before its 的: "我们厂做电动工具，电钻的齿轮箱老是开裂";
        # issue 27 item 6)
        whole = any(d.end == c.start - 1 and text[c.start - 1] == "的" and lead.strip() == text[d.start:c.start]
                    for d in cands)
        if c in lines or c.score < 0.9 or not (_SUBJECT_LEAD.fullmatch(lead) or whole):
            continue
        after = text[c.end:c.end + 24]
        after = after[_AFTER_FILLER.match(after).end():]  # type: ignore[union-attr]
        work = _WANTS_DONE.sub("", _LIST_BEFORE_WORK.sub("", after))
        if _FAIL_AFTER.match(after) or _SERVICE_AFTER.match(work) or _PROPERTY_WORK.match(work) \
                or _CONDITIONED_WORK.match(work) or _EXPORTED_AFTER.match(after):
            # (or to be exported, what a test or a certification is then for: "电芯要出口 得做UN38.3运输测试"; issue 27
            # item 6)
            if (line := next((d for d in lines if _named_in_english(c.text, d.text)), None)) is not None:
                # the line named again in the trade's English: the line is what the work is for, as when it is
                # named again in Chinese ("我们是做核电阀门的，想测一下阀门…")
                line.score, c.score = max(line.score, c.score, top + 0.1), min(c.score, 0.0)
                continue
            c.score = max(c.score, top + 0.1)


def _made_named_again(text: str, cands: list[_Candidate]) -> None:
    """What the enterprise makes, named again later by its head ("公司生产铝合金轮毂，有客户反映轮毂漏气" read 轮毂;
    "…一家生产电动自行车控制器的企业，装车后有一部分控制器烧毁" read 控制器; a new user's trial's kin, issue 27): the
    shorter name stands for the whole one said first, so the whole one takes its score."""
    for c in cands:
        whole = next((d for d in cands if d.end <= c.start and d.text.endswith(c.text) and len(d.text) > len(c.text)
                      and d.score < c.score and (_is_line(text, d.start, d.end)
                                                  or _LINE_BEFORE.search(text[:d.start]))), None)
        if whole is not None:
            whole.score, c.score = c.score, whole.score - 0.01


# The clause's opening before a part the enterprise worries about or suspects ("，担心单体间隔热垫不够", "怀疑是电磁阀有
# 问题", "感觉是电源模块的滤波电路不够"), and a housing named bare ("有一批外壳开裂了", "有客户反映外壳…发黄"): a
# housing is only ever the housing of something.
_WORRIED_LEAD = re.compile(rf"\s*(?:(?:我们|我司|我|客户|用户)?(?:比较|有点|有些|很|一直|主要|还)?"
                           rf"(?:{'|'.join(_WORRY_VERBS)})(?:的是|是不是|是)?"
                           # (what the part is of: "感觉MOS管的散热片不够大")
                           r"(?:[^，。；,;！？!?\s的]{1,12}的)?)")
_BARE_HOUSINGS = _words("外壳 壳体 机壳 壳子 外罩 罩壳 外壳体 前壳 后壳 底壳 面壳 上盖 下盖 后盖 底盖 面盖")
# The thing the enterprise makes or has just designed, named before: its line, "我们的X", "新设计的X".
_NAMED_OWN_BEFORE = re.compile(r"(?:新|刚|最近|自己|自主|我们|我司|公司)(?:设计|开发|研发|研制|做|推出)(?:了|出)?的?"
                               r"(?:一款|一种|一个|一批|这款)?$")


def _worried_part_gives_way(text: str, cands: list[_Candidate]) -> None:
    """A part the enterprise worries about or suspects ("新设计的280Ah磷酸铁锂储能模组…，担心单体间隔热垫不够" read 单体
    间隔热垫 after the worry verb was dropped from it; a new user's trial, issue 27), or a housing named bare ("我们公司
    生产光伏接线盒，…有一批外壳开裂了", p230), is not the product when the enterprise names before it the thing it
    makes or designed: that thing is, the nearest one named, so the industry and the title follow it (垫 read the
    need into furniture). A part seen failing with no worry ("电钻的齿轮箱老是开裂") stays the product, as the
    labelling convention says (tests/intake/data/products/README.md, judgement call 2), and so does a part with
    nothing else named ("担心单体间隔热垫不够，想做个热扩散试验")."""
    for c in cands:
        lead = _CLAUSE_BREAK.split(text[:c.start])[-1]
        worried = _WORRIED_LEAD.fullmatch(lead) is not None
        housing = c.text in _BARE_HOUSINGS and (_SUBJECT_LEAD.fullmatch(lead) is not None or worried)
        if not (worried or housing):
            continue
        named = [d for d in cands if d.end <= c.start and d is not c and d.text not in _BARE_HOUSINGS
                 and (_is_line(text, d.start, d.end) or _LINE_BEFORE.search(text[:d.start])
                      or _OWN_BEFORE.search(text[max(0, d.start - 12):d.start])
                      or _NAMED_OWN_BEFORE.search(text[max(0, d.start - 12):d.start]))]
        if named:
            whole = max(named, key=lambda d: d.end)
            whole.score, c.score = max(whole.score, c.score) + 0.01, min(c.score, whole.score) - 0.01


# What a phrase is, by the words around it, when it is no thing: the subject of training ("六西格玛绿带培训",
# "食品安全管理体系培训", "在团体标准方面的培训"), whom a message is addressed to ("各位大虾："), whom the
# enterprise sells to ("产品卖给特斯拉上海工厂", "为福田汽车、上海大众等公司提供配套产品"), people ("质量部20名员工",
# "联合利华的销售人员") and a field of work ("天然气计量领域", "自动化系统等领域", "珠宝行业"). A named thing is never
# any of these; without one, the need names no product (issue 27).
_TRAINING_AFTER = re.compile(r"^[^，。；：:,;！？!?\s]{0,8}?(方面|相关|领域)?的?(培训|课程|讲座|辅导|授课|教学)")
_FIELD_AFTER = re.compile(r"^等?(计量|检测|制造|加工|生产|应用|产业)?等?(领域|行业)(?!协会|商会)")
_ADDRESSEE_BEFORE = re.compile(r"(各位|诸位|亲爱的|致)$")
_CUSTOMER_BEFORE = re.compile(r"(卖给|供货给|供应给|销售给|出售给|配套给|客户(是|为|有|包括)|为)$")
_CUSTOMER_AFTER = re.compile(r"^(、[^，。；：:]{1,12}?)*等?(国内外)?(知名)?(公司|企业|客户|厂家|车企|品牌|主机厂)(的)?"
                             r"(提供|供货|配套)")
_PEOPLE_AFTER = re.compile(r"^(的)?(\d+|[一二两三四五六七八九十几百]+)?(名|位|个)?(销售|技术|管理|业务|质检|一线)?"
                           r"(员工|职工|人员|工人|学员|人才|同事|销售人员|技术人员)")
# Who is writing, by the organisation they say they are of or work at: "我是一家汽车零部件厂的人事，…" (it read 人事,
# and the title "人事质量技术培训与咨询需求"; issue 27, the seventh probe, p76), "我在一家家具厂做行政，…": the words
# after it, up to the clause's end, are the writer's job or department, not a thing.
_WRITER_BEFORE = re.compile(r"(?:我|本人)(?:是|在)[^，。；,;！？!?]{0,24}?(?:厂|公司|企业|医院|学校|单位|集团|车间|"
                            r"工厂|研究所|研究院|实验室|部|科|处)(?:的|做|当|任|担任)$")


def _drop_non_things(text: str, cands: list[_Candidate]) -> None:
    """Removes the candidates that the words around them say are no thing (the comment above)."""
    kept = []
    for c in cands:
        before, after = text[max(0, c.start - 8):c.start], text[c.end:c.end + 40]
        customer = _CUSTOMER_BEFORE.search(before) is not None and _COMPANY_AFTER.match(after) is not None
        writer = _WRITER_BEFORE.search(text, max(0, c.start - 30), c.start) is not None \
            and _CLAUSE_END.match(text[c.end:]) is not None
        if _TRAINING_AFTER.match(after) or _ADDRESSEE_BEFORE.search(before) or customer or _FIELD_AFTER.match(after) \
                or _CUSTOMER_AFTER.match(after) or _PEOPLE_AFTER.match(after) or writer:
            continue
        kept.append(c)
    cands[:] = kept


# A collective noun ("一批量具", "计量器具", "仪表"), a few words on a colon, and then the things it stands for, each
# perhaps with its size in brackets and its count: "需外送校准一批量具：数显卡尺（0-150mm）6把、外径千分尺（0-25mm）4把"
# is about the calipers and the micrometers (issue 27, probe 6, p56). So is a list the next clause says the collective
# is made of, without a colon: "一批医疗设备需要做计量校准，主要是心电监护仪、输液泵和血压计" is about the monitors,
# the pumps and the meters (it read 医疗设备; the seventh probe, p70). In brackets, or named by no such words, the
# collective noun is the product ("计量器具（卡尺、千分尺、压力表）", the convention's fresh-009).
_COLLECTIVE_END = re.compile(r"(量具|器具|仪器|仪表|设备|工具|器材|零件|配件|部件|零部件|样品|器件|元件)$")
_COLLECTIVE_WORD = re.compile(_COLLECTIVE_END.pattern.rstrip("$"))
_LIST_LEAD = r"(?:主要是|主要有|主要包括|包括|包含|其中有|比如|例如|譬如|诸如|像是|分别是|具体是|具体有|有)"
_TO_COLON = re.compile(r"[^，,。；;：:！？!?\n]{0,8}?[：:]\s*"
                       rf"|[^，,。；;：:！？!?\n]{{0,12}}[，,]\s*{_LIST_LEAD}[：:]?\s*")
_ITEM_GAP = re.compile(r"\s*(?:（[^）]{0,24}）|\([^)]{0,24}\))?\s*(?:\d+(?:\.\d+)?\s*[\u4e00-\u9fff]?)?\s*"
                       r"(?:、|和|及|与|以及)\s*")


def _things_after_colon(text: str, cands: list[_Candidate]) -> None:
    """Gives a collective noun the things a colon, or the next clause's 主要是 / 包括 / 比如…, lists after it
    (:data:`_COLLECTIVE_END`), when each of them is a thing (a product's head or ending); :func:`_whole_list` then
    reads them in its place. A collective word that is no candidate alone ("实验室的仪器需要检定，包括电子天平、酸度计")
    gives them to the first of them, with the cues it has."""
    collectives: list[tuple[int, int, _Candidate | None]] = [
        (c.start, c.end, c) for c in cands if _COLLECTIVE_END.search(c.text)]
    collectives += [(m.start(), m.end(), None) for m in _COLLECTIVE_WORD.finditer(text)
                    if not any(c.start <= m.start() and m.end() <= c.end for c in cands)]
    for start, end, c in collectives:
        colon = _TO_COLON.match(text, end)
        if colon is None:
            continue
        items: list[_Candidate] = []
        at = colon.end()
        for d in cands:
            if d.start < at:
                continue
            if d.start > at:
                break
            items.append(d)
            gap = _ITEM_GAP.match(text, d.end)
            if gap is None:
                break
            at = gap.end()
        # (a title's colon and one thing after it is no list: "饲料添加剂固体发酵设备：发酵杜仲饲料添加剂市场潜力大…")
        if not (2 <= len(items) <= _LIST_MAX_ITEMS and all(_prior_zh(d.text) >= 1.0 for d in items)
                and len("、".join(d.text for d in items)) <= _LIST_MAX_CHARS):
            continue
        if c is not None:
            c.items = tuple(d.text for d in items)
        else:
            items[0].items = tuple(d.text for d in items)
            items[0].score = max(items[0].score, _score_zh(text, start, end, text[start:end], _title_end(text)))


def _line_narrowed(text: str, cands: list[_Candidate]) -> None:
    """The company's line ("我们是做光学镜片的，") named again by its head within another thing that the need is about
    ("…有一批树脂镜片要做…检测") is not that thing: the narrower one is (it read the line 光学镜片; the fifth probe). A
    line named again as itself ("想测一下阀门…") stays what the need is about."""
    for line in cands:
        if not _is_line(text, line.start, line.end):
            continue
        head = line.text[-2:]
        narrower = [c for c in cands if c.start >= line.end and c.text.endswith(head) and len(c.text) > len(head)
                    and c.text != line.text and line.text not in c.text and c.score >= 2.0]
        if narrower:
            line.score = min(line.score, max(c.score for c in narrower) - 0.01)


# "（我们是…，）做抛釉砖的，": the enterprise's line said whole between 做 and 的 — jieba cuts 抛|釉砖, and the product
# read 釉砖 (the fourth probe of the chat).
_LINE_SAID = re.compile(r"(?:^|[，。,；;：:\s]|是|专门|主要|专业)做$")


def _line_said_whole(text: str, cands: list[_Candidate]) -> None:
    """A one-character word left out before a candidate that fills "做…的" up to the clause's end is part of it."""
    for c in cands:
        if c.start >= 2 and _LINE_SAID.search(text[:c.start - 1]) and re.match(r"的(?:[，。,；;！!]|$)", text[c.end:]) \
                and re.fullmatch(r"[\u4e00-\u9fff]", text[c.start - 1]):
            c.start -= 1
            c.text = text[c.start:c.end]


# "做抛釉砖的，…砖面老是出现针孔": the surface (砖面, 漆面, 板面) of a thing named before is that thing — the failure
# is on it (the product read 砖面, and the title "砖面攻关需求"; the fourth probe).
_SURFACE = re.compile(r"^[\u4e00-\u9fff]面$")


def _surface_of(text: str, cands: list[_Candidate]) -> None:
    for i, c in enumerate(cands):
        if not _SURFACE.match(c.text):
            continue
        owner = next((o for o in reversed(cands[:i]) if o.text.endswith(c.text[0]) and len(o.text) >= 2), None)
        if owner is not None:
            owner.score = max(owner.score, c.score + 0.01)
            c.score = min(c.score, owner.score - 0.01)


# "对X进行检测", "对辖区内使用的计量器具开展检定", "对污水、污泥及其他样品按规定参数进行检测": what 对 puts before a
# service verb in the same clause is what the service is done on (issue 27: how notices and enterprises say it).
_DUI_SERVICE = re.compile(r"检测|检验|检定|校准|测试|试验|分析|监测|抽检|抽查|鉴定|评估|评价|检查|调查|测量|计量|验证|"
                          r"认证|复核|排查|巡检|诊断|研究|改进|优化")
# "为学区提交的饮用水样品提供采样、分析…": what a service is provided for, under 为, is what it is on
_DUI = re.compile(r"对(?!于|比|应|标|接|外|此|其)"
                  r"|为(?=[^，,。；;！？!?]{2,30}?提供[^，,。；;！？!?]{0,8}?(采样|检测|检验|检定|校准|测试|分析|监测|鉴定|评估))")


def _object_of_dui(text: str, cands: list[_Candidate]) -> None:
    """The thing after 对 in a clause whose predicate is a service: what the service is on. Modifiers joined by 的
    say whose or which ("对学区的饮用水样品…", "对房屋的地基基础…"), so the first thing after the last 的 is taken."""
    for m in _DUI.finditer(text):
        end = re.search(r"[，,。；;！？!?]|$", text[m.end():])
        clause = text[m.end():m.end() + end.start()]  # type: ignore[union-attr]
        if re.search(r"(来说|而言|来讲)$", clause):
            continue  # "对企业来说": for whom, not what
        service = _DUI_SERVICE.search(clause)
        if not service:
            continue
        span_end = m.end() + service.start()
        last_de = text.rfind("的", m.end(), span_end)
        start = last_de + 1 if last_de >= 0 else m.end()
        inside = [c for c in cands if start <= c.start and c.end <= span_end]
        if not inside:
            continue
        inside[0].score += 2.0
        for modifier in (c for c in cands if m.end() <= c.start and c.end <= last_de):
            # whose or which, said before 的 ("全县农村饮水安全工程的水源地水样"): never over the thing itself
            modifier.score = min(modifier.score, inside[0].score - 0.01)


_DEGREE_PROPERTY = re.compile(r"[\u4e00-\u9fff](度|性)")
# What a product is made to withstand, said before it: "可通过橄榄油测试的低硬度热塑性弹性体", "通过盐雾试验的螺栓",
# "耐柴油浸泡的橡胶油封". The first noun is the test's medium or method, the noun after "的" is the thing
# (walking the chat, issue 27).
_WITHSTAND_BEFORE = re.compile(r"(通过|耐|抗|经受住?|经得起|经得住|承受住?|满足|符合)$")
_TEST_WORD = r"(测试|试验|检测|检验|实验|考核|测验|验证)"
_MEDIUM_GAP = re.compile(rf"{_TEST_WORD}?([\u4e00-\u9fff]{{1,2}})?的[^，。；,;、！？!?\s]{{0,4}}")


def _demote_test_media(text: str, cands: list[_Candidate]) -> None:
    """Of "X测试的Y", "通过X试验的Y" and "耐X的Y", Y is the thing and X what it withstands: X never wins over Y."""
    for first, second in itertools.pairwise(cands):
        gap = text[first.end:second.start]
        m = _MEDIUM_GAP.fullmatch(gap)
        if not m:
            continue
        withstands = bool(_WITHSTAND_BEFORE.search(text[max(0, first.start - 4):first.start])) \
            or first.text.startswith(("耐", "抗"))
        if withstands or m.group(1):
            first.score = min(first.score, second.score - 0.01)


def _prefer_heads(text: str, cands: list[_Candidate]) -> None:
    """"车载控制器的PCBA板": of two names joined by 的, the second is the thing and the first says whose it is."""
    for first, second in itertools.pairwise(cands):
        if text[first.end:second.start] == "的" and _PRODUCT_END.search(second.text):
            first.score = min(first.score, second.score - 0.01)


_SPLIT_WORDS = _words(
    "检测 检验 测试 试验 测量 测定 校准 检定 溯源 分析 失效分析 评价 评估 评定 认证 认可 咨询 培训 辅导 服务 "
    "研发 开发 研制 设计 研究 攻关 改进 优化 改良 升级 改造 提升 提高 验证 诊断 申报 申请 起草 制定 整改 "
    "技术 工艺 方法 方案 标准 专利 商标 品牌 项目 成果 报告 证书 资质 体系 管理 合作 转化 型式试验 型式检验 "
    "代理 代办 "
    # how a public notice buys a test (issue 27, real7/real8): "农产品质量安全定量监测", "城市供水水质抽样检测",
    # "农村房屋安全性评估鉴定": the thing is before these words, the rest of the name is the service's
    "监测 抽检 抽查 抽样 鉴定 调查 排查 巡检 采样 取样 定量 定性 例行 监督")


def _split_at_inner_breaks(run: list[_Tok]) -> list[list[_Tok]]:
    """A run is split at a service or need word inside it ("钢球加工过程热处理" stays whole only when no such word
    stands between two product words): both sides are candidates."""
    parts: list[list[_Tok]] = [[]]
    for tok in run:
        # (and at a "when": "高温时传感器读数漂移" — the time before it, the thing after; issue 27 item 6)
        if tok.word in _SPLIT_WORDS or (tok.word in _WHEN_WORDS and parts[-1]):
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
    r"菇粒球棒锤斗铲耙犁辊锻铸焊胎衬串条索巾帕裙裤衫胞素酶肽糖盐酸碱醇酯烯烷苯酮胺剂矿煤气水土泥渣废刷]|"
    # measuring instruments a calibration is for ("电子天平和砝码需要做校准" read 电子天平 alone; the fourth probe)
    r"天平|砝码|量具|卡尺|千分尺|量块|量规|扳手)$")
_NOT_PRODUCT_END = re.compile(
    r"(成分|性能|系数|电阻|老化|冲击|循环|启动|效应|现象|指标|参数|工况|环境|条件|能力|水平|方式|模式|速度|形态|"
    r"过程|问题|原因|方法|技术|工艺|设计|工程|识别|通讯|通信|染色|铸造|分析|检测|测试|试验|评价|标定|计量|测量|"
    r"管理|服务|培训|咨询|认证|标准|体系|项目|计划|规划|策划|方案|平衡|控制|调度|融合|应用|研究|开发|研发|"
    r"注册|知识|绿带|黑带|监管|画像|框架|作业|联网|代理|代办|"
    # the kinds of a test ("驱动电机要做振动和温升测试" read the product 振动和温升; the fourth probe)
    r"振动|温升|跌落|盐雾|湿热|耐压|绝缘|泄漏|阻燃|防水|防尘|"
    r"[率性度值量力])$")


# What a thing resists, with no thing named ("开发一款耐黄变的" read 耐黄变; the seventeenth probe, p162): a property
# the thing is to have, as 耐磨, 抗菌, 防水 are (耐黄变膜, 防水涂料 end in a thing, and stay).
_RESISTS = re.compile(r"(耐|抗|防(?!止|范))[\u4e00-\u9fff]{1,3}")  # (防止 / 防范 are verbs: "防止病人倒走摔倒")


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


_AFTER_FILLER = re.compile(r"^\s*(（[^）]{0,20}）|\([^)]{0,20}\))?"
                           r"(每年|每月|每批|定期|都|也|均|要|需要|需|还|送|拿去|出厂前|上市前|等)*")


# "我们是做X的，…", "我司主营X的": X is the company's line, said to introduce it, not (yet) the thing in question
# (:func:`_is_line`), closed by 的 and punctuation (or a space, in a message typed without punctuation: "我们是青岛做
# 橡胶密封件的 有批O型圈…"; the seventeenth probe)
_LINE_CLOSE = re.compile(r"^的[，。,；;\s]")
# The line said without 的, its verb right after who says it, up to the clause's end: "我们厂做汽车线束，端子要做
# 盐雾测试" (issue 27 item 6: the line-vs-part shape).
_LINE_OF_OURS_BARE = re.compile(r"(我们|我司|我厂|本公司|公司|本厂|咱们)(厂|公司)?(是|就是|主要是|一直|专门|主要)?"
                                r"(做|生产|专业生产|主营|制造|专门做|主要做)$")
_LINE_BARE_CLOSE = re.compile(r"^(?:[，。,；;]|\s+(?=[\u4e00-\u9fff]))")


def _is_line(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is the company's line as it introduces itself: "我们是做X的，", "我们是惠州做X的 ",
    "我们厂在绍兴柯桥，做X的，" (:data:`_LINE_OF_OURS_PLACED`), or "我们厂做X，" without 的. The one test every rule
    that weighs the line against the part in question reads (issue 27 item 6: the cap of :func:`_score_zh` missed a
    line said with its place, "我们是宁波做小家电的，电热水壶要出口欧洲" read 小家电)."""
    before = text[max(0, start - 12):start]
    if not _LINE_OF_OURS_PLACED.search(before):
        return False
    return _LINE_CLOSE.match(text[end:end + 2]) is not None or (
        _LINE_OF_OURS_BARE.search(before) is not None and _LINE_BARE_CLOSE.match(text[end:end + 2]) is not None)


def _score_zh(text: str, start: int, end: int, phrase: str, title_end: int) -> float:
    before = text[max(0, start - 12):start]
    after = text[end:end + 24]
    after = after[_AFTER_FILLER.match(after).end():]  # type: ignore[union-attr]
    score = 0.0
    if end <= title_end:
        score += 3.0 - start * 0.05
    if _FAIL_AFTER.match(after):
        score += 3.0
    if _SERVICE_AFTER.match(after) or _PROPERTY_SERVICE_AFTER.match(after):
        score += 2.5
    elif _SERVICE_NEAR.match(after) or _CONDITIONED_WORK.match(_WANTS_DONE.sub("", after)):
        score += 1.5  # (or a test named by its conditions: "螺栓要做480小时的中性盐雾"; the twenty-first probe, p199)
    elif _EXPORTED_AFTER.match(after):
        score += 2.0  # "电热水壶要出口欧洲，需要做CE认证": the thing to be sold abroad is what the need is about
    if _OWN_BEFORE.search(before) or _YOUR_BEFORE.search(before):
        score += 3.0
    if _ASKED_OF_AFTER.match(text[end:end + 40]) and not phrase.endswith("时"):
        score += 2.5  # the thing a question asks about: "GMSSL支持通过国密认证吗", "Tengine是否满足信创要求"
    if _ON_BEFORE.search(before):
        score += 2.0
    if _DEVELOP_BEFORE.search(before):
        score += 2.5
    elif _DEVELOP_NEAR.search(before):
        score += 2.0
    if _FORM_BEFORE.search(before):
        score += 3.0
    if _LINE_BEFORE.search(before) or (_LINE_ACROSS_BEFORE.search(before) and _CLAUSE_END.match(text[end:])):
        score += 1.5
    if _COMPANY_AFTER.match(after):
        score += 1.0
    if _PRODUCT_IS.search(before):
        score += 3.0
    if _INTRODUCED_BEFORE.search(before):
        score += 2.0
    if _FOR_USE_BEFORE.search(before) and not _OWN_USES_BEFORE.search(before):
        score += 2.0  # the thing a use is said of: "一种汽车用的铝合金轮毂", "锂电池用的隔膜"
    if _MADE_BY_BEFORE.search(before):
        score += 2.0  # the thing a process made: "注塑出来的卡扣"
    if re.match(r"^(和|及|与|、)", after) or re.search(r"(和|及|与|、)$", before):
        score += 0.2
    prior = _prior_zh(phrase)
    score = score * (1.0 if prior >= 1.0 else 0.6 if prior >= 0 else 0.25) + prior
    if _COMPANY_AFTER.match(after) or (_is_line(text, start, end) and phrase[-2:] not in text[end:]
                                       and phrase not in text[:start]):
        # the company's line ("生物医药公司", "我们是做户外储能电源的，…"): what the need is about wins over it —
        # the thing that fails or is to be tested, when the text names one ("储能电池包高温报警"); a line named
        # again is that thing ("我们是做核电阀门的，想测一下阀门…"), and so is one a title names first
        # ("X无缝绕包技术：公司生产X，…"). With its place too ("我们是宁波做小家电的，电热水壶要出口欧洲" read 小家电)
        # and without 的 ("我们厂做汽车线束，端子要做盐雾测试"; issue 27 item 6).
        score = min(score, 2.0)
    if _SUPPLY_TO_BEFORE.search(before) and "配套" in phrase[1:-1]:
        # whom a supplier supplies and what ("我们厂给主机厂配套汽车内饰件" read 主机厂配套汽车内饰件 over the armrests
        # the complaint is about; the tenth probe: p99): the company's line, as "做X的厂" is
        score = min(score, 1.0)
    if (own_part := _OWN_PART_BEFORE.search(before)) and not _OWN_BEFORE.search(before) and all(
            t.flag.startswith("n") for t in _tokens(own_part.group("of"))):
        # a part of the enterprise's product: "我们咖啡机的水箱是PP注塑的" (the eleventh probe, p110); not what it did
        # ("我们修改后的代码")
        score += 2.5
    if _USE_AFTER.match(text[end:end + 4]) and phrase[-1:] not in _USE_VERB_END and not (
            _OWN_BEFORE.search(before) and not _USED_TESTED.match(text[end:end + 20])):
        # what the thing is for, the thing after it: "一种汽车用的铝合金轮毂", "锂电池用的隔膜" (a new user on the chat
        # page read 汽车, 2026-11-28)
        score = min(score, 0.0)
    if _CAUSE_ASKED_BEFORE.search(before) and _CAUSE_ASKED_AFTER.match(text[end:end + 8]):
        score = min(score, 0.5)  # a cause weighed: "分析下是镀层问题还是前处理问题" (the eleventh probe's variants)
    if _SAFETY_FIELD.search(phrase) and text[end:end + 2] == "安全":
        score = min(score, 0.0)  # the field a safety test is named by: "医用电气安全检测" (the eleventh probe, p114)
    if len(phrase) > 16:
        score -= 1.0
    score -= start * 0.002
    return score


# A question about a named thing, asked of its maker or a project (issue 27, the product on sets never seen:
# "GMSSL支持通过国密认证吗" read 国密, "不知shenyu在等保上是否做过对应测评" read 不知shenyu): whether it holds a
# certificate, passed an assessment or meets a standard or a requirement. Not a time ("监管局执法时是否会参考团体
# 标准": when, not what).
_ASKED_OF_AFTER = re.compile(r"^\s*(?:在[^，。？?\s]{1,8}?上)?(?:是否|能否|可否|能不能|可不可以|有没有|有无|支持|"
                             r"满足|符合|通过|经过|做过)[^，。；？?]{0,24}?(?:认证|测评|评测|测试|检测|标准|国标|要求|"
                             r"资质|合规|审计|audit|认可)", re.I)
# The addressee's own thing, asked about ("你们的SDK经过第三方安全审计吗？", "贵公司的 libs 经过…认证过吗").
_YOUR_BEFORE = re.compile(r"(贵公司|贵司|你们公司|你们|您们|你司|您公司)的\s*$")
_CAUSE_ASKED_BEFORE = re.compile(r"(是|还是|到底是|究竟是)$")
_CAUSE_ASKED_AFTER = re.compile(r"^的?(问题|原因|造成的|导致的|引起的)")
_SAFETY_FIELD = re.compile(r"^(医用|家用|工业|低压|高压|机械)?(电气|电器|信息技术设备|功能)$")


_SUPPLY_TO_BEFORE = re.compile(r"(给|为|替)$")
# The enterprise's own thing and what it uses: "我们的户外配电箱用的冷轧板喷粉" read the material and its finish, not
# the cabinets (用的 read as a use, "汽车用的铝合金轮毂"; the eleventh probe, p113).
_OWN_USES_BEFORE = re.compile(r"(我们|我司|我厂|本公司|公司)的[^，。；;,\s]{1,10}(用的|用的是|采用的|使用的)$")
# (… unless what it uses is what the service is on: "我们的电池用的隔膜要做穿刺测试")
_USED_TESTED = re.compile(r"^(用的|用的是|采用的|使用的)[^，。；;,]{1,10}?(要做|需要|要|做|测试|检测|试验|检验|分析)")
# A part of the enterprise's product, named before it: "我们咖啡机的水箱" (not "我们的", "我们公司的").
_OWN_PART_BEFORE = re.compile(r"(我们|我司|我厂)(?![的是在这那做从有为和与也都就要想需找去把对给公厂])"
                              r"(?P<of>[\u4e00-\u9fffA-Za-z0-9]{2,8})的$")
_USE_AFTER = re.compile(r"^(专用|所用|用)的")
# 用 of a use, not of a verb that ends on it (利用, 使用, 应用, 采用, 适用, 费用 …: "磷石膏综合利用的地方标准")
_USE_VERB_END = "利使应采运作费适试通引占租借享录雇启食服饮实耐信挪沿"
# The thing a process made ("注塑出来的卡扣", "压铸出来的支架", "冲压的垫片"): what the need is about, as the thing a
# use is said of is ("就是注塑出来的卡扣，PP加了30%玻纤，客户装的时候一掰就断" read no product; a new user on the chat
# page, issue 27, 2026-11-29).
_MADE_BY_BEFORE = re.compile(r"(注塑|注射|冲压|压铸|吹塑|吸塑|滚塑|铸造|锻造|挤出|挤压|模压|机加工?|车削|焊接|"
                             r"3D打印|烧结|折弯|冷镦|热镦)(出来|成型|成形)?的$")
_FOR_USE_BEFORE = re.compile(rf"[\u4e00-\u9fffA-Za-z0-9](?<![{_USE_VERB_END}])(专用|所用|用)的$")


def _share_list_cues(text: str, cands: list[_Candidate]) -> None:
    """The items of a list share the cue after its last item ("压力表、温度计、扭力扳手每年都要送检定"): the first item
    scores as the last does, and :func:`_whole_list` then reads the whole list."""
    for i in range(len(cands) - 1, 0, -1):
        prev, cur = cands[i - 1], cands[i]
        if _LIST_JOIN.fullmatch(text[prev.end:cur.start]):
            # cur's score holds its own place's cost (start * 0.002, :func:`_score_zh`); the earlier item pays less
            # for its place, so it gets that difference back (the sign was the other way round: a first item more
            # than five characters before the last scored below it)
            prev.score = max(prev.score, cur.score + (cur.start - prev.start) * 0.002 + 0.01)


# A title that asks for people ("【人才引进】机械设计研发等方面的高层次人才：公司成立于…"): what they are to know is in
# the title, and the description after it is the company's profile, whose line is not the need's product.
_PEOPLE_TITLE = re.compile(r"(人才|专家|人员|工程师|博士|教授|团队)$")


def read_product_zh(text: str) -> str | None:
    """A real need's title names its product when it names one ("高端高压柱塞泵与控制技术：<company profile>"), so a
    good enough title candidate wins over anything in the description; a title that asks for people names it there or
    the need names none."""
    cands = _candidates_zh(text)
    title_end = _title_end(text)
    in_title = [c for c in cands if c.end <= title_end]
    people = bool(title_end) and _PEOPLE_TITLE.search(text[:title_end].strip()) is not None
    if in_title:
        best_title = max(in_title, key=lambda c: c.score)
        if best_title.score >= (0.9 if people else 2.0):
            return _whole_list(text, cands, best_title)
    if people:
        return None
    best = max(cands, key=lambda c: c.score, default=None)
    if best is None or best.score < 0.9:
        return None
    return _whole_list(text, cands, best)


# (a count may lead the next item: "十几把扭矩扳手和两台拉力试验机到期需要校准" read the second alone; the sixteenth
# probe's left item, p155)
_LIST_JOIN = re.compile(r"\s*(、|和|及|与|或|以及)\s*(?:[一二两三四五六七八九十百千几\d]+[多余来]?"
                        r"[把只台块支个件套根片张副对组批瓶袋箱盒桶条颗粒吨])?\s*")
_LIST_MAX_ITEMS = 6
_LIST_MAX_CHARS = 40


def _whole_list(text: str, cands: list[_Candidate], best: _Candidate) -> str:
    """"压力表、温度计和电子天平需要校准" is about all three: the product is the whole list as the text writes it, not
    its first item alone (found walking the chat, issue 27). Only a list of things ("、", "和", "及" …; no property,
    work or technique among them) that the need's cue is on: the service or failure right after its last item
    ("…电子天平需要校准"), or the enterprise's own or a service right before its first ("对我们的A和B进行检测"). A
    company's line of products in a profile has no such cue, and a list too long for a card keeps the read item."""
    if best.items:
        return "、".join(best.items)
    i = cands.index(best)
    lo = hi = i
    while lo > 0 and _LIST_JOIN.fullmatch(text[cands[lo - 1].end:cands[lo].start]):
        lo -= 1
    while hi + 1 < len(cands) and _LIST_JOIN.fullmatch(text[cands[hi].end:cands[hi + 1].start]):
        hi += 1
    items = cands[lo:hi + 1]
    priors = [_prior_zh(c.text) for c in items]
    things = sum(p >= 1.0 for p in priors)  # a thing's head or ending ("压力表", "温度计"; "电子天平" has neither)
    if not 2 <= len(items) <= _LIST_MAX_ITEMS or min(priors) < 0 or 2 * things <= len(items):
        return best.text
    last = items[-1]
    after = text[last.end:last.end + 24]
    after = after[_AFTER_FILLER.match(after).end():]  # type: ignore[union-attr]
    cued = bool(_FAIL_AFTER.match(after) or _SERVICE_AFTER.match(after) or _SERVICE_NEAR.match(after))
    joined = "".join(c.text + _LIST_JOIN.sub(r"\1", text[c.end:n.start])
                     for c, n in itertools.pairwise(items)) + last.text
    if not cued or len(joined) > _LIST_MAX_CHARS:
        return best.text
    return joined  # the things as the text joins them, less the counts ("扭矩扳手和拉力试验机")


# ---------------------------------------------------------------------------------------------------------------
# English
# English has no tagger here, so a noun phrase is a run of words that are none of: function words, verbs, adverbs,
# numbers and the need's own vocabulary (services, defects, properties, organisations, people). Verbs are known by
# a list of common verbs in all their forms and by their endings: an "-ing" or "-ed" word joins a phrase only as a
# modifier in front of a noun ("cooling system", "extruded aluminum parts") or when it names a thing ("housing").
def _en_forms(bases: str) -> frozenset[str]:
    """Every common inflection of each verb: make → makes, made (listed), making; test → tests, tested, testing."""
    out: set[str] = set()
    for base in bases.split():
        out.add(base)
        if base.endswith("e") and not base.endswith("ee"):
            stem = base[:-1]
            out |= {base + "s", base + "d", stem + "ing"}
        elif base.endswith("y") and base[-2:-1] not in "aeiou":
            out |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
        elif base.endswith(("s", "sh", "ch", "x", "z")):
            out |= {base + "es", base + "ed", base + "ing"}
        else:
            out |= {base + "s", base + "ed", base + "ing"}
            if re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", base):  # stop → stopped, stopping
                out |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return frozenset(out)


_EN_FUNCTION = _words(
    "a an the this that these those my our your their its his her we us you they it he she i me him them who whom "
    "whose which what where when why how whether if then than so as because while whereas although though unless "
    "until since once also too very much more most less least only just even still already yet again ever never "
    "not no nor neither either both all any some each every few many several such other another same own "
    "and or but plus versus vs via per in on at to for of with from by about above below under over after before "
    "during within without into onto upon out off up down through throughout across along around among between "
    "against toward towards behind beyond near like unlike than inside outside despite except including "
    "is are was were be been being am do does did done have has had having will would can could should shall may "
    "might must ought can't cannot don't doesn't didn't isn't aren't wasn't weren't won't wouldn't couldn't "
    "shouldn't haven't hasn't hadn't i'm we're they're it's that's there's we've i've we'd i'd let's "
    "there here now today currently recently soon later already often always usually sometimes sometime also "
    "please thanks thank hi hello dear regards cheers sir madam ok okay yes anyway however therefore thus hence "
    "moreover furthermore besides instead otherwise meanwhile etc e.g i.e eg ie "
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred hundreds "
    "thousand thousands million millions billion dozen dozens couple half first second third last next "
    "well almost nearly about approx approximately roughly around least whatever whichever anything something "
    "nothing everything anyone someone everyone nobody somebody able unable sure due maybe perhaps sorry "
    "themselves itself ourselves yourself myself himself herself whom whose else rather quite really "
    "indeed actually basically especially mainly mostly particularly specifically namely respectively "
    "together alone apart away back forward abroad overseas ahead anymore anyway somehow somewhere elsewhere "
    "instead soon asap and/or")
_EN_VERB_BASES_TEXT = (
    "accept achieve add adhere adjust affect agree aim allow analyse analyze answer appear apply appreciate arrange "
    "ask assemble assess assist assume attach avoid become begin believe break bring build buy calibrate calculate "
    "carry cause check choose clean collect combine come compare complain complete comply conduct confirm connect "
    "consider consist contact contain continue contribute convert correct cost create deal decide define "
    "deliver demonstrate depend describe determine develop dispose do drop eliminate enable encourage end "
    "enhance ensure enter establish evaluate exceed exist expect experience explain explore extend face fail "
    "feel figure find fit fix follow fulfil fulfill gain get give go grow guess guide handle happen hear help "
    "hold hope identify implement improve include increase indicate inspect install integrate intend introduce "
    "investigate invite involve keep know lack launch lead learn leave let like look lose maintain make manage "
    "manufacture meet melt mention migrate minimize minimise modify move notice observe obtain occur offer open "
    "operate order perform permit pick plan prefer prepare present prevent proceed produce propose protect prove "
    "provide pull purchase push put qualify quantify raise reach read receive recommend reduce refer reflect "
    "relate release rely remain remove repair replace require resolve respond result retain reveal run "
    "satisfy say see seek seem select sell send serve set share show solve specify spend start stay stop "
    "submit suffer suggest supply support suppose take talk tell tend thank think tighten try turn understand "
    "update use validate verify visit wait want wish wonder work write need "
    "burn crack leak rust swell bulge peel corrode overheat warp break shrink shatter explode fade "
    "anodize anodise electroplate passivate galvanize galvanise solder polish sandblast degrease etch rechrome "
    "pass debug disturb preserve withstand measure reassess recognize recognise decline draw dig dry heat "
    "envision envisage solicit encourage elicit enhance enable assure insure leverage adapt adopt address "
    "afford announce approve argue arise assign attempt attend authorize bake balance bend bind blow boost "
    "borrow bother calculate cancel capture catch celebrate chase claim clarify classify climb close "
    "coordinate cope copy count cover crash cure damage dare decrease dedicate defend delay delete deny "
    "deploy deposit derive deserve destroy detect differ dig direct disagree disappear discover discuss "
    "dissolve distribute divide double doubt drag dream drink drive drown eat educate elect emerge emphasize "
    "employ engage enjoy equip escape estimate examine exchange excite execute exhibit expand explode export "
    "expose express extract fasten fear feed fetch fill finish float flow fly fold forbid force forget "
    "forgive form forward freeze gather glue grab grant greet grind guarantee hang harm hate heal hide hire "
    "hit hunt hurry hurt ignore illustrate imagine import impose impress incorporate inform inherit inject "
    "insert insist inspire instruct insult intend interpret interrupt invest iron join judge jump kick kill "
    "kiss knock label land last laugh lay lean lend license lie lift limit link list listen live load lock "
    "log love manage mark marry match matter measure mend mind miss mix monitor motivate mount multiply "
    "name neglect negotiate nod note obey object occupy own pack paint park participate pause pay persuade "
    "phone place play plug point pour pray predict press pretend print process promise pronounce publish "
    "punch punish pursue qualify question quit race rain reject rejoice relax remember remind rent repeat "
    "reply report represent request rescue research reserve rest restore retire review reward ride ring rinse "
    "rise risk rob rock roll rub ruin rule rush sail save scan scare scratch scream search secure seize "
    "sense separate settle shake shape shine shoot shout shut sign signal sing sink sit ski skip sleep slide "
    "slip smell smile smoke sneeze snow sort sound spare speak spell spill spin split spoil spray spread "
    "squeeze stamp stand stare steal steer step stick stimulate sting stir store strain strengthen stress "
    "stretch strike strip struggle study stuff subtract succeed suck summarize surprise surround survive "
    "suspect suspend swallow sweep swim swing switch tackle tap taste teach tear tease telephone test "
    "thrive throw tick tie tip tire touch tour trace trade train transfer transform translate transport "
    "trap travel treat tremble trick trip trouble trust tug type undergo undo unite unlock unpack urge "
    "utilize utilise vanish vary view volunteer vote walk wander warm warn wash waste watch water wave "
    "wear weigh welcome whine whip whisper whistle win wipe withdraw wobble worry wrap wreck yawn yell zoom "
    "harden loosen deform crumble discolor discolour tarnish delaminate")
_EN_VERBS = _en_forms(_EN_VERB_BASES_TEXT)
_EN_VERB_BASES = _words(_EN_VERB_BASES_TEXT)
_EN_IRREGULAR = _words(
    "made built bought brought broke broken began begun came chose chosen did done drove driven fell fallen felt "
    "found gave given got gotten went gone grew grown had heard held kept knew known laid led left lost meant met "
    "paid put ran read said saw seen sought sold sent set shook showed shown shrank shrunk spent stood stuck took "
    "taken taught told thought threw thrown understood wore worn won wrote written burnt burned swollen sat "
    "caught fought bound dealt drawn drew dug fed flew flown forgot forgotten froze frozen hid hidden hung hurt "
    "lay lain lent lit rode ridden rose risen rang rung shot shut sang sung sank sunk slept slid spoke spoken "
    "spun split spread stole stolen struck swam swum swept swung tore torn woke woken wound goes does has "
    "learnt dreamt spelt spilt spoilt "
    # "the Raspberry Pi chip immediately became hot" read "became" (issue 27, the product on sets never seen)
    "became overcame withstood undertook undertaken mistook rebuilt")
# Words whose form looks like a verb's but which name a thing or sit inside a product's name.
_EN_THING_ING = _words(
    "bearing bearings housing housings fitting fittings coating coatings casting castings tubing packaging lining "
    "linings clothing bedding building buildings wiring forging forgings cooling heating lighting ceiling railing "
    "molding moulding moldings mouldings tooling fencing flooring roofing siding plumbing sealing mounting "
    "charging switching sensing measuring recording monitoring testing cutting welding spring springs string "
    "strings ring rings wing wings thing things ceiling padding bushing bushings coupling couplings winding "
    "windings shielding drawing drawings painting paintings printing filling fillings stuffing dressing topping "
    "pudding icing frosting seasoning clamping milking drilling mining spinning rolling grinding milling washing "
    "sewing vending mixing dispensing labeling labelling weighing boring stamping bending folding sorting "
    "conveying lifting hoisting handling drinking "
    # what a thing is for, before its noun ("our stainless steel frying pans" read "stainless steel", "drop tests on
    # our LED camping lanterns" nothing; the twelfth probe, p126 and p127)
    "frying cooking baking camping fishing hiking swimming sleeping walking climbing riding skating "
    "shaving massaging hearing parking steering breathing dining gaming "
    "trimming cushioning curling styling brewing blending chopping grilling roasting boiling steaming")
_EN_THING_ED = _words("red bed shed sled feed seed speed steed weed reed bleed breed hundred")
# Adverbs end in -ly; these -ly words are nouns or names.
_EN_LY_NOUNS = _words("assembly assemblies supply supplies family anomaly anomalies belly jelly poly monopoly "
                      "italy july reply fly butterfly ally trolley")
# Heads that are never the product: activities and services, defects, properties and quantities, documents,
# abstract words, organisations, people, places and times.
_EN_SERVICE_HEADS = _words(
    "test tests testing tested calibration calibrations certification certifications inspection inspections "
    "analysis analyses evaluation evaluations assessment assessments measurement measurements maintenance repair "
    "repairs training consultation consulting audit audits verification validation approval approvals compliance "
    "development design designs research study studies investigation investigations monitoring detection "
    "diagnosis diagnostics support service services help assistance treatment disposal removal recycling "
    "manufacturing production processing fabrication assembly plating anodizing anodising welding "
    "improvement improvements optimisation optimization upgrade upgrades installation integration implementation "
    "demonstration prototyping simulation modeling modelling characterization characterisation qualification "
    "sampling survey surveys scan scans prediction profiling reduction protection prevention control management "
    "recovery capture conversion storage transfer exchange operation operations use usage application applications "
    "supply provision procurement acquisition purchase delivery shipment transportation logistics")
_EN_DEFECTS = _words(
    "warpage porosity cracking crack cracks cracked corrosion rust rusting noise leakage leak leaks failure "
    "failures fail defect defects deformation discoloration discolouration yellowing fading wear breakage damage "
    "swelling bulge bulges bulging blister blisters blistering bubble bubbles bubbling pit pits pitting crater "
    "craters cratering "
    "pinhole pinholes outgassing peeling flaking chipping delamination fracture fractures flaw flaws fault "
    "faults error errors issue issues problem problems trouble troubles overcurrent overvoltage overheating "
    "break breaks pocket pockets void voids inclusion inclusions "
    "overheat interference drift jitter vibration vibrations contamination contaminant "
    "contaminants spots spot stain stains burning burn burns short shorts malfunction malfunctions event events "
    "complaint complaints risk risks hazard hazards overrun overruns distress "
    # a software or hardware fault as an issue's title names it ("Signal generator bug ?" read "Signal generator bug";
    # issue 27 item 6)
    "bug bugs glitch glitches crash crashes")
_EN_PROPERTIES = _words(
    "quality accuracy precision performance strength durability reliability safety yield efficiency stability "
    "resistance stiffness hardness adhesion temperature temperatures temp temps pressure humidity voltage "
    "current currents power consumption weight weights size sizes dimension dimensions thickness density "
    "viscosity value values reading readings number numbers data output input level levels rate rates speed "
    "concentration content composition capacity range ratio behaviour behavior characteristics characteristic "
    "property properties parameter parameters cost costs price prices life lifetime lifespan shelf-life "
    "robustness security sensitivity resolution uncertainty tolerance tolerances appearance "
    "color colour colors colours flow frequency signal signals response time times delta offset offsets "
    "emission emissions fog mist spray exposure magnitude condition conditions "
    "waterproof waterproofness watertightness airtightness "
    # what a test applies to the thing, not the thing: "load testing of emergency generators", "compaction testing"
    "load loads compaction slump shock shocks "
    # and the stress a test ages it with: "UV aging tests on our PVC window profiles" (issue 27, probe 6, p65's kind)
    "aging ageing weathering cycling "
    # and what the test wears it by: "a bench fatigue test" on the gearbox read "bench fatigue" (the ninth probe, p91)
    "fatigue endurance")  # "waterproof testing of our toothbrushes": tested for
_EN_ABSTRACT = _words(
    "product products item items thing things stuff name names "
    "technology technologies technique techniques solution solutions method methods approach approaches process "
    "processes procedure procedures way ways means idea ideas concept concepts need needs requirement "
    "requirements specification specifications spec specs standard standards regulation regulations rule rules "
    "law laws guideline guidelines objective objectives goal goals aim purpose scope topic topics subtopic area "
    "areas field fields domain domains sector sectors industry industries market markets world country countries "
    "project projects program programme programs programmes effort efforts work task tasks job jobs activity "
    "activities opportunity opportunities challenge challenges question questions answer answers information "
    "knowledge experience expertise capability capabilities ability abilities feasibility potential "
    "advantage advantages benefit benefits impact impacts effect effects result results outcome outcomes "
    "finding findings status state condition conditions situation case cases example examples instance "
    "instances kind kinds type types sort sorts version versions variety series aspect "
    "aspects feature features function functions role factor factors reason reasons cause causes "
    "basis context environment environments scenario scenarios option options alternative alternatives "
    "innovation innovations invention inventions improvement proposal proposals submission submissions "
    "report reports certificate certificates document documents documentation paperwork file files link links "
    "patent patents trademark trademarks copyright copyrights licence licences license licenses "
    "video videos picture pictures image images photo photos log logs sketch code library config firmware "
    "community communities public attention thanks regards background description summary note notes "
    "contract contracts agreement agreements term terms tender tenders bid bids quote quotes quotation "
    "budget budgets deadline deadlines timeline timelines schedule fee fees fund funds funding grant grants award "
    "awards prize prizes phase phases stage stages step steps point points side sides top bottom "
    "end ends beginning start middle rest lot lots amount amounts quantity quantities percent percentage "
    "surface surfaces interior exterior place places position positions location locations site sites "
    "day days week weeks month months year years hour hours minute minutes moment period periods "
    "season seasons morning evening night date dates summer winter autumn "
    "health healthcare science sciences engineering chemistry physics biology mathematics "
    "energy sustainability economy business businesses commerce trade practice practices "
    "pain points disease diseases infection infections "
    "art state-of-the-art history future past present attempt attempts trial trials experiment experiments "
    "mission missions mandate priority priorities concern concerns interest interests exposure brand brands "
    "sample samples specimen specimens batch batches order orders help need want arts "
    "magnitude "
    # a product's model named alone ("testing on our new model": the product was "model", the title "model: EMC and
    # more"; the thirteenth probe, p134)
    "model models "
    # a public notice's own words (issue 27, real7): what is bought with the service, and the notice's parts
    "labor labour list lists record records invitation invitations solicitation solicitations resolution "
    "resolutions exhibit exhibits attachment attachments worksheet worksheets commodity commodities notice "
    "notices announcement announcements "
    # a heading's own word and an outcome (issue 27: "Request for Services Title: …", "TITLE 5 PROGRAM SERVICES",
    # "success")
    "title titles success")
_EN_COMPANY_HEADS = _words(
    "company companies factory factories plant plants firm firms mill mills startup start-up startups exporter "
    "exporters importer importers maker makers manufacturer manufacturers producer producers supplier "
    "suppliers distributor distributors vendor vendors roastery bakery winery brewery shop shops store stores "
    "business operator operators group groups chain dealer dealers contractor contractors consultant consultants "
    "provider providers integrator integrators foundry foundries workshop workshops facility facilities "
    # (the fourteenth probe: "Our headquarters in Munich requires a CNAS report …" read the product "headquarters")
    "headquarters hq subsidiary subsidiaries")
_EN_ORGS = _words(
    "department ministry council institute institution university universities college school agency agencies "
    "administration bureau office authority authorities commission committee association society foundation "
    "federation organisation organization laboratory laboratories lab labs centre center centers centres "
    "division directorate government county city town village municipality district "
    "corporation corp inc ltd llc plc gmbh co academy hospital hospitals clinic team teams "
    "partner partners partnership alliance consortium network")
_EN_PEOPLE = _words(
    "customer customers client clients user users buyer buyers people person persons staff employee employees "
    "engineer engineers technician technicians worker workers farmer farmers grower growers party parties "
    "researcher researchers scientist scientists expert experts solver solvers seeker seekers responder "
    "responders consumer consumers citizen citizens resident residents homeowner homeowners patient patients "
    "student students teacher teachers instructor instructors member members owner owners manager managers "
    "director directors president officer officers representative representatives colleague colleagues friend "
    "friends guy guys folks everybody inventor inventors entrepreneur entrepreneurs "
    "beginner beginners pilot pilots astronaut astronauts "
    "mechanic mechanics sir madam mr mrs ms dr")
_EN_SECTORS = _words(
    "pharma pharmaceutical food foods medical device devices textile textiles tech software trading automotive "
    "electronics logistics energy aerospace defense defence military agriculture agricultural chemical chemicals "
    "hong kong japanese-invested sino-german jv german-owned foreign-invested local small large state-owned "
    "private public national federal global international domestic regional industrial commercial residential")
_EN_PLACES = _words(
    "china chinese japan korea taiwan india vietnam thailand malaysia singapore indonesia philippines australia "
    "zealand canada usa us u.s. america american americas mexico brazil argentina chile europe european eu uk "
    "britain england scotland wales ireland germany france italy spain portugal netherlands belgium switzerland "
    "austria sweden norway denmark finland poland russia turkey israel iran egypt africa asia pacific middle east "
    "west north south gulf arctic antarctic ocean oceans sea seas earth moon mars venus europa titan space orbit "
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho "
    "illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi "
    "missouri montana nebraska nevada hampshire jersey york carolina dakota ohio oklahoma oregon pennsylvania "
    "rhode tennessee texas utah vermont virginia washington wisconsin wyoming london berlin paris tokyo beijing "
    "shanghai shenzhen")
# Chemical formulas and quantities measured, not things made ("CH4 readings", "CO2 monitor").
_EN_MEASURED = _words("co2 co ch4 nh3 no2 no nox so2 h2s h2 o2 o3 voc vocs pm2.5 pm10 ppm ppb ph rh formaldehyde "
                      "benzene toluene phthalate phthalates bpa cadmium mercury arsenic chromium "
                      "allergen allergens residue residues moisture oxygen nitrogen ozone "
                      "salt air")
# Marks, standards and acronyms of services or fields that are never the product.
_EN_MARK = re.compile(rf"^({_PRODUCT_MARKS}|REACH|RoHS|EMC|EMI|ESD|RF|IC|CMA|CNAS|ISO|GB|GB/T|GMP|IATF|"
                      r"HACCP|SPC|PPAP|NDA|MDR|FDA|ASTM|AAMA|QC|QA|R&D|RD|IoT|AI|ML|IT|PhD|SBIR|STTR|DoD|NASA|NIH|"
                      r"NSF|DOE|DHS|EPA|NIST|AM|FEA|CFD|TRL|RFP|RFQ|RFI|RFTC|BAA|IFB|ITB|RFB|SOQ|PO|SOW|USD|RMB|CNY|EUR|GBP|HKD|"
                      r"UN|NDT|NDI|PT|MT|UT|RT|VT|ET|ED|EN|PDF|ID|OEM|ODM|SME|SMEs|FOB|UAV|USA|UK|EU|US|"
                      r"AC|DC|PWM|ADC|I2C|SPI|UART|USB)[\d\-./]*s?$", re.I)
# Nouns that, after "a", say how much: "a bit off", "a little hot", "a lot of noise".
_EN_DEGREE_NOUNS = _words("bit little lot tad while couple few")
# A reference number or code that heads a tender's or a topic's title ("UKRI-1167 -", "ID 2914124 DAERA -").
_EN_CODE = re.compile(r"^(?:[A-Z]{1,8}[\-_]?\d{2,}[A-Z\d\-.]*|\d[\d\-./]*|ID|No|Ref|Lot|[A-Z]{2,8})$")
# Things: heads that name a made thing. Not needed for a reading, but one of these at the end tips a close call.
_EN_THING_HEADS = _words(
    "part parts piece pieces component components "
    "sensor sensors detector detectors transmitter transmitters transducer transducers actuator actuators "
    "controller controllers motor motors engine engines pump pumps valve valves compressor compressors fan fans "
    "turbine turbines generator generators inverter inverters converter converters charger chargers battery "
    "batteries cell cells capacitor capacitors resistor resistors transistor transistors mosfet mosfets chip "
    "chips board boards pcb pcbs pcba pcbas module modules circuit circuits driver drivers relay relays switch "
    "switches cable cables wire wires connector connectors antenna antennas array arrays radar laser lasers lamp "
    "lamps light lights led leds display displays screen screens camera cameras lens lenses microscope "
    "microscopes meter meters gauge gauges scale scales balance balances thermometer thermometers thermocouple "
    "thermocouples probe probes instrument instruments device devices machine machines tool tools robot robots "
    "drone drones vehicle vehicles car cars truck trucks trailer trailers train trains bicycle bicycles helmet "
    "helmets aircraft satellite satellites rover platform platforms system systems unit units assembly assemblies "
    "housing housings enclosure enclosures casing casings frame frames chassis bracket brackets beam beams shaft "
    "shafts gear gears gearbox gearboxes bearing bearings spring springs bolt bolts nut nuts screw screws "
    "fastener fasteners rivet rivets washer washers seal seals gasket gaskets hose hoses pipe pipes pipeline "
    "pipelines tube tubes tubing tank tanks vessel vessels boiler boilers heater heaters furnace furnaces oven "
    "ovens exchanger exchangers cooler coolers radiator radiators filter filters membrane membranes nozzle "
    "nozzles printer printers mould moulds mold molds die dies casting castings forging forgings extrusion "
    "extrusions sheet sheets plate plates panel panels film films foil foils fiber fibers fibre fibres fabric "
    "fabrics yarn coating coatings paint paints ink inks adhesive adhesives resin resins powder powders alloy "
    "alloys steel aluminum aluminium copper plastic plastics rubber glass ceramic ceramics concrete cement "
    "asphalt brick bricks tile tiles wood timber paper cardboard packaging package packages bottle bottles cap "
    "caps closure closures container containers bag bags box boxes cup cups instrumentation implant implants "
    "catheter catheters syringe syringes stent stents prosthesis drug drugs vaccine vaccines tablet tablets "
    "capsule capsules assay assays kit kits reagent reagents food beverage beverages tea teas coffee wine beer "
    "juice milk cheese meat fish seafood fertilizer fertiliser pesticide pesticides feed seed seeds crop crops "
    "fruit fruits router routers computer computers server servers phone phones watch watches clock clocks "
    "simulator simulators tester testers analyzer analyzers analyser analysers spectrometer spectrometers "
    "oscilloscope oscilloscopes multimeter multimeters rig rigs fixture fixtures jig jigs furniture toy toys shoe "
    "shoes sole soles tire tires tyre tyres wheel wheels brake brakes caliper calipers "
    # chemicals, materials and holders that demand lists name (issue 27)
    "acid acids oxide oxides electrolyte electrolytes catalyst catalysts polymer polymers "
    "composite composites solvent solvents lubricant lubricants oil oils sleeve sleeves holder holders chuck "
    "chucks injection injections chamber chambers "
    # kitchen and bathroom wares whose names are also verbs ("stainless steel kitchen sinks" read "… kitchen")
    "sink sinks basin basins faucet faucets tap taps")


def _en_is_word_verb(low: str) -> bool:
    """A verb form that is not also a common noun ("make", "fails"; not "test", "trains", "water")."""
    if (low not in _EN_VERBS and low not in _EN_IRREGULAR) or low in _EN_ADJECTIVES:
        return False
    nominal = _EN_NOUN_VERBS | _EN_THING_HEADS
    return low not in nominal and not (low.endswith("s") and low[:-1] in nominal)


def _en_joinable(word: str, nxt: str | None, prev: str | None = None) -> bool:
    """Whether a word can sit inside a noun phrase; ``nxt`` is the next word when only a space separates them, and
    ``prev`` the word before ("we solved air pocket issues": after a subject, "solved" is a verb)."""
    low = word.lower()
    if len(word) > 1 and word.isupper() and word.isalpha():
        if low in _EN_FUNCTION and low not in ("it", "us"):
            return False  # a heading in capitals: "INSPECTION AND TESTING SERVICES OF CRANES" (issue 27, real7)
        if low in _EN_SECTION_WORDS:
            return False  # a section's heading run into the text: "… HVAC Systems OBJECTIVE Owner requires …"
        if len(word) < 5:
            return True  # an acronym ("LED", "PCB", "ROV"); marks among them are dropped from a phrase's ends later
        # a longer word in capitals is read as the word it spells ("REQUEST", "TESTING", "CRANES")
        return _en_joinable(low, nxt.lower() if nxt else None, prev)
    if low in _EN_FUNCTION or re.fullmatch(r"[\d.,:%]+|\d+(st|nd|rd|th)", low):
        return False
    if low.endswith("ly") and low not in _EN_LY_NOUNS:
        return False
    if low in _EN_THING_ING or low in _EN_THING_ED:
        return True
    modifier = nxt is not None and _en_noun_like(nxt)
    if low.endswith("ing") and len(low) > 5:
        # a verb or an activity ("Enabling", "Detecting"); the nominal ones are listed above. In front of a thing's
        # head word it names the thing's kind ("rebar sleeving machine", "seed coating line"; issue 27).
        # A title-case heading capitalises both ("Environmental Testing Chamber").
        return nxt is not None and (nxt.islower() or (word.istitle() and nxt.istitle())) \
            and (_en_lemma(nxt) in _EN_THING_HEADS or nxt.lower() in _EN_GENERIC) and not _en_is_word_verb(low)
    if (prev or "").lower() == "to" and low in _EN_VERB_BASES and nxt is not None \
            and _en_lemma(nxt.lower()) not in _EN_THING_HEADS:
        # "used to test water and soil samples" read "test water": after "to" a verb's bare form is the verb, and
        # what follows it is what the work is on; before a thing's head it may still be a noun ("to test rigs"; the
        # product on sets never seen, issue 27)
        return False
    after_subject = (prev or "").lower() in _EN_SUBJECTS
    if (low.endswith("ed") and len(low) > 4) or low in _EN_PARTICIPLES:
        return modifier and low not in _EN_PREDICATE_ED and not after_subject  # "frozen dumplings"
    if after_subject and low in _EN_NOUN_VERBS and (prev or "").lower() in _EN_PRONOUNS:
        return False  # "we set", "they test"
    if _en_compound_verb(low, nxt, prev):
        return True
    return not _en_is_word_verb(low)


def _en_compound_verb(low: str, nxt: str | None, prev: str | None) -> bool:
    """A verb's bare form between a singular noun and a thing's head names the thing's kind, not what a subject does
    ("LED grow lights", "UV cure lamps": a singular subject would take "grows"; "We make LED grow lights" read none,
    issue 27, probe 6, p65). A plural, a pronoun, a person or an organisation before it is its subject ("customers
    buy lights")."""
    if low not in _EN_VERB_BASES or nxt is None or prev is None:
        return False
    before = prev.lower()
    if before in _EN_POSSESSIVES and nxt.lower() not in _EN_FUNCTION and _en_noun_like(nxt) \
            and not _en_not_a_head(nxt) and (_en_lemma(nxt) in _EN_THING_HEADS or _en_plural(nxt)):
        # after "our" / "their" a noun phrase opens, so a verb's bare form before a noun names the thing's kind:
        # "a thermal cycling test on our solder joints" read no product (a new user's trial, issue 27)
        return True
    if _en_lemma(nxt) not in _EN_THING_HEADS:
        return False
    acronym = prev.isupper() and prev.isalpha() and len(prev) < 5
    plural = before.endswith("s") and not before.endswith(("ss", "us", "is")) and not acronym
    return not plural and _en_noun_like(prev) and not _en_is_word_verb(before) and before not in (
        _EN_PEOPLE | _EN_ORGS | _EN_COMPANY_HEADS | _EN_PRONOUNS | _EN_SUBJECTS | _EN_FUNCTION)


_EN_POSSESSIVES = _words("our my your their its his her")


def _en_plural(word: str) -> bool:
    """A plural noun's form ("joints", "brackets"), not a verb's third person after a subject: read only where a noun
    phrase is open."""
    low = word.lower()
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")) and low.isalpha()


def _en_noun_like(word: str) -> bool:
    low = word.lower()
    if len(word) > 1 and word.isupper() and word.isalpha():
        return True
    return not (low in _EN_FUNCTION or (low.endswith("ly") and low not in _EN_LY_NOUNS)
                or re.fullmatch(r"[\d.,:%]+", low) or _en_is_word_verb(low)
                or (low.endswith("ing") and low not in _EN_THING_ING and len(low) > 5))


# Verbs that are also common nouns and may sit inside a product's name ("test rig", "power supply", "control unit").
_EN_PARTICIPLES = _words("frozen broken swollen built made worn burnt molten sunk spun woven cast forged bound "
                         "hidden stolen torn shrunk")
_EN_PRONOUNS = _words("i we you they he she it who")
# Words after which an "-ed" form is a verb: subjects and auxiliaries.
_EN_SUBJECTS = _words("i we you they he she it who which that have has had was were is are be been being "
                      "not never also just already recently then and")
_EN_NOUN_VERBS = _words(
    "test tests supply supplies control controls process print prints plate plates coat coats seal seals mount "
    "mounts switch switches filter filters display displays drive drives charge power light lights load loads "
    "spring springs cover covers record records model models feed lead set stop check cost costs trial trials "
    "crack cracks leak leaks rust break breaks repair design store stores water waste iron lock heat spray label "
    "log ring roll plug signal paint glue tire watch train stamp deposit deposits mark point sound step tip type "
    "trade view wave link list name note object place rock sort stuff trap form fly mix dry land last order damage "
    "measure count research study cover process monitor scan stress strip clip lift pack insert inserts")
# "-ed" forms that are predicates, not modifiers ("it failed", "we tried").
_EN_PREDICATE_ED = _words("failed tried wanted needed asked used seemed started stopped worked happened "
                          "occurred reported noticed observed found received ordered tested checked calibrated "
                          "required requested searched attached installed replaced changed discovered "
                          "designed developed produced manufactured purchased delivered shipped returned")
_EN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-+/_&]*(?:\.[A-Za-z0-9]+)*(?:['’][A-Za-z]+)?")
# Parenthesised acronyms inside a name ("Magnetic Anomaly Detection (MAD) System") do not end the phrase.
_EN_GAP = re.compile(r"[ \-]?|\s+\([A-Z][A-Za-z0-9\-]{1,7}\)\s+")


@dataclass
class _EnCand:
    start: int
    end: int
    words: list[str]
    cue: float = 0.0
    run_start: int = 0  # where the untrimmed run began: the cues before it are read from there


def _en_tokens(text: str) -> list[tuple[str, int, int]]:
    """Words with their offsets; a possessive "'s" is kept apart (it ends a phrase: "the customer's pump")."""
    out: list[tuple[str, int, int]] = []
    for m in _EN_WORD.finditer(text):
        word, start = m.group(0), m.start()
        if re.search(r"['’]s$", word, re.I) and word.lower() not in ("it's", "that's", "there's", "let's"):
            out.append((word[:-2], start, start + len(word) - 2))
            out.append(("'s", start + len(word) - 2, start + len(word)))
            continue
        out.append((word, start, start + len(word)))
    return out


def _en_abbreviates(gap: str, run: str) -> bool:
    """Whether a parenthesised acronym abbreviates the words before it ("Magnetic Anomaly Detection (MAD)")."""
    letters = re.sub(r"[^A-Z]", "", gap)
    if not letters:
        return False
    content = [w for w in re.split(r"[\s,;]+", run) if w and w.lower() not in ("and", "of", "the", "for", "&")]
    # "self-contained breathing apparatus (SCBA)", "HEATING, VENTILATION AND AIR CONDITIONING (HVAC)"
    for words in (run.split(), re.split(r"[\s\-]+", run), content):
        initials = "".join(w[0].upper() for w in words[-len(letters):] if w)
        if len(words) >= len(letters) and initials == letters:
            return True
    return False


# An acronym in parentheses right before a service ("AIR CONDITIONING (HVAC) TESTING"): what the service is on.
_EN_ACRONYM_SERVICE = re.compile(r"\)\s+(?:testing|tests?|inspections?|analys[ie]s|calibrations?|surveys?)\b", re.I)


# A unit after a number is the thing's rating, no part of its name ("our new 22 kW wallbox" read "kW wallbox";
# probe25, p247).
_EN_UNIT = re.compile(r"k?W|kWh|MW|V|kV|mV|A|mA|Ah|mAh|Hz|kHz|MHz|GHz|mm|cm|km|kg|L|ml|mL|bar|psi|MPa|kPa|Nm|rpm|dB|"
                      r"lm|inch|inches")


def _en_phrases(text: str) -> list[tuple[int, int]]:
    """Maximal runs of words that can sit in a noun phrase, joined only by a space, a hyphen or a parenthesised
    acronym: the English noun-phrase candidates. A line break, punctuation or any other word ends a run."""
    tokens = _en_tokens(text)
    spans: list[tuple[int, int]] = []
    run_start = run_end = -1
    for i, (word, start, end) in enumerate(tokens):
        nxt = None
        if i + 1 < len(tokens) and re.fullmatch(r" ", text[end:tokens[i + 1][1]]):
            nxt = tokens[i + 1][0]
        prev = tokens[i - 1][0] if i else None
        in_parens = text[start - 1:start] == "(" and text[end:end + 1] == ")" and bool(re.fullmatch(
            r"[A-Z][A-Za-z0-9\-]{1,7}", word)) and word != word.lower()
        if in_parens and run_end >= 0 and _en_abbreviates(" (" + word + ") ", text[run_start:run_end]):
            continue  # "Magnetic Anomaly Detection (MAD) System": the acronym is bridged, the phrase goes on
        if in_parens and _EN_ACRONYM_SERVICE.match(text, end):
            # "AIR CONDITIONING (HVAC) TESTING": the acronym the service is on is a phrase of its own
            if run_start >= 0:
                spans.append((run_start, run_end))
            spans.append((start, end))
            run_start = run_end = -1
            continue
        joinable = word != "'s" and not in_parens and _en_joinable(word, nxt, prev) and not (
            _EN_UNIT.fullmatch(word) and i and re.fullmatch(r"\d[\d,.]*", tokens[i - 1][0])
            and text[tokens[i - 1][2]:start] in ("", " "))
        gap = text[run_end:start] if run_end >= 0 else ""
        if joinable and run_end >= 0 and _EN_GAP.fullmatch(gap) and (len(gap) < 3 or _en_abbreviates(
                gap, text[run_start:run_end])):
            run_end = end
            continue
        if run_start >= 0:
            spans.append((run_start, run_end))
        run_start, run_end = (start, end) if joinable else (-1, -1)
    if run_start >= 0:
        spans.append((run_start, run_end))
    return spans


# Cues right before a phrase, strongest first. Each allows a determiner, a quantity and comma-separated adjectives
# between the cue and the phrase ("calibrate our 200", "develop a portable, non-invasive").
_EN_DET = (r"(?:\s+(?:a|an|the|our|my|its|their|your|this|these|those|some|all|several|both|each|any|new|novel|"
           r"existing|current|(?:a\s+)?couple(?:\s+of)?|(?:about|around|over|nearly|approximately|roughly|more than|"
           rf"up to)|\d[\d,.]*\s*(?:x|pcs|pieces|units|nos?\.?|(?:{_EN_UNIT.pattern})\b)?|[a-z][a-z\-]*,|"
           r"dozens?|hundreds?|thousands?|millions?|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty))*\s*$")
_EN_CUES: tuple[tuple[re.Pattern[str], float], ...] = tuple((re.compile(p + _EN_DET, re.I), w) for p, w in (
    # the enterprise's own thing
    (r"\b(?:our|my)(?:\s+own)?", 3.0),
    # … and a model, version or batch of it ("tests on our new model of phone cases" read no product: the model is no
    # thing, and what it is a model of had no cue; the fourteenth probe, p137)
    (r"\b(?:our|my)\s+(?:new\s+|latest\s+|next\s+|current\s+|first\s+|upcoming\s+)?(?:model|version|generation|"
     r"range|series|batch|lot|line|type|design)s?\s+of", 3.0),
    # a line of a list that names the product: "- Product: aluminium battery enclosure for e-scooters" (the eleventh
    # probe: p116 read "IP65 dust/water" from the next line)
    (r"^\s*(?:[-*•·]|\d{1,2}[.)])?\s*(?:products?|product names?|items?|parts?|samples?|devices?)\s*[:：]", 4.0),
    # making, supplying or selling it: the company's line or the thing asked for
    # ("our plant in Kunshan builds PCB assemblies" read no product: "builds", "assembles"; the sixteenth probe, p158)
    (r"\b(?:makes?|made|making|produces?|producing|manufactures?|manufacturing|maker of|manufacturer of|builds|"
     r"assembles?|assembling|"
     r"producer of|supplier of|exporter of|exporting|sourcing|supply(?:ing)?(?: of)?|provision of|"
     r"acquisition of|procurement of|purchase of|bring(?:ing)?|sells?|selling|ordered|bought|"
     # buying it, or trying to get it working: what a user's question is about ("I am about to buy an SO-ARM101
     # kit", "I was trying to get a DFRobot pH probe to work"; issue 27 item 6)
     # (not whom the enterprise sells to: "Customers buy lights from us and we need a CE test for the lamps")
     r"to buy|buying|purchased|purchasing|(?:try|tries|trying|tried|managed|unable) to get)", 3.0),
    # developing it
    (r"\b(?:develop(?:ing|ed)?|development of|design(?:ing)?|design of|build(?:ing)?|built|assembled|set up|create|"
     r"creating|demonstrat(?:e|ion of)|prototype of|invent(?:ing)?|improve(?:ment of)?)(?:\s+and\s+\w+)?", 3.0),
    # a service on it
    (r"\b(?:calibrat(?:e|es|ed|ing)|calibration of|verif(?:y|ying)|verification of|test(?:s|ing)?(?: of)?|"
     r"(?:tests?|testing) (?:on|for)|analys[ie]s for|"
     r"inspect(?:ing)?|inspection (?:of|on)|analy[sz](?:e|ing)|analysis of|"
     r"evaluat(?:e|ing)|"
     r"evaluation of|assess(?:ing)?|assessment of|measure(?:ment)? of|maintenance of|repair(?:ing| of)?|"
     r"certif(?:y|ying)|certification of|qualif(?:y|ying)|check(?:ing)?|scans? (?:performed )?on|"
     r"performed on|monitor(?:ing)?|monitoring of|detect(?:ing|ion of)?(?: leaks? (?:and flaws )?in)?|"
     r"(?:leaks?|flaws?|cracks?|cracking|corrosion|rust|defects?|craters?|cratering|blisters?|blistering|"
     r"bubbles?|pits?|pitting|pinholes?|porosity|outgassing|peeling|chipping|failures?|failure analysis|"
     r"root cause)(?: and \w+)? (?:on|in|of|with))", 3.0),
    # a service bought by a notice, and what it is on: "testing services for bulk building material samples",
    # "INSPECTION AND TESTING SERVICES OF CRANES", "lab analysis services for …" (issue 27, real7)
    (r"\b(?:tests?|testing|inspections?|analy(?:sis|ses|tical)|calibrations?|certifications?|evaluations?|"
     r"assessments?|surveys?|sampling|monitoring|laboratory|lab)(?:\s+and\s+\w+)?\s+(?:services?|programs?|"
     r"programmes?|projects?|contracts?)\s+(?:of|for|on|to|at)", 3.0),
    # a service noun and what it is on, as notices write it: "Examination of fire suppression systems", "parameter
    # analyses on water and solid samples", "Commissioning of building systems" (issue 27, real7)
    (r"\b(?:examinations?|commissioning|sampling|surveys?|analys[ie]s|inspections?|evaluations?|assessments?|"
     r"calibrations?|certifications?|measurements?|tests?|testing)\s+(?:of|on|for)", 3.0),
    # a property of it under a service verb: "to assess the condition of pavements", "test the basic functionality of
    # the equipment", "determine the structural integrity of the tanks"
    (r"\b(?:test(?:s|ing)?|assess(?:es|ing)?|evaluat(?:e|es|ing)|determin(?:e|es|ing)|measur(?:e|es|ing)|"
     r"check(?:s|ing)?|verify(?:ing)?|inspect(?:s|ing)?|analy[sz](?:e|es|ing)|monitor(?:s|ing)?|examin(?:e|es|ing)|"
     r"document(?:s|ing)?|rat(?:e|es|ing)|(?:evaluations?|assessments?|examinations?|inspections?|surveys?|"
     r"analys[ie]s|reviews?)\s+of)\s+(?:the\s+|its\s+|their\s+)?(?:(?!(?:for|of|or|to|in|on)\s)"
     r"[a-z\-]+\s+){0,3}?(?:condition|conditions|quality|performance|integrity|functionality|safety|strength|"
     r"durability|reliability|accuracy|stability|capacity|compliance|status|extent|presence)\s+of", 3.0),
    # treating it (needs about water, waste, a crop)
    (r"\b(?:treat(?:ing|ment of)?|dispos(?:e|ing|al) of|remov(?:e|ing|al of)|recycl(?:e|ing)|purif(?:y|ying)|"
     r"break(?:ing)? down|clean(?:ing)?)", 2.5),
    # working on it: finishing, forming, coating
    (r"\b(?:anodi[sz](?:e|es|ing)|(?:powder\s+)?coat(?:s|ing)?|plat(?:e|es|ing)|paint(?:s|ing)?|"
     r"electroplat(?:e|ing)|passivat(?:e|ing)|weld(?:s|ing)?|machin(?:e|ing)|mo[u]?ld(?:s|ing)?|"
     r"print(?:s|ing)?|cast(?:s|ing)?|apply(?:ing)? (?:\w+ )?to|run(?:s|ning)?|process(?:es|ing)?)", 2.5),
    # asking for it
    (r"\b(?:need|needs|require|requires|want|wants|seek|seeks|seeking|looking for|sought for|proposals? for|"
     r"quotes? for|interested in|searching for|wanted:?)", 2.0),
    # a document about it: "a group standard for recycled PET fiber", "test reports on our valves"
    (r"\b(?:standards?|specifications?|regulations?|certificates?|reports?|patents?|norms?|datasheets?|"
     r"requirements?)(?:\s*\([^)]{0,40}\))?\s+(?:for|on|of|apply to)", 2.5),
    (r"\b(?:this|these|that|those)", 1.5),
    (r"\b(?:its|their|the company's)", 1.5),
    (r"\b(?:for|of|on|in|with|to)", 0.8),
))
# A failure right after the phrase: "X cracks", "X doesn't work", "X is very hot", "X goes into overcurrent".
_EN_FAIL_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,40}\)\s*)?(?:[,\-–—]\s*)?(?:(?:still|often|always|frequently|sometimes|repeatedly|suddenly|"
    r"also|just|now|all|both|then|[a-z]{3,}ly)\s+)?(?:(?:is|are|was|were|has|have|had|keeps?|kept|seems?|appears?|"
    r"got|gets|goes|went|started|starts|began|becomes?|became|becoming)\s+(?:(?:very|too|so|quite|extremely|"
    r"a little|slightly|not|being|been|getting|becoming|to|into|[a-z]{3,}ly)\s+)*)?"
    r"(?:show|shows|showed|crack|cracks|cracked|cracking|fail|fails|failed|failing|failure|turn|turns|turned|"
    r"leak|leaks|leaked|leaking|break|breaks|broke|broken|breaking|overheat|"
    r"overheats|overheating|corrode|corrodes|corroded|rust|rusts|rusted|rusting|warp|warps|warped|suffer|suffers|"
    r"swell|swells|swelled|swollen|swelling|bulge|bulges|bulged|bulging|peel|peels|peeled|peeling|burn|burns|"
    r"burned|burnt|burning|short|"
    r"shorts|shorted|erratic|inaccurate|wrong|incorrect|off|hot|hotter|dead|damaged|defective|faulty|unstable|"
    # a part that smoked or fried is what a hardware issue is about ("U11 smoked", "the strip fried"; the product
    # on sets never seen, issue 27)
    r"smoked|smokes|smoking|fried|blew|blows|popped|"
    # how a material gives way, as a maker tells it ("the gaskets in our dishwasher doors harden and leak", "the glass
    # lids of our cookware shatter"; issue 27 item 6)
    r"harden|hardens|hardened|shatter|shatters|shattered|fade|fades|faded|loosen|loosens|loosened|deform|deforms|"
    r"deformed|crumble|crumbles|crumbled|discolou?rs?|discolou?red|tarnish|tarnishes|tarnished|delaminates?|"
    r"delaminated|scratch|scratches|scratched|"
    r"stuck|blistering|bubbling|bubbles|chipping|flaking|cratering|pitting|radiating|reads?|returns?|reports?|"
    r"reporting|drifts?|drifting|doesn'?t|does not|don'?t|do not|didn'?t|won'?t|will not|would not|cannot|can'?t|"
    r"isn'?t|aren'?t|wasn'?t|not|stopped|no longer|dies|died|explodes?|exploded|melts?|melted|vibrates?|clicks|"
    r"squeals?|squealed|overcurrent|trips?|tripped|issues?|problems?|errors?|faults?|bugs?|glitch(?:es)?|"
    r"crash(?:es|ed)?)\b", re.I)
# A service the phrase needs, said right after it or after the bigger thing it is part of: "the gearbox of our 3-ton
# model needs a bench fatigue test" (it read "bench fatigue"; the ninth probe, p91).
_EN_NEEDS_AFTER = re.compile(
    r"^\s+(?:(?P<of>of)\s+(?:our|the|its|their|this|that|a|an)\s+[\w\-]+(?:\s+[\w\-]+)?\s+)?"
    # (two things counted together, and things due for the work: "about 15 micrometers and calipers are due for
    # calibration" read the shop "small CNC"; the twenty-first probe, p208)
    r"(?:and\s+[\w\-]+\s+)?"
    r"(?:needs|need|requires|require|must (?:undergo|pass)|ha(?:s|ve) to (?:undergo|pass)|should (?:undergo|pass)|"
    r"(?:are|is)\s+(?:now\s+)?(?:over)?due)\s+"
    r"(?:[\w\-]+\s+){0,4}?(?:(?:tests?|testing|inspections?|analys[ie]s|calibrations?|certifications?|evaluations?)\b|"
    # (a mark alone: "the cells need UN38.3"; issue 27 item 6)
    rf"(?:{_PRODUCT_MARKS}|UN\s?38\.3|EMC|RoHS|REACH)(?![\w.]))",
    re.I)
# What the phrase is a part of: "the gearbox of our" before "3-ton model" (the part is the thing the need is on).
_EN_PART_OF_BEFORE = re.compile(r"\b(?P<part>[A-Za-z][\w\-]*)\s+(?:of|in|on)\s+(?:our|the|its|their|this|that)\s+$",
                                re.I)
# The bigger thing after a part: "of our outdoor smart meters" after "The ABS housings" (the twelfth probe, p125: the
# housings that turn yellow read as the meters); "in our" and "on our" as well ("the rubber gaskets in our dishwasher
# doors harden", "the solder joints on our controller boards crack"; issue 27 item 6).
_EN_OF_WHOLE = re.compile(r"^\s+(?:of|in|on)\s+(?:our|the|its|their|this|that)\s+[\w\-]+(?:\s+[\w\-]+){0,3}", re.I)


def _whole_that_fails(after: str) -> str | None:
    """The bigger thing when the text after a phrase is "of our <the bigger thing> <fails>" (one to four words), else
    None: "EV chargers" of " of our EV chargers crack after a winter"."""
    m = _EN_OF_WHOLE.match(after)
    if m is None:
        return None
    lead = re.match(r"^\s+(?:of|in|on)\s+\w+\s+", after)
    start = pos = lead.end() if lead else 0
    for w in re.findall(r"[\w\-]+", m.group(0)[start:]):
        pos = after.index(w, pos) + len(w)
        if _EN_FAIL_AFTER.match(after[pos:]):
            return after[start:pos]
    return None


def _of_whole_fails(after: str) -> bool:
    """Whether the text after a phrase is "of our <the bigger thing> <fails>", the bigger thing one to four words."""
    return _whole_that_fails(after) is not None


def _en_part_of_whole(text: str, start: int, phrase: str) -> str:
    """A part read as the product, said with the thing it is part of when the text names that thing right after it and
    the failure after both: "the housings of our EV chargers crack" → "EV charger housings" (issue 27 item 6: the part
    alone, "housings", says nothing of what they house; the whole alone, not what fails). The whole's last word is
    said as a modifier is (singular); a whole that names no thing, or is itself a property or a service, is left."""
    whole = _whole_that_fails(text[start + len(phrase):start + len(phrase) + 80])
    if whole is None or phrase.split()[-1].lower() in _EN_NOT_A_PART:
        return phrase
    words = whole.split()
    if not 1 <= len(words) <= 3 or any(w.lower() in _EN_NOT_A_PART | _EN_PRONOUNS for w in words) \
            or not names_a_thing(whole):
        return phrase
    last = words[-1]
    lemma = _en_lemma(last)
    # (a model code keeps its letters: "the bq3285s" is no plural)
    single = last[:len(lemma)] if last.lower().startswith(lemma) and not re.search(r"\d", last) else last
    return " ".join([*words[:-1], single, phrase])
# Words before "of our …" that do not make what follows a bigger thing ("the accuracy of our meters needs …").
_EN_NOT_A_PART = _EN_SERVICE_HEADS | _EN_PROPERTIES | _EN_DEFECTS | _EN_ABSTRACT | _EN_FUNCTION | _words(
    "batch batches lot lots set sets pair pairs number all most some each one rest")
# A passive service right after the phrase: "X be calibrated", "X is tested", "X were manufactured and zinc plated".
_EN_PASSIVE_AFTER = re.compile(
    r"^\s*(?:be|is|are|was|were|being|been|should be|must be|to be|need to be|needs to be|have been|has been|"
    r"shall be|will be|may be|can be|would be|are to be|is to be)\s+"
    r"(?:\w+\s+){0,2}?(?:calibrated|tested|certified|inspected|analy[sz]ed|repaired|replaced|manufactured|"
    r"produced|made|plated|coated|anodi[sz]ed|printed|painted|machined|checked|verified|evaluated|treated|"
    r"recalibrated|measured)\b", re.I)
# A phrase that names the test, the thing it is done on named right after: "thermal runaway tests on an energy storage
# battery pack" (a new user on the English chat page, 2026-11-28, read "thermal runaway").
# Not "for": "Soil testing for pre-construction site selection" names a purpose after it (real10).
_EN_TEST_NAME_AFTER = re.compile(r"^\s+(?:tests?|testing|trials?|inspections?|measurements?)\s+(?:on|of)\s+"
                                 r"(?:an?|the|our|their|these|this|its|all|each|every)?\s*[A-Za-z]", re.I)
# What a thing is made of ("valve body made of cast iron"), and the company's line ("we are a supplier of …").
_EN_MADE_OF_BEFORE = re.compile(r"\b(?:made|built|cast|moulded|molded|machined)\s+(?:of|from|out of)\s+$", re.I)
_EN_OUR_LINE_BEFORE = re.compile(r"\bwe(?:'re|\s+are)\s+(?:an?|the)\s+(?:[\w\-]+\s+){0,3}?(?:suppliers?|makers?|"
                                 r"manufacturers?|producers?|exporters?|vendors?)\s+of\s+$", re.I)
# "We make hydraulic cylinders and need a lab to measure … of our chrome-plated piston rods." read the line (the
# eleventh probe, p115): what the enterprise makes gives way to a thing it calls its own ("our …"), not to one that
# only fails ("We make brake calipers in Wuhu. Several castings cracked …" stays the calipers)
_EN_WE_MAKE_BEFORE = re.compile(r"\bwe\s+(?:make|manufacture|produce|supply)\s+$", re.I)
# The company's line as it introduces itself, in any of its words ("we're a small startup in Nanshan, Shenzhen, making
# smart door locks", "Our company produces power tools", "We make e-bikes"), and a part that fails named as the subject
# of a later clause by "the", "its" or "their" (a part of the line: "The fingerprint module sometimes stops recognising
# fingers", "and the motor controller keeps resetting"): the line gives way to it, as in Chinese
# (:func:`_line_gives_way`; the sixteenth probe, p156). Things counted ("Several castings cracked") are of the line
# itself, and it stays.
_EN_LINE_OF_OURS_BEFORE = re.compile(
    r"\b(?:we|our\s+(?:company|factory|plant|firm|business|startup|start-up|team))(?:'re|\s+are|\s+is)?\b"
    r"[^.;:!?]{0,60}?\b(?:make|makes|making|manufacture|manufactures|manufacturing|produce|produces|producing|"
    r"build|builds|building|assemble|assembles|assembling|supply|supplies|supplying|(?:maker|makers|manufacturer|"
    r"manufacturers|producer|producers|supplier|suppliers)\s+of)\s+(?:(?:a|an|the|high-end|mainly|mostly)\s+)?$",
    re.I)
_EN_PART_AS_SUBJECT = re.compile(r"(?:[.;!?]\s+|[,;]?\s+(?:and|but|yet|while)\s+|[;,]\s+)(?:the|its|their)\s+$",
                                 re.I)
# … or counted, when it is named by its own kind ("We make stainless steel pipe fittings. Some elbows are rusting";
# issue 27 item 6): "Several castings cracked" and "a few parts" name the line's own pieces by how they are made or
# by a generic word, and the line stays.
_EN_COUNTED_SUBJECT = re.compile(r"(?:[.;!?]\s+|[,;]?\s+(?:and|but|yet|while)\s+|[;,]\s+)(?:some|several|a few|"
                                 r"a batch of|one batch of|a lot of|many|most|these|those|"
                                 r"(?:about|around|roughly|nearly|over|some)?\s*\d[\d,]*)\s+$", re.I)
_EN_MADE_FORMS = _words("casting castings forging forgings moulding mouldings molding moldings stamping stampings "
                        "extrusion extrusions pressing pressings weldment weldments sample samples batch batches")
# The company's line as the modifier of what it is ("We're a small appliance maker in Ningbo; …"), as
# :data:`_EN_LINE_OF_OURS_BEFORE` reads "makers of …".
# (and the business run or owned: "we run a small CNC shop in Kunshan, about 15 micrometers … are due for calibration"
# read "small CNC"; the twenty-first probe, p208)
_EN_WE_ARE_BEFORE = re.compile(r"\b(?:we(?:'re|\s+are)|we\s+(?:run|own|operate|have))\s+(?:an?|the|our)\s+"
                               r"(?:[\w\-]+\s+){0,3}?$", re.I)
# Failures said by what stops working, beside :data:`_EN_FAIL_AFTER`: "stops recognising fingers", "keeps resetting".
_EN_STOPS_WORKING_AFTER = re.compile(
    r"^\s*(?:(?:still|often|always|frequently|sometimes|occasionally|randomly|intermittently|repeatedly|suddenly|"
    r"also|just|now|then)\s+)?(?:(?:keeps?|kept|started|starts|begins?|began)\s+)?(?:stops?|stopping|reset|resets|"
    r"resetting|reboots?|rebooting|restarts?|restarting|freezes|freezing|froze|crash(?:es|ed|ing)?|hangs|"
    r"malfunction(?:s|ed|ing)?|disconnects?|disconnecting|shuts?\s+(?:down|off)|shutting\s+(?:down|off)|"
    r"loses|losing|lost)\b", re.I)
# A service named right after the phrase: "Water Meter Review and Testing", "Elevator Inspection".
_EN_SERVICE_AFTER = re.compile(r"^\s+(?:[\w/\-]+\s+(?:and|&)\s+)?(?:testing|tests?|inspections?|"
                               r"analys[ie]s|calibrations?|certifications?|evaluations?|assessments?|surveys?|"
                               r"maintenance|sampling|monitoring)\b", re.I)
# Each thing a service is done on: "… annual inspection … on each fire sprinkler system", "test all … components".
_EN_EACH_BEFORE = re.compile(r"\b(?:on|of|for|to)\s+(?:each|every|all)(?:\s+the)?\s*$", re.I)
_EN_SERVICE_IN_SENTENCE = re.compile(r"\b(?:test(?:s|ing|ed)?|inspect(?:s|ion|ions|ing|ed)?|calibrat\w*|"
                                     r"analy[sz]\w*|certif\w*|evaluat\w*|assess\w*|maint\w*|survey\w*)\b", re.I)
# (a count may stand between: "We need 12 torque wrenches calibrated to ISO 6789-2", issue 27's sixth probe, p63)
_EN_WANT_BEFORE = re.compile(r"\b(?:need|needs|want|wants|get|have|has|had|would like)\s+(?:the|our|these|all|"
                             r"its|their|my)?\s*(?:\d[\d,]*\s+|(?:two|three|four|five|six|ten|twelve|twenty|"
                             r"several|some|a few)\s+)?$", re.I)
_EN_DONE_AFTER = re.compile(r"^(?:\s+[\w\-]+){0,5}?\s+(?:verified|calibrated|tested|certified|inspected|checked|"
                            r"analy[sz]ed|repaired|evaluated|measured|approved|validated)\b", re.I)
# A place of work that holds the things counted after it ("Our stamping line has about 40 pressure gauges and 12
# torque wrenches that are due for calibration." read "stamping line"; the tenth probe: p107): the line is where they
# are, the things are what the need is about.
_EN_WORKPLACE = _words("line lines workshop workshops plant plants lab labs laboratory factory facility site floor "
                       "shop cell cells")
_EN_HOLDS_AFTER = re.compile(r"^\s+(?:has|have|had|runs|uses|contains|holds)\s+(?:about|around|some|over|nearly|"
                             r"roughly|approximately|more than|almost|at least)?\s*\d", re.I)
_EN_HELD_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(_EN_WORKPLACE)) + r")\s+(?:has|have|had|runs|uses|contains|"
                             r"holds)\s+(?:about|around|some|over|nearly|roughly|approximately|more than|almost|"
                             r"at least)?\s*\d[\d,]*\s+$", re.I)
_EN_CAUSE_BEFORE = re.compile(r"\b(?:due to|caused by|because of|owing to|resulting from|as a result of)\s+"
                              r"(?:a|an|the|some)?\s*$", re.I)
# A part the enterprise worries about or suspects ("we are concerned that the solenoid valve is faulty", "worried
# about the BMS boards overheating"), as 担心 / 怀疑 in Chinese (:func:`_worried_part_gives_way`): it gives way to the
# thing the enterprise makes or calls its own, named before it (issue 27, probe25's English counterpart).
_EN_WORRIED_BEFORE = re.compile(r"\b(?:worr(?:y|ied|ies)|concerned|afraid|fear(?:s|ed)?|suspect(?:s|ed)?|"
                                r"doubt(?:s|ed)?)\s+(?:(?:about|that|whether|if|of)\s+)?"
                                r"(?:(?:the|its|their|some|these|those)\s+)?$", re.I)
_EN_FAIL_BEFORE = re.compile(r"\b(?:swollen|broken|burn[et]d?|cracked|damaged|faulty|defective|failed|failing|"
                             r"dead|peeling|rusted|rusty|leaking|bad|corroded|worn|bent|melted|warped)\s+$", re.I)
# A need's title: the first line of a text that goes on, or the words before its first colon.
# A title may hold a version or a decimal ("client software V1.0") and run to a long demand-list heading.
_EN_TITLE = re.compile(r"^\s*(?P<title>(?:[^:.!?\n]|(?<=\d)\.(?=\d)){3,120}?):")
_EN_NOT_TITLE = re.compile(r"\b(we|our|i|you|hello|hi|dear|budget|deadline|location|timeline|note|background|"
                           r"requirement|requirements|need|needs|problem|question|objective|description|summary|"
                           r"purpose|scope|technology areas?)\b|^\s*(?:q|a)\s*$", re.I)


# A heading that names work and then its object: "Key technologies for industrialising polylactic acid", "Electric
# field distribution calculation for line surge arresters" (issue 27: the marked translations of real demand lists).
_EN_NOT_HEADING = re.compile(r"\b(?:we|our|us|i|my|you|your|hello|hi|dear|please|thanks?|help)\b", re.I)
_EN_TITLE_OBJECT_BEFORE = re.compile(r"\w\s+(?:of|for|on|in)\s+(?:\w+ing\s+)?(?:a |an |the )?$", re.I)
# A phrase of a title after a first one and "for": the use or the user of the titled thing, not the thing.
_EN_PURPOSE_BEFORE = re.compile(r"[A-Za-z0-9]\s+for\s+(?:use in\s+|use with\s+)?(?:a |an |the )?$", re.I)
# What may close a title after its last phrase: an abbreviation in parentheses ("polylactic acid (PLA)").
# What follows the phrase a heading opens with, when the heading names a thing and then its use, kind or make.
_EN_HEADING_LINK = re.compile(r"\s+(?:for|of|on|in|with|and|from|by|using|based on)\b", re.I)
_EN_TITLE_TAIL = re.compile(r"\s*\([A-Za-z0-9][A-Za-z0-9\-/ ]{0,12}\)\s*$")


def _en_title_end(text: str) -> int:
    """Where a real need's title ends (0 when it has none): its first line, when more lines follow and the line reads
    as a heading, or the words before a colon ("Automotive hydrogen circulation pump: the gearbox leaks…")."""
    first, _, rest = text.partition("\n")
    words = first.split()
    if rest.strip() and 1 <= len(words) <= 22 and not first.rstrip().endswith((".", ",")) \
            and not re.match(r"\s*(?:Q[.:]|A[.:]|hi\b|hello\b|dear\b|good (?:morning|afternoon)\b)", first, re.I):
        return len(first)
    title = _EN_TITLE.match(text)
    if title and not _EN_NOT_TITLE.search(title.group("title")):
        return title.end("title")
    if not rest.strip() and 2 <= len(words) <= 12 and not re.search(r"[.!?,;:]\s*$", first) \
            and not _EN_NOT_HEADING.search(first):
        return len(first)  # a demand list's bare heading: "Whole-genome technology for honeysuckle"
    return 0


def _en_lemma(word: str) -> str:
    low = word.lower().strip("-/")
    if len(low) > 4 and low.endswith("ies"):
        return low[:-3] + "y"
    if len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return low[:-1]
    return low


# Services that are done to a thing ("battery testing", "Sinara CE certification"); the other service words may be
# done against something ("salt fog protection", "noise control") and say less.
_EN_STRONG_SERVICES = _words(
    "test tests testing calibration calibrations certification certifications inspection inspections analysis "
    "analyses evaluation evaluations assessment assessments measurement measurements maintenance repair repairs "
    "verification validation approval approvals development design research study investigation "
    "investigations diagnosis diagnostics treatment disposal recycling qualification characterization "
    "characterisation supply provision procurement acquisition purchase installation integration "
    "demonstration prototyping simulation monitoring")


def _en_trim(words: list[str]) -> tuple[list[str], float]:
    """Drops what a product phrase is never made of at its ends, and scores what the dropped words say: a defect or a
    service after the thing ("battery issues", "Sinara CE certification") says the need is about it; a property
    less so ("boiler temperature"); a company word says it is the company's line ("a furniture exporter")."""
    cue = 0.0
    while words:
        low = words[-1].lower()
        if low in _EN_DEFECTS or low in _EN_STRONG_SERVICES:
            cue = max(cue, 3.0)
        elif low in _EN_SERVICE_HEADS:
            cue = max(cue, 1.0)
        elif low in _EN_COMPANY_HEADS:
            cue = max(cue, 2.0)
        elif low in _EN_PROPERTIES or low in ("product", "products", "farmer", "farmers", "users", "user"):
            if low in ("product", "products") and all(
                    w.lower() in _EN_WHERE_USED | _EN_ADJECTIVES | _EN_LEAD_STRIP | _EN_PARTICIPLES | {"ready-made"}
                    for w in words[:-1]):
                # "an outdoor product", "a new product", "a ready made product": no kind of thing is named
                return [], 0.0
            cue = max(cue, 1.5)
        elif _EN_MARK.match(words[-1]) and len(words) > 1:
            cue = max(cue, 1.0)
        elif _en_adjectival(words[-1]):
            if low in _EN_FAILED or low in _EN_FAIL_ADJECTIVES:
                cue = max(cue, 3.0)  # "Load cell erratic"
        elif low in ("bench", "benchtop", "bench-top") and cue > 0:
            pass  # where the test runs, before what it applies: "bench fatigue" of "a bench fatigue test"
        elif _en_test_method(low) and cue > 0:
            pass  # how the test runs: "sine" of "a sine vibration test on our LED luminaires" (a new user)
        else:
            break
        words = words[:-1]
    while words and (words[0].lower() in _EN_LEAD_STRIP or _EN_MARK.match(words[0])
                     or words[0].lower() in _EN_FAILED or _EN_AMOUNT.match(words[0])
                     # a section's heading in capitals before the text it heads: "BACKGROUND Balanced mix design",
                     # "SCOPE OF SERVICES Asbestos …", "REQUEST FOR PROPOSAL HEATING …" (issue 27, notices)
                     or (len(words) > 1 and len(words[0]) >= 5 and words[0].isupper()
                         and words[0].lower() in _EN_ABSTRACT | _EN_SERVICE_HEADS | _EN_SECTION_WORDS)):
        if words[0].lower() in _EN_FAILED:
            cue = max(cue, 2.0)  # "Damaged current sensors", "swollen battery"
        words = words[1:]
    return words, cue


# How a test is run, before the test it names ("a sine vibration test", "half-sine shock", "sine-on-random
# vibration"): never the thing tested; "We need a sine vibration test on our LED luminaires" read the product "sine"
# (a new user on the chat page, issue 27, 2026-11-29).
_EN_TEST_METHODS = _words("sine sinusoidal half-sine sine-sweep sweep swept random resonance dwell bump tumble "
                          "free-fall freefall burn-in halt hass")


def _en_test_method(word: str) -> bool:
    """A word naming how a test is run, alone or joined ("sine-on-random", "random-on-random")."""
    parts = [p for p in word.split("-") if p]
    return word in _EN_TEST_METHODS or (len(parts) > 1 and all(
        p in _EN_TEST_METHODS or p in ("on", "and") for p in parts) and any(p in _EN_TEST_METHODS for p in parts))


# Where or how a product is used, which names no kind of thing before "product" ("a UV ageing test for an outdoor
# product" read "outdoor"; the tenth probe: p108).
_EN_WHERE_USED = _words("outdoor outdoors indoor indoors portable wearable handheld household consumer commercial "
                        "industrial export domestic upcoming latest finished final")
_EN_SECTION_WORDS = _words("background objective objectives scope summary overview introduction proposal proposals "
                           "request requests specifications requirements statement")


# Too generic to be a product alone ("parts", "the device"), though they head one ("mild steel part").
_EN_GENERIC = _words("part parts piece pieces component components item items unit units device devices system "
                     "systems equipment machine machines tool tools product products instrument instruments kit "
                     "kits module modules assembly assemblies structure structures element elements material "
                     "materials")
_EN_FAIL_ADJECTIVES = _words("erratic inaccurate wrong incorrect faulty defective dead hot hotter unstable noisy "
                             "loose stuck bad unreliable inconsistent weak brittle")
_EN_FAILED = _words("swollen broken burnt burned cracked damaged faulty defective failed failing dead peeling "
                    "rusted rusty leaking corroded worn bent melted warped blistered chipped pitted")


# Common adjectives without an adjective's ending: never the head of a product phrase, nor a product alone.
_EN_ADJECTIVES = _words(
    # (a comparison says how, never what: "the corrections are getting my prints worse" read "prints worse"; issue 27
    # item 6)
    "worse worst better "
    "black white red blue green yellow grey gray brown pink purple clear opaque "
    "transparent hot cold warm cool wet dry high low long short tall thin thick wide narrow deep shallow heavy "
    "soft hard strong weak fast slow quick early late young old fresh stale clean dirty rough "
    "smooth flat sharp dull loose tight open closed free safe secure serious severe mild minor major main "
    "overall total entire direct indirect joint parent root-cause minimum maximum max min average mean "
    "tensile rigid flexible solid liquid gaseous raw crude pure fine coarse dense porous brittle ductile "
    "single double triple dual multiple few much many more most less least own same other such certain "
    "precise exact correct wrong right left upper lower inner outer front rear top bottom middle central "
    "remote local nearby distant far near broad narrow tiny huge giant mini micro macro nano small large big "
    "little great good bad poor rich cheap expensive costly simple complex basic advanced modern ancient "
    "recent current previous prior former latter subsequent final initial primary secondary tertiary "
    "principal ideal perfect proper improper normal abnormal regular irregular usual unusual common rare "
    "frequent constant steady stable unstable variable random uniform consistent inconsistent aware "
    "unaware likely unlikely possible impossible available unavailable ready busy empty full quiet loud "
    "bright dark visible invisible obvious hidden strange weird odd crazy superior inferior excellent "
    "terrible awful nice fine okay young healthy ill sick dead alive busy third-party in-house on-site "
    "off-site in-line on-line online offline real-time long-term short-term on-call as-needed on-demand "
    "custom-made ready-made in-service out-of-service in-situ ex-situ in-depth follow-up pre-demolition "
    "non-destructive nondestructive full-scale large-scale small-scale pilot-scale real-world "
    "relevant applicable regulatory mandatory statutory satisfactory compulsory advisory preliminary "
    # comparatives, which close a phrase before "than" ("… water transmission pipes greater than 14 inches")
    "greater lesser larger smaller higher lower longer shorter thicker thinner wider narrower heavier lighter "
    "older newer bigger")
_EN_LEAD_STRIP = _words(
    "new novel innovative advanced existing current present several various certain different similar other same "
    "entire whole typical particular specific following above below own couple few many multiple numerous "
    "additional further some any such low-cost high-quality affordable inexpensive cheap better improved "
    "next-generation state-of-the-art cutting-edge modern sustainable robust reliable efficient effective "
    "critical important key major minor main basic general common standard normal regular routine proper "
    "unknown known possible potential actual real true nice great good bad best worst little big huge tiny "
    "wrong correct right full complete simple complex")


# Heads that end like an abstract noun ("-tion", "-ity", "-ness") or an adjective ("-al", "-ive", "-ous") are no
# thing, save these.
_EN_ABSTRACT_END = re.compile(r"(tion|tions|sion|sions|ity|ities|ness|ance|ances|ence|ences|ency|ancy|acy|ism|isms|"
                              r"ship|hood|"
                              r"ment|ments|[^s]sis|al|ic|ous|ive|able|ible|ful|less|ary|ish)$")
_EN_THING_ENDINGS = _words(
    "station stations insulation appliance appliances fence fences cavity cavities harness harnesses "
    "instrument instruments implement implements element elements filament filaments pigment pigments "
    "supplement supplements garment garments cement sediment segment segments metal metals pedal pedals "
    "terminal terminals crystal crystals vial vials cable cables table tables vegetable vegetables "
    "adhesive adhesives explosive explosives plastic plastics ceramic ceramics fabric fabrics chemical chemicals "
    "mineral minerals cereal cereals animal animals abrasive abrasives preservative "
    "preservatives pharmaceutical pharmaceuticals optic optics antibiotic antibiotics biologic biologics "
    "arsenal hydraulic hydraulics electronic extrusion extrusions emulsion emulsions suspension suspensions "
    "lotion lotions potion ration chassis drive drives finish finishes sandal sandals "
    "medal medals petal petals graphic graphics pavement pavements basement basements ointment ointments "
    "monument monuments")


def _en_adjectival(word: str) -> bool:
    """An adjective by list or by ending, that names no thing ("erratic", "thermal"; not "plastic", "chemical")."""
    low = word.lower().rsplit("/", 1)[-1]
    if low in _EN_THING_ENDINGS or low in _EN_THING_HEADS or low in _EN_GENERIC or (word.isupper() and len(word) < 5):
        return False  # an acronym; a longer word in capitals ("ANNUAL", "PROFESSIONAL") is read as spelt
    return low in _EN_ADJECTIVES or low in _EN_FAIL_ADJECTIVES or low in _EN_LEAD_STRIP or bool(
        re.search(r"(al|ic|ous|ive|able|ible|ful|less|ary|ish)$", low))


def _en_not_a_head(word: str) -> bool:
    low = word.lower().rsplit("/", 1)[-1]
    if low in _EN_PLACES or any(part in _EN_PLACES for part in low.split("-") if len(part) > 2):
        return True
    return (low in _EN_LEAD_STRIP or low in _EN_ADJECTIVES
            or (bool(_EN_ABSTRACT_END.search(low)) and low not in _EN_THING_ENDINGS and low not in _EN_THING_HEADS
                and low not in _EN_GENERIC and not (word.isupper() and len(word) < 5)))


_EN_AMOUNT = re.compile(r"^(?:\d[\d.,]*(?:k|m|bn|g|kg|mg|t|mm|cm|km|um|nm|v|kv|mv|a|ma|w|kw|mw|wh|kwh|h|hr|hrs|"
                        r"min|s|ms|c|f|°c|hz|khz|mhz|ghz|x|pcs|ppm|ppb|psi|bar|mpa|kpa|rpm|dpi|db|%)?(?:[-/]\d[\d.,]*"
                        r"[a-z%°]*)?|q[1-4]|fy\d{2,4}|h[12])$", re.I)


# "soil samples", "wastewater samples": a sample's matter names what a laboratory tests (issue 27, real7).
_EN_SAMPLE_HEADS = _words("sample samples specimen specimens")
def _en_names_matter(word: str) -> bool:
    """Whether a word before "samples" names their matter ("soil", "wastewater", "material"), not a kind of sample
    ("representative", "collected", "additional")."""
    low = word.lower()
    return not (low in _EN_FUNCTION or low in _EN_LEAD_STRIP or low in _EN_ADJECTIVES or low in _EN_SERVICE_HEADS
                or low in _EN_ABSTRACT or _en_adjectival(word)
                or (re.search(r"(ed|ing)$", low) is not None and low not in _EN_THING_ING))


def _en_also_in_lower_case(word: str, text: str) -> bool:
    """Whether a word written in capitals ("CRANES") is written in small letters elsewhere in the text ("cranes"):
    then it is a word of a heading in capitals, not a code or an acronym."""
    return len(word) >= 5 and any(m.group(0) != word for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.I))


def _one_letter_dropped(words: frozenset[str]) -> frozenset[str]:
    """Each word of six letters or more with one letter left out: how a word typed in haste is misspelt ("failur",
    "problms", "analyis")."""
    return frozenset(w[:i] + w[i + 1:] for w in words if len(w) >= 6 and w.isalpha() for i in range(len(w)))


# A service, defect or property word typed without one of its letters is no head either ("need a failur analysis" read
# the product "failur", and the title "failur: quality-technology evaluation"; the ninth probe, p94).
_EN_MISSPELT_NON_HEADS = _one_letter_dropped(_EN_SERVICE_HEADS | _EN_DEFECTS | _EN_PROPERTIES) - _EN_THING_HEADS


# A failure typed without one of its letters, right after the thing: "PP caps craking after fiting" (p94).
_EN_MISSPELT_FAILURES = _one_letter_dropped(_words(
    "cracking cracked cracks failing failed breaking broken leaking leaked peeling rusting corroded corroding "
    "overheating warping warped"))


def _en_misspelt_failure(after: str) -> bool:
    m = re.match(r"\s*([A-Za-z]+)\b", after)
    return m is not None and m.group(1).lower() in _EN_MISSPELT_FAILURES


def _en_rejected(words: list[str], text: str, start: int) -> bool:
    if not words:
        return True
    head = words[-1].lower()
    if _EN_AMOUNT.match(head) or (head in _EN_GENERIC and all(w.lower() in _EN_ADJECTIVES | _EN_LEAD_STRIP
                                                                for w in words[:-1])):
        return True  # "parts", "On-Call Material": a generic head with nothing that makes it a product
    if "_" in head and words[-1].isupper():
        return True  # an event or a signal's name ("BATTERY_OVERHEAT", "SD_CLOCK")
    if _en_not_a_head(words[-1]):
        return True
    if head.endswith("ed") and len(head) > 4 and head not in _EN_THING_ED and _en_lemma(head) not in _EN_THING_HEADS \
            and not words[-1].isupper():
        return True  # "owned", "required", "On-Call Certified": a participle is no thing's head
    if re.fullmatch(r"[A-Z][A-Za-z]*DOT", words[-1]):
        return True  # "MnDOT", "TxDOT": a department of transportation
    if head in _EN_SAMPLE_HEADS and len(words) > 1 and _en_names_matter(words[-2]):
        return False  # "soil samples", "drinking water samples": samples of a matter, which is what is tested
    if head in ("case", "cases") and len(words) > 1 and _en_lemma(words[-2]) in _EN_THING_HEADS:
        # "phone cases", "a battery case": what holds a thing is a thing, though "cases" alone is abstract ("use
        # cases", "in some cases"); "drop & shock testing for our phone cases" read "shock" (issue 27, the seventh
        # probe's variants)
        return False
    if head in (_EN_ABSTRACT | _EN_SERVICE_HEADS | _EN_DEFECTS | _EN_PROPERTIES | _EN_ORGS | _EN_PEOPLE
                | _EN_COMPANY_HEADS | _EN_MEASURED | _EN_FUNCTION):
        return True
    if head in _EN_MISSPELT_NON_HEADS and len(words) == 1:
        return True
    if len(words) == 1 and head in _EN_DEGREE_NOUNS and re.search(r"\ba\s+$", text[max(0, start - 4):start], re.I):
        return True  # "accuracy is a bit off", "a little hot": how much, not a thing (issue 27, sets never seen)
    if all(w.lower() in _EN_SECTORS | _EN_PLACES | _EN_MEASURED for w in words):
        return True
    if any(w.lower() in _EN_ORGS for w in words) and all(w[:1].isupper() for w in words):
        return True  # "Institute of Naval Medicine", "Signet Testing Labs"
    phrase = " ".join(words)
    if len(phrase) < 2 or all(_EN_MARK.match(part) for part in phrase.split("/")) \
            or (len(words) == 1 and _EN_CODE.match(words[0])
                                                      and not re.search(r"[a-z]", words[0])
                                                      and not _en_also_in_lower_case(words[0], text)
                                                      and not _en_spelt_thing(words[0], text)
                                                      and not _en_code_used_as_thing(words[0], text, start)):
        return True
    if len(words) == 1 and words[0][:1].isupper() and _is_place_en(text, start, start + len(words[0])):
        return True
    if re.fullmatch(r"(?:tier|level|grade|class)[-\s]?\d[a-z]?", phrase, re.I) or _RATING.fullmatch(phrase):
        return True  # a rank, not a thing: "we're a tier-2 supplier" read "tier-2" (the ninth probe, p97)
    return len(words) == 1 and bool(re.match(r"(anti|non|self|high|low|multi|ultra|pre|post)-", phrase, re.I))


# Before a code that names a thing: a determiner or a possessive, or what one does with a part ("the HC-05", "my
# ESP32-C5", "using the WROOM32D"); a tender's reference number stands after RFP, No., # or alone in its title.
_EN_THING_DET_BEFORE = re.compile(r"\b(?:the|my|our|their|his|her|its|this|that|a|an|using|use|uses|used|with)\s+$",
                                  re.I)
# A model code: letters then a digit, as parts and boards are named ("ESP32-C5", "HLW8012", "SIM800L", "HC-05",
# "iCE40", "A9G"), not a rating, a measured gas or a mark.
_EN_MODEL_CODE = re.compile(r"[A-Za-z]{1,8}-?\d[A-Za-z0-9\-.]*")


def _en_code_used_as_thing(code: str, text: str, start: int) -> bool:
    """Whether a code is used as a thing's name: after "the", "my", "using" … ("the HC-05 gets really hot"), or with a
    failure right after it. A tender's reference number ("RFP 034-2021", "UKRI-1167 -") is neither."""
    if not _en_model_code(code):
        return False
    end = start + len(code)
    return bool(_EN_THING_DET_BEFORE.search(text[max(0, start - 12):start]) or _EN_FAIL_AFTER.match(text[end:end + 60]))


def _en_model_code(word: str) -> bool:
    """A model code ("ESP32-C5", "SIM800L", "iCE40"): not a rating ("IP67"), a measured gas ("CO2"), a mark ("EN71"),
    an amount ("25V", "Q3"), a version, or a port or pin's label ("fan1", "pin3")."""
    low = word.lower()
    return bool(_EN_MODEL_CODE.fullmatch(word)) and not re.fullmatch(r"[a-z]+\d{1,2}", word) and not (
        _RATING.fullmatch(word) or low in _EN_MEASURED or _EN_MARK.match(word) or _EN_AMOUNT.match(word)
        or re.fullmatch(r"(?:tier|level|grade|class|type|version|v|rev|step|phase|stage|no|ref|fy|q)-?\d[\d.]*", low))


def _en_spelt_thing(acronym: str, text: str) -> bool:
    """Whether the text spells an acronym out as a thing ("self-contained breathing apparatus (SCBA)"), not as a
    property or a service ("Indoor Air Quality (IAQ)"): then the acronym alone names that thing, not a code."""
    at = text.find(f"({acronym})")
    if at <= 0:
        return False
    before = text[max(0, at - 80):at].split()
    return bool(before) and _en_abbreviates(f" ({acronym}) ", " ".join(before)) and before[-1].lower() not in (
        _EN_PROPERTIES | _EN_SERVICE_HEADS | _EN_ABSTRACT | _EN_DEFECTS | _EN_ORGS | _EN_COMPANY_HEADS)


# The head of an organisation's name and its "of": what follows in capitals names the organisation, not a thing.
_EN_ORG_OF_BEFORE = re.compile(r"\b(?:Department|Dept\.?|Division|Board|Bureau|Office|Ministry|Council|Commission|"
                               r"Commonwealth|Institute|University|College|School|Agency|Authority|District|City|"
                               r"County|Town|Village|State|Port|Secretary|Society|Association)\s+of\s+(?:the\s+)?$"
                               # the same in a heading's capitals: "VILLAGE OF OAK BROOK"
                               r"|\b(?:DEPARTMENT|DIVISION|BOARD|BUREAU|OFFICE|MINISTRY|COUNCIL|COMMISSION|"
                               r"COMMONWEALTH|INSTITUTE|UNIVERSITY|COLLEGE|SCHOOL|AGENCY|AUTHORITY|DISTRICT|CITY|"
                               r"COUNTY|TOWN|VILLAGE|STATE|PORT|SOCIETY|ASSOCIATION)\s+OF\s+(?:THE\s+)?$")


# A service that ends a thing's name inside a longer run ("Polychlorinated Biphenyls Analysis Commodity Code", "Fire
# Hydrant Flow Testing Prog"): the run is cut after it, and what comes before is a phrase the service is on. A
# service word before a thing's head names the thing's kind ("test rig", "inspection camera") and cuts nothing.
_EN_INNER_SERVICES = _words(
    "test tests testing calibration calibrations certification certifications inspection inspections analysis "
    "analyses evaluation evaluations assessment assessments measurement measurements verification validation "
    "monitoring sampling survey surveys examination examinations")


# How a notice names what it buys after the service ("… Testing Program", "… Inspection Services").
_EN_BOUGHT_AS = _words("program programs programme programmes prog project projects services service contract "
                       "contracts")


def _en_segments(words: list[str]) -> list[tuple[int, int]]:
    """The whole run, and each part of it that ends in an inner service word (see :data:`_EN_INNER_SERVICES`), as
    (first, end) index pairs. A service word before a word of the notice's own ("Testing Labs", "Test Observations",
    "testing requirements", "Inspection Program") belongs to a name or a document and cuts nothing."""
    def cuts_at(i: int) -> bool:
        low, nxt = words[i].lower(), words[i + 1].lower()
        if low in _EN_INNER_SERVICES and nxt.rstrip(".") in _EN_BOUGHT_AS:
            return True  # "Bridge Inspection Program", "Hydrant Testing Services": what the programme is on
        return low in _EN_INNER_SERVICES and not (
            nxt in _EN_INNER_SERVICES | _EN_ABSTRACT | _EN_SERVICE_HEADS | _EN_ORGS | _EN_COMPANY_HEADS | _EN_PEOPLE
            | _EN_PROPERTIES or _en_lemma(nxt) in _EN_THING_HEADS | _EN_ABSTRACT | _EN_ORGS
            or nxt in _EN_GENERIC or nxt in _EN_THING_ENDINGS or _en_not_a_head(words[i + 1]))
    return [(0, len(words))] + [(0, i + 1) for i in range(1, len(words) - 1) if cuts_at(i)]


def _en_candidates(text: str) -> list[_EnCand]:
    cands: list[_EnCand] = []
    for start, end in _en_phrases(text):
        raw = text[start:end]
        all_words = [w for w in re.split(r"\s+", re.sub(r"\s*\([A-Z][A-Za-z0-9\-]{1,7}\)\s*", " (ACR) ", raw))
                     if w and w != "(ACR)"]
        offsets: list[int] = []
        pos = 0
        for w in all_words:
            at = raw.find(w, pos)
            offsets.append(max(at, pos))
            pos = max(at, pos) + len(w)
        for a, b in _en_segments(all_words):
            seg_start = start + offsets[a]
            seg_raw = text[seg_start:start + offsets[b - 1] + len(all_words[b - 1])]
            cand = _en_candidate(text, seg_raw, seg_start, all_words[a:b], start)
            if cand is not None:
                cands.append(cand)
    return cands


def _en_candidate(text: str, raw: str, start: int, words: list[str], run_start: int) -> _EnCand | None:
    trimmed, cue = _en_trim(words)
    orgs_in = [i for i, w in enumerate(trimmed[:-1]) if w.lower() in _EN_ORGS]
    if orgs_in:
        trimmed = trimmed[orgs_in[-1] + 1:]  # "BUILDINGS DIVISION Elevator": what an organisation's name ends in
    if not trimmed:
        return None
    first = raw.find(trimmed[0]) if trimmed[0] in raw else 0
    phrase_start = start + max(first, 0)
    if _en_rejected(trimmed, text, phrase_start):
        return None
    if trimmed[0][:1].isupper() and _EN_ORG_OF_BEFORE.search(text, max(0, phrase_start - 40), phrase_start):
        return None  # "Division of Highways", "Board of Water Supply": the rest of an organisation's name
    last = trimmed[-1]
    phrase_end = start + raw.rfind(last) + len(last)
    return _EnCand(phrase_start, phrase_end, trimmed, cue, run_start)


def _en_code_title_prefix(text: str, title_end: int) -> int:
    """The end of a reference number that opens a title ("UKRI-1167 - …", "ID 2914124 DAERA - …"), or 0."""
    m = re.match(r"\s*((?:[A-Za-z]{1,8}[\-_ ]?)?\d[\w\-./]*(?:\s+[A-Z]{2,8})?(?:\s*-\s*[A-Z]{1,6}\d*)?)\s*[-–:]\s",
                 text[:title_end])
    return m.end() if m else 0


def _en_thing_like(words: list[str]) -> bool:
    """Whether a phrase's head names a thing: a known thing word, a model name ("BP7X", "NXPhlite", "iCub09") or an
    acronym that is no mark ("ROV", "HATS")."""
    head = words[-1].rsplit("/", 1)[-1]
    low = head.lower()
    if low in _EN_THING_HEADS or _en_lemma(low) in _EN_THING_HEADS or low in _EN_THING_ENDINGS:
        return True
    return bool(re.search(r"\d", head) and re.search(r"[A-Za-z]", head)) \
        or bool(re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]", head)) \
        or (len(head) > 2 and head.isupper() and not _EN_MARK.match(head))


def read_product_en(text: str) -> str | None:
    """The noun phrase with the strongest cue: a title that names a thing, "our X", "X fails", "calibration of X",
    "develop a X", "makes X", and, weaker, how often the text comes back to the phrase's head word. A phrase headed
    by a service, a defect, a property, a company, a person, an organisation, a place or an abstract word is no
    product; a company word keeps its modifier as the company's line ("a furniture exporter" → furniture)."""
    text = text.strip()
    scored = _en_scored(text)
    best = max(scored, key=lambda s: (s[0], -s[1]), default=None)
    if best is None or best[0] < 2.2:
        return None
    read = _en_whole_list(text, scored, best)
    if read == best[2]:
        read = _en_part_of_whole(text, best[1], read)
    return re.sub(r"\s+", " ", read).strip(" -/")


# The second of two things a calibration or a test is for ("Need calibration for 12 digital calipers and 3 outside
# micrometers" read the calipers alone; the seventeenth probe, p167, as "十几把扭矩扳手和两台拉力试验机" in Chinese):
# a count may lead it, and one word before it belongs to its name.
_EN_LIST_GAP = re.compile(r"\s*,?\s*(?:and|&)\s+(?:\d[\d,]*\s+|a few\s+|several\s+|some\s+)?"
                          r"(?:(?:the|our|its|their|all)\s+)?(?P<mod>(?!the\b|our\b|its\b|their\b)[A-Za-z-]+\s+)?")
_EN_LIST_WORK_BEFORE = re.compile(r"\b(?:calibrat\w*|verif\w*|test(?:s|ing)?|inspect\w*)\b(?: of| for| on)?"
                                  r"(?: (?:our|the|all|\d[\d,]*|our \d[\d,]*))?\s*$", re.I)
_EN_LIST_WORK_AFTER = re.compile(r"\s*(?:(?:calibrated|verified|tested|inspected)\b|(?:need|needs|require|requires|"
                                 r"are due for)\s+(?:calibration|verification|testing|inspection)\b|"
                                 # "…electric toothbrushes and water flossers in Shenzhen Longgang, both need IPX7
                                 # waterproof testing" (the eighteenth probe, p176): the work said of both
                                 r"(?:\s+(?:in|from)\s+[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,2})?\s*[,;]?\s*(?:and\s+)?"
                                 r"(?:they\s+)?(?:both|each)\s+(?:need|needs|require|requires|have to|must)\b)", re.I)


def _en_whole_list(text: str, scored: list[tuple[float, int, str]], best: tuple[float, int, str]) -> str:
    """The best reading, and the thing named with it by "and" where the work is on both (said before the first, or
    as a participle after the second)."""
    _, start, phrase = best
    end = start + len(phrase)
    for _, other, second in scored:
        gap = _EN_LIST_GAP.fullmatch(text, end, other) if other > end else None
        if gap is None or not names_a_thing(second):
            continue
        if _EN_LIST_WORK_BEFORE.search(text[max(0, start - 40):start]) or _EN_LIST_WORK_AFTER.match(
                text, other + len(second)):
            return f"{phrase} and {gap.group('mod') or ''}{second}"
    return phrase


def _en_scored(text: str) -> list[tuple[float, int, str]]:
    """Every English candidate with its total score and its start: :func:`read_product_en` takes the best."""
    if not text:
        return []
    title_end = _en_title_end(text)
    code_end = _en_code_title_prefix(text, title_end) if title_end else 0
    scored: list[tuple[float, _EnCand, bool]] = []
    lines: set[int] = set()  # the starts of candidates named as the company's line
    materials: set[int] = set()  # … and of those named as what a thing is made of
    cued_other = False
    made: set[int] = set()  # … and of those the enterprise says it makes
    owned_other = False  # whether another is called the enterprise's own
    first_in_title = True
    headed = False
    ours: set[int] = set()  # … of those named as the company's line in any of its words ("making smart door locks")
    failing: set[int] = set()  # … and of the parts named failing as a later clause's subject ("The … module stops")
    worried: set[int] = set()  # … and of the parts worried about or suspected ("we are concerned that the valve …")
    owned: set[int] = set()  # … and of those called the enterprise's own ("our …")

    def closes_at(end: int) -> bool:
        return title_end - end <= 1 or _EN_TITLE_TAIL.match(text, end, title_end) is not None

    for cand in _en_candidates(text):
        line_before = text[max(0, cand.run_start - 60):cand.run_start].rsplit("\n", 1)[-1]
        after = re.sub(r"^\)", "", text[cand.end:cand.end + 60])
        cue = max((w for rx, w in _EN_CUES if rx.search(line_before)), default=0.0)
        part = _EN_PART_OF_BEFORE.search(line_before)
        part_fails = bool(part and part.group("part").lower() not in _EN_NOT_A_PART and (
            _EN_FAIL_AFTER.match(after) or _en_misspelt_failure(after)))
        if cand.cue == 0 and cand.words[-1].lower() not in _EN_NOT_A_PART and _of_whole_fails(after):
            cue += 3.5  # the part that fails, not the bigger thing it is part of ("The ABS housings of our …")
        elif part_fails:
            cue -= 3.0  # … and that bigger thing
        elif cand.cue == 0 and (_EN_FAIL_AFTER.match(after) or _en_misspelt_failure(after)):
            cue += 3.0
        elif cand.cue == 0 and _EN_SERVICE_AFTER.match(after):
            cue += 2.5  # "Water Meter Review and Testing", "Fire Hydrant Flow Testing"
        if cue < 2.5 and _EN_EACH_BEFORE.search(line_before) and _EN_SERVICE_IN_SENTENCE.search(
                re.split(r"[.;:]\s", line_before)[-1]):
            cue = 2.5  # "one annual inspection … on each fire sprinkler system"
        elif _EN_PASSIVE_AFTER.match(after):
            cue += 2.5
        elif _EN_WANT_BEFORE.search(line_before) and _EN_DONE_AFTER.match(after):
            cue += 2.0  # "we need the energy meters in 300 charging piles verified"
        elif cand.cue == 0 and (needs := _EN_NEEDS_AFTER.match(after)) and not (
                needs.group("of") is None and (part := _EN_PART_OF_BEFORE.search(line_before))
                and part.group("part").lower() not in _EN_NOT_A_PART):
            cue += 3.0  # the thing that needs the test, not the bigger thing it is part of
        if _EN_FAIL_BEFORE.search(line_before):
            cue += 2.0
        cue += cand.cue
        if _EN_TEST_NAME_AFTER.match(after):
            cue -= 3.0  # the test's name: the thing it is on follows
        if _EN_OUR_LINE_BEFORE.search(line_before):
            lines.add(cand.start)
        elif _EN_WE_MAKE_BEFORE.search(line_before):
            made.add(cand.start)
        elif _EN_CUES[0][0].search(line_before):
            owned_other = True
            owned.add(cand.start)
        if _EN_WORRIED_BEFORE.search(line_before):
            worried.add(cand.start)
        if _EN_MADE_OF_BEFORE.search(line_before):
            materials.add(cand.start)
        head = cand.words[-1].lower()
        if _EN_LINE_OF_OURS_BEFORE.search(text[max(0, cand.run_start - 100):cand.run_start].rsplit("\n", 1)[-1]) or (
                _EN_WE_ARE_BEFORE.search(line_before) and (maker := re.match(r"\s+([\w\-]+)", after)) is not None
                and maker.group(1).lower() in _EN_COMPANY_HEADS):
            ours.add(cand.start)
        elif (_EN_PART_AS_SUBJECT.search(text[max(0, cand.start - 12):cand.start]) or (
                _EN_COUNTED_SUBJECT.search(text[max(0, cand.start - 16):cand.start])
                and head not in _EN_GENERIC | _EN_MADE_FORMS)) and (
                _EN_FAIL_AFTER.match(after) or _en_misspelt_failure(after) or _EN_STOPS_WORKING_AFTER.match(after)
                or _EN_NEEDS_AFTER.match(after)) \
                and head not in _EN_NOT_A_PART and names_a_thing(" ".join(cand.words)):
            # (or needs a test, a certification or a mark: "we make lithium batteries; the cells need UN38.3")
            failing.add(cand.start)
        if _EN_CAUSE_BEFORE.search(line_before):
            cue -= 2.0  # "sensors damaged due to DC-link overvoltage": a cause, not the thing
        if cand.words[-1].lower() in _EN_WORKPLACE and _EN_HOLDS_AFTER.match(after):
            cue -= 3.0  # "our stamping line has about 40 pressure gauges …": where the things are
        elif _EN_HELD_BEFORE.search(line_before):
            cue += 2.5  # … and the things it holds
        thing = _en_thing_like(cand.words)
        title = 0.0
        if cand.end <= title_end and cand.start >= code_end:
            title = 2.5 if thing else 1.0
            opens = not text[code_end:cand.start].strip() and (
                closes_at(cand.end) or _EN_HEADING_LINK.match(text, cand.end, title_end) is not None)
            if first_in_title and (thing or opens):
                title += 1.5  # the first thing a title names, or the phrase the title opens with
            elif headed and _EN_PURPOSE_BEFORE.search(text[code_end:cand.start]):
                # what the thing a title opens with is for: "High-nickel NCM electrolyte for power batteries: …"
                title, cue = 0.0, 0.0
            headed = headed or (first_in_title and (
                opens or thing or _EN_TITLE_OBJECT_BEFORE.search(text[code_end:cand.start]) is not None))
            first_in_title = False
            closes = closes_at(cand.end)
            if closes and _EN_TITLE_OBJECT_BEFORE.search(text[code_end:cand.start]):
                title += 1.0  # what a heading's work is on: "Improving the performance of varistor discs"
            elif closes and not text[code_end:cand.start].strip():
                title += 1.5  # the heading is the phrase: "Suction crane: …", "Automatic rebar sleeving machine"
        inside = text.rfind("(", 0, cand.start) > text.rfind(")", 0, cand.start) \
            and not _EN_ACRONYM_SERVICE.match(text, cand.end)
        # a part or a board named by its model code ("the SIM800L module", "HLW8012 breakout board") names a made thing
        # as no common noun does; GitHub-like issues name their product so (issue 27, the product on sets never seen)
        coded = 0.8 if any(_en_model_code(w) for w in cand.words) and not any(
            w.lower() in _EN_COMPANY_HEADS | _EN_ORGS | _EN_SERVICE_HEADS | _EN_PEOPLE for w in cand.words) else 0.0
        scored.append((cue + title + (0.8 if thing else 0.0) + coded - (1.5 if inside else 0.0), cand, thing))
        if cand.start not in lines and cue >= 2.5:
            cued_other = True
    if materials and len(scored) > len(materials):
        # what the thing is made of, not the thing: "Our hydraulic valve body made of cast iron leaks under pressure."
        # read "cast iron" (the leak said after the material); a new user's variant, 2026-11-28
        scored = [(score - 3.0 if cand.start in materials else score, cand, thing) for score, cand, thing in scored]
    if lines and cued_other:
        # the company's line ("we are a supplier of auto parts"): a thing the need names beside it with its own cue
        # wins ("… We need salt spray testing for brake calipers." read "auto parts"; the ninth probe's variant);
        # named alone, the line stays the reading
        scored = [(score - 1.0 if cand.start in lines else score, cand, thing) for score, cand, thing in scored]
    if made and owned_other:
        scored = [(score - 1.0 if cand.start in made else score, cand, thing) for score, cand, thing in scored]
    # The same thing named again adds what was said of it there ("peeling stoppers" backs "wine stoppers").
    by_head: dict[str, list[float]] = {}
    for score, cand, _ in scored:
        by_head.setdefault(_en_lemma(cand.words[-1]), []).append(score)
    out: list[tuple[float, int, str]] = []
    for score, cand, _ in scored:
        others = by_head[_en_lemma(cand.words[-1])]
        total = score + min(0.3 * (sum(others) - score) + 0.4 * (len(others) - 1), 2.5) - cand.start * 0.001
        out.append((total, cand.start, text[cand.start:cand.end]))
    heads = {cand.start: _en_lemma(cand.words[-1]) for _, cand, _ in scored}
    for at in sorted(failing):
        # the company's line gives way to a part of it that fails (the comment on _EN_LINE_OF_OURS_BEFORE); not to the
        # line named again ("… making precision aluminium housings … some housings show pitting": the tenth probe, p105)
        named = [start for _, start, _ in out if start in ours | lines | made and start < at]
        top = max((total for total, start, _ in out if start in named), default=None)
        if top is not None and heads[at] not in {heads[start] for start in named}:
            out = [(max(total, top + 0.1) if start == at else total, start, phrase) for total, start, phrase in out]
    for at in sorted(worried):
        # the part worried about gives way to the nearest thing named before it as the enterprise's (its line, what it
        # makes, "our …"); with nothing such named, it stays the reading ("We are worried about the cable glands …")
        named = [start for _, start, _ in out if start in ours | lines | made | owned and start < at
                 and start not in worried]
        if not named:
            continue
        whole = max(named)
        totals = {start: total for total, start, _ in out}
        high, low = max(totals[whole], totals[at]), min(totals[whole], totals[at])
        out = [(high + 0.01 if start == whole else low - 0.01 if start == at else total, start, phrase)
               for total, start, phrase in out]
    return out


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
        if last in (_EN_ABSTRACT | _EN_DEFECTS | _EN_FUNCTION | _EN_PROPERTIES | _EN_COMPANY_HEADS
                    | _EN_SERVICE_HEADS | _EN_PEOPLE | _EN_ORGS):
            return False
        if _en_is_word_verb(last):
            return False
        return not (re.search(r"(ed|ing|ly)$", last) and last not in _EN_THING_ING)
    return _prior_zh(phrase) >= 1.0


def _is_place_en(text: str, start: int, end: int) -> bool:
    return any(m.start <= start and end <= m.end for m in find_places(text))


def _is_english(text: str) -> bool:
    """English by its words: fewer than four Chinese characters, or English words at least three times as many as the
    Chinese characters beside them ("a German-invested plant in Suzhou 工业园区 making precision aluminium housings …"
    was read as Chinese for its place name's four characters, and named no product; the tenth probe: p105)."""
    cjk, latin = len(_CJK.findall(text)), len(_LATIN_WORD.findall(text))
    return latin >= 3 and (cjk < 4 or (latin >= 12 and latin >= 3 * cjk))


def reads_as_english(text: str) -> bool:
    """Whether the product reader reads ``text`` as English (:func:`_is_english`, or Latin words and no Chinese
    character at all: a short answer, "it passed"). The service types' head reads by the same test (a rule hit in an
    English text needs its agreement at a bar of its own: :mod:`intake.semantic`)."""
    body = re.sub(r"\s+", " ", text or "").strip()[:READ_CHARS]
    return bool(body) and (_is_english(body) or (not _CJK.search(body) and _LATIN_WORD.search(body) is not None))


@dataclass(frozen=True)
class ProductCandidate:
    """A phrase the reader weighed as the product, with what it weighed it by: the rules' score, where it stands
    (its start in the text read, whether in a title) and the text's length. A learned chooser
    (:mod:`intake.product_choice`) picks among them by these and by meaning."""

    text: str
    score: float
    start: int
    in_title: bool
    text_length: int


def product_candidates(text: str, *, top: int = 8) -> tuple[str, list[ProductCandidate]]:
    """(language, the ``top`` best-scored distinct candidates, best first) of the text as :func:`extract_product`
    reads it: the same body, the same candidates, the same scores."""
    body = re.sub(r"\s+", " ", text or "").strip()[:READ_CHARS]
    if not body:
        return "zh", []
    found: list[ProductCandidate]
    if reads_as_english(body):
        lines = re.sub(r"[ \t\r\f\v]+", " ", text or "").strip()
        en = re.sub(r" ?\n[\n ]*", "\n", lines)[:READ_CHARS].strip()
        title_end = _en_title_end(en)
        found = [ProductCandidate(re.sub(r"\s+", " ", phrase).strip(" -/"), score, start, start < title_end, len(en))
                 for score, start, phrase in _en_scored(en)]
        language = "en"
    else:
        title_end = _title_end(body)
        found = [ProductCandidate(c.text, c.score, c.start, c.end <= title_end, len(body))
                 for c in _candidates_zh(body)]
        language = "zh"
    best: dict[str, ProductCandidate] = {}
    for cand in found:
        if cand.text and (cand.text not in best or cand.score > best[cand.text].score):
            best[cand.text] = cand
    return language, sorted(best.values(), key=lambda c: -c.score)[:top]


def company_line(text: str, cand: ProductCandidate) -> bool:
    """Whether a candidate is the company's line as it introduces itself ("我们是厦门做户外LED显示屏的，…", "we run a
    small CNC shop in Kunshan, …", "We make hydraulic cylinders …"), read in the same body as
    :func:`product_candidates`."""
    body = re.sub(r"\s+", " ", text or "").strip()[:READ_CHARS]
    end = cand.start + len(cand.text)
    if not reads_as_english(body):
        return body[cand.start:end] == cand.text and _is_line(body, cand.start, end)
    # (in English as :func:`_en_scored` reads "ours": the chooser by meaning took "small CNC" back over the
    # micrometers the rules read; the twenty-first probe, p208 with e5)
    lines = re.sub(r"[ \t\r\f\v]+", " ", text or "").strip()
    en = re.sub(r" ?\n[\n ]*", "\n", lines)[:READ_CHARS].strip()
    if re.sub(r"\s+", " ", en[cand.start:end]) != cand.text:
        return False
    before = en[max(0, cand.start - 100):cand.start].rsplit("\n", 1)[-1]
    maker = re.match(r"\s+([\w\-]+)", en[end:])
    return _EN_LINE_OF_OURS_BEFORE.search(before) is not None or (
        _EN_WE_ARE_BEFORE.search(before) is not None and maker is not None
        and maker.group(1).lower() in _EN_COMPANY_HEADS)


def extract_product(text: str) -> str | None:
    """The thing the need is about (储能电池, 钛合金接骨板, stainless steel pipe fittings), or None when the text names
    no product (README of tests/intake/data/products is the convention)."""
    body = re.sub(r"\s+", " ", text or "").strip()[:READ_CHARS]
    if not body:
        return None
    if reads_as_english(body):
        # a short English answer ("it passed") is read as English too; English keeps its line breaks, which end a
        # phrase and set a title apart
        lines = re.sub(r"[ \t\r\f\v]+", " ", text or "").strip()
        return read_product_en(re.sub(r" ?\n[\n ]*", "\n", lines)[:READ_CHARS])
    return _with_model(read_product_zh(body), body)


def kin_named(text: str, product: str | None) -> list[str]:
    """Other names ``text`` gives a thing of ``product``'s kind (a Chinese phrase ending in the same two characters),
    best read first: "280Ah磷酸铁锂储能模组" is named 储能电池模组 in the company's line. What the product vocabulary
    does not know of the product it may know of its kin, so the need's industry can follow the product
    (:func:`intake.extract.industry.read_industries`) rather than a sector word of the text."""
    body = re.sub(r"\s+", " ", text or "").strip()[:READ_CHARS]
    if not product or len(product) < 3 or not _CJK.search(product[-2:]) or not body or reads_as_english(body):
        return []
    kin = sorted((c for c in _candidates_zh(body) if c.text != product and c.text.endswith(product[-2:])
                  and len(c.text) > 2), key=lambda c: -c.score)
    return list(dict.fromkeys(c.text for c in kin))


# "口罩是KN95的", "电池是18650型的", "管材是PE的": the thing is of a model or grade named in Latin letters or digits,
# which names the product with it ("KN95口罩"); a correction "口罩是KN95的，不是医用口罩" made the product 口罩
# (the probe of the chat, issue 27).
MODEL_CODE = r"(?:[A-Za-z]{0,6}\d[A-Za-z0-9.\-/]{0,12}|[A-Z]{2,8}\d*)"


def _with_model(product: str | None, text: str) -> str | None:
    if not product or not _CJK.search(product):
        return product
    m = re.search(re.escape(product) + rf"(?:都|也|全)?是\s*({MODEL_CODE})\s*(?:型号?|款|级|系列|规格|标准)?的", text)
    return f"{m.group(1)}{product}" if m and m.group(1) not in product else product


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
