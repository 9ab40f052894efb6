"""UI strings, Chinese first with English beside; the page language comes from ``?lang=`` or a cookie."""

from __future__ import annotations

from fastapi import Request

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "app_title": "innodock 创新需求对接",
        "tagline": "把企业的技术创新需求，对接给能解决它的质检中心、计量测试中心、公共技术服务平台和科技服务站。",
        "catalog": "服务机构目录",
        "door_visitor": "企业有技术难题？注册后即可在线提出需求，由协会为您对接能解决它的服务机构和专家。",
        "door_signin_post": "已有账号，登录后提出需求",
        "door_enterprise": "有新的技术难题？用几句话说清楚，平台帮您整理成需求，再对接合适的服务机构。",
        "door_post": "提出需求",
        "search": "搜索",
        "search_placeholder": "名称、地区或行业，例如：电池、佛山、计量",
        "all_kinds": "全部类型",
        "capabilities": "项服务能力",
        "qualifications": "资质",
        "industries": "行业",
        "region": "地区",
        "capacity": "可同时承接",
        "status": "状态",
        "total": "共",
        "centers_unit": "家机构",
        "prev": "上一页",
        "next": "下一页",
        "page_of": "第 {page} 页，共 {pages} 页", "kind_filter": "机构类型",
        "rows_of": "第 {first}–{last} 条，共 {total} 条",
        "stars_of": "{n} 星（满分 5 星）",
        "back": "返回目录",
        "service_types": "服务类型",
        "standards": "标准",
        "empty": "机构目录还是空的，请协会的管理员导入知识库。",
        "lang_switch": "English",
        "rating": "服务质量评级", "rating_from": "评价期", "not_rated": "尚未评价",
        "commended": "示范推广", "commended_on": "协会表彰于",
        "typical_cases": "典型案例", "closed_on": "结项",
        "no_rating_public": "尚无第二方或第三方评价（机构自评不计入评级）。",
        "compliance": "人员条件核查（依据相关规范）", "rule": "条件", "clause": "依据", "verdict": "结论",
        "verdict_met": "符合", "verdict_not_met": "不符合", "verdict_unknown": "未填报",
        "rule_center_staffing": "技术创新服务人员比例", "rule_station_pool": "专家队伍（不少于10人）",
        "rule_station_staff": "专职、兼职工作人员", "rule_station_head": "站长条件",
        "staff": "人员", "staff_total": "总人数", "staff_innovation": "技术创新服务人员",
        "staff_full_time": "专职", "staff_part_time": "兼职",
    },
    "en": {
        "app_title": "innodock innovation docking",
        "tagline": "Docking enterprises' technical-innovation needs with the inspection centers, metrology centers, "
                   "public service platforms and service stations that can solve them.",
        "catalog": "Provider catalog",
        "door_visitor": "A technical problem to solve? Register your enterprise to post needs online: an association "
                        "docks each with the providers and experts who can solve it.",
        "door_signin_post": "Already registered? Sign in to post a need",
        "door_enterprise": "A new technical problem? Say it in a few words: the platform turns it into a need and "
                           "finds providers for it.",
        "door_post": "Post a need",
        "search": "Search",
        "search_placeholder": "Name, region or industry, e.g. battery, Foshan, metrology",
        "all_kinds": "All kinds",
        "capabilities": "capabilities",
        "qualifications": "Qualifications",
        "industries": "Industries",
        "region": "Region",
        "capacity": "Concurrent engagements",
        "status": "Status",
        "total": "",
        "centers_unit": "providers",
        "prev": "Previous",
        "next": "Next",
        "page_of": "page {page} of {pages}", "kind_filter": "Provider type",
        "rows_of": "{first}–{last} of {total}",
        "stars_of": "{n} of 5 stars",
        "back": "Back to catalog",
        "service_types": "Service types",
        "standards": "Standards",
        "empty": "The provider catalog is empty: the association's administrator imports the knowledge base.",
        "lang_switch": "中文",
        "rating": "Service-quality rating", "rating_from": "Period", "not_rated": "Not yet evaluated",
        "commended": "Commended", "commended_on": "Commended by the association on",
        "typical_cases": "Typical cases", "closed_on": "closed",
        "no_rating_public": "No second- or third-party evaluation yet (a provider's self-assessment does not rate it).",
        "compliance": "Staffing rules of the standards", "rule": "Rule", "clause": "Clause", "verdict": "Result",
        "verdict_met": "met", "verdict_not_met": "not met", "verdict_unknown": "not reported",
        "rule_center_staffing": "Share of innovation-service staff", "rule_station_pool": "Expert team (10 or more)",
        "rule_station_staff": "Full- and part-time staff", "rule_station_head": "Station head",
        "staff": "Staff", "staff_total": "all", "staff_innovation": "innovation service",
        "staff_full_time": "full-time", "staff_part_time": "part-time",
    },
}


def language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "zh"
    return lang if lang in STRINGS else "zh"


def chosen_language(request: Request) -> str | None:
    """The language the person picked with the switch (its cookie), or None when the page only fell back on Chinese:
    the chat's replies follow a choice, and otherwise the language each message is written in. Not the ``lang`` query
    parameter: the chat page's script sends the page's language with every message, chosen or not."""
    lang = request.cookies.get("lang")
    return lang if lang in STRINGS else None


def page_choice(request: Request) -> str | None:
    """On a page (a GET), the language the person chose: the switch's ``lang`` parameter, which the page stores as
    the choice (its cookie) while this very request still carries the old cookie, else :func:`chosen_language`. The
    chat page shows the question still open in it."""
    lang = request.query_params.get("lang")
    return lang if lang in STRINGS else chosen_language(request)
