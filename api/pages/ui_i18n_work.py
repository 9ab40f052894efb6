"""The UI strings of the daily work pages added by issue 16 (the chat that answers, drafts and needs sent back, the
queue's and board's cards, filters and stepper, explanations for people), merged into :mod:`api.pages.ui_i18n`.

Kept apart from the older strings so each language's list stays readable; the same rule holds: both languages, the
same keys.
"""

from __future__ import annotations

WORK_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "notice_message_sent": "留言已发送",
        "client_withheld": "（名称暂不公开，需求详情向贵机构开放后显示）",
        "entry_staff_total": "总人数", "entry_staff_innovation": "技术创新服务人员",
        "entry_staff_full_time": "专职人员", "entry_staff_part_time": "兼职人员",
        "change_record": "条目", "change_capability": "服务能力", "change_expert": "专家",
        "coordinator": "协调员", "start_new": "开始新的需求", "blockers_title": "提交前还需要：",
        "resumed": "已恢复您上次未提交的对话。",
        "amend": "修改并重新提交", "sent_back_title": "协调员请您补充", "continue_chat": "继续填写",
        # a returned need (需求不清，需补充): amended only by choice, and said so on /needs and in the chat
        "amending_returned": "您正在补充被退回的需求「{title}」，补充后请重新提交。",
        "amending_new_instead": "要提出另一个新需求，请点此开始新的需求",
        "returned_tag": "已退回，需补充", "returned_reason": "退回理由",
        "returned_waiting": "您有被退回的需求待补充（协会请您补充说明）：", "returned_amend": "补充此需求",
        "returned_here_new": "在下方描述的是一个新需求。", "returned_on": "（{day} 退回）",
        "arranging_contact": "承接机构目前还没有能登录平台办理的协调员，协会正在安排与其联系；有人接手后您会收到通知。",
        # two deadlines, named apart on the engagement page (said: flows.engagements.DUE_AFTER_NEED_SAID)
        "eng_agreed_due": "协议完成期限", "eng_need_due": "需求期望期限",
        "draft_hint": "草稿尚未提交，协调员看不到。", "edit_title": "修改标题", "save": "保存", "saved": "已保存。",
        "queue_decided_on": "审核于",  # a decided review's card: when, not how long it waited
        "no_needs_yet": "还没有需求。", "age": "已等待", "days": "天", "hours": "小时", "today": "不到1小时",
        "filter": "筛选", "search": "搜索", "search_ph": "标题、产品、企业", "sort": "排序", "any": "全部",
        "apply": "应用", "reset": "清除", "state": "状态",
        "sort_oldest": "等待最久", "sort_newest": "最新提交", "sort_deadline": "期限最近", "sort_budget": "预算最高",
        "sort_updated": "最近更新",
        "low_only": "仅看把握较低的", "results": "条", "title_missing": "（未命名需求）", "wk_count": "共 {total} 条",
        "board_more": "还有 {n} 条，只看此状态", "board_more_narrow": "还有 {n} 条未显示，请用搜索或“已逾期”缩小范围。",
        "fit": "匹配度", "band_high": "高", "band_medium": "中", "band_low": "低", "fit_scale": "满分 100",
        "why": "为什么推荐", "key_terms": "关键词", "rules_applied": "适用的规则", "effects": "地区与评价的影响",
        "details": "技术细节", "passage_from": "出自", "center_card": "机构名称与服务领域",
        "center_profile": "机构简介", "declined_by": "经办人", "matcher_name": "匹配程序",
        "region_effect": "地区", "rating_effect": "服务质量评价", "points": "分", "by": "经办",
        "step_of": "第 {n} 步，共 {total} 步", "stepper": "对接步骤", "ended": "已结束",
        "review_steps": "审核状态", "proposal_count": "推荐机构数",
        "low_confidence_band": "把握较低", "searched_by_hand": "待人工查找",
        "searched_by_hand_title": "没有与需求契合且有人答复的机构：企业已被告知协会正在人工为其查找",
        "weak_text_band": "文本证据较弱", "platform": "平台", "colon": "：",
        "list_sep": "、",
        # Coverage per requirement (issue 28, item 5).
        "requirements": "需求要点覆盖", "req_covered": "已覆盖", "req_missing": "未覆盖",
        "req_product_family": "产品类别", "req_service_type": "服务类型", "req_qualification": "资质",
        "req_preferred_qualification": "优先资质（非必须）", "req_wish_held": "具备",
        "req_wish_not_held": "不具备（不影响入选）",
        "req_region": "地区", "req_phrase": "关键要求", "req_count": "覆盖 {n}/{total} 项",
        "req_partial": "部分覆盖", "req_count_partial": "，部分覆盖 {p} 项",
        # (the wished marks listed under the count are no requirement: "覆盖 3/4 项" stood over five lines)
        "req_count_wished": "（另列优先资质 {w} 项，不计入）",
        "thin_match": "仅凭一个共同词匹配，匹配度按“低”显示。",
        # Assigning by hand (issue 30, item 3): the picker grouped by state and region.
        "picker_hint": "从目录中选一家匹配程序没有推荐的机构。已暂停、已撤销或已退出的机构不能指派；"
                       "标有“暂无协调员”的机构没有人能登录办理，指派前会再问一次。",
        "picker_search": "查找机构", "picker_search_ph": "名称、地区或状态", "picker_count": "{n} 家",
        "picker_count_of": "{total} 家中 {n} 家相符",
        "assign_reason_ph": "如：本地、有该项资质",
        # the association's reason for accepting a proposal: the enterprise reads it under 为什么选这家机构
        "accept_reason": "选定理由（选填，企业可见）", "accept_reason_ph": "如：离贵司最近，做过同类试验",
        "picker_refused": "不可指派", "picker_unreachable": "暂无协调员，无人能登录办理",
        # how the association invites a provider nobody can answer for (docs/workflow.md)
        "invite_provider_open": "为该机构开通账号并邀请协调员",
        "invite_provider_ask": "请管理员为该机构开通账号并邀请其协调员",
        "standing_label": "机构现状", "standing_unrated": "尚无评价", "standing_stars": "{n} 星（{period} 年度评价）",
        "standing_stars_one": "{n} 星（{period} 年度评价）", "standing_rectify_by": "整改期限 {day}",
        "picker_none": "没有符合条件的机构。", "picker_no_region": "未填写地区",
        "picker_choose": "请先在列表中选定一家要指派的机构。",
        "confirm_assign_unreachable": "「{name}」目前没有能登录办理的协调员，指派后无人接手，需求会一直搁置，"
                                      "须先为该机构开设账号。确定仍要指派吗？",
        "confirm_accept_unreachable": "「{name}」目前没有能登录办理的协调员，接受后无人接手，需求会一直搁置，"
                                      "须先为该机构开设账号。确定仍要接受吗？",
        # A complaint closed by the client (issue 30, item 2).
        "complaint_state": "投诉状态", "complaint_history": "处理记录",
        "confirm_by_hint": "请在 {date} 前确认处理结果，或说明不满意的原因；逾期未答复的，协会可关闭投诉。",
        "confirm_by_other": "委托企业应在 {date} 前确认处理结果；逾期未答复的，协会可关闭投诉。",
        "confirm_complaint": "确认处理结果，关闭投诉",
        "confirm_complaint_q": "确认后，投诉「{what}」即关闭，不能再重新打开。确定吗？",
        "confirm_note": "补充说明（可不填）", "reopen_reason": "不满意的原因（必填）",
        "reopen_complaint": "不满意，重新投诉",
        "close_complaint": "委托企业逾期未确认，关闭投诉",
        "close_complaint_q": "关闭后，投诉「{what}」记为“企业逾期未确认，由协会关闭”，不能再重新打开。确定关闭吗？",
        "closed_how_confirm": "由委托企业确认后关闭", "closed_how_close_lapsed": "企业逾期未确认，由协会关闭",
        "resolved_ask_confirm": "已解决（请委托企业确认）",
        "notice_complaint_closed": "投诉已关闭", "notice_complaint_reopened": "已重新投诉，服务机构将再次处理",
    },
    "en": {
        "notice_message_sent": "Message sent",
        "client_withheld": " (name withheld until the need's details are open to you)",
        "entry_staff_total": "Staff in all", "entry_staff_innovation": "Staff in innovation services",
        "entry_staff_full_time": "Full-time staff", "entry_staff_part_time": "Part-time staff",
        "change_record": "Entry", "change_capability": "Capability", "change_expert": "Expert",
        "coordinator": "Coordinator", "start_new": "Start a new need", "blockers_title": "Before you can submit:",
        "resumed": "Your last unsubmitted conversation was restored.",
        "amend": "Amend and resubmit", "sent_back_title": "The coordinator asks", "continue_chat": "Continue",
        "amending_returned": "You are amending the returned need “{title}”; submit it again once amended.",
        "amending_new_instead": "To raise another, new need, start a new need here",
        "returned_tag": "Returned for more information", "returned_reason": "Why it was returned",
        "returned_waiting": "The association returned these needs of yours for more information:",
        "returned_amend": "Amend this need", "returned_here_new": "What you describe below is a new need.",
        "returned_on": " (returned {day})",
        "arranging_contact": "Nobody can log in for the provider on the platform yet: the association is arranging "
                             "contact with it; you will be told once someone takes the need up.",
        "eng_agreed_due": "Agreed completion date", "eng_need_due": "Requested deadline",
        "draft_hint": "A draft is not submitted; coordinators do not see it.", "edit_title": "Edit the title",
        "save": "Save", "saved": "Saved.",
        "queue_decided_on": "Decided",
        "no_needs_yet": "No needs yet.", "age": "Waiting", "days": "d", "hours": "h", "today": "under 1 h",
        "filter": "Filter", "search": "Search", "search_ph": "title, product, enterprise", "sort": "Sort",
        "any": "All", "apply": "Apply", "reset": "Clear", "state": "State",
        "sort_oldest": "Waiting longest", "sort_newest": "Newest", "sort_deadline": "Deadline soonest",
        "sort_budget": "Largest budget", "sort_updated": "Recently updated",
        "low_only": "Low confidence only", "results": "shown", "title_missing": "(untitled need)",
        "wk_count": "{total} in all", "board_more": "{n} more: this state only",
        "board_more_narrow": "{n} more not shown: narrow the list with the search or the “overdue” box.",
        "fit": "Fit", "band_high": "high", "band_medium": "medium", "band_low": "low", "fit_scale": "out of 100",
        "why": "Why this provider", "key_terms": "Key terms", "rules_applied": "Rules applied",
        "effects": "Region and rating effects", "details": "Technical details", "passage_from": "from",
        "center_card": "the center's name and fields", "center_profile": "the center's profile",
        "declined_by": "By", "matcher_name": "the matcher", "region_effect": "Region",
        "rating_effect": "Service-quality rating", "points": "pts", "by": "by",
        "step_of": "step {n} of {total}", "stepper": "Workflow steps", "ended": "ended",
        "review_steps": "Review", "proposal_count": "Proposed providers",
        "low_confidence_band": "low confidence", "searched_by_hand": "search by hand",
        "searched_by_hand_title": "No center fits well with somebody to answer: the enterprise was told the "
                                  "association is looking for a provider by hand",
        "weak_text_band": "weak text evidence",
        "platform": "the platform", "colon": ": ", "list_sep": ", ",
        "requirements": "What the need asks", "req_covered": "covered", "req_missing": "not covered",
        "req_product_family": "Product family", "req_service_type": "Service type",
        "req_qualification": "Qualification", "req_preferred_qualification": "Preferred qualification (not required)",
        "req_wish_held": "held", "req_wish_not_held": "not held (does not affect selection)",
        "req_region": "Region", "req_phrase": "Key requirement",
        "req_count": "{n} of {total} covered", "req_partial": "partly covered", "req_count_partial": ", {p} in part",
        "req_count_wished": " (and {w} preferred mark(s) listed, not counted)",
        "thin_match": "It rests on one shared word, so its fit is shown as low.",
        "picker_hint": "Pick a provider from the catalog that the matcher did not propose. Suspended, revoked and "
                       "withdrawn providers cannot be assigned; one marked “no coordinator” has nobody who "
                       "can act for it, and you will be asked again before assigning it.",
        "picker_search": "Find a provider", "picker_search_ph": "name, region or state", "picker_count": "{n}",
        "picker_count_of": "{n} of {total} match",
        "assign_reason_ph": "e.g. local, accredited",
        "accept_reason": "Reason for choosing it (optional; the enterprise reads it)",
        "accept_reason_ph": "e.g. nearest to you, has run the same test before",
        "picker_refused": "Cannot be assigned", "picker_unreachable": "No coordinator: nobody can act for it",
        "invite_provider_open": "Open its organisation and invite a coordinator",
        "invite_provider_ask": "Ask an administrator to open an account for it and invite its coordinator",
        "standing_label": "Standing", "standing_unrated": "not rated yet",
        "standing_stars": "{n} stars ({period} rating)",
        "standing_stars_one": "{n} star ({period} rating)", "standing_rectify_by": "rectify by {day}",
        "picker_none": "No provider matches.", "picker_no_region": "Region not given",
        "picker_choose": "Choose the provider to assign in the list first.",
        "confirm_assign_unreachable": "Nobody can act for “{name}”: it has no active coordinator, so the "
                                      "need would sit idle until an account is opened for it. Assign it anyway?",
        "confirm_accept_unreachable": "Nobody can act for “{name}”: it has no active coordinator, so the "
                                      "need would sit idle until an account is opened for it. Accept it anyway?",
        "complaint_state": "Complaint status", "complaint_history": "History",
        "confirm_by_hint": "Confirm the handling, or say why it does not settle the complaint, by {date}; without an "
                           "answer by then the association may close it.",
        "confirm_by_other": "The client has until {date} to confirm the handling; without an answer by then the "
                            "association may close it.",
        "confirm_complaint": "Confirm the handling and close the complaint",
        "confirm_complaint_q": "Once confirmed, the complaint \u201c{what}\u201d is closed and cannot be reopened. "
                               "Confirm?",
        "confirm_note": "A word on it (optional)", "reopen_reason": "Why it is not settled (required)",
        "reopen_complaint": "Not settled: reopen the complaint",
        "close_complaint": "Close it: the client did not answer in time",
        "close_complaint_q": "The complaint \u201c{what}\u201d will be recorded as closed by the association after "
                             "the confirmation period, and cannot be reopened. Close it?",
        "closed_how_confirm": "closed on the client's confirmation",
        "closed_how_close_lapsed": "closed by the association after the confirmation period",
        "resolved_ask_confirm": "Resolved (the client is asked to confirm)",
        "notice_complaint_closed": "The complaint is closed",
        "notice_complaint_reopened": "Complaint reopened: the provider will handle it again",
    },
}

assert set(WORK_STRINGS["zh"]) == set(WORK_STRINGS["en"]), "every UI string needs both languages"
