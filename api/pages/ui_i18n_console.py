"""The console's own strings: accounts and administration, self-registration, consents, error pages, notices and
confirmations. Chinese first, English beside; merged into :data:`api.pages.ui_i18n.MERGED`."""

from __future__ import annotations

CONSOLE_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        # the coordinator's day tried as a new user (2026-11-28)
        "no_proposals": "本轮没有推荐机构。可以在下方人工指派机构，或在需求修改后重新匹配。",
        "whole_round": "整轮驳回",
        "reject_round_hint": "本轮推荐全部作废；选“需求不清，需补充”时需求退回企业，请在说明里写明要补充什么。",
        "unclear_needs_question": "退回企业补充时，请在“说明”里写明要企业补充什么",
        "plan_under_review": "待评审的服务方案", "plan_handed_in": "{who} 提交",
        # the enterprise's day walked as a new user (2026-11-28)
        "plan_on_record": "服务方案", "plan_in_review": "评审中", "plan_approved": "评审通过",
        "plan_sent_back": "评审未通过，待服务机构修改", "review_opinion": "评审意见", "plan_reviewers": "评审人",
        "rematch_note_said": "协会重新匹配时的说明",
        "nobody_at_center": "承接机构暂无能登录平台办理的协调员，无人能登录代表机构办理下一步。"
                            "请管理员为该机构开通账号并邀请其协调员；也可以「终止」对接并写明理由：需求随即重新进入审核"
                            "（新一轮，推荐其余备选机构），协会可接受其他机构、重新匹配或人工指派。",
        "notice_complaint_filed": "投诉已提交：服务机构须在下方所示的处理期限前处理，处理结果由您确认",
        "notice_rated": "评价已提交，谢谢",
        "notice_complaint_handled": "处理情况已登记，待委托企业确认",
        "notice_complaint_progress": "处理进展已登记，投诉仍待处理",
        "ag_price_on_record": "价格", "questionnaire_answered": "已填写服务质量问卷（回答 {n} 题）",
        "questionnaire_answered_one": "已填写服务质量问卷（回答 {n} 题）",
        "rated_before": "您已评过 {stars} 星；再次提交将以新的评分为准。",
        "rating_steps": "验收通过后可评价两项，各有用途：①「服务质量问卷」逐题评价本次服务，计入该机构的服务质量评价，"
                        "只能提交一次；②「总体满意度」给本次服务打一个星级，可以修改，以最后一次为准，投诉可随之一并提交。",
        "questionnaire_step": "① 服务质量问卷（只提交一次）", "satisfaction_step": "② 总体满意度（以最后一次为准）",
        "rating_superseded": "已被后来的评分取代", "rating_counts": "以此为准",
        "client_ref_is_you": "（即贵企业：保密需求会签前，服务机构以此代号称呼委托方）",
        "client_ref_signed_as": "（协议签署时以“{ref}”指代）",
        # error pages
        "err_400": "输入有误", "err_401": "请先登录", "err_405": "不支持这种访问方式", "err_409": "与现有记录冲突",
        "err_413": "提交的内容过大", "err_422": "表单填写有误", "err_429": "操作过于频繁", "err_500": "服务器出错了",
        "err_500_text": "页面暂时无法显示，问题已记录。请稍后再试，或联系平台管理员。",
        "form_problem": "“{field}”{problem}，请返回修改后重新提交。",
        "form_too_long": "“{field}”最多 {max} 个字，现有 {n} 个，请删减后再提交。",
        "go_back": "返回上一页", "go_home": "回到首页", "skip_to_main": "跳到正文",
        "not_yours": "不是本机构的内容", "not_yours_text": "这是其他机构的页面，您只能查看本机构的。",
        # notices after a form (toasts)
        "notice_done": "已办理", "notice_saved": "已保存",
        "notice_step": "已办理：{step}",
        "notice_password_changed": "密码已修改，其他设备上的登录已结束",
        "notice_profile_saved": "个人信息已保存",
        # colleagues and invitations (accounts.service.invite)
        "notice_invitation_made": "邀请链接已生成，请复制后发给对方",
        "invite_user": "邀请用户", "invite_person_name": "对方姓名",
        "invite_user_hint": "对方凭一次性链接自己设置用户名和密码，无需由您代设密码。",
        "notice_invitation_revoked": "邀请已撤回，该链接不再有效",
        "notice_invitation_accepted": "账号已创建，请用刚设置的用户名和密码登录",
        "colleagues": "同事账号",
        "colleagues_hint": "邀请本单位的同事加入：生成一个一次性链接，通过微信或邮件发给对方，对方用它设置"
                           "自己的用户名和密码。同事的角色与您相同；链接 7 天内有效，用过即失效。",
        "colleagues_people": "本单位的账号", "colleagues_waiting": "待接受的邀请", "no_invitations": "没有待接受的邀请",
        "invite_colleague": "邀请同事", "invite_name": "同事姓名", "invite_submit": "生成邀请链接",
        "invite_email_hint": "选填；对方创建账号时可以修改", "invite_expires": "有效期至", "invite_revoke": "撤回",
        "confirm_invite_revoke": "撤回后这个链接就不能再用了。确定撤回吗？",
        "invited_by": "邀请人", "invited_at": "邀请时间", "invited_by_terminal": "运维人员（命令行）",
        "invite_link_title": "邀请链接（只显示这一次）",
        "invite_link_hint": "请现在复制并发给对方。链接只显示这一次；如果丢了，再邀请一次即可，旧链接随即作废。",
        "invite_title": "加入 innodock", "invite_accept": "创建我的账号", "invite_someone": "平台管理员",
        "invite_intro": "{by}邀请您以“{role}”的身份加入「{org}」。请设置您自己的用户名和密码。",
        "invite_valid_until": "链接有效期至：", "invite_gone_title": "邀请链接不可用",
        "invite_gone": "这个邀请链接无效、已使用、已撤回或已过期。请向邀请您的人要一个新链接。",
        "invite_logged_in": "您现在以 {username}（{org}）登录。这个链接用来为被邀请的人创建一个新账号：请先退出登录，"
                            "再用这个链接创建账号；如果链接是发给别人的，请把它转给对方。",
        "invite_logout": "退出登录并继续",
        "notice_org_created": "组织已创建", "notice_user_created": "用户已创建", "notice_key_revoked": "密钥已吊销",
        "notice_user_disabled": "用户已停用，其登录已全部结束", "notice_user_enabled": "用户已重新启用",
        "notice_sessions_ended": "该用户的登录已全部结束",
        "notice_password_reset": "密码已重设，该用户的登录已全部结束",
        "notice_org_disabled": "组织已停用", "notice_org_enabled": "组织已重新启用",
        "notice_consent_granted": "已授权该协会代为办理", "notice_consent_revoked": "授权已撤销",
        "notice_registration_approved": "已通过注册，该企业现在可以登录",
        "notice_registration_refused": "已不予通过，企业登录时会看到理由", "close": "关闭",
        # confirmations (irreversible actions)
        "confirm_revoke_key": "吊销后使用此密钥的系统将立即无法访问，且不能恢复。确定吊销吗？",
        "confirm_disable_user": "停用后该用户的全部登录立即结束，直到重新启用。确定停用吗？",
        "confirm_disable_org": "停用后该组织的所有用户不能登录、所有密钥失效。确定停用吗？",
        "confirm_end_sessions": "该用户在所有设备上的登录都将结束。确定吗？",
        "confirm_revoke_consent": "撤销后该协会不能再代贵企业办理需求。确定撤销吗？",
        "confirm_refuse_registration": "不予通过后该企业不能登录（可以重新注册）。确定吗？",
        "confirm_decline_named": "确定婉拒「{name}」吗？婉拒后该机构不再参与本轮对接。",
        "confirm_decline_need": "确定婉拒此需求吗？婉拒后本机构不再参与本轮对接。",
        "undo_decline": "撤销婉拒", "notice_decline_undone": "已撤销婉拒，该机构重新列入本轮推荐。",
        "confirm_undo_decline": "确定撤销对「{name}」的婉拒吗？该机构将重新列入本轮推荐，婉拒记录保留。",
        "confirm_terminate_named": "确定终止「{name}」的对接吗？终止后此对接项目结束，不能恢复。",
        "confirm_withdraw_named": "确定撤回「{name}」的对接吗？此对接项目结束，需求将重新对接。",
        "confirm_withdraw_named_enterprise": "确定撤回「{name}」的对接吗？此对接项目结束，需求随之撤回，"
                                             "不会再为它安排其他机构；如仍需服务，请重新提出需求。",
        "confirm_kb_replace": "确定整体替换知识库吗？上传文件中没有的机构将连同其能力、专家一并删除。",
        "confirm_step_revoke": "确定撤销「{name}」的资格吗？撤销后不可恢复，该机构不再参与匹配。",
        "confirm_step_cancel_build": "确定取消「{name}」的筹建资格吗？取消后不可恢复。",
        "confirm_step_suspend": "确定暂停「{name}」吗？恢复运行之前，该机构不参与匹配。",
        "confirm_step_order_rectification": "确定责令「{name}」限期整改吗？复核通过之前，匹配时标注“限期整改中”"
                                            "并排在后面。",
        "confirm_step_withdraw": "确定让「{name}」退出吗？退出后不可恢复。",
        "confirm_step_withdraw_application": "确定撤回「{name}」的申请吗？撤回后不可恢复，需重新申请。",
        "confirm_step_reject_application": "确定不予批准「{name}」的申请吗？此决定不可恢复。",
        "confirm_reject_round": "驳回后本轮推荐全部作废（需求不清时退回企业补充）。确定吗？",
        # account
        "account": "我的账号", "account_title": "我的账号", "account_profile": "个人信息",
        "save_profile": "保存个人信息",
        "email_hint": "留空即不留邮箱；其他账号已用的邮箱不能再用", "display_name": "显示名", "role": "角色",
        "organisation": "所属组织", "email": "邮箱", "change_password": "修改密码", "current_password": "当前密码",
        "new_password": "新密码", "new_password_again": "再次输入新密码", "password_again": "再次输入密码",
        "password_rule": "至少 8 位，不能是常见密码、纯数字或包含用户名。",
        "password_change_note": "修改后其他设备上的登录将结束。",
        "passwords_differ": "两次输入的新密码不一致", "passwords_differ_plain": "两次输入的密码不一致",
        "fields_to_correct": "有 {n} 处需要改正，请看各栏下方的说明。",
        "org_keys": "本组织的 API 密钥",
        "org_keys_hint": "集成系统（如企业的管理系统、协会网站）用密钥调用 API。新建密钥请联系平台管理员；"
                         "泄露或不再使用的密钥请立即吊销。",
        "org_keys_make": "您是平台管理员：新建密钥请到本组织的管理页，填写“新建密钥”表单",
        "no_keys": "还没有密钥。", "key_name": "用途", "key_prefix": "密钥前缀", "scopes": "权限范围",
        "cors_origins": "允许的网页来源", "expires": "到期", "last_used": "最近使用", "never": "从未",
        "no_expiry": "不过期", "revoke": "吊销", "revoked": "已吊销", "active": "有效", "disabled": "已停用",
        "created": "创建时间", "state_col": "状态", "actions": "操作",
        # self-registration
        "register": "自助注册", "register_title": "自助注册",  # one name: the page is for enterprises and applicants
        "register_intro": "填写单位信息和第一个用户的账号。协会审核通过后即可登录：企业提出需求，申请机构提交申请。",
        "register_association": "受理协会（审核注册并为贵企业对接需求）",
        "org_name": "企业名称", "credit_code": "统一社会信用代码（选填）", "username_rule": "3–64 位字母、数字或 _.@+-",
        "register_submit": "提交注册", "register_done_title": "注册已提交",
        "register_done": "“{org}”的注册已提交，正在等待协会审核。审核通过后，用 {username} 登录即可。",
        "have_account": "已有账号？登录", "no_account": "还没有账号？自助注册",
        # an applicant provider registers itself (a new user's trial, 2026-11-29)
        "register_as": "注册为", "register_as_enterprise": "企业（提出技术创新需求）",
        "register_as_center": "申请成为服务机构（科技服务站、质检中心、计量测试中心等）",
        "register_center_hint": "申请机构注册后由协会审核；审核通过后登录，第一步是提交申请（机构类型、所在地区与"
                                "申请材料）。申请机构无需填写统一社会信用代码，机构名称填写申请单位名称。",
        "register_done_center": "“{org}”的注册已提交，正在等待协会审核。审核通过后，用 {username} 登录，"
                                "第一步提交申请。",
        "registration_center": "申请成为服务机构", "register_org_name": "单位名称（企业或申请机构）",
        # consents
        "consents": "代办授权", "consents_title": "授权协会代为办理",
        "consents_intro": "授权后，该协会可以代贵企业修改和提交需求（不含取消保密和撤回）。随时可以撤销。",
        "consents_for_association": "以下企业授权本协会代为办理其需求。", "association": "协会",
        "grant": "授权", "granted_at": "授权时间", "granted_by": "授权人", "no_consents": "还没有授权。",
        "no_associations": "目前没有可授权的协会。", "consent_note": "备注（选填）", "revoked_at": "撤销时间",
        # administration
        "admin": "账号管理", "orgs": "组织", "orgs_title": "组织与账号", "org_kind": "类型", "center_id": "对应机构",
        "center_id_hint": "已在目录中的服务机构选择其条目；选“新申请机构”则建一个申请机构，"
                          "其联络员登录后第一步提交申请",
        "center_new_applicant": "新申请机构（尚未在目录中）",
        "create_org": "新建组织", "users": "用户", "keys": "API 密钥",
        "create_user": "新建用户", "create_key": "新建密钥", "expires_days": "有效天数（选填）",
        "cors_origins_hint": "每行一个，如 https://www.example.org；带来源的密钥只能读取公开需求",
        "scopes_hint": "只能选择该组织角色拥有的权限范围", "disable": "停用", "enable": "启用",
        "end_sessions": "结束全部登录", "reset_password": "重设密码", "last_login": "最近登录",
        "key_created_title": "密钥已创建",
        "key_created_text": "请立即复制并妥善保存。离开此页后密钥不会再显示，遗失只能吊销后新建。",
        "key_secret": "密钥", "copy": "复制", "copied": "已复制", "back_to_org": "返回组织",
        "registrations": "注册审核", "registrations_title": "企业自助注册审核",
        "registrations_empty": "没有等待审核的注册。", "approve_registration": "通过", "refuse": "不予通过",
        "refuse_reason": "不予通过的理由（企业登录时可见）", "approval": "审核", "reviewed": "已审核的注册",
        "audit": "审计日志", "audit_title": "安全审计日志", "audit_kind": "事项", "audit_outcome": "结果",
        "audit_from": "（来自 {address}）",
        "outcome_ok": "成功", "outcome_refused": "被拒绝", "all": "全部", "filter": "筛选", "no_audit": "没有记录。",
        "kind_enterprise": "企业", "kind_center": "服务机构", "kind_association": "协会",
        "approval_pending": "待审核", "approval_approved": "已通过", "approval_refused": "未通过",
        "field_org_name": "企业名称", "field_username": "用户名", "field_password": "密码",
        "field_password_again": "再次输入密码", "field_email": "邮箱",
        "field_new_password": "新密码", "field_current_password": "当前密码", "field_name": "名称",
        "field_scopes": "权限范围", "field_kind": "类型", "field_role": "角色", "field_note": "说明",
        "field_association_org_id": "协会", "field_version": "版本", "field_transition": "步骤",
        "field_reason": "理由", "field_center_id": "机构",
        "by_name": "{name}（{role}）", "actor_unknown": "平台",
    },
    "en": {
        # the coordinator's day tried as a new user (2026-11-28)
        "no_proposals": "No provider was proposed in this round. Assign one by hand below, or re-match once the need "
                        "has been amended.",
        "whole_round": "whole round", "reject_round_hint": "Every proposal of this round is dropped; with \"need "
                       "unclear\" the need goes back to the enterprise, so write in the note what it should add.",
        "unclear_needs_question": "To send the need back, write in the note what the enterprise should add",
        "plan_under_review": "The plan to review", "plan_handed_in": "handed in by {who}",
        "plan_on_record": "Service plan", "plan_in_review": "under review", "plan_approved": "approved",
        "plan_sent_back": "sent back: the provider revises it", "review_opinion": "Review opinion",
        "plan_reviewers": "Reviewers",
        "rematch_note_said": "The association's note when it matched the need again",
        "nobody_at_center": "Nobody can log in for the provider on the platform: no coordinator can take its next "
                            "step. Ask an administrator to open an account for it and invite its coordinator, or "
                            "“Terminate” the engagement saying why: the need goes back to review at once (a new "
                            "round offering the other proposed providers), where the association accepts another, "
                            "matches it again or assigns one by hand.",
        "notice_complaint_filed": "Complaint filed: the provider must handle it by the deadline shown below, "
                                  "and you confirm the outcome",
        "notice_rated": "Rating sent. Thank you.",
        "notice_complaint_handled": "Handling recorded: the client confirms it or says why not",
        "notice_complaint_progress": "Progress recorded: the complaint is still open",
        "ag_price_on_record": "Price", "questionnaire_answered": "Questionnaire answered ({n} questions)",
        "questionnaire_answered_one": "Questionnaire answered ({n} question)",
        "rated_before": "You rated {stars} stars; sending again replaces that rating.",
        "rating_steps": "After acceptance you rate two things, each for its own purpose: ① the service quality "
                        "questionnaire grades this service question by question and counts in the provider's "
                        "service-quality evaluation; it is sent once. ② Overall satisfaction is one star rating of "
                        "this service; you may change it, the last one counts, and a complaint may go with it.",
        "questionnaire_step": "① Service quality questionnaire (sent once)",
        "satisfaction_step": "② Overall satisfaction (the last one counts)",
        "rating_superseded": "replaced by a later rating", "rating_counts": "this one counts",
        "client_ref_is_you": " (your enterprise: until you countersign, a provider knows a confidential need's "
                             "client by this reference)",
        "client_ref_signed_as": " (named “{ref}” in the agreement as signed)",
        "err_400": "Invalid input", "err_401": "Please log in", "err_405": "Not available this way",
        "err_409": "Conflicts with what is on record", "err_413": "Too large", "err_422": "Please check the form",
        "err_429": "Too many attempts", "err_500": "Something went wrong",
        "err_500_text": "The page cannot be shown right now; the problem was logged. Try again later, or contact the "
                        "platform's administrator.",
        "form_problem": "“{field}” {problem}. Go back, correct it and send it again.",
        "form_too_long": "“{field}” takes at most {max} characters; this has {n}: shorten it and send it again.",
        "go_back": "Back", "go_home": "Home", "skip_to_main": "Skip to the content",
        "not_yours": "Not your center's", "not_yours_text": "This page belongs to another center; you can see your "
                                                            "own center's only.",
        "notice_done": "Done", "notice_saved": "Saved",
        "notice_step": "Done: {step}",
        "notice_password_changed": "Password changed; your logins on other devices have ended",
        "notice_profile_saved": "Your details are saved",
        "notice_invitation_made": "Invitation link made: copy it and send it on",
        "invite_user": "Invite a person", "invite_person_name": "Their name",
        "invite_user_hint": "They set their own username and password through a one-time link; you choose no password "
                            "for them.",
        "notice_invitation_revoked": "Invitation withdrawn; its link no longer works",
        "notice_invitation_accepted": "Your account is made: log in with the username and password you just set",
        "colleagues": "Colleagues",
        "colleagues_hint": "Invite colleagues of your organisation: make a one-time link and send it by WeChat or "
                           "email; they set their own username and password with it. A colleague gets the same role "
                           "as you; the link works for 7 days and only once.",
        "colleagues_people": "Your organisation's accounts", "colleagues_waiting": "Invitations waiting",
        "no_invitations": "No invitation is waiting",
        "invite_colleague": "Invite a colleague", "invite_name": "Colleague's name",
        "invite_submit": "Make an invitation link",
        "invite_email_hint": "Optional; they can change it when they make their account",
        "invite_expires": "Valid until",
        "invite_revoke": "Withdraw",
        "confirm_invite_revoke": "Once withdrawn, this link no longer works. Withdraw it?",
        "invited_by": "Invited by", "invited_at": "Invited on", "invited_by_terminal": "an operator at the terminal",
        "invite_link_title": "Invitation link (shown only this once)",
        "invite_link_hint": "Copy it now and send it to them. It is shown only this once; if it is lost, "
                            "invite them again and the old link stops working.",
        "invite_title": "Join innodock", "invite_accept": "Make my account",
        "invite_someone": "The platform's administrator",
        "invite_intro": "{by} invites you to join “{org}” as {role}. Set your own username and password.",
        "invite_valid_until": "The link works until ", "invite_gone_title": "This invitation link cannot be used",
        "invite_gone": "This invitation link is not valid, was used, withdrawn or has expired. Ask whoever invited "
                       "you for a new one.",
        "invite_logged_in": "You are logged in as {username} ({org}). This link makes a new account for the person "
                            "invited: log out first, then make the account with it; if the link is meant for someone "
                            "else, pass it on to them.",
        "invite_logout": "Log out and go on",
        "notice_org_created": "Organisation created", "notice_user_created": "User created",
        "notice_key_revoked": "Key revoked", "notice_user_disabled": "User disabled; all their logins have ended",
        "notice_user_enabled": "User enabled again", "notice_sessions_ended": "All of the user's logins have ended",
        "notice_password_reset": "Password reset; all of the user's logins have ended",
        "notice_org_disabled": "Organisation disabled", "notice_org_enabled": "Organisation enabled again",
        "notice_consent_granted": "The association may now act on your behalf",
        "notice_consent_revoked": "Consent revoked",
        "notice_registration_approved": "Registration approved; the enterprise can log in now",
        "notice_registration_refused": "Registration refused; the enterprise sees the reason when it logs in",
        "close": "Close",
        "confirm_revoke_key": "Systems using this key lose access at once, for good. Revoke it?",
        "confirm_disable_user": "All of this user's logins end now, until they are enabled again. Disable them?",
        "confirm_disable_org": "Nobody of this organisation can log in and all its keys stop working. Disable it?",
        "confirm_end_sessions": "The user is logged out on every device. Go ahead?",
        "confirm_revoke_consent": "The association can no longer act on your needs. Revoke the consent?",
        "confirm_refuse_registration": "The enterprise cannot log in (it may register again). Refuse?",
        "confirm_decline_named": "Decline “{name}”? It leaves this round of docking.",
        "confirm_decline_need": "Decline this need? Your center leaves this round of docking.",
        "undo_decline": "Undo the decline",
        "notice_decline_undone": "The decline is undone: the provider is proposed in this round again.",
        "confirm_undo_decline": "Undo the decline of “{name}”? It is proposed in this round again; the decline stays "
                                "on record.",
        "confirm_terminate_named": "End the engagement for “{name}”? It ends for good.",
        "confirm_withdraw_named": "Withdraw from the engagement for “{name}”? It ends and the need is docked again.",
        "confirm_withdraw_named_enterprise": "Withdraw from the engagement for “{name}”? It ends and your need is "
                                             "withdrawn with it: no other provider is arranged. To look again, raise a "
                                             "new need.",
        "confirm_kb_replace": "Replace the whole knowledge base? Every provider not in the files is deleted, with its "
                              "capabilities and experts.",
        "confirm_step_revoke": "Revoke “{name}”? This cannot be undone: it no longer takes part in matching.",
        "confirm_step_cancel_build": "Cancel the building of “{name}”? This cannot be undone.",
        "confirm_step_suspend": "Suspend “{name}”? It takes no part in matching until it is reinstated.",
        "confirm_step_order_rectification": "Order “{name}” to rectify? Until it passes the re-check, matching flags "
                                            "it and ranks it lower.",
        "confirm_step_withdraw": "Withdraw “{name}”? This cannot be undone.",
        "confirm_step_withdraw_application": "Withdraw the application of “{name}”? This cannot be undone: it would "
                                             "have to apply again.",
        "confirm_step_reject_application": "Reject the application of “{name}”? This cannot be undone.",
        "confirm_reject_round": "Every proposal of this round is dropped (an unclear need goes back to the "
                                "enterprise). Reject the round?",
        "account": "My account", "account_title": "My account", "account_profile": "Your details",
        "save_profile": "Save details",
        "email_hint": "Optional; an email address another account already uses cannot be used",
        "display_name": "Display name", "role": "Role",
        "organisation": "Organisation", "email": "Email", "change_password": "Change password",
        "current_password": "Current password", "new_password": "New password",
        "new_password_again": "New password again", "password_again": "Password again",
        "password_rule": "At least 8 characters; not a common password, not digits only, not containing your "
                         "username.",
        "password_change_note": "Your logins on other devices end.",
        "passwords_differ": "The two new passwords differ",
        "passwords_differ_plain": "The two passwords differ",
        "fields_to_correct": "{n} fields need correcting: see the note under each.",
        "org_keys": "Your organisation's API keys",
        "org_keys_hint": "Integrations (an ERP, an association's website) call the API with a key. Ask the "
                         "platform's administrator for a new one; revoke a leaked or unused key at once.",
        "org_keys_make": "You are the platform's administrator: make a new key on your organisation's page, with "
                         "its “New key” form",
        "no_keys": "No keys yet.", "key_name": "Purpose", "key_prefix": "Key prefix", "scopes": "Scopes",
        "cors_origins": "Allowed web origins", "expires": "Expires", "last_used": "Last used", "never": "never",
        "no_expiry": "never", "revoke": "Revoke", "revoked": "revoked", "active": "active", "disabled": "disabled",
        "created": "Created", "state_col": "State", "actions": "Actions",
        "register": "Register", "register_title": "Register",
        "register_association": "Association (reviews your registration and docks your needs)",
        "register_intro": "Give your organisation's details and its first user's account. Once an association "
                          "approves, you can log in: an enterprise to describe its needs, an applicant provider to "
                          "file its application.",
        "org_name": "Enterprise name", "credit_code": "Unified social credit code (optional)",
        "username_rule": "3–64 letters, digits or _.@+-", "register_submit": "Register",
        "register_done_title": "Registration sent",
        "register_done": "The registration of “{org}” waits for an association's approval. Once approved, log in "
                         "as {username}.",
        "have_account": "Have an account? Log in", "no_account": "No account yet? Register",
        "register_as": "Register as", "register_as_enterprise": "An enterprise (with a technical innovation need)",
        "register_as_center": "An applicant provider (a service station, an inspection center, a metrology center…)",
        "register_center_hint": "An association reviews an applicant provider's registration; once approved, log in "
                                "and file your application first (the kind of provider, your region and the "
                                "materials). An applicant gives no credit code; the name is the applying "
                                "institution's.",
        "register_done_center": "The registration of “{org}” waits for an association's approval. Once approved, log "
                                "in as {username} and file your application first.",
        "registration_center": "Applicant provider", "register_org_name": "Name (of the enterprise or the applicant)",
        "consents": "Consents", "consents_title": "Let an association act for you",
        "consents_intro": "With your consent an association may edit and submit your needs (never declassify or "
                          "withdraw them). You can revoke it at any time.",
        "consents_for_association": "These enterprises let your association act on their needs.",
        "association": "Association", "grant": "Grant", "granted_at": "Granted", "granted_by": "Granted by",
        "no_consents": "No consents yet.", "no_associations": "No association to consent to yet.",
        "consent_note": "Note (optional)", "revoked_at": "Revoked",
        "admin": "Accounts", "orgs": "Organisations", "orgs_title": "Organisations and accounts", "org_kind": "Kind",
        "center_id": "Provider", "center_id_hint": "A provider in the catalog: choose its entry; “New applicant” makes "
                                                  "an applicant provider, whose coordinator files its application "
                                                  "first",
        "center_new_applicant": "New applicant (not in the catalog yet)",
        "create_org": "New organisation", "users": "Users", "keys": "API keys", "create_user": "New user",
        "create_key": "New key", "expires_days": "Days valid (optional)",
        "cors_origins_hint": "One per line, e.g. https://www.example.org; a key with origins reads the public feed "
                             "only",
        "scopes_hint": "Only the scopes of the organisation's role", "disable": "Disable", "enable": "Enable",
        "end_sessions": "End all logins", "reset_password": "Reset password", "last_login": "Last login",
        "key_created_title": "Key created",
        "key_created_text": "Copy it now and keep it safe. It is not shown again once you leave this page; a lost "
                            "key can only be revoked and replaced.",
        "key_secret": "Key", "copy": "Copy", "copied": "Copied", "back_to_org": "Back to the organisation",
        "registrations": "Registrations", "registrations_title": "Enterprises' own registrations",
        "registrations_empty": "No registration is waiting.", "approve_registration": "Approve", "refuse": "Refuse",
        "refuse_reason": "Why it is refused (the enterprise reads this when it logs in)", "approval": "Approval",
        "reviewed": "Decided registrations",
        "audit": "Audit log", "audit_title": "Security audit log", "audit_kind": "What",
        "audit_outcome": "Outcome", "audit_from": "(from {address})", "outcome_ok": "ok",
        "outcome_refused": "refused", "all": "All",
        "filter": "Filter", "no_audit": "Nothing on record.",
        "kind_enterprise": "Enterprise", "kind_center": "Center", "kind_association": "Association",
        "approval_pending": "awaiting approval", "approval_approved": "approved", "approval_refused": "refused",
        "field_org_name": "Enterprise name", "field_username": "Username", "field_password": "Password",
        "field_password_again": "Password again", "field_email": "Email",
        "field_new_password": "New password", "field_current_password": "Current password", "field_name": "Name",
        "field_scopes": "Scopes", "field_kind": "Kind", "field_role": "Role", "field_note": "Note",
        "field_association_org_id": "Association", "field_version": "Version", "field_transition": "Step",
        "field_reason": "Reason", "field_center_id": "Center",
        "by_name": "{name} ({role})", "actor_unknown": "the platform",
    },
}

assert set(CONSOLE_STRINGS["zh"]) == set(CONSOLE_STRINGS["en"]), "every console string needs both languages"
