"""Messages for improvement and development plans."""

MESSAGES = {
    "help.line.plan": {
        "en": "`/plan [@person]`: your (or a report's) improvement or development plan and its progress",
        "zh-CN": "`/plan [@成员]`：查看你（或下属）的改进或发展计划及进度",
    },
    "help.line.plan_manage": {
        "en": "`/plan @report improvement YYYY-MM-DD title` or `development title`; `/plan @report weekly|monthly|this-month action`; `/plan @report close met|not-met note` or `close extended YYYY-MM-DD note`",
        "zh-CN": "`/plan @下属 improvement YYYY-MM-DD 标题` 或 `development 标题`；`/plan @下属 weekly|monthly|this-month 行动`；`/plan @下属 close met|not-met 说明` 或 `close extended YYYY-MM-DD 说明`",
    },
    "plan.usage": {
        "en": "Try `/plan @report improvement 2027-02-15 Reliable code reviews`, `/plan @report weekly Review two PRs`, or `/plan @report close met Great progress`.",
        "zh-CN": "试试 `/plan @下属 improvement 2027-02-15 可靠的代码评审`、`/plan @下属 weekly 评审两个 PR` 或 `/plan @下属 close met 进步很大`。",
    },
    "plan.title": {"en": "Plan", "zh-CN": "计划"},
    "plan.empty.title": {
        "en": "The plan needs a title: `/plan @report improvement 2027-02-15 Reliable code reviews`.",
        "zh-CN": "计划需要标题：`/plan @下属 improvement 2027-02-15 可靠的代码评审`。",
    },
    "plan.empty.action": {
        "en": "The action goal is empty. Write it after the rhythm: `/plan @report weekly Review two PRs`.",
        "zh-CN": "行动目标内容为空。请写在频率后面：`/plan @下属 weekly 评审两个 PR`。",
    },
    "plan.empty.note": {
        "en": "Add a short note on the outcome: `/plan @report close met Great progress`.",
        "zh-CN": "请为结果写一句说明：`/plan @下属 close met 进步很大`。",
    },
    "plan.not_manager": {
        "en": "Only <@{person}>'s manager line or HR can do that with their plan.",
        "zh-CN": "只有 <@{person}> 汇报线上的经理或 HR 可以这样操作其计划。",
    },
    "plan.not_allowed": {
        "en": "<@{person}>'s plan is for them, their manager line and HR.",
        "zh-CN": "<@{person}> 的计划只有本人、其汇报线上的经理和 HR 可以查看。",
    },
    "plan.not_owner": {
        "en": "Only the plan's owner ticks off its progress.",
        "zh-CN": "只有计划的负责人可以勾选进度。",
    },
    "plan.review_date_needed": {
        "en": "An improvement plan needs a review date: `/plan @report improvement 2027-02-15 title`.",
        "zh-CN": "改进计划需要复核日期：`/plan @下属 improvement 2027-02-15 标题`。",
    },
    "plan.review_date_past": {"en": "The review date must be in the future.", "zh-CN": "复核日期必须在未来。"},
    "plan.extend_needs_date": {
        "en": "To extend, give the new review date: `/plan @report close extended 2027-03-15 why`.",
        "zh-CN": "延期请给出新的复核日期：`/plan @下属 close extended 2027-03-15 原因`。",
    },
    "plan.already_open": {
        "en": "<@{person}> already has a running plan; close it first.",
        "zh-CN": "<@{person}> 已有进行中的计划；请先结束它。",
    },
    "plan.none_open": {"en": "<@{person}> has no running plan.", "zh-CN": "<@{person}> 没有进行中的计划。"},
    "plan.close_usage": {
        "en": "Close with `met`, `not-met` or `extended YYYY-MM-DD` and a note: `/plan @report close met Reviews are reliable now`.",
        "zh-CN": "结束时请写 `met`、`not-met` 或 `extended YYYY-MM-DD` 以及说明：`/plan @下属 close met 评审已很可靠`。",
    },
    "plan.closed": {"en": "This plan is closed.", "zh-CN": "这个计划已结束。"},
    "plan.tick_not_offered": {
        "en": "Progress can only be ticked for the period the latest prompt asked about.",
        "zh-CN": "只能为最新提醒询问的周期勾选进展。",
    },
    "plan.action_not_found": {"en": "That action goal no longer exists.", "zh-CN": "这个行动目标已不存在。"},
    "plan.opened": {
        "en": "Plan opened for {person}. Add action goals with `weekly`, `monthly` or `this-month`.",
        "zh-CN": "已为 {person} 开启计划。用 `weekly`、`monthly` 或 `this-month` 添加行动目标。",
    },
    "plan.opened_notice.improvement": {
        "en": "{manager} opened an improvement plan with you: “{title}”, to be reviewed on {review}. Its action goals "
        "come to you each Friday to tick off; `/plan` shows it at any time.",
        "zh-CN": "{manager} 为你开启了改进计划：“{title}”，复核日期 {review}。每周五你会收到其中的行动目标以便勾选；"
        "随时可用 `/plan` 查看。",
    },
    "plan.opened_notice.development": {
        "en": "{manager} opened a development plan with you: “{title}”. Its action goals come to you each Friday to "
        "tick off; `/plan` shows it at any time.",
        "zh-CN": "{manager} 为你开启了发展计划：“{title}”。每周五你会收到其中的行动目标以便勾选；随时可用 `/plan` 查看。",
    },
    "plan.action_added": {"en": "Action goal added.", "zh-CN": "已添加行动目标。"},
    "plan.closed_done": {"en": "Outcome recorded: {outcome}.", "zh-CN": "已记录结果：{outcome}。"},
    "plan.header": {
        "en": "*{kind} for {person}: {title}*\nStatus: {status} · review: {review}",
        "zh-CN": "*{person} 的{kind}：{title}*\n状态：{status} · 复核日期：{review}",
    },
    "plan.action_line": {
        "en": "• {text} ({rhythm}) · done: {done} · slipped: {slipped}",
        "zh-CN": "• {text}（{rhythm}）· 已完成：{done} · 未完成：{slipped}",
    },
    "plan.action_details": {"en": "    ↳ {details}", "zh-CN": "    ↳ {details}"},
    "plan.action_skill": {"en": "skill: {skill}", "zh-CN": "技能：{skill}"},
    "plan.action_due": {"en": "due {due}", "zh-CN": "截止日期：{due}"},
    "plan.action_kind.training": {"en": "Training", "zh-CN": "培训"},
    "plan.action_kind.mentoring": {"en": "Mentoring", "zh-CN": "辅导"},
    "plan.action_kind.stretch": {"en": "Stretch project", "zh-CN": "挑战性项目"},
    "plan.action_kind.rotation": {"en": "Rotation", "zh-CN": "轮岗"},
    "plan.no_actions": {"en": "No action goals yet.", "zh-CN": "还没有行动目标。"},
    "plan.outcome_line": {"en": "Outcome note: {note}", "zh-CN": "结果说明：{note}"},
    "plan.outcome_notice": {"en": "Your plan “{title}”: {outcome}.", "zh-CN": "你的计划“{title}”：{outcome}。"},
    "plan.kind.improvement": {"en": "Improvement plan", "zh-CN": "改进计划"},
    "plan.kind.development": {"en": "Development plan", "zh-CN": "发展计划"},
    "plan.status.open": {"en": "running", "zh-CN": "进行中"},
    "plan.status.extended": {"en": "extended", "zh-CN": "已延期"},
    "plan.status.met": {"en": "met", "zh-CN": "已达成"},
    "plan.status.not_met": {"en": "not met", "zh-CN": "未达成"},
    "plan.rhythm.weekly": {"en": "every week", "zh-CN": "每周"},
    "plan.rhythm.monthly": {"en": "every month", "zh-CN": "每月"},
    "plan.done_weekly": {"en": "Done this week", "zh-CN": "本周已完成"},
    "plan.done_monthly": {"en": "Done this month", "zh-CN": "本月已完成"},
    "plan.done_this_month": {"en": "Done", "zh-CN": "已完成"},
    "plan.rhythm.this_month": {"en": "once this month", "zh-CN": "本月一次"},
    "plan.prompt": {
        "en": "Time to tick off this week's progress on “{title}”:",
        "zh-CN": "请勾选本周在“{title}”上的进展：",
    },
    "plan.ticked": {"en": "Ticked off for {period}. Well done!", "zh-CN": "已勾选 {period}。干得好！"},
    "plan.slip": {
        "en": "{person} did not tick off “{text}” for {period}.",
        "zh-CN": "{person} 在 {period} 没有勾选“{text}”。",
    },
}
