"""The UI strings of a published need's public page (``/needs/{id}``, the address a website links a need to), merged
into :mod:`api.pages.ui_i18n`. Both languages, the same keys."""

from __future__ import annotations

PUBLIC_NEED_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "pn_kicker": "技术创新需求",
        "pn_site_description": "企业技术创新需求与质量基础设施服务机构对接平台",
        "pn_stage_open": "征集中", "pn_stage_served": "对接中", "pn_stage_closed": "已办结",
        "pn_confidential": "保密需求",
        "pn_product": "产品", "pn_service_types": "服务类型", "pn_industry": "行业", "pn_region": "地区",
        "pn_deadline": "期限", "pn_budget": "预算", "pn_published": "发布日期", "pn_not_given": "未说明",
        "pn_budget_talk": "面议",
        "pn_cta_title": "能提供这项服务？",
        "pn_cta_open": "检验检测、计量、标准、认证认可、知识产权等服务机构可以承接此需求：登录后表示可以承接，"
                       "协会审核时会看到，并与企业对接。企业的名称和联系方式不在此公开。",
        "pn_cta_login": "登录后表示可以承接",
        "pn_cta_apply": "还不是平台上的服务机构？申请入驻",
        "pn_cta_other": "以服务机构的账号登录后，可在此表示可以承接。",
        "pn_cta_served": "已有服务机构承接此需求，正在对接，不再征集。",
        "pn_cta_closed": "此需求已办结，不再征集。",
        "pn_help_note": "简要说明（选填）：可安排的时间、相关经验等",
        "pn_help": "我们可以承接",
        "pn_opportunities": "查看本机构的可承接需求",
        "pn_catalog": "浏览服务机构名录",
        # the enterprise's and the coordinator's own pages, linking a published need to its public page
        "pn_own_page": "公开页面",
        "pn_own_hint": "任何人无需登录即可查看；协会网站和分享的链接都指向这个地址：",
    },
    "en": {
        "pn_kicker": "Technology innovation need",
        "pn_site_description": "Matching enterprises' technology innovation needs with quality-infrastructure "
                               "providers",
        "pn_stage_open": "Open", "pn_stage_served": "Being served", "pn_stage_closed": "Closed",
        "pn_confidential": "Confidential",
        "pn_product": "Product", "pn_service_types": "Service types", "pn_industry": "Industry",
        "pn_region": "Region", "pn_deadline": "Deadline", "pn_budget": "Budget", "pn_published": "Published",
        "pn_not_given": "Not stated", "pn_budget_talk": "To be agreed",
        "pn_cta_title": "Can you provide this service?",
        "pn_cta_open": "Testing, metrology, standards, certification, IP and other providers may take this need on: "
                       "log in and say you can help; the association sees it when it reviews the need and puts you "
                       "in touch with the enterprise. The enterprise's name and contact are not published here.",
        "pn_cta_login": "Log in to say you can help",
        "pn_cta_apply": "Not a provider on the platform yet? Apply to join",
        "pn_cta_other": "Logged in with a provider's account, you can say here that you can help.",
        "pn_cta_served": "A provider has taken this need on; it is being served and no more providers are sought.",
        "pn_cta_closed": "This need is closed; no more providers are sought.",
        "pn_help_note": "A short note (optional): when you could start, related experience",
        "pn_help": "We can help",
        "pn_opportunities": "Your center's opportunities",
        "pn_catalog": "Browse the providers",
        "pn_own_page": "Public page",
        "pn_own_hint": "Anyone can read it without logging in; the association's website and shared links point to "
                       "this address:",
    },
}
