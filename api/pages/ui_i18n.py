"""The web UI's own strings (login, chat, review, engagements, evaluation), Chinese first with English beside.

Merged over :data:`api.i18n.STRINGS` so the catalog's strings stay where they are and the UI pages see both.
"""

from __future__ import annotations

from api.i18n import STRINGS
from api.pages.ui_i18n_apply import APPLY_STRINGS
from api.pages.ui_i18n_console import CONSOLE_STRINGS
from api.pages.ui_i18n_decisions import DECISION_STRINGS
from api.pages.ui_i18n_opportunities import OPPORTUNITY_STRINGS
from api.pages.ui_i18n_profiles import PROFILE_STRINGS
from api.pages.ui_i18n_providers import PROVIDER_CONSOLE_STRINGS
from api.pages.ui_i18n_public_need import PUBLIC_NEED_STRINGS
from api.pages.ui_i18n_work import WORK_STRINGS
from authz.vocab import ROLE_LABELS

UI_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "login": "登录", "logout": "退出", "username": "用户名", "password": "密码",
        "login_title": "登录 innodock",
        "login_failed": "用户名或密码不正确", "forbidden": "无权访问",
        "forbidden_text": "当前账号的角色不能查看此页面。", "not_found": "页面不存在",
        "not_found_text": "要找的内容不存在，或不属于当前账号。",
        "pages_for_people": "网页只接受登录后的浏览器访问，API 密钥请调用 /api/v1。",
        "nav_catalog": "服务机构目录",  # the navigation's name of the catalog (the English one is shorter)
        "intake": "提出需求", "my_needs": "我的需求", "inbox": "待办通知", "unread": "未读",
        "read_all": "全部标为已读", "inbox_empty": "暂无通知。", "new": "新", "kind_proposal": "匹配建议",
        "kind_matched": "已确定承接机构", "kind_your_turn": "轮到我方办理", "kind_complaint": "投诉",
        "kind_message": "新留言", "kind_obligation": "履职事项", "kind_lifecycle": "机构生命周期提议",
        "kind_overdue": "逾期提醒", "kind_finding": "整改逾期", "kind_refined": "模型补充了需求",
        "kind_corrected": "需求要点已修正",
        "kind_sent_back": "需求被退回", "kind_complaint_handled": "投诉已处理", "kind_rectification": "责令整改",
        "kind_finding_opened": "待改进项", "kind_decision": "机构相关决定", "kind_complaint_closed": "投诉已办结",
        "kind_opportunity": "适合本机构的新需求", "kind_registration": "企业注册待审核",
        "kind_application": "机构申请待审核", "kind_joined": "同事已加入", "kind_closed": "项目终结",
        "kind_rated": "服务评价", "kind_acted_for": "协会代为办理", "opportunities": "可承接需求",
        "review": "审核队列", "engagements": "对接看板", "evaluation": "机构评价",
        "review_center": "推荐给本机构的需求",  # a center's queue: it does not review (api.pages.ui_common.nav_for)
        "queue_empty_center": "暂时没有推荐给本机构的需求。",
        "taken_elsewhere": "协会已将该需求交由其他服务机构承接，本机构无需再办理。感谢贵机构的答复。",
        "chat_title": "描述您的技术难题", "chat_label": "对话", "turns_label": "对话记录",
        "chat_intro": "用自己的话说明遇到的问题，我们会整理成结构化需求，并推荐能解决它的服务机构。",
        "chat_placeholder": "例如：我们是常州的电池企业，电芯需要做热失控试验，要CMA报告……",
        "chat_welcome": "您好！请用自己的话说说遇到的技术问题。一条好的需求一般会讲清：涉及的产品、遇到了什么问题、"
                        "希望机构做什么（检测、失效分析、校准、联合研发……）、企业或现场在哪里、希望什么时候完成、"
                        "大致预算、对机构资质的要求（如 CMA、CNAS），以及是否需要保密。不必一次说全，缺什么我会再问；"
                        "对话旁边（手机上在下方）的“已整理的需求”也可以直接修改。",
        "brief_title": "需求摘要（模型建议）",
        "brief_label": "由大模型读完整段对话后生成，仅供参考，以企业原话和上方字段为准",
        "brief_problem": "问题", "brief_tried": "已尝试", "brief_evidence": "需要的证据",
        "brief_filled": "模型补充了企业未填的：",
        "model_filled_hint": "您没有填写这一项，平台的大模型读了整段对话后补上，请核对；如不对，可以联系协会修改",
        "chat_keys": "Enter 发送，Shift+Enter 换行", "edit": "修改", "save": "保存", "cancel": "取消",
        "f_local_only": "只找本地机构", "local_only_mark": "（仅限本地机构）",
        "card_hint": "卡片上的内容可以直接修改，改动会在对话里确认。",
        "card_submitted": "需求已提交，不能在对话中修改；它的进展请看",
        "budget_hint": "如：15万、十五万、10到30万", "region_hint": "如：江苏苏州",
        "deadline_hint": "如：2027-03-31、三个月内、年底前", "types_hint": "可多选；括号里是常见的说法",
        "industry_hint": "输入几个字搜索国民经济行业分类（GB/T 4754）的行业并选择，也可以直接填写",
        "industry_placeholder": "如：电池、轴承、照明",
        "send": "发送", "submit_need": "提交需求并匹配机构", "need_so_far": "已整理的需求",
        "next_question": "下一个问题", "need_done": "信息已足够，可以提交。", "submitting": "正在匹配……",
        # what will be public once the need is submitted (intake.publish.preview, through flows.needs.public_preview)
        "preview_title": "公开展示的标题与摘要", "preview_hint": "公开需求页将这样展示这条需求：",
        "preview_heading": "标题", "preview_summary": "摘要",
        "preview_confidential": "这是保密需求。",
        "f_title": "标题", "f_service_types": "服务类型", "f_product": "产品", "f_industry": "行业",
        "f_region": "地区", "f_deadline": "期限", "f_budget": "预算", "f_confidential": "保密",
        "f_qualifications": "资质要求", "f_missing": "待补充", "src_llm": "模型建议",
        "quals_required": "必须具备（没有的机构不推荐）", "quals_preferred": "优先（有的机构排在前面，没有的也推荐）",
        "preferred_marks": "优先（非必须）：{marks}",
        "src_title": "这一项是平台的大模型从对话里读出的，请核对；不对的话在对话里说明，或直接修改",
        "yes": "是", "no": "否", "not_given": "未说明", "withheld_until_open": "详情开放后可见",
        "yuan": "元", "you": "我", "assistant": "innodock",
        "need_status": "需求状态", "review_status": "审核", "provider": "承接机构", "engagement_state": "对接进度",
        # handed to a provider nobody can log in for (flows.needs.MyNeed.arranging): not "已匹配"
        "need_status_arranging": "协会正在联系承接机构",
        "declined": "未采纳", "no_needs": "还没有提交的需求。", "waiting": "等待协调员审核",
        # why the association's chosen center fits the need, said for the enterprise (flows.need_progress)
        "why_chosen": "为什么选这家机构", "why_met": "能满足", "why_partly": "部分满足", "why_unmet": "暂不满足",
        "why_wished_held": "具备（加分项）", "why_wished_not_held": "不具备（加分项，不影响入选）",
        "why_all_met": "您提出的各项要求，这家机构都能覆盖。",
        "why_missing": "尚未覆盖：{what}。可在与机构的技术、商务沟通中确认能否补足。",
        "why_by_hand": "这家机构由协会根据您的需求直接指定，没有匹配程序的说明；如有疑问，可在对接中向协会询问。",
        "why_terms": "您的描述与机构能力的共同关键词", "why_profile": "查看机构公开主页",
        "why_association": "协会的说明",
        # a need nearly the same as an open one, asked about on submit (flows.similar_needs)
        "similar_open": "查看那条需求", "similar_choose": "请选择：", "similar_go_on": "仍要提交这条需求",
        "similar_discard": "转到已提交的需求，放弃这份草稿",
        "similar_discard_hint": "放弃的草稿不会提交或公开，在“我的需求”中显示为已撤回。",
        "withdraw_need": "撤回需求", "interest": "有意承接", "interested": "机构表示有意承接",
        "interest_note": "可说明能力与排期（选填）", "agreement_title": "技术服务协议",
        "agreement_hint": "机构填写并签订后，由企业会签；写明保密条款并经企业会签后，机构即可查看需求的完整信息。",
        "ag_scope": "服务范围",
        "ag_deliverables": "交付成果", "one_per_line": "每行一项", "ag_price": "价格（元）",
        "ag_price_hint": "如 150000、15万、十五万", "ag_schedule": "进度安排",
        "ag_deadline": "完成期限", "ag_confidentiality": "保密条款", "ag_signed_on": "签订日期",
        "ag_client": "委托方", "ag_provider": "服务方",
        "team_title": "项目组",
        "team_hint": "组长与成员须符合专家条件（组长资历见第4.2.1条）；不符合时写明例外理由。",
        "team_lead": "组长", "team_members": "成员", "team_exception": "组长例外理由（如需）",
        "lead_fits": "符合组长条件", "lead_short": "不符合组长条件",
        "lead_choices_hint": "每位专家后注明是否符合组长条件（第4.2.1条）；选不符合者须写明例外理由。",
        "years": "年", "title_unknown": "职称未填", "open_details": "向承接机构开放详细信息",
        "close_details": "收回详细信息", "details_are_open": "承接机构可查看完整需求。",
        "details_are_closed": "承接机构目前只见脱敏摘要（您会签含保密条款的协议后自动开放）。",
        "details_text_read": "承接机构已可查看需求全文（您标为不公开的内容和联系方式除外）；"
                             "开放详细信息后这些也向其开放。",
        "feedback": "满意度与投诉", "satisfaction": "满意度",
        "complaint": "投诉", "handling": "处理情况",
        "handling_due": "处理期限", "resolved": "已解决", "unresolved": "未解决",
        "typical_case": "典型案例",
        "case_hint": "验收通过后，可同意将本项目脱敏后作为承接机构的典型案例公开：只显示需求的公开摘要、服务类型、"
                     "地区和结项日期，不含价格、团队、文件与沟通内容。",
        "case_public": "已同意公开为典型案例（脱敏）。", "case_agree": "同意公开为典型案例",
        "case_withdraw": "撤回公开", "case_withdraw_confirm": "撤回后该案例不再公开显示，确定吗？",
        "record_handling": "登记处理情况", "complaint_optional": "投诉（如有）", "send_feedback": "提交评价",
        "rematch": "重新匹配",
        # 协调员修正需求要点 (flows.corrections)
        "correct_need": "修正需求要点", "correct_need_save": "保存修正", "f_public_title": "公开标题（保密需求）",
        "correct_need_hint": "智能对话读错了产品、行业、服务类型、标题、地区、期限、预算或资质要求时，在此修正；"
                             "留空的文本框保持原样。保密需求的公开标题由行业和服务类型生成。",
        "f_province": "省份", "f_city": "城市", "f_budget_min": "预算下限（元）", "f_budget_max": "预算上限（元）",
        "f_qualifications_required": "资质要求（多项用顿号或逗号分隔，如 CMA、CNAS）",
        "correct_confidential": "设为保密需求（公开页面立即只显示脱敏摘要）",
        "correct_confidential_only_raise": "协调员只能提高保密程度，不能将保密需求改为公开：是否公开由企业本身决定。",
        "correct_confidential_already": "本需求已是保密需求。",
        "correct_need_told": "每次修正都记入需求历史（修正人与时间），企业会在待办通知中看到修改前后的内容，"
                             "公开页面随之更新。",
        "corrected_saved": "需求要点已修正，企业已收到通知，公开页面已更新。"
                           "如需按修正后的需求重新推荐机构，请重新匹配。",
        "corrected_rematch": "按修正后的需求重新匹配", "corrected_rematch_note": "修正需求要点后重新匹配",
        "notice_corrected": "已保存修正",
        "rematch_hint": "需求修改后按当前内容重新匹配，此前各轮建议保留。"
                        "已因不适合被婉拒的机构（含相似需求中被婉拒的）不再推荐。",
        "rematch_include_declined": "仍推荐已因不适合被婉拒的机构", "assign_by_hand": "人工指派机构",
        "assign_reason": "指派理由（必填，企业可见）",
        "withdraw_confirm": "撤回后协调员将不再为此需求对接机构，确定撤回吗？",
        "queue_empty": "审核队列为空。", "enterprise": "企业", "proposals": "推荐机构", "score": "得分",
        "submitted_at": "提交时间", "open": "查看", "explanation": "推荐理由与证据", "accept": "接受",
        "alternates": "备选机构", "reject": "驳回", "reject_one": "婉拒此机构", "reject_need": "婉拒此需求",
        "reason": "理由", "note": "说明", "note_seen": "说明（企业可见）",
        "low_confidence": "匹配把握较低，请人工核实。", "accepted_by": "已接受", "rejected": "已驳回",
        "passages": "相关能力条目", "terms": "共同关键词", "rules": "规则", "score_parts": "得分构成",
        "other_reasons": "其他", "capabilities_hit": "匹配的能力", "history": "历史记录",
        "transitions": "可执行的步骤", "no_transitions": "当前没有可执行的步骤。", "state": "状态", "version": "版本",
        "board_empty": "暂无对接。", "deadline": "期限", "overdue": "已逾期",
        "step_note": "说明（按步骤：方案摘要、评审意见、交付说明、理由）",
        "first_level": "一级指标得分", "total_score": "总分", "stars": "星级", "period": "评价周期",
        "no_run": "该机构还没有评价记录。", "incomplete": "数据不完整", "radar_alt": "一级指标雷达图",
        "rating_run": "机构评级（第二方、第三方评价）", "no_rating": "该机构还没有第二方或第三方评价，暂无评级。",
        "self_run": "机构自评", "self_note": "自评仅供参考，不构成机构评级，也不影响匹配排序。",
        "run_history": "评价记录", "evaluator": "评价方", "party": "评价主体", "report": "报告",
        "report_pdf": "PDF", "run_created": "评价时间", "counts_as_rating": "构成评级",
        "start_run": "开展评价", "file_self": "提交自评",
        "start_run_help": "记录类指标自动取自该机构的对接记录和已审核的年度计划、报告；"
                          "其余指标在评分表中逐项填写。"
                          "评价期默认为今年，也可填往年（如 2025）或跨年（如 2024..2026）。",
        "self_form_help": "在自评表中逐项填写只有本机构掌握的数值。评价期默认为今年，也可填往年（如 2025）。",
        "open_form": "打开评分表", "open_self_form": "打开自评表",
        "run_by_file": "上传指标数值文件（JSON，供系统对接）",
        "run_by_file_help": "供其他系统对接使用：文件格式同 POST /api/v1/evaluations 的 inputs；"
                            "人工评价请使用上方的评分表。",
        "period_help": "如 2026，或 2024..2026", "inputs_file": "指标数值文件（JSON，可不传）",
        "party_second": "第二方测评（本协会）", "party_third": "第三方评价（受托评价机构）",
        "evaluator_outside": "第三方评价机构名称（第三方评价必填；须独立于被评价机构，不能是协会）",
        "questionnaire": "服务质量问卷", "questionnaire_hint": "验收已通过。请按本次服务的实际情况逐题选择，"
        "不涉及的题目选“不适用”；问卷只能提交一次，结果计入该机构的服务质量评价。",
        "not_applicable": "不适用", "send_questionnaire": "提交问卷",
        "notice_questionnaire": "问卷已提交，谢谢您的评价",
        "questionnaire_unanswered_q": "{total} 题中还有 {n} 题是“不适用”，不计入评价。"
                                      "问卷只能提交一次，确定现在提交吗？",
        "observations": "访谈与神秘顾客记录", "observations_help": "评价方在评价期内的访谈评分（专家评分项，0–100）"
        "和神秘顾客走访（按客户问卷逐项评级）会计入该期的评价；被评价机构不能为自己填写。",
        "file_interview": "记录一次访谈", "file_shopper": "记录一次神秘顾客走访", "observed_on": "日期",
        "observation_summary": "经过与发现", "file_observation": "保存记录", "observation_kind": "类型",
        "observation_scores": "评分", "kind_interview": "访谈", "kind_shopper": "神秘顾客",
        "notice_observation": "记录已保存，将计入该期评价",
        "notice_evaluated": "评价已完成并记录在案", "bad_inputs_file": "指标数值文件无法读取：",
        "notice_self_blank": "自评已记录：{total} 项中 {blank} 项未填写，缺项不计为零，自评不给出总分与星级",
        "notice_self_full": "自评已记录：{total} 项均已填写",
        "notice_draft_saved": "草稿已保存（未计算评级）：已填 {saved} 项，尚缺 {missing} 项；"
                              "再次打开评分表时显示已填的数值",
        "notice_draft_full": "草稿已保存（未计算评级）：已填 {saved} 项，各项均已有值，可以计算评级",
        "done": "已完成", "error": "出错了",
        "thread_title": "技术、商务沟通", "thread_empty": "还没有留言。", "message": "留言",
        "attachments": "附件（可多选）", "send_message": "发送", "file_kinds": "可上传的文件类型",
        "delivery_title": "服务成果交付", "delivery_note": "交付说明", "delivery_files": "成果文件（至少一个，可多选）",
        "round": "轮次",
        # each delivery round with its acceptance verdict (a new user's trial, 2026-11-30: "轮次 1" said nothing)
        "round_passed": "验收通过", "round_failed": "验收未通过", "round_waiting": "待验收", "round_reasons": "理由",
        "batch_assign": "批量分派建议", "batch_alternates": "每项备选机构数",
        "batch_hint": "在各机构剩余承接能力内，使待审核需求的总体匹配度最高；结果仅供参考，仍需逐项审核决定。",
        "batch_none": "没有可分派的需求。", "batch_unassigned": "未能分派（机构余量不足）",
        "batch_skipped": "已不在审核队列中", "refresh": "刷新", "job_queued": "排队中", "job_started": "计算中",
        "job_finished": "已完成", "job_failed": "失败",
        "need_title": "需求", "need_summary_only": "签订含保密条款的协议（或企业开放详情）前，只显示需求的公开摘要。",
        "find_experts": "寻找咨询专家",
        "find_experts_hint": "不经服务机构，直接从各机构团队和协会专家库中为本需求推荐专家开展咨询。"
                             "与需求企业有利益冲突的专家已排除，并列出原因。",
        "experts_ranked": "推荐专家", "experts_none": "没有与本需求相关的专家。",
        "experts_excluded": "因利益冲突排除", "experts_no_text": "未参与排序：缺少专长、简介、职称和工作单位",
        "lead_ok": "符合项目负责人条件", "lead_not": "不满足项目负责人条件", "staff_not": "不满足服务人员条件",
        "expert_center": "所属机构", "expert_pools": "专家库", "affiliation": "工作单位", "relevance": "相关度",
        "matched_fields": "相关专长", "matched_bio": "简介中相关的一句", "seniority": "资历",
        "show_top": "显示数量", "show": "显示", "bad_top": "显示数量须为 1 到 50 之间的整数，已按 10 名显示。",
        "link_hint": "本页地址可直接分享给其他协调员。", "part_relevance": "相关度", "part_dense": "语义相似",
        "part_lexical": "词面匹配", "part_coverage": "关键词覆盖",
    },
    "en": {
        "login": "Log in", "logout": "Log out", "username": "Username", "password": "Password",
        "login_title": "Log in to innodock",
        "login_failed": "Wrong username or password", "forbidden": "Forbidden",
        "forbidden_text": "Your role may not see this page.", "not_found": "Not found",
        "not_found_text": "What you are looking for does not exist, or is not this account's.",
        "pages_for_people": "Pages are for people logged in with a browser; API keys call /api/v1.",
        "nav_catalog": "Catalog",  # "Provider catalog" wrapped the admin's navigation at 1366 px
        "intake": "New need", "my_needs": "My needs", "inbox": "Inbox", "unread": "unread",
        "read_all": "Mark all read", "inbox_empty": "Nothing here.", "new": "new", "kind_proposal": "Proposal",
        "kind_matched": "Provider accepted", "kind_your_turn": "Your step", "kind_complaint": "Complaint",
        "kind_message": "Message", "kind_obligation": "Obligation", "kind_lifecycle": "Lifecycle proposal",
        "kind_finding": "Corrective action overdue", "kind_refined": "Filled in by the model",
        "kind_overdue": "Overdue",
        "kind_corrected": "Need corrected",
        "kind_sent_back": "Need sent back", "kind_complaint_handled": "Complaint handled",
        "kind_rectification": "Rectification ordered", "kind_finding_opened": "Indicator to improve",
        "kind_decision": "Decision on a provider", "kind_complaint_closed": "Complaint closed",
        "kind_opportunity": "A new need that fits your center", "kind_registration": "A registration to review",
        "kind_application": "A provider's application to review", "kind_joined": "A colleague joined",
        "kind_closed": "Engagement closed", "kind_rated": "Service rated", "kind_acted_for": "Taken for you",
        "opportunities": "Opportunities",
        "review": "Review queue", "engagements": "Engagements", "evaluation": "Evaluation",
        "review_center": "Needs proposed to your center",
        "queue_empty_center": "No need is proposed to your center yet.",
        "taken_elsewhere": "The association gave this need to another provider: there is nothing more for your "
                           "center to do. Thank you for answering.",
        "chat_title": "Describe your technical problem",
        "chat_intro": "Say in your own words what the problem is; we turn it into a structured need and propose "
                      "providers who can solve it.",
        "chat_placeholder": "e.g. We make batteries in Changzhou and need thermal-runaway tests with a CMA report…",
        "chat_welcome": "Hello! Describe your technical problem in your own words. A good need usually says: the "
                        "product, what went wrong, what you want a provider to do (testing, failure analysis, "
                        "calibration, joint R&D…), where your company or site is, by when, the rough budget, the "
                        "qualifications the provider needs (e.g. CMA, CNAS), and whether it is confidential. You need "
                        "not say it all at once: I will ask for what is missing, and you can edit “The need so far” "
                        "beside this chat (below it on a phone).",
        "brief_title": "Brief (the model's suggestion)",
        "brief_label": "Written by the LLM from the whole conversation; a suggestion only: the enterprise's words and "
                       "the fields above stand",
        "brief_problem": "Problem", "brief_tried": "Tried so far", "brief_evidence": "Evidence needed",
        "brief_filled": "The model filled in what the enterprise left empty: ",
        "model_filled_hint": "You left this empty; the platform's model filled it in from the whole conversation. "
                             "Please check it, and ask the association to change it if it is wrong",
        "chat_keys": "Enter sends, Shift+Enter starts a new line", "edit": "Edit", "save": "Save",
        "cancel": "Cancel", "f_local_only": "Local providers only", "local_only_mark": " (local providers only)",
        "card_hint": "You can edit the card directly; the chat confirms each change.",
        "card_submitted": "The need was submitted, so it is no longer changed in the chat; follow it under",
        "budget_hint": "e.g. RMB 150,000 or 100,000-300,000", "region_hint": "e.g. Suzhou, Jiangsu",
        "deadline_hint": "e.g. 2027-03-31, within three months", "types_hint": "Pick one or more; common phrases in "
                                                                              "brackets",
        "industry_hint": "Type a few letters to search the national industry classification (GB/T 4754) and pick "
                         "one, or write your own",
        "industry_placeholder": "e.g. batteries, bearings, lighting",
        "send": "Send", "submit_need": "Submit and find providers", "need_so_far": "The need so far",
        "next_question": "Next question", "need_done": "Complete enough to submit.", "submitting": "Matching…",
        "preview_title": "Public title and summary", "preview_hint": "The public page shows this need as:",
        "preview_heading": "Title", "preview_summary": "Summary",
        "preview_confidential": "This need is confidential.",
        "f_title": "Title", "f_service_types": "Service types", "f_product": "Product", "f_industry": "Industry",
        "f_region": "Region", "f_deadline": "Deadline", "f_budget": "Budget", "f_confidential": "Confidential",
        "src_llm": "model's suggestion", "chat_label": "Conversation", "turns_label": "Messages so far",
        "src_title": "The platform's model read this from the conversation: please check it, and say so in the chat "
                     "or edit it if it is wrong",
        "f_qualifications": "Qualifications", "f_missing": "Still missing", "yes": "yes", "no": "no",
        "quals_required": "Required (providers without it are not proposed)",
        "quals_preferred": "Preferred (holders ranked first, others still proposed)",
        "preferred_marks": "preferred, not required: {marks}",
        "not_given": "not stated", "withheld_until_open": "visible once the details are opened to you",
        "yuan": "yuan", "you": "me", "assistant": "innodock",
        "need_status": "Need status", "review_status": "Review", "provider": "Provider",
        "need_status_arranging": "The association is contacting the provider",
        "engagement_state": "Engagement", "declined": "Declined", "no_needs": "No submitted needs yet.",
        "waiting": "Waiting for a coordinator", "withdraw_need": "Withdraw the need", "interest": "We can take it",
        "why_chosen": "Why this center", "why_met": "met", "why_partly": "partly met", "why_unmet": "not met yet",
        "why_wished_held": "held (a plus)", "why_wished_not_held": "not held (a plus only; no bar to the choice)",
        "why_all_met": "This center covers every requirement you gave.",
        "why_missing": "Not covered yet: {what}. As you discuss the technical and commercial terms, you can ask the "
                       "center whether it can cover this too.",
        "why_by_hand": "The association chose this center for your need itself, so there is no matching explanation; "
                       "ask the association in the engagement if anything is unclear.",
        "why_terms": "Words your description shares with the center's capabilities",
        "why_profile": "The center's public profile",
        "why_association": "In the association's words",
        "similar_open": "See that need", "similar_choose": "Choose one:", "similar_go_on": "Submit anyway",
        "similar_discard": "Go to the need already submitted and discard this draft",
        "similar_discard_hint": "A discarded draft is neither submitted nor published; it shows as withdrawn under "
                                "My needs.",
        "interested": "The center can take it", "interest_note": "Capacity, schedule (optional)",
        "agreement_title": "Technical service agreement",
        "agreement_hint": "The provider fills it in and signs; the enterprise countersigns. Once a confidentiality "
                          "clause is countersigned, the provider reads the whole need.",
        "ag_scope": "Scope", "ag_deliverables": "Deliverables", "one_per_line": "one per line",
        "ag_price": "Price (RMB)",
        "ag_price_hint": "e.g. 150000 or 150,000", "ag_schedule": "Schedule", "ag_deadline": "Deadline",
        "ag_confidentiality": "Confidentiality clause", "ag_signed_on": "Signed on", "ag_client": "Client",
        "ag_provider": "Provider", "team_title": "Project team",
        "team_hint": "The lead and members must meet the experts' conditions (the lead: §4.2.1); otherwise write "
                     "down the exception.",
        "team_lead": "Lead", "team_members": "Members", "team_exception": "Reason for an exception (if needed)",
        "lead_fits": "meets the lead's conditions", "lead_short": "short of the lead's conditions",
        "lead_choices_hint": "Each expert says whether they meet the lead's conditions (§4.2.1); one who does not "
                             "needs a reason for the exception.",
        "years": " yrs", "title_unknown": "title not given",
        "open_details": "Open the details to the provider", "close_details": "Close the details",
        "details_are_open": "The provider can read the whole need.",
        "details_are_closed": "The provider sees the redacted summary (your countersignature of an agreement with a "
                              "confidentiality clause opens the details).",
        "details_text_read": "The provider already reads the need's text (except what you marked as private and your "
                             "contact); opening the details shows it those too.",
        "feedback": "Satisfaction and complaints",
        "satisfaction": "Satisfaction", "complaint": "Complaint", "handling": "Handling",
        "handling_due": "Handle by", "resolved": "Resolved",
        "unresolved": "Unresolved", "record_handling": "Record the handling",
        "typical_case": "Typical case",
        "case_hint": "Once accepted, you may agree to show this engagement, redacted, as one of the provider's typical "
                     "cases: only the need's public summary, service types, region and closing date — no price, team, "
                     "files or messages.",
        "case_public": "Shown as a typical case (redacted).", "case_agree": "Show it as a typical case",
        "case_withdraw": "Stop showing it", "case_withdraw_confirm": "Stop showing this case publicly?",
        "complaint_optional": "Complaint (if any)", "send_feedback": "Send", "rematch": "Re-match",
        "correct_need": "Correct the need's key fields", "correct_need_save": "Save the correction",
        "f_public_title": "Public title (confidential need)",
        "correct_need_hint": "When the chat misread the product, the industry, the service types, the title, the "
                             "region, the deadline, the budget or the qualifications, correct them here; a text box "
                             "left empty stays as it is. A confidential need's public title is made from its "
                             "industry and service types.",
        "f_province": "Province", "f_city": "City", "f_budget_min": "Budget from (yuan)",
        "f_budget_max": "Budget up to (yuan)",
        "f_qualifications_required": "Qualifications required (separate several with commas, e.g. CMA, CNAS)",
        "correct_confidential": "Make the need confidential (its public page shows only the redacted summary at "
                                "once)",
        "correct_confidential_only_raise": "Secrecy can only be raised here, never lowered: whether a confidential "
                                           "need is made public is the enterprise's own decision.",
        "correct_confidential_already": "This need is confidential.",
        "correct_need_told": "Every correction is kept in the need's history (who and when); the enterprise reads "
                             "what changed, before and after, in its inbox, and the public page is updated.",
        "corrected_saved": "The need's key fields are corrected, the enterprise is told and the public page is "
                           "updated. To propose providers for the corrected need, re-match it.",
        "corrected_rematch": "Re-match the corrected need",
        "corrected_rematch_note": "Re-matched after correcting the need's key fields",
        "notice_corrected": "Correction saved",
        "rematch_hint": "Match the need again as it reads now; earlier rounds are kept. Providers declined as not "
                        "suitable (for this need or a near-duplicate) are not proposed again.",
        "rematch_include_declined": "Propose the providers declined as not suitable too",
        "assign_by_hand": "Assign a provider by hand",
        "assign_reason": "Reason for assigning it (required; the enterprise reads it)",
        "withdraw_confirm": "Once withdrawn, no coordinator will dock this need. Withdraw it?",
        "queue_empty": "The review queue is empty.", "enterprise": "Enterprise",
        "proposals": "Proposed providers", "score": "Score", "submitted_at": "Submitted", "open": "Open",
        "explanation": "Why, and the evidence", "accept": "Accept", "alternates": "Alternates", "reject": "Reject",
        "reject_one": "Decline this provider", "reject_need": "Decline this need", "reason": "Reason", "note": "Note",
        "note_seen": "Note (the enterprise sees it)",
        "low_confidence": "Low confidence: please check by hand.", "accepted_by": "Accepted", "rejected": "Rejected",
        "passages": "Matching capability passages", "terms": "Shared terms", "rules": "Rules",
        "score_parts": "Score parts", "other_reasons": "Other", "capabilities_hit": "Matched capabilities",
        "history": "History", "transitions": "Steps you can take",
        "no_transitions": "There is no step for you to take now.",
        "state": "State", "version": "Version", "board_empty": "No engagements yet.", "deadline": "Deadline",
        "overdue": "overdue", "step_note": "Note (by step: plan summary, review opinion, delivery note, reason)",
        "first_level": "First-level scores", "total_score": "Total", "stars": "Stars", "period": "Period",
        "no_run": "This provider has not been evaluated yet.", "incomplete": "incomplete data",
        "radar_alt": "Radar chart of the first-level scores", "done": "done", "error": "Error",
        "rating_run": "Rating (second- and third-party evaluations)",
        "no_rating": "No second- or third-party evaluation yet, so no rating.",
        "self_run": "Self-assessment",
        "self_note": "A self-assessment is for reference: it is not the provider's rating and does not move matching.",
        "run_history": "Evaluation runs", "evaluator": "Evaluator", "party": "Evaluated by", "report": "Report",
        "report_pdf": "PDF", "run_created": "When", "counts_as_rating": "Rates",
        "start_run": "Run an evaluation", "file_self": "File a self-assessment",
        "start_run_help": "Record items are filled from the provider's engagements and its reviewed annual plans and "
                          "reports; the rating form asks for the others, item by item. The period is this year unless "
                          "you give another (e.g. 2025, or 2024..2026).",
        "self_form_help": "The self-assessment form asks, item by item, for the figures only the provider knows. The "
                          "period is this year unless you give another (e.g. 2025).",
        "open_form": "Open the rating form", "open_self_form": "Open the self-assessment form",
        "run_by_file": "Upload indicator values (JSON, for connected systems)",
        "run_by_file_help": "For other systems: the file is the inputs of POST /api/v1/evaluations; a person rates "
                            "with the rating form above.",
        "period_help": "e.g. 2026, or 2024..2026", "inputs_file": "Indicator values (JSON, optional)",
        "party_second": "Second party (this association)", "party_third": "Third party (a commissioned evaluator)",
        "evaluator_outside": "Third-party evaluator's name (required for a third-party run; independent of the "
                             "provider, never an association)",
        "questionnaire": "Service quality questionnaire",
        "questionnaire_hint": "The results were accepted. Choose what fits this service for each question, or "
                              "\"not applicable\"; the questionnaire is sent once and counts in the provider's "
                              "service-quality evaluation.",
        "not_applicable": "not applicable", "send_questionnaire": "Send the questionnaire",
        "notice_questionnaire": "Questionnaire sent. Thank you.",
        "questionnaire_unanswered_q": "{n} of the {total} questions are left at \"not applicable\" and count for "
                                      "nothing. The questionnaire is sent once only: send it now?",
        "observations": "Interviews and mystery shoppers",
        "observations_help": "Interview scores (the expert-scored items, 0–100) and mystery-shopper visits (graded "
                             "as a client grades the questionnaire) count in the period's evaluation; the evaluated "
                             "provider cannot file them about itself.",
        "file_interview": "Record an interview", "file_shopper": "Record a mystery-shopper visit",
        "observed_on": "Date",
        "observation_summary": "What was seen", "file_observation": "Save the record", "observation_kind": "Kind",
        "observation_scores": "Scores", "kind_interview": "interview", "kind_shopper": "mystery shopper",
        "notice_observation": "Record saved; it counts in the period's evaluation",
        "notice_evaluated": "Evaluation done and on record", "bad_inputs_file": "The indicator values file cannot be "
                                                                               "read: ",
        "notice_self_blank": "Self-assessment on record: {blank} of {total} items left blank; a blank counts as "
                             "missing, not zero, so the self-assessment has no total or stars",
        "notice_self_full": "Self-assessment on record: all {total} items filled",
        "notice_draft_saved": "Draft saved (not rated): {saved} values kept, {missing} items still missing; the "
                              "rating form shows them when opened again",
        "notice_draft_full": "Draft saved (not rated): {saved} values kept, nothing missing: the rating can be "
                             "computed",
        "thread_title": "Technical and business communication", "thread_empty": "No messages yet.",
        "message": "Message", "attachments": "Attachments (several allowed)", "send_message": "Send",
        "file_kinds": "Files accepted", "delivery_title": "Delivery of results", "delivery_note": "Delivery note",
        "delivery_files": "Result files (at least one; several allowed)", "round": "Round",
        "round_passed": "accepted", "round_failed": "not accepted", "round_waiting": "awaiting acceptance",
        "round_reasons": "Reason",
        "batch_assign": "Suggest a batch assignment", "batch_alternates": "Alternates per need",
        "batch_hint": "The needs waiting for review, matched within the providers' free capacity for the best total "
                      "fit. Advisory only: each review is still decided on its own.",
        "batch_none": "No need could be assigned.", "batch_unassigned": "Not assigned (no free capacity)",
        "batch_skipped": "No longer waiting for review", "refresh": "Refresh", "job_queued": "queued",
        "job_started": "running", "job_finished": "finished", "job_failed": "failed",
        "need_title": "The need",
        "need_summary_only": "Until an agreement with a confidentiality clause is signed (or the enterprise opens the "
                             "details), only the need's published summary is shown.",
        "find_experts": "Find an expert",
        "find_experts_hint": "Experts for a consultation on this need, without a provider, from every center's team "
                             "and the association's expert pools. Experts with a conflict of interest with the "
                             "enterprise are left out, each with the reason.",
        "experts_ranked": "Ranked experts", "experts_none": "No expert matches this need.",
        "experts_excluded": "Excluded for a conflict of interest",
        "experts_no_text": "Not ranked: no fields, bio, title or affiliation",
        "lead_ok": "Qualifies as project lead", "lead_not": "Does not qualify as project lead",
        "staff_not": "Does not qualify as service staff",
        "expert_center": "Center", "expert_pools": "Expert pools", "affiliation": "Affiliation",
        "relevance": "Relevance", "matched_fields": "Matching fields", "matched_bio": "Matching sentence of the bio",
        "seniority": "Seniority", "show_top": "How many", "show": "Show",
        "bad_top": "How many must be a whole number from 1 to 50; showing 10.",
        "link_hint": "This page's address can be shared with other coordinators.", "part_relevance": "Relevance",
        "part_dense": "Semantic similarity", "part_lexical": "Lexical match", "part_coverage": "Term coverage",
    },
}

