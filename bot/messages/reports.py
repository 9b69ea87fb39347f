"""Messages for reports, charts, exports, the process's health and the process survey."""

MESSAGES = {
    # -- help -----------------------------------------------------------------------------------------------
    "help.line.report": {
        "en": "`/perf report [@person|team|Department|org] [cycle]`: a summary and charts in your DM (your own with nothing after it)",
        "zh-CN": "`/perf report [@成员|team|部门|org] [周期]`：在私信中收到摘要和图表（不加参数即为你自己的）",
    },
    "help.line.report_hr": {
        "en": "`/perf export [json|csv|xlsx] [cycle]`: every record as a file in your DM; `/perf health [cycle]`: how well the process works; `/perf survey`: ask everyone about the process; `/perf report-settings [on|off|day N]`: scheduled reports",
        "zh-CN": "`/perf export [json|csv|xlsx] [周期]`：在私信中收到所有记录的文件；`/perf health [周期]`：流程运行情况；`/perf survey`：向所有人征求对流程的意见；`/perf report-settings [on|off|day N]`：定期报告",
    },
    # -- scopes and errors -----------------------------------------------------------------------------------
    "report.scope.person": {"en": "{name}", "zh-CN": "{name}"},
    "report.scope.team": {"en": "Team of {name}", "zh-CN": "团队：{name}"},
    "report.scope.department": {"en": "Department {name}", "zh-CN": "部门：{name}"},
    "report.scope.org": {"en": "Organisation {name}", "zh-CN": "组织：{name}"},
    "report.unknown_scope": {
        "en": "I don't know the report scope `{scope}`. Try `/perf report`, `/perf report @person`, `team`, a department's name, or `org`.",
        "zh-CN": "我不认识报告范围 `{scope}`。试试 `/perf report`、`/perf report @成员`、`team`、部门名称或 `org`。",
    },
    "report.unknown_department": {
        "en": "There is no department called {department} here.",
        "zh-CN": "这里没有名为 {department} 的部门。",
    },
    "report.unknown_cycle": {"en": "There is no cycle called {cycle}.", "zh-CN": "没有名为 {cycle} 的周期。"},
    "report.no_cycle": {
        "en": "There is no cycle yet, so there is nothing to report.",
        "zh-CN": "还没有任何周期，暂无可报告的内容。",
    },
    "report.org_hr_only": {
        "en": "Only HR admins can see the organisation report.",
        "zh-CN": "只有 HR 管理员可以查看组织报告。",
    },
    "report.no_team": {
        "en": "Nobody reports to you, so you have no team report. `/perf report` shows your own.",
        "zh-CN": "没有人向你汇报，因此没有团队报告。`/perf report` 可查看你自己的报告。",
    },
    "report.department_not_yours": {
        "en": "Nobody in that department is in your reporting line.",
        "zh-CN": "该部门中没有人在你的汇报线上。",
    },
    "report.folder_unwritable": {
        "en": "Cannot write the report to {folder}: {reason}. Nothing was written.",
        "zh-CN": "无法将报告写入 {folder}：{reason}。未写入任何内容。",
    },
    "report.settings_day": {
        "en": "The day must be between 1 and 28, e.g. `/perf report-settings day 3`.",
        "zh-CN": "日期必须在 1 到 28 之间，例如 `/perf report-settings day 3`。",
    },
    "report.settings_usage": {
        "en": "Try `/perf report-settings`, `/perf report-settings on`, `off` or `day 3`.",
        "zh-CN": "试试 `/perf report-settings`、`/perf report-settings on`、`off` 或 `day 3`。",
    },
    "report.settings": {
        "en": "Scheduled reports are *{state}*: managers get their team report and HR the organisation report on day {day} of each month at 09:00 their time; HR also gets one when a cycle ends.",
        "zh-CN": "定期报告已*{state}*：每月 {day} 日当地时间 09:00，经理收到团队报告，HR 收到组织报告；周期结束时 HR 另收到一份。",
    },
    "report.settings.on": {"en": "on", "zh-CN": "开启"},
    "report.settings.off": {"en": "off", "zh-CN": "关闭"},
    # -- answering -------------------------------------------------------------------------------------------
    "report.preparing": {
        "en": "Preparing the report for {scope} ({cycle}); it arrives in your DM with Perfbot.",
        "zh-CN": "正在准备 {scope}（{cycle}）的报告，稍后将发送到你与 Perfbot 的私信中。",
    },
    "report.show_button": {"en": "Show the report", "zh-CN": "查看报告"},
    "report.monthly.team": {
        "en": "Your monthly team report ({month}) is ready.",
        "zh-CN": "你的团队月度报告（{month}）已准备好。",
    },
    "report.monthly.org": {
        "en": "The monthly organisation report ({month}) is ready.",
        "zh-CN": "组织月度报告（{month}）已准备好。",
    },
    "report.cycle_end": {
        "en": "Cycle {cycle} has ended: the organisation report is ready.",
        "zh-CN": "周期 {cycle} 已结束：组织报告已准备好。",
    },
    # -- summary -----------------------------------------------------------------------------------------
    "report.summary.title": {
        "en": "*{scope}* · {cycle} · {people} people",
        "zh-CN": "*{scope}* · {cycle} · {people} 人",
    },
    "report.summary.goals": {
        "en": "Goals ({goals} agreed): {parts}",
        "zh-CN": "目标（已确认 {goals} 个）：{parts}",
    },
    "report.summary.perspective": {"en": "{name} {progress}", "zh-CN": "{name} {progress}"},
    "report.summary.no_goals": {"en": "No agreed goals yet.", "zh-CN": "尚无已确认的目标。"},
    "report.summary.kpis": {"en": "{count} KPIs tracked.", "zh-CN": "跟踪中的 KPI：{count} 个。"},
    "report.summary.checkins": {
        "en": "Check-ins: {latest} answered in the latest week ({mean} on average), mood {mood}/5.",
        "zh-CN": "签到：最近一周 {latest} 已回答（平均 {mean}），心情 {mood}/5。",
    },
    "report.summary.no_checkins": {"en": "No check-ins in this cycle yet.", "zh-CN": "本周期还没有签到。"},
    "report.summary.feedback": {
        "en": "Feedback: {given} given, {received} received; kudos: {kudos_given} given, {kudos_received} received.",
        "zh-CN": "反馈：给出 {given} 条，收到 {received} 条；表扬：给出 {kudos_given} 条，收到 {kudos_received} 条。",
    },
    "report.summary.reviews": {"en": "Reviews: {done} complete.", "zh-CN": "评估：已完成 {done}。"},
    "report.survey": {
        "en": "Process survey ({answers} answers, 1–5): fair {fair}, clear goals {clear_goals}, useful feedback {useful_feedback}, helpful one-to-ones {helpful_one_on_ones}{previous}",
        "zh-CN": "流程调查（{answers} 份回答，1–5）：公平 {fair}，目标清晰 {clear_goals}，反馈有用 {useful_feedback}，一对一有帮助 {helpful_one_on_ones}{previous}",
    },
    "report.survey.previous": {
        "en": " · previous cycle {cycle}: fair {fair}, clear goals {clear_goals}, useful feedback {useful_feedback}, helpful one-to-ones {helpful_one_on_ones}",
        "zh-CN": " · 上一周期 {cycle}：公平 {fair}，目标清晰 {clear_goals}，反馈有用 {useful_feedback}，一对一有帮助 {helpful_one_on_ones}",
    },
    "report.survey.too_few": {
        "en": "Process survey: {answers} answers so far; results show from {minimum}.",
        "zh-CN": "流程调查：目前 {answers} 份回答；满 {minimum} 份后显示结果。",
    },
    # -- charts ------------------------------------------------------------------------------------------
    "report.chart.perspectives": {"en": "Goal progress by perspective · {cycle}", "zh-CN": "各维度目标进度 · {cycle}"},
    "report.chart.progress_axis": {"en": "progress to target (%)", "zh-CN": "目标完成度 (%)"},
    "report.chart.kpis": {"en": "KPIs against their targets · {cycle}", "zh-CN": "KPI 与目标对比 · {cycle}"},
    "report.chart.kpis_mean": {
        "en": "Mean progress of {count} KPIs to target · {cycle}",
        "zh-CN": "{count} 个 KPI 的平均目标完成度 · {cycle}",
    },
    "report.chart.target": {"en": "target", "zh-CN": "目标"},
    "report.chart.checkins": {"en": "Check-ins and mood by week · {cycle}", "zh-CN": "每周签到与心情 · {cycle}"},
    "report.chart.participation_axis": {"en": "answered (%)", "zh-CN": "回答率 (%)"},
    "report.chart.mood_axis": {"en": "mood (1–5)", "zh-CN": "心情 (1–5)"},
    "report.chart.feedback": {"en": "Feedback and kudos · {cycle}", "zh-CN": "反馈与表扬 · {cycle}"},
    "report.chart.reviews": {
        "en": "Ratings · {cycle} ({done}% of reviews done)",
        "zh-CN": "评分分布 · {cycle}（已完成 {done}%）",
    },
    "report.perspective.financial": {"en": "Financial", "zh-CN": "财务"},
    "report.perspective.customer": {"en": "Customer", "zh-CN": "客户"},
    "report.perspective.internal": {"en": "Internal process", "zh-CN": "内部流程"},
    "report.perspective.learning": {"en": "Learning & growth", "zh-CN": "学习与成长"},
    "report.perspective.all": {"en": "All goals", "zh-CN": "全部目标"},
    "report.feedback.feedback": {"en": "Feedback", "zh-CN": "反馈"},
    "report.feedback.kudos": {"en": "Kudos", "zh-CN": "表扬"},
    "report.given": {"en": "given", "zh-CN": "给出"},
    "report.received": {"en": "received", "zh-CN": "收到"},
    # -- App Home --------------------------------------------------------------------------------------------
    "report.home.title": {"en": "Your dashboard", "zh-CN": "你的仪表盘"},
    "report.home.goals": {"en": "*Goals* ({cycle}): {goals}", "zh-CN": "*目标*（{cycle}）：{goals}"},
    "report.home.no_goals": {"en": "*Goals*: none agreed yet", "zh-CN": "*目标*：尚无已确认的目标"},
    "report.home.checkins": {"en": "*Recent check-ins*: {weeks}", "zh-CN": "*最近签到*：{weeks}"},
    "report.home.no_checkins": {"en": "*Recent check-ins*: none yet", "zh-CN": "*最近签到*：暂无"},
    "report.home.feedback": {
        "en": "*Feedback received*: {count} (latest: {latest})",
        "zh-CN": "*收到的反馈*：{count} 条（最近：{latest}）",
    },
    "report.home.no_feedback": {"en": "*Feedback received*: none yet", "zh-CN": "*收到的反馈*：暂无"},
    "report.home.team_button": {"en": "Team report", "zh-CN": "团队报告"},
    "report.home.org_button": {"en": "Organisation report", "zh-CN": "组织报告"},
    # -- export ------------------------------------------------------------------------------------------
    "export.unknown_person": {"en": "Nobody here has the e-mail {email}.", "zh-CN": "这里没有人使用邮箱 {email}。"},
    "export.bad_scope": {
        "en": "Unknown export scope {scope}: use org, department:NAME or person:EMAIL.",
        "zh-CN": "未知的导出范围 {scope}：请使用 org、department:名称 或 person:邮箱。",
    },
    "export.unwritable": {
        "en": "Cannot write {path}: {reason}. Nothing was written.",
        "zh-CN": "无法写入 {path}：{reason}。未写入任何内容。",
    },
    "export.bad_format": {
        "en": "Unknown format {format}: use json, csv or xlsx.",
        "zh-CN": "未知格式 {format}：请使用 json、csv 或 xlsx。",
    },
    "export.everything": {"en": "everything", "zh-CN": "全部记录"},
    "export.preparing": {
        "en": "Exporting {cycle} as {format}; the file arrives in your DM with Perfbot.",
        "zh-CN": "正在以 {format} 格式导出 {cycle}，文件稍后将发送到你与 Perfbot 的私信中。",
    },
    "export.sent": {
        "en": "Export of {cycle}: {counts}. Anonymous authors are left out.",
        "zh-CN": "{cycle} 的导出：{counts}。匿名作者不会被导出。",
    },
    # -- health ------------------------------------------------------------------------------------------
    "health.title": {
        "en": "*How the process works* · {cycle} ({elapsed} of the cycle gone)",
        "zh-CN": "*流程运行情况* · {cycle}（周期已过 {elapsed}）",
    },
    "health.manager": {
        "en": "• {manager}'s team: goals agreed for {agreed}/{people} ({late} late), check-ins answered {checkins}",
        "zh-CN": "• {manager} 的团队：{agreed}/{people} 人已确认目标（{late} 人逾期），签到回答率 {checkins}",
    },
    "health.never_updated": {
        "en": "Goals never updated: {count}{goals}",
        "zh-CN": "从未更新的目标：{count} 个{goals}",
    },
    "health.kpis_without_data": {"en": "KPIs with no data: {count}", "zh-CN": "没有数据的 KPI：{count} 个"},
    "health.easy": {
        "en": "Too easy (at 100 % before half-way): {count}{goals}",
        "zh-CN": "过于容易（未过半即达 100%）：{count} 个{goals}",
    },
    "health.impossible": {
        "en": "Out of reach (still at 0 % late in the cycle): {count}{goals}",
        "zh-CN": "难以实现（周期后期仍为 0%）：{count} 个{goals}",
    },
    "health.weights": {
        "en": "People whose goal weights never added up to 100: {count}",
        "zh-CN": "目标权重从未合计为 100 的人：{count} 人",
    },
    "health.checkins": {
        "en": "Check-in response rate (mood) by week: {trend}",
        "zh-CN": "每周签到回答率（心情）：{trend}",
    },
    "health.no_checkins": {"en": "No check-ins in this cycle yet.", "zh-CN": "本周期还没有签到。"},
    "health.one_way": {
        "en": "Teams where feedback only flows down: {teams}",
        "zh-CN": "反馈只自上而下的团队：{teams}",
    },
    "health.none": {"en": "none", "zh-CN": "无"},
    # -- survey ------------------------------------------------------------------------------------------
    "survey.invite": {
        "en": "How well does our performance process work ({cycle})? Four quick questions, answered anonymously.",
        "zh-CN": "我们的绩效流程运行得怎么样（{cycle}）？四个简短问题，匿名回答。",
    },
    "survey.answer_button": {"en": "Answer", "zh-CN": "回答"},
    "survey.launched": {
        "en": "The process survey for {cycle} is on its way to {count} people. Results show for groups of {minimum} or more answers.",
        "zh-CN": "{cycle} 的流程调查正在发送给 {count} 人。回答满 {minimum} 份的组才会显示结果。",
    },
    "survey.not_found": {"en": "That survey is no longer open.", "zh-CN": "该调查已不再开放。"},
    "survey.scores": {"en": "Pick a score from 1 to 5 for each question.", "zh-CN": "请为每个问题选择 1 到 5 分。"},
    "survey.already": {
        "en": "You have already answered this survey. Thank you!",
        "zh-CN": "你已经回答过这份调查，谢谢！",
    },
    "survey.thanks": {"en": "Thank you! Your answer is anonymous.", "zh-CN": "谢谢！你的回答是匿名的。"},
    "survey.title": {"en": "Process survey", "zh-CN": "流程调查"},
    "survey.submit": {"en": "Send", "zh-CN": "提交"},
    "survey.intro": {
        "en": "1 = not at all, 5 = fully. Nobody sees who answered what.",
        "zh-CN": "1 = 完全不，5 = 完全是。没有人能看到谁回答了什么。",
    },
    "survey.q.fair": {"en": "Is the process fair?", "zh-CN": "流程公平吗？"},
    "survey.q.clear_goals": {"en": "Are your goals clear?", "zh-CN": "你的目标清晰吗？"},
    "survey.q.useful_feedback": {"en": "Was the feedback useful?", "zh-CN": "收到的反馈有用吗？"},
    "survey.q.helpful_one_on_ones": {"en": "Did one-to-ones help?", "zh-CN": "一对一谈话有帮助吗？"},
    "survey.comment": {"en": "Anything else? (optional)", "zh-CN": "还有其他意见吗？（可选）"},
}
