"""Product, problem and title: short phrases a coordinator would write on the need card."""

from __future__ import annotations

import re

from kb.vocab import SERVICE_TYPE_LABELS, ServiceType

_STOP_CHARS = r"的，。、,；;：:（）()“”\"\s"
_END = (r"(?=[的，。、,；;：:（(]|卖|出口|销往|和|及|与|在|出现|发生|存在|老是|老|经常|总是|总|一直|最近|夏天|冬天|"
        r"高温|低温|使用|用于|需要|想|要|"
        r"希望|有|是|做|的|$)")
_PRODUCT_ZH = [
    re.compile(rf"(?:我们|我司|公司|本公司|我厂|厂里|企业)的(?P<p>[^{_STOP_CHARS}]{{2,10}}?){_END}"),
    re.compile(rf"(?:生产|制造|主营|专注于?|研发|研制|开发|加工|做)(?:的是|的)?(?P<p>[^{_STOP_CHARS}]{{2,10}}?){_END}"),
    re.compile(rf"(?:产品[:：]|产品是)(?P<p>[^{_STOP_CHARS}]{{2,12}}?){_END}"),
]
_PRODUCT_EN = re.compile(
    r"\b(?:make|makes|making|produce|produces|producing|manufacture|manufactures|maker of|developing|develop|"
    r"supplier of)"
    r"\s+(?:a |an |the )?(?P<p>[a-z][a-z\- ]{2,40}?)(?=[.,;]| in | for | and | to | that | with |$)",
    re.I,
)
_NOT_PRODUCT = re.compile(r"(品牌|名字|名称|策划|改进|优化|工艺|保质期|厚度|检测|检验|测试|培训|分析|评价|评估|认证|"
                          r"咨询|方案|标准|法规|专利|服务|原因|问题|管理|项目|成果|报告|"
                          r"试验|校准|检定|申报|研发|合作|企业|公司|工厂|机构|技术|质量|时间|预算|费用|什么|哪些)")
_TRAILING = re.compile(r"(企业|公司|厂家|厂商|工厂|厂|生产商|制造商|行业|产品|等)$")


def extract_product(text: str) -> str | None:
    """A short product name the text names (储能电池, 钛合金接骨板), or None."""
    head = text[:600]
    for rx in _PRODUCT_ZH:
        for m in rx.finditer(head):
            value = _TRAILING.sub("", m.group("p").strip())
            value = re.sub(r"^(了|过|出)?(一种|一款|一批|一套|这款|这批|这个)?", "", value)
            if len(value) >= 2 and not _NOT_PRODUCT.search(value) and not re.fullmatch(r"[\d\-.]+", value):
                return value
    en = _PRODUCT_EN.search(head)
    if en:
        value = en.group("p").strip()
        if not re.search(r"\b(test|testing|analysis|training|consult|standard|patent|service)", value, re.I):
            return value
    return None


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