assert set(UI_STRINGS["zh"]) == set(UI_STRINGS["en"]), "every UI string needs both languages"

# Who wrote a message, by role, as the authorization layer names roles.
for _role, (_zh, _en) in ROLE_LABELS.items():
    UI_STRINGS["zh"][f"role_{_role.value}"], UI_STRINGS["en"][f"role_{_role.value}"] = _zh, _en

# The providers' pages (issue 14): lifecycle, the centers' own entries and their approval, obligations, kb upload.
PROVIDER_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "providers": "机构管理", "changes": "条目变更审核", "kb_upload": "知识库导入导出", "lifecycle": "生命周期",
        "lifecycle_state": "当前阶段", "catalog_status": "目录状态", "flags": "标记", "decide_step": "作出决定",
        "given_away_intro": "按本机构适用的规则，以下决定由主管部门作出，协会只能提交待决定事项：",
        "given_away_prepare": "到“待决定事项”提交",
        "grounds": "依据", "decided_on": "决定日期", "decision_document": "决定文件（文号）",
        "rect_deadline": "整改期限（整改时填写）", "rect_deadline_said": "限期整改的期限",
        "todo_obligations": "履职事项 {n} 项未完成",
        "todo_obligations_late": "履职事项 {n} 项未完成（{late} 项已逾期）",
        "notice_filed": "已报送，协会审核评分后会通知贵方。",
        "notice_returned": "已退回补充，机构会看到退回理由，修改后重新报送。",
        "return_filing": "退回补充", "return_reason": "退回理由", "filing_returned": "已退回补充",
        "return_reason_ph": "请写明需补充或修改的内容", "returned_text_kept": "上次报送的内容已填入，修改后重新报送。",
        "todo_findings": "整改项 {n} 项未关闭",
        "history_step": "决定 → 阶段", "history_experts": "评审专家", "history_opinion": "评审意见",
        "prepared_for": "已提交{body}，等待其决定：", "authority_generic": "主管部门", "withdraw_prepared": "撤回",
        "confirm_withdraw_prepared": "确定撤回提交主管部门的这项决定吗？",
        "build_deadline_said": "筹建期限（届满前完成筹建并申请验收）",
        "experts_field": "评审专家（逗号分隔，批筹与验收时填写）",
        "opinion": "评审意见（批筹与验收时填写）", "summary": "筹建完成情况", "request_acceptance": "申请验收",
        "edit_entry": "维护本机构条目", "profile": "机构简介", "save_change": "提交修改",
        "change_waits": "修改已提交，待协会审核。", "change_applied": "修改已生效。",
        "change_pending": "已有修改待协会审核，无需重复提交：", "change_pending_on": "（{day} 提交）",
        "capability_new": "新增服务能力", "capability_edit": "修改", "delete": "删除", "title": "名称",
        "description": "说明", "service_types_hint": "服务类型（多个用分号分隔，如：检验检测; 标准研制）",
        "standards_hint": "标准（分号分隔）", "experts": "专家", "expert_new": "新增专家", "name": "姓名",
        "title_level": "职称", "degree": "学历", "years_experience": "工作年限", "fields": "专业领域（分号分隔）",
        "led_projects": "主持项目数",
        "led_projects_help": "主持过的市厅级及以上科研项目或企业技术开发实例的数量；专家组组长须至少主持过 1 项"
                             "（组长资格条件）",
        "effective_on": "变更发生日期", "change_note": "修改说明", "upload_entry": "上传本机构的 kb-v1 文件",
        "upload": "上传", "files": "文件", "import_errors": "导入未通过，未写入任何内容：",
        "import_warnings": "提示：", "pending_changes": "待审核的变更", "change_log": "变更记录",
        "no_changes": "没有待审核的变更。", "diff": "修改内容", "field": "字段", "before": "修改前",
        "after": "修改后", "approve": "批准", "reject_change": "退回", "decision_note": "审核意见",
        "status_pending": "待审核", "status_approved": "已批准", "status_rejected": "已退回",
        "submitted_by": "提交人", "obligations": "履职事项", "due_on": "截止日期", "done_on": "完成日期",
        "obligation_overdue": "已逾期", "obligation_late": "逾期完成", "obligation_open": "待完成",
        "obligation_done": "已完成", "file_form": "报送", "filing_text": "报送内容", "record_deleted": "（删除）",
        "new_record": "（新增）", "history_empty": "暂无记录。", "replace_kb": "整体替换知识库",
        "kb_upload_hint": "协会导入即时生效；有任何错误则什么都不写，错误按“文件:行: 字段: 原因”列出。",
        "imported": "已导入", "allowed_steps": "可作出的决定",
        "proposals_waiting": "待协会决定的提议", "proposed_step": "提议", "proposal_source": "来源",
        "source_rating_run": "服务质量评价的结果", "source_other": "其他", "source_upload": "机构上传的材料",
        "source_prepared": "协会提交主管部门的事项",
        "proposed_deadline": "提议的整改期限", "accept_proposal": "同意并执行", "decline_proposal": "不同意",
        "confirm_decline_proposal": "确定不同意这项提议吗？",
        "findings": "评价发现的整改项", "indicator": "指标", "finding_score": "得分", "finding_state": "状态",
        "corrective_action": "整改措施", "action_owner": "责任人", "action_due": "整改期限",
        "recheck_note": "复核意见", "done_note": "整改情况",
        "new_due": "新的整改期限（复核未通过时）", "findings_empty": "暂无整改项。",
        "findings_superseded": "已被同年新评价取代的整改项（{n} 项，留档）",
        "findings_hint": "评价中低于“合格”线（60 分）的二级指标列为整改项；机构确定措施并报告完成，由协会复核。",
        "finding_report": "评价报告中各项的得分",
        "dashboard": "机构管理总览", "provider_col": "机构",
        "dashboard_as_of": "统计日期", "dashboard_providers": "机构数",
        "export_excel": "导出 Excel", "by_stage": "各阶段机构数", "count": "数量",
        "overdue_obligations": "逾期履职事项",
        "days_overdue": "逾期天数", "open_rectifications": "整改中的机构", "rect_deadline_short": "整改期限",
        "open_findings": "未关闭整改项", "overdue_findings": "逾期整改项", "ratings_over_time": "评级走势",
        "ratings_runs": "历次评价总分", "latest_total": "最近总分",
    },
    "en": {
        "providers": "Providers", "changes": "Entry changes", "kb_upload": "Knowledge base",
        "lifecycle": "Lifecycle", "lifecycle_state": "Stage", "catalog_status": "Catalog status", "flags": "Flags",
        "decide_step": "Decide",
        "given_away_intro": "Under this provider's rules profile, these decisions are taken by an authority; the "
                            "association prepares them:",
        "given_away_prepare": "Prepare them under Decisions to take", "grounds": "Grounds", "decided_on": "Decided on",
        "decision_document": "Decision document (number)",
        "rect_deadline": "Rectification deadline (for rectification)", "rect_deadline_said": "Rectify by",
        "todo_obligations": "Obligations not met: {n}",
        "todo_obligations_late": "Obligations not met: {n} ({late} overdue)",
        "notice_filed": "Filed: the association reviews and scores it, and you will be told.",
        "notice_returned": "Returned for revision: the provider sees the reason, edits it and files again.",
        "return_filing": "Return for revision", "return_reason": "Reason for returning",
        "filing_returned": "Returned for revision", "return_reason_ph": "What to add or change",
        "returned_text_kept": "What you filed last is in the form: edit it and file again.",
        "todo_findings": "Findings not closed: {n}",
        "history_step": "Decision → stage", "history_experts": "Experts", "history_opinion": "Opinion",
        "prepared_for": "Sent to the {body}, which takes it:", "authority_generic": "authority",
        "withdraw_prepared": "Withdraw", "confirm_withdraw_prepared": "Withdraw this decision sent to the authority?",
        "build_deadline_said": "Building deadline (finish building and ask for acceptance by then)",
        "experts_field": "Reviewing experts (comma-separated; approval and acceptance)",
        "opinion": "Review opinion (approval and acceptance)", "summary": "What was built",
        "request_acceptance": "Ask for acceptance", "edit_entry": "Maintain this entry", "profile": "Profile",
        "save_change": "Submit the change", "change_waits": "Submitted: it waits for the association's approval.",
        "change_pending": "A change is already waiting for the association's review; no need to send it again: ",
        "change_pending_on": " (sent {day})",
        "change_applied": "The change applies now.", "capability_new": "New capability", "capability_edit": "Change",
        "delete": "Delete", "title": "Title", "description": "Description",
        "service_types_hint": "Service types (separated by ';', e.g. inspection and testing; standards development)",
        "standards_hint": "Standards (';'-separated)", "experts": "Experts", "expert_new": "New expert",
        "name": "Name", "title_level": "Title", "degree": "Degree", "years_experience": "Years of work",
        "led_projects": "Projects led",
        "led_projects_help": "How many research projects at prefecture level or above, or enterprise development "
                             "cases, the expert has led; a team lead must have led at least one (the lead's "
                             "qualifications)",
        "fields": "Fields (';'-separated)", "effective_on": "When the change happened", "change_note": "Note",
        "upload_entry": "Upload kb-v1 files of this center", "upload": "Upload", "files": "Files",
        "import_errors": "The import was refused, nothing was written:", "import_warnings": "Note:",
        "pending_changes": "Changes waiting for approval", "change_log": "Change log",
        "no_changes": "No change waits for approval.", "diff": "What changes", "field": "Field", "before": "Before",
        "after": "After", "approve": "Approve", "reject_change": "Send back", "decision_note": "Note",
        "status_pending": "pending", "status_approved": "approved", "status_rejected": "sent back",
        "submitted_by": "Submitted by", "obligations": "Obligations", "due_on": "Due", "done_on": "Done",
        "obligation_overdue": "overdue", "obligation_late": "done late", "obligation_open": "open",
        "obligation_done": "done", "file_form": "File", "filing_text": "What is filed", "record_deleted": "(deleted)",
        "new_record": "(new)", "history_empty": "Nothing yet.", "replace_kb": "Replace the whole knowledge base",
        "kb_upload_hint": "An association's import applies at once; with any error nothing is written, each listed "
                          "as file:line: field: reason.",
        "imported": "Imported", "allowed_steps": "Decisions that can be taken",
        "proposals_waiting": "Proposals waiting for the association", "proposed_step": "Proposed",
        "proposal_source": "From", "source_rating_run": "a service-quality rating's result", "source_other": "other",
        "source_upload": "the provider's upload", "proposed_deadline": "Proposed rectification deadline",
        "source_prepared": "the association, for the authority",
        "accept_proposal": "Accept and apply", "decline_proposal": "Decline",
        "confirm_decline_proposal": "Decline this proposal?",
        "findings": "Findings of the evaluations", "indicator": "Indicator", "finding_score": "Score",
        "finding_state": "State", "corrective_action": "Corrective action", "action_owner": "Owner",
        "action_due": "Deadline",
        "recheck_note": "Re-check opinion", "done_note": "What was done",
        "new_due": "New deadline (when the re-check fails)", "findings_empty": "No findings.",
        "findings_superseded": "Findings a newer rating of their year superseded ({n}, kept on record)",
        "findings_hint": "Second-level indicators under the pass line (60) of an evaluation become findings; the "
                         "provider sets and reports the action, the association re-checks it.",
        "finding_report": "the items' scores in the rating's report",
        "dashboard": "Providers dashboard", "provider_col": "Provider",
        "dashboard_as_of": "As of", "dashboard_providers": "Providers",
        "export_excel": "Export to Excel", "by_stage": "Providers by stage", "count": "Count",
        "overdue_obligations": "Overdue obligations", "days_overdue": "Days overdue",
        "open_rectifications": "Under rectification", "rect_deadline_short": "Deadline",
        "open_findings": "Open findings", "overdue_findings": "Overdue findings",
        "ratings_over_time": "Ratings over time", "ratings_runs": "Totals of the rating runs",
        "latest_total": "Latest total",
    },
}

MERGED: dict[str, dict[str, str]] = {lang: {**STRINGS[lang], **UI_STRINGS[lang], **PROVIDER_STRINGS[lang],
                                            **WORK_STRINGS[lang], **CONSOLE_STRINGS[lang],
                                            **PROVIDER_CONSOLE_STRINGS[lang], **PROFILE_STRINGS[lang],
                                            **OPPORTUNITY_STRINGS[lang], **APPLY_STRINGS[lang],
                                            **DECISION_STRINGS[lang], **PUBLIC_NEED_STRINGS[lang]}
                                     for lang in STRINGS}
# A template writes ``t.name``, and Jinja looks up an attribute before a key: a string named like a dict method
# (copy, items, get…) rendered as "<built-in method copy of dict object…>" on the key page. Such a string must be
# written ``t['name']`` in every template (tests/api/test_ui_strings.py checks the templates).
DICT_ATTRIBUTES = frozenset(name for name in dir(dict) if not name.startswith("_"))
