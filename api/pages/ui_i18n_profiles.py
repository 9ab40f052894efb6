"""The UI strings of a provider's rules profile and its structured filings (issue 29, items 2 and 5), merged into
:mod:`api.pages.ui_i18n`. Both languages, the same keys.
"""

from __future__ import annotations

PROFILE_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "pf_profile": "适用规则", "pf_rules": "适用规则的内容", "pf_materials": "申请材料",
        "pf_building": "筹建期", "pf_building_none": "不设筹建期", "pf_months": "{m} 个月（含基建 {c} 个月）",
        "pf_calendar": "年度履职事项", "pf_measures": "监管措施", "pf_hierarchy": "评价指标体系",
        "pf_reading": "本项目的解读", "pf_silent": "规定未涉及", "pf_change": "变更适用规则",
        "pf_reason": "变更理由（记入历史）", "pf_choose": "改为",
        "fl_parts_hint": "以下各部分均须填写，缺一不予接收。", "fl_part_clause": "依据",
        "cr_heading": "通报批评", "cr_tag": "通报批评",
        "confirm_step_publish_criticism": "确定对「{name}」通报批评吗？批评的日期、理由和文号将在机构的公开页面"
                                          "上发布。",
        "confirm_step_place_under_key_supervision": "确定将「{name}」列入重点监管吗？监管期间该机构在匹配中被标注"
                                                    "并扣分。",
        "fl_rating_run": "所依据的评级", "fl_rating_hint": "定期评价以一次已完成的评级（第二方或第三方）为准。",
        "ob_set": "设定履职事项", "ob_kind": "事项", "ob_period": "期间（年度如 2026，季度如 2026Q3）",
        "ob_due_on": "截止日期",
        "ob_set_button": "设定并通知机构",
        "ob_set_hint": "机构在本页报送，协会审核评分；审核后的年度计划、报告计入服务质量评价"
                       "（平台发展规划及服务目标、绩效考核实施状况）。",
    },
    "en": {
        "pf_profile": "Rules", "pf_rules": "What the rules say", "pf_materials": "Application materials",
        "pf_building": "Building period", "pf_building_none": "No building period",
        "pf_months": "{m} months ({c} with construction)",
        "pf_calendar": "Yearly obligations", "pf_measures": "Supervision measures",
        "pf_hierarchy": "Evaluation hierarchy", "pf_reading": "our reading", "pf_silent": "Not in the rules",
        "pf_change": "Change the rules", "pf_reason": "Reason (recorded in the history)", "pf_choose": "Change to",
        "fl_parts_hint": "Every part below is required; a filing missing one is not accepted.",
        "fl_part_clause": "Clause", "fl_rating_run": "The rating it rests on",
        "cr_heading": "Public criticisms", "cr_tag": "Criticised",
        "confirm_step_publish_criticism": "Publish a criticism of “{name}”? Its date, reason and document will be "
                                          "shown on the provider's public page.",
        "confirm_step_place_under_key_supervision": "Place “{name}” under key supervision? Meanwhile it is flagged "
                                                    "and penalised in matching.",
        "fl_rating_hint": "A periodic evaluation closes only on a completed rating run (second or third party).",
        "ob_set": "Set an obligation", "ob_kind": "Obligation",
        "ob_period": "Period (a year such as 2026, a quarter such as 2026Q3)", "ob_due_on": "Due date",
        "ob_set_button": "Set it and tell the provider",
        "ob_set_hint": "The provider files it on this page and the association reviews and scores it; reviewed annual "
                       "plans and reports count in the service-quality evaluation (development plan and service "
                       "goals; performance reviews).",
    },
}
