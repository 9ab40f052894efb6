"""The UI strings of the deciding authorities' page (issue 29, item 3), merged into :mod:`api.pages.ui_i18n`. Both
languages, the same keys.
"""

from __future__ import annotations

DECISION_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "decisions": "待决定事项",
        "dc_intro_authority": "以下是协会提交{authority}（辖区：{where}）决定的事项。规则配置把这些决定交由贵部门作出；"
                              "作出决定后，机构会立即在待办通知中收到，订阅了通知的网站同时收到推送。",
        "dc_intro_association": "机构的适用规则把一些决定交由主管部门（市场监管局、省科协、依托单位）作出。"
                                "协会在此提交待决定事项，由主管部门的用户决定。",
        "dc_waiting": "等待主管部门决定", "dc_none": "目前没有等待决定的事项。",
        "dc_decided_by": "决定机关", "dc_clause": "依据", "dc_prepared_by": "提交人",
        "dc_note": "说明（退回时请写明理由）", "dc_take": "作出决定", "dc_return": "退回协会",
        "dc_confirm_take": "确定对「{name}」作出“{step}”的决定吗？机构会立即收到通知。",
        "dc_confirm_return": "确定退回此事项吗？协会会看到您填写的说明。",
        "dc_prepare": "提交主管部门决定", "dc_provider": "机构", "dc_decision": "决定事项",
        "dc_grounds": "依据与事实", "dc_deadline": "建议整改期限（限期整改时填写）",
        "dc_prepare_submit": "提交主管部门",
        "dc_prepare_hint": "只能提交该机构适用规则交由主管部门决定的事项；其余决定由协会在机构页面上直接作出。",
        "dc_no_providers": "没有适用规则设有主管部门决定事项的机构。",
        "notice_decision_prepared": "已提交主管部门，等待其决定",
        "notice_decision_taken": "决定已作出，机构已收到通知",
        "notice_decision_returned": "已退回协会",
        "dc_decided_list": "已办理的事项", "dc_was_taken": "已作出决定", "dc_was_returned": "已退回协会",
        "dc_was_withdrawn": "协会已撤回", "dc_note_short": "说明",
        "dc_record": "机构档案", "dc_stage": "当前阶段", "dc_step": "事项", "dc_date": "日期",
        "dc_record_page": "查看完整档案（履职事项、整改、能力验证）→",
        "dc_application": "查看申报材料（申请、规则核查与附件）→",
        "registrations_waiting": "有 {n} 家企业的自助注册等待审核 →",
        "authority_body": "主管部门类别", "jurisdiction": "辖区", "org_ref": "对应机构、信用代码或辖区",
        "kb_export": "导出知识库",
        "kb_export_hint": "整个知识库（机构、服务能力、专家）按导入所用的格式导出，可修改后在上方重新导入。",
        "kb_export_jsonl": "下载 JSON 文件（.jsonl）", "kb_export_xlsx": "下载 Excel（.xlsx）",
        "authority_hint": "仅主管部门组织填写：辖区写地区前缀（如 {examples}）；"
                          "依托单位写其机构在知识库中的编号。",
    },
    "en": {
        "decisions": "Decisions",
        "dc_intro_authority": "Decisions the association prepared for the {authority} (jurisdiction: {where}). The "
                              "providers' rules give these decisions to your authority; once you take one, the "
                              "provider is told in its inbox at once, and subscribed websites by webhook.",
        "dc_intro_association": "A provider's rules give some decisions to an authority (a market-regulation bureau, "
                                "the science association, the host organisation). Prepare them here for that "
                                "authority's users to take.",
        "dc_waiting": "Waiting for an authority", "dc_none": "No decision is waiting.",
        "dc_decided_by": "Decided by", "dc_clause": "Clause", "dc_prepared_by": "Prepared by",
        "dc_note": "Note (say why, when sending it back)", "dc_take": "Take the decision",
        "dc_return": "Send back to the association",
        "dc_confirm_take": "Take the decision “{step}” on “{name}”? The provider is told at once.",
        "dc_confirm_return": "Send this back? The association sees your note.",
        "dc_prepare": "Prepare a decision for an authority", "dc_provider": "Provider", "dc_decision": "Decision",
        "dc_grounds": "Grounds and facts", "dc_deadline": "Proposed deadline (for a rectification)",
        "dc_prepare_submit": "Send to the authority",
        "dc_prepare_hint": "Only decisions the provider's rules give to an authority can be prepared; the association "
                           "takes the others itself on the provider's page.",
        "dc_no_providers": "No provider's rules give a decision to an authority.",
        "notice_decision_prepared": "Sent to the authority for its decision",
        "notice_decision_taken": "Decision taken; the provider has been told",
        "notice_decision_returned": "Sent back to the association",
        "dc_decided_list": "Decided", "dc_was_taken": "decision taken", "dc_was_returned": "sent back",
        "dc_was_withdrawn": "withdrawn by the association", "dc_note_short": "Note",
        "dc_record": "The provider's record", "dc_stage": "stage now", "dc_step": "Step",
        "dc_record_page": "The whole record (obligations, findings, proficiency tests) →",
        "dc_application": "View the application (its materials, rule checks and documents) →",
        "dc_date": "Date",
        "registrations_waiting": "Enterprise registrations waiting for your review: {n} →",
        "authority_body": "Authority", "jurisdiction": "Jurisdiction",
        "org_ref": "Provider, credit code or jurisdiction",
        "kb_export": "Export the knowledge base",
        "kb_export_hint": "The whole knowledge base (providers, capabilities, experts) as a kb-v1 file, to edit and "
                          "import again above.",
        "kb_export_jsonl": "Download JSON Lines (.jsonl)", "kb_export_xlsx": "Download Excel (.xlsx)",
        "authority_hint": "For an authority only: the jurisdiction is a region prefix, written in Chinese as the "
                          "catalog writes regions ({examples}); a host organisation gives its provider's kb id.",
    },
}
