"""UI strings, Chinese first with English beside; the page language comes from ``?lang=`` or a cookie."""

from __future__ import annotations

from fastapi import Request

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "app_title": "innodock 创新需求对接",
        "tagline": "把企业的技术创新需求，对接给能解决它的质检中心、计量测试中心、公共技术服务平台和科技服务站。",
        "catalog": "服务机构目录",
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
        "back": "返回目录",
        "service_types": "服务类型",
        "standards": "标准",
        "empty": "知识库为空。请先导入：innodock kb import 文件 或 innodock kb import --sample",
        "lang_switch": "English",
    },
    "en": {
        "app_title": "innodock innovation docking",
        "tagline": "Docking enterprises' technical-innovation needs with the inspection centers, metrology centers, "
                   "public service platforms and service stations that can solve them.",
        "catalog": "Provider catalog",
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
        "back": "Back to catalog",
        "service_types": "Service types",
        "standards": "Standards",
        "empty": "The knowledge base is empty. Import one first: innodock kb import FILE, or --sample",
        "lang_switch": "中文",
    },
}


def language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "zh"
    return lang if lang in STRINGS else "zh"
