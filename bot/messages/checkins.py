"""Messages for weekly check-ins, their schedules, digests and replies, and the delivery report."""

MESSAGES = {
    # -- questions -----------------------------------------------------------------------------
    "checkin.q.goals": {"en": "Progress on your goals", "zh-CN": "目标进展"},
    "checkin.q.went_well": {"en": "What went well this week?", "zh-CN": "本周哪些事情进展顺利？"},
    "checkin.q.blockers": {"en": "Blockers, or where do you need help?", "zh-CN": "遇到的阻碍，或需要哪些帮助？"},
    "checkin.q.next_week": {"en": "Plans for next week", "zh-CN": "下周计划"},
    "checkin.q.mood": {
        "en": "How confident do you feel? (1 = low, 5 = great)",
        "zh-CN": "你的信心如何？（1 = 很低，5 = 很好）",
    },
    # -- prompts, thanks, replies ----------------------------------------------------------------
    "checkin.prompt.text": {
        "en": "Time for your weekly check-in ({week}). It takes two minutes.",
        "zh-CN": "该做每周签到了（{week}），只需两分钟。",
    },
    "checkin.reminder.text": {
        "en": "A gentle reminder: your check-in for {week} is still open.",
        "zh-CN": "温馨提醒：你 {week} 的签到还没有完成。",
    },
    "checkin.button.open": {"en": "Check in", "zh-CN": "去签到"},
    "checkin.thanks.new": {
        "en": "Thanks, your check-in for {week} is saved.",
        "zh-CN": "谢谢，你 {week} 的签到已保存。",
    },
    "checkin.thanks.edited": {"en": "Your check-in for {week} is updated.", "zh-CN": "你 {week} 的签到已更新。"},
    "checkin.kpi": {"en": " (KPI now {value})", "zh-CN": "（KPI 当前值 {value}）"},
    "checkin.stats": {
        "en": "Streak: {count} weeks · participation: {rate}",
        "zh-CN": "连续签到：{count} 周 · 参与率：{rate}",
    },
    "checkin.stats.one": {
        "en": "Streak: {count} week · participation: {rate}",
        "zh-CN": "连续签到：{count} 周 · 参与率：{rate}",
    },
    "checkin.reply.text": {
        "en": "{author} replied to your check-in for {week}:\n>{text}",
        "zh-CN": "{author} 回复了你 {week} 的签到：\n>{text}",
    },
    "checkin.reply.sent": {"en": "Your reply is on its way to <@{person}>.", "zh-CN": "你的回复已发给 <@{person}>。"},
    # -- modal -----------------------------------------------------------------------------------
    "checkin.modal.title": {"en": "Weekly check-in", "zh-CN": "每周签到"},
    "checkin.modal.submit": {"en": "Submit", "zh-CN": "提交"},
    "checkin.modal.cancel": {"en": "Cancel", "zh-CN": "取消"},
    "checkin.modal.intro": {
        "en": "Your check-in for *{week}*. Submitting again later edits it.",
        "zh-CN": "你 *{week}* 的签到。之后再次提交会修改它。",
    },
    "checkin.modal.goal_progress": {"en": "{title}: progress %", "zh-CN": "{title}：进度 %"},
    "checkin.modal.kpi": {"en": "{title}: new KPI value", "zh-CN": "{title}：新的 KPI 值"},
    "checkin.reply.modal.title": {"en": "Reply to check-in", "zh-CN": "回复签到"},
    "checkin.reply.label": {"en": "Your reply (shared with the person)", "zh-CN": "你的回复（对方可见）"},
    "checkin.reply.send": {"en": "Send", "zh-CN": "发送"},
    "checkin.button.reply": {"en": "Reply to {name}", "zh-CN": "回复 {name}"},
    # -- digest ----------------------------------------------------------------------------------
    "checkin.digest.title": {
        "en": "Team check-ins for {week}: {answered} of {total} answered",
        "zh-CN": "团队 {week} 签到：{total} 人中 {answered} 人已完成",
    },
    "checkin.digest.answered": {"en": "✅ {person} · mood {trend}", "zh-CN": "✅ {person} · 信心 {trend}"},
    "checkin.digest.missing": {"en": "⏳ {person} has not checked in", "zh-CN": "⏳ {person} 尚未签到"},
    "checkin.digest.away": {"en": "🌴 {person} is away this week", "zh-CN": "🌴 {person} 本周不在"},
    "checkin.digest.skipped": {"en": "⏭️ {person} skipped this week", "zh-CN": "⏭️ {person} 跳过了本周签到"},
    "checkin.digest.blockers": {"en": "Blockers: {text}", "zh-CN": "阻碍：{text}"},
    # -- /checkin --------------------------------------------------------------------------------
    "checkin.usage": {
        "en": "Try `/checkin` (answer now), `/checkin skip` (skip this week) or `/checkin away 2027-03-01..2027-03-05`.",
        "zh-CN": "试试 `/checkin`（现在签到）、`/checkin skip`（跳过本周）或 `/checkin away 2027-03-01..2027-03-05`。",
    },
    "checkin.away.usage": {
        "en": "Give the days as `/checkin away 2027-03-01..2027-03-05` (or one day: `/checkin away 2027-03-01`).",
        "zh-CN": "请这样写日期：`/checkin away 2027-03-01..2027-03-05`（或一天：`/checkin away 2027-03-01`）。",
    },
    "checkin.away.done": {
        "en": "Noted: no check-in prompts from {first} to {last}.",
        "zh-CN": "已记录：{first} 至 {last} 不会收到签到提醒。",
    },
    "checkin.skip.done": {
        "en": "Skipped: no check-in or reminder for {week}. See you next week.",
        "zh-CN": "已跳过：{week} 不再提醒签到。下周见。",
    },
    "checkin.away.order": {"en": "The first day must come before the last day.", "zh-CN": "开始日期必须早于结束日期。"},
    "checkin.away.range": {
        "en": "Choose days that have not passed, at most {days} days long.",
        "zh-CN": "请选择尚未过去的日期，最长 {days} 天。",
    },
    # -- errors ----------------------------------------------------------------------------------
    "checkin.goal_unknown": {
        "en": "That goal is not one of your active goals.",
        "zh-CN": "该目标不是你当前的有效目标。",
    },
    "checkin.bad_week": {"en": "That check-in week can no longer be answered.", "zh-CN": "该周的签到已无法填写。"},
    "checkin.bad_scale": {"en": "Pick a number from 1 to 5.", "zh-CN": "请选择 1 到 5 之间的数字。"},
    "checkin.bad_number": {"en": "Enter a number, e.g. 42 or 3.5.", "zh-CN": "请输入数字，例如 42 或 3.5。"},
    "checkin.bad_progress": {
        "en": "Progress is a percentage from 0 to 100.",
        "zh-CN": "进度是 0 到 100 之间的百分比。",
    },
    "checkin.too_long": {"en": "Keep it under {limit} characters.", "zh-CN": "请控制在 {limit} 个字符以内。"},
    "checkin.empty": {"en": "Answer at least one question.", "zh-CN": "请至少回答一个问题。"},
    "checkin.not_found": {"en": "I can't find that check-in.", "zh-CN": "找不到该签到。"},
    "checkin.reply.length": {"en": "Write a reply of up to {limit} characters.", "zh-CN": "回复最多 {limit} 个字符。"},
    # -- schedules -------------------------------------------------------------------------------
    "checkin.schedule.managers_only": {
        "en": "Only a manager (for their team) or HR can change a team's check-in schedule.",
        "zh-CN": "只有经理（针对自己的团队）或 HR 可以修改团队的签到安排。",
    },
    "checkin.schedule.bad_time": {
        "en": "`{value}` is not a time like 16:00.",
        "zh-CN": "`{value}` 不是类似 16:00 的时间。",
    },
    "checkin.schedule.no_days": {"en": "Pick at least one day.", "zh-CN": "请至少选择一天。"},
    "checkin.schedule.bad_delay": {"en": "A reminder delay is 1 to 96 hours.", "zh-CN": "提醒延迟为 1 到 96 小时。"},
    "checkin.schedule.bad_country": {
        "en": "`{country}` is not a country code I know holidays for (e.g. GB, GB-ENG, US-CA, AU-NSW, CN).",
        "zh-CN": "`{country}` 不是可识别节假日的国家代码（例如 GB、GB-ENG、US-CA、AU-NSW、CN）。",
    },
    "checkin.schedule.usage": {
        "en": "Try `/perf checkin-schedule [team] fri 16:00 remind=morning|24h digest=17:00 country=GB "
        "channel=#team-updates on|off`, or with no settings to see the current one.",
        "zh-CN": "试试 `/perf checkin-schedule [team] fri 16:00 remind=morning|24h digest=17:00 country=GB "
        "channel=#团队频道 on|off`，不带参数则查看当前设置。",
    },
    "checkin.schedule.show": {
        "en": "*Check-ins ({scope})*: {state} · {days} at {time} local · reminder: {reminder} · "
        "digest: next working day {digest} · holidays: {country} · channel: {channel}\nQuestions:\n{questions}",
        "zh-CN": "*签到（{scope}）*：{state} · 当地时间 {days} {time} · 提醒：{reminder} · "
        "汇总：下一个工作日 {digest} · 节假日：{country} · 频道：{channel}\n问题：\n{questions}",
    },
    "checkin.schedule.none": {
        "en": "Check-ins are not set up yet. HR starts them with `/perf checkin-schedule on` (Friday 16:00 by default).",
        "zh-CN": "尚未设置签到。HR 可用 `/perf checkin-schedule on` 开启（默认周五 16:00）。",
    },
    "checkin.schedule.team_follows": {
        "en": "Your team has no schedule of its own, so the workspace default below applies to it. Give it its own "
        "with e.g. `/perf checkin-schedule team mon,thu 10:30`.",
        "zh-CN": "你的团队没有单独的签到安排，因此适用下面的工作区默认安排。可用例如 "
        "`/perf checkin-schedule team mon,thu 10:30` 为团队单独设置。",
    },
    "checkin.scope.workspace": {"en": "workspace default", "zh-CN": "工作区默认"},
    "checkin.scope.team": {"en": "your team", "zh-CN": "你的团队"},
    "checkin.state.on": {"en": "on", "zh-CN": "已开启"},
    "checkin.state.off": {"en": "off", "zh-CN": "已关闭"},
    "checkin.reminder.morning": {"en": "next working morning at {time}", "zh-CN": "下一个工作日 {time}"},
    "checkin.reminder.hours": {"en": "{hours} h after the prompt", "zh-CN": "签到提示发出 {hours} 小时后"},
    "checkin.questions.usage": {
        "en": "Try `/perf checkin-questions [team] add text|scale|goals Question?`, `remove 2` or `reset`.",
        "zh-CN": "试试 `/perf checkin-questions [team] add text|scale|goals 问题？`、`remove 2` 或 `reset`。",
    },
    "checkin.questions.bad_type": {
        "en": "`{kind}` is not a question type: use text, scale (1–5) or goals.",
        "zh-CN": "`{kind}` 不是问题类型：请用 text、scale（1–5）或 goals。",
    },
    "checkin.questions.bad_label": {
        "en": "Write the question (up to 150 characters).",
        "zh-CN": "请写出问题（最多 150 个字符）。",
    },
    "checkin.questions.too_many": {
        "en": "A check-in has at most {limit} questions.",
        "zh-CN": "签到最多 {limit} 个问题。",
    },
    "checkin.questions.goals_twice": {"en": "The goals question is already there.", "zh-CN": "目标问题已存在。"},
    "checkin.questions.bad_position": {
        "en": "Give the number of a question (1 to {count}); a check-in keeps at least one.",
        "zh-CN": "请给出问题编号（1 到 {count}）；签到至少保留一个问题。",
    },
    "checkin.type.text": {"en": "free text", "zh-CN": "文本"},
    "checkin.type.scale": {"en": "1–5", "zh-CN": "1–5 分"},
    "checkin.type.goals": {"en": "goal progress", "zh-CN": "目标进展"},
    # -- home, help, deliveries ------------------------------------------------------------------
    "checkin.home.title": {"en": "Check-ins", "zh-CN": "签到"},
    "checkin.home.team": {"en": "{person}: {stats}", "zh-CN": "{person}：{stats}"},
    "help.line.checkin": {
        "en": "`/checkin`: answer your weekly check-in · `/checkin skip` · `/checkin away FROM..TO`",
        "zh-CN": "`/checkin`：填写每周签到 · `/checkin skip` · `/checkin away 开始..结束`",
    },
    "help.line.checkin_schedule": {
        "en": "`/perf checkin-schedule team …` and `/perf checkin-questions team …`: your team's check-in day, "
        "time, reminder, digest channel and questions",
        "zh-CN": "`/perf checkin-schedule team …` 和 `/perf checkin-questions team …`：团队签到的日期、时间、提醒、汇总频道和问题",
    },
    "help.line.checkin_workspace": {
        "en": "`/perf checkin-schedule …` and `/perf checkin-questions …`: the workspace's default check-ins; "
        "`/perf deliveries`: messages Slack refused",
        "zh-CN": "`/perf checkin-schedule …` 和 `/perf checkin-questions …`：工作区默认签到；`/perf deliveries`：发送失败的消息",
    },
    "deliveries.none": {"en": "No failed messages.", "zh-CN": "没有发送失败的消息。"},
    "deliveries.line": {
        "en": "• {kind} to <@{recipient}> ({period}): {error}",
        "zh-CN": "• {kind} 发给 <@{recipient}>（{period}）：{error}",
    },
    "deliveries.line_anonymous": {
        "en": "• {kind} to an anonymous responder ({period}): {error}",
        "zh-CN": "• {kind} 发给一位匿名回答者（{period}）：{error}",
    },
}
