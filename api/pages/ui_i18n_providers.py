"""The UI strings of the providers' console (issue 30, item 7: the list with its filters and paging, the dashboard's
links and charts, a corrective action's attachments), merged into :mod:`api.pages.ui_i18n`. Both languages, the
same keys.
"""

from __future__ import annotations

PROVIDER_CONSOLE_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "pl_name": "机构名称", "pl_kind": "机构类型", "pl_region": "所在地区", "pl_stage": "生命周期阶段",
        "pl_status": "目录状态", "pl_rating": "最新评级", "pl_attention": "待办事项", "pl_no_region": "未填写地区",
        "pl_search_ph": "机构名称、地区",
        "pl_overdue_only": "仅看有逾期履职的", "pl_waiting_only": "仅看有待决定事项的",
        "pl_count": "共 {total} 家机构（全部 {everyone} 家）", "pl_page": "第 {page} 页，共 {pages} 页",
        "pl_prev": "上一页", "pl_next": "下一页", "pl_paging": "分页", "pl_empty": "没有符合条件的机构。",
        "pl_not_applied": "本机构尚未提交申请。申请经协会受理、主管部门批准后，"
                          "本机构的各项事务（履职事项、评价、整改）都在这里办理。",
        "pl_overdue_n": "逾期履职 {n} 项", "pl_waiting_n": "待决定 {n} 项", "pl_stars": "{n} 星",
        "pl_unrated": "尚未评级", "pl_table": "机构列表", "pl_filters": "筛选机构",
        "diff_was_empty": "（未填写）", "diff_filled": "填写了 {value}", "diff_cleared": "清空了",
        "db_total_link": "查看全部机构", "db_key_numbers": "关键数字", "db_operating": "运行中",
        "db_rectifying": "整改中", "db_overdue_providers": "有逾期履职的机构", "db_waiting": "待协会决定的事项",
        # the bureau is not the association: its providers' proposals, decided by it or by the association
        "db_waiting_authority": "辖区机构待决定的事项",
        "db_list_behind": "查看名单", "db_ratings_chart": "各机构评级总分（按评价期，满分 100，虚线为 60 分合格线）",
        "db_pass_line": "合格线 60", "db_obligations_chart": "履职事项按月统计（按截止月份）",
        "db_ob_on_time": "按期完成", "db_ob_late": "逾期后完成", "db_ob_overdue": "已逾期未完成",
        "db_ob_open": "未到期",
        "db_month": "月份", "db_chart_top": "图中只画最近评级的 {n} 家机构，表格列出全部。",
        "ca_files": "附件（整改报告、照片等）",
        "ca_files_hint": "可选，最多 {n} 个，单个不超过 {mb} MB；可上传 {kinds}。",
        "ca_attached": "附件",
        "pt_title": "能力验证与比对", "pt_hint": "能力验证、实验室间比对、测量审核及其结果；评价期内的满意率作为"
        "“专家人才作用与团队协作”的记录值（本项目的解读）。", "pt_empty": "暂无记录。", "pt_kind": "类型",
        "pt_scheme": "计划/组织方", "pt_item": "检测项目", "pt_date": "日期", "pt_result": "结果", "pt_note": "备注",
        "pt_record": "记录结果", "pt_by": "记录人",
        "history_by": "办理人", "history_by_system": "系统（自动）",
        "awaiting_provider_filing": "待机构报送：由机构本身报送，协会审核。",
        "recheck_waits": "整改复核通过须待全部整改项复核通过：尚有 {n} 项未关闭。",
    },
    "en": {
        "pl_name": "Institution", "pl_kind": "Kind", "pl_region": "Region", "pl_stage": "Lifecycle stage",
        "pl_status": "Catalog status", "pl_rating": "Latest rating", "pl_attention": "Needs attention",
        "pl_no_region": "No region given", "pl_search_ph": "Name, region",
        "pl_overdue_only": "Only with overdue obligations",
        "pl_waiting_only": "Only with decisions waiting",
        "pl_count": "{total} providers ({everyone} in all)", "pl_page": "Page {page} of {pages}",
        "pl_prev": "Previous", "pl_next": "Next", "pl_paging": "Pages", "pl_empty": "No provider matches.",
        "pl_not_applied": "Your center has not applied yet. Once the association accepts the application and the "
                          "authority approves it, your center's obligations, ratings and corrective actions are here.",
        "pl_overdue_n": "{n} overdue", "pl_waiting_n": "{n} waiting", "pl_stars": "{n} stars",
        "pl_unrated": "Not rated yet", "pl_table": "Providers", "pl_filters": "Filter providers",
        "diff_was_empty": "(empty)", "diff_filled": "set to {value}", "diff_cleared": "cleared",
        "db_total_link": "All providers", "db_key_numbers": "Key numbers", "db_operating": "Operating",
        "db_rectifying": "Rectifying", "db_overdue_providers": "With overdue obligations",
        "db_waiting": "Decisions waiting", "db_list_behind": "See the list",
        "db_waiting_authority": "Decisions waiting on providers in your jurisdiction",
        "db_ratings_chart": "Rating totals by period (out of 100; the dashed line is the pass mark, 60)",
        "db_pass_line": "Pass 60", "db_obligations_chart": "Obligations by month (month due)",
        "db_ob_on_time": "Done on time", "db_ob_late": "Done late", "db_ob_overdue": "Overdue, not done",
        "db_ob_open": "Not yet due", "db_month": "Month",
        "db_chart_top": "The chart draws the {n} most recently rated providers; the table lists them all.",
        "ca_files": "Attachments (the report, photos…)", "ca_files_hint": "Optional, up to {n}, each at most {mb} MB; "
        "accepted: {kinds}.",
        "ca_attached": "Attachments",
        "pt_title": "Proficiency testing and comparisons", "pt_hint": "Proficiency tests, inter-laboratory "
        "comparisons and measurement audits with their results; the period's share of satisfactory results is the "
        "recorded value of “experts' role and teamwork” (this project's reading).", "pt_empty": "Nothing recorded.",
        "pt_kind": "Kind", "pt_scheme": "Scheme or organiser", "pt_item": "Item tested", "pt_date": "Date",
        "pt_result": "Result", "pt_note": "Note", "pt_record": "Record the result", "pt_by": "Recorded by",
        "history_by": "Done by", "history_by_system": "the system (automatic)",
        "awaiting_provider_filing": "Awaiting the provider's filing: the provider files it, the association "
                                    "reviews it.",
        "recheck_waits": "The rectification's re-check passes only once every finding has passed its own: {n} "
                         "still open.",
    },
}
