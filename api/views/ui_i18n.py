"""The web UI's own strings (login, chat, review, engagements, evaluation), Chinese first with English beside.

Merged over :data:`api.i18n.STRINGS` so the catalog's strings stay where they are and the UI pages see both.
"""

from __future__ import annotations

from api.i18n import STRINGS

UI_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "login": "登录", "logout": "退出", "username": "用户名", "password": "密码",
        "login_title": "登录 innodock", "login_hint": "演示账号见 innodock demo-accounts 的输出。",
        "login_failed": "用户名或密码不正确", "forbidden": "无权访问",
        "forbidden_text": "当前账号的角色不能查看此页面。", "not_found": "页面不存在",
        "not_found_text": "要找的内容不存在，或不属于当前账号。",
        "pages_for_people": "网页只接受登录后的浏览器访问，API 密钥请调用 /api/v1。",
        "intake": "提出需求", "my_needs": "我的需求",
        "review": "审核队列", "engagements": "对接看板", "evaluation": "机构评价",
        "chat_title": "描述您的技术难题",
        "chat_intro": "用自己的话说明遇到的问题，我们会整理成结构化需求，并推荐能解决它的服务机构。",
        "chat_placeholder": "例如：我们是常州的电池企业，电芯需要做热失控试验，要CMA报告……",
        "send": "发送", "submit_need": "提交需求并匹配机构", "need_so_far": "已整理的需求",
        "next_question": "下一个问题", "need_done": "信息已足够，可以提交。", "submitting": "正在匹配……",
        "f_title": "标题", "f_service_types": "服务类型", "f_product": "产品", "f_industry": "行业",
        "f_region": "地区", "f_deadline": "期限", "f_budget": "预算", "f_confidential": "保密",
        "f_qualifications": "资质要求", "f_missing": "待补充", "yes": "是", "no": "否", "not_given": "未提供",
        "yuan": "元", "you": "我", "assistant": "innodock",
        "need_status": "需求状态", "review_status": "审核", "provider": "承接机构", "engagement_state": "对接进度",
        "declined": "未采纳", "no_needs": "还没有提交的需求。", "waiting": "等待协调员审核",
        "withdraw_need": "撤回需求", "rematch": "重新匹配",
        "rematch_hint": "需求修改后按当前内容重新匹配，此前各轮建议保留。", "assign_by_hand": "人工指派机构",
        "assign_reason": "指派理由（必填）", "withdraw_confirm": "撤回后协调员将不再为此需求对接机构，确定撤回吗？",
        "queue_empty": "审核队列为空。", "enterprise": "企业", "proposals": "推荐机构", "score": "得分",
        "submitted_at": "提交时间", "open": "查看", "explanation": "推荐理由与证据", "accept": "接受",
        "alternates": "备选机构", "reject": "驳回", "reject_one": "婉拒此机构", "reason": "理由", "note": "说明",
        "low_confidence": "匹配把握较低，请人工核实。", "accepted_by": "已接受", "rejected": "已驳回",
        "passages": "相关能力条目", "terms": "共同关键词", "rules": "规则", "score_parts": "得分构成",
        "other_reasons": "其他", "capabilities_hit": "匹配的能力", "history": "历史记录",
        "transitions": "可执行的步骤", "no_transitions": "当前没有可执行的步骤。", "state": "状态", "version": "版本",
        "board_empty": "暂无对接。", "deadline": "期限", "overdue": "已逾期",
        "step_note": "说明（按步骤：方案摘要、评审意见、交付说明、理由）",
        "first_level": "一级指标得分", "total_score": "总分", "stars": "星级", "period": "评价周期",
        "no_run": "该机构还没有评价记录。", "incomplete": "数据不完整", "radar_alt": "一级指标雷达图",
        "done": "已完成", "error": "出错了",
    },
    "en": {
        "login": "Log in", "logout": "Log out", "username": "Username", "password": "Password",
        "login_title": "Log in to innodock", "login_hint": "Demo accounts: see the output of innodock demo-accounts.",
        "login_failed": "Wrong username or password", "forbidden": "Forbidden",
        "forbidden_text": "Your role may not see this page.", "not_found": "Not found",
        "not_found_text": "What you are looking for does not exist, or is not this account's.",
        "pages_for_people": "Pages are for people logged in with a browser; API keys call /api/v1.",
        "intake": "New need", "my_needs": "My needs",
        "review": "Review queue", "engagements": "Engagements", "evaluation": "Evaluation",
        "chat_title": "Describe your technical problem",
        "chat_intro": "Say in your own words what the problem is; we turn it into a structured need and propose "
                      "providers who can solve it.",
        "chat_placeholder": "e.g. We make batteries in Changzhou and need thermal-runaway tests with a CMA report…",
        "send": "Send", "submit_need": "Submit and find providers", "need_so_far": "The need so far",
        "next_question": "Next question", "need_done": "Complete enough to submit.", "submitting": "Matching…",
        "f_title": "Title", "f_service_types": "Service types", "f_product": "Product", "f_industry": "Industry",
        "f_region": "Region", "f_deadline": "Deadline", "f_budget": "Budget", "f_confidential": "Confidential",
        "f_qualifications": "Qualifications", "f_missing": "Still missing", "yes": "yes", "no": "no",
        "not_given": "not given", "yuan": "yuan", "you": "me", "assistant": "innodock",
        "need_status": "Need status", "review_status": "Review", "provider": "Provider",
        "engagement_state": "Engagement", "declined": "Declined", "no_needs": "No submitted needs yet.",
        "waiting": "Waiting for a coordinator", "withdraw_need": "Withdraw the need", "rematch": "Re-match",
        "rematch_hint": "Match the need again as it reads now; earlier rounds are kept.",
        "assign_by_hand": "Assign a provider by hand", "assign_reason": "Why this provider (required)",
        "withdraw_confirm": "Once withdrawn, no coordinator will dock this need. Withdraw it?",
        "queue_empty": "The review queue is empty.", "enterprise": "Enterprise",
        "proposals": "Proposed providers", "score": "Score", "submitted_at": "Submitted", "open": "Open",
        "explanation": "Why, and the evidence", "accept": "Accept", "alternates": "Alternates", "reject": "Reject",
        "reject_one": "Decline this provider", "reason": "Reason", "note": "Note",
        "low_confidence": "Low confidence: please check by hand.", "accepted_by": "Accepted", "rejected": "Rejected",
        "passages": "Matching capability passages", "terms": "Shared terms", "rules": "Rules",
        "score_parts": "Score parts", "other_reasons": "Other", "capabilities_hit": "Matched capabilities",
        "history": "History", "transitions": "Allowed steps", "no_transitions": "No step is allowed now.",
        "state": "State", "version": "Version", "board_empty": "No engagements yet.", "deadline": "Deadline",
        "overdue": "overdue", "step_note": "Note (by step: plan summary, review opinion, delivery note, reason)",
        "first_level": "First-level scores", "total_score": "Total", "stars": "Stars", "period": "Period",
        "no_run": "This provider has not been evaluated yet.", "incomplete": "incomplete data",
        "radar_alt": "Radar chart of the first-level scores", "done": "done", "error": "Error",
    },
}

assert set(UI_STRINGS["zh"]) == set(UI_STRINGS["en"]), "every UI string needs both languages"

MERGED: dict[str, dict[str, str]] = {lang: {**STRINGS[lang], **UI_STRINGS[lang]} for lang in STRINGS}
