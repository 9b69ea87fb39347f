"""Messages for evaluation cycles: HR's cycle modal, timetable and weight errors, phase reminders."""

MESSAGES = {
    "cycle.none_active": {
        "en": "There is no active cycle yet. HR can start one with `/perf cycle new`.",
        "zh-CN": "目前没有进行中的考核周期。HR 可以用 `/perf cycle new` 创建。",
    },
    "cycle.not_found": {"en": "I can't find that cycle.", "zh-CN": "找不到该考核周期。"},
    "cycle.too_short": {
        "en": "The cycle is too short: it needs at least {days} days for its phases.",
        "zh-CN": "周期太短：至少需要 {days} 天来安排各阶段。",
    },
    "cycle.ends_before_start": {
        "en": "The end date must be on or after the start date.",
        "zh-CN": "结束日期不能早于开始日期。",
    },
    "cycle.phase_missing": {
        "en": "Give the {phase} phase its dates.",
        "zh-CN": "请填写 {phase} 阶段的日期。",
    },
    "cycle.phase_reversed": {
        "en": "The {phase} phase ends before it opens.",
        "zh-CN": "{phase} 阶段的截止日期早于开始日期。",
    },
    "cycle.phase_outside": {
        "en": "The {phase} phase must lie inside the cycle ({start} to {end}).",
        "zh-CN": "{phase} 阶段必须在周期之内（{start} 至 {end}）。",
    },
    "cycle.phase_overlap": {
        "en": "The {phase} phase overlaps {previous}: it must open after {due}.",
        "zh-CN": "{phase} 阶段与 {previous} 重叠：必须在 {due} 之后开始。",
    },
    "cycle.gap": {
        "en": "Note: {count} days between {previous} and {phase} belong to no phase.",
        "zh-CN": "注意：{previous} 与 {phase} 之间有 {count} 天不属于任何阶段。",
    },
    "cycle.gap.one": {
        "en": "Note: {count} day between {previous} and {phase} belongs to no phase.",
        "zh-CN": "注意：{previous} 与 {phase} 之间有 {count} 天不属于任何阶段。",
    },
    "cycle.weights_shape": {
        "en": "Give four whole numbers for financial / customer / internal process / learning & growth, e.g. 40/30/20/10.",
        "zh-CN": "请按 财务/客户/内部流程/学习与成长 填写四个整数，例如 40/30/20/10。",
    },
    "cycle.weights_sum": {
        "en": "The four weights must add up to 100; these add up to {total}.",
        "zh-CN": "四个权重之和必须为 100，当前为 {total}。",
    },
    "cycle.reminder_days": {
        "en": "Reminder days are whole numbers of days before a deadline (0–60), e.g. `3 1`.",
        "zh-CN": "提醒天数应为截止日前的整数天数（0–60），例如 `3 1`。",
    },
    "cycle.name_length": {
        "en": "Give the cycle a name of up to {limit} characters.",
        "zh-CN": "请为周期取一个不超过 {limit} 个字符的名字。",
    },
    "cycle.name_taken": {
        "en": "A cycle called “{name}” already exists.",
        "zh-CN": "已存在名为“{name}”的周期。",
    },
    "cycle.cadence": {
        "en": "Pick a cadence: quarterly, half-yearly, yearly or custom.",
        "zh-CN": "请选择周期类型：quarterly（季度）、half-yearly（半年）、yearly（年度）或 custom（自定义）。",
    },
    "cycle.closed": {
        "en": "The cycle “{name}” is closed; its goals are frozen.",
        "zh-CN": "周期“{name}”已关闭，其目标已冻结。",
    },
    "cycle.another_active": {
        "en": "“{name}” is still active. Close it first with `/perf cycle close`.",
        "zh-CN": "“{name}”仍在进行中，请先用 `/perf cycle close` 关闭。",
    },
    "cycle.department_required": {"en": "Name the department.", "zh-CN": "请填写部门名称。"},
    "cycle.date_required": {"en": "Pick a date.", "zh-CN": "请选择日期。"},
    "cycle.usage": {
        "en": "Try `/perf cycle new`, `/perf cycle` (status), `/perf cycle list`, `/perf cycle remind`, `/perf cycle close`, "
        "`/perf cycle activate NAME` or `/perf cycle weights DEPARTMENT 40/30/20/10`.",
        "zh-CN": "试试 `/perf cycle new`、`/perf cycle`（状态）、`/perf cycle list`、`/perf cycle remind`、`/perf cycle close`、"
        "`/perf cycle activate 名称` 或 `/perf cycle weights 部门 40/30/20/10`。",
    },
    "help.line.cycle": {
        "en": "`/perf cycle new|list|remind|close|activate|weights`: run evaluation cycles, their timetable and scorecard weights",
        "zh-CN": "`/perf cycle new|list|remind|close|activate|weights`：管理考核周期、时间表和平衡计分卡权重",
    },
    "cycle.modal.title": {"en": "New cycle", "zh-CN": "新建考核周期"},
    "cycle.modal.next": {"en": "Next", "zh-CN": "下一步"},
    "cycle.modal.create": {"en": "Create", "zh-CN": "创建"},
    "cycle.modal.cancel": {"en": "Cancel", "zh-CN": "取消"},
    "cycle.field.name": {"en": "Name (e.g. 2027 Q1)", "zh-CN": "名称（例如 2027 Q1）"},
    "cycle.field.cadence": {"en": "Cadence", "zh-CN": "周期类型"},
    "cycle.field.starts_on": {"en": "Starts on", "zh-CN": "开始日期"},
    "cycle.field.ends_on": {
        "en": "Ends on (leave empty to follow the cadence)",
        "zh-CN": "结束日期（留空则按周期类型计算）",
    },
    "cycle.field.weights": {
        "en": "Scorecard weights: financial / customer / internal process / learning & growth",
        "zh-CN": "计分卡权重：财务 / 客户 / 内部流程 / 学习与成长",
    },
    "cycle.field.options": {"en": "Options", "zh-CN": "选项"},
    "cycle.option.bsc_off": {
        "en": "Switch the balanced scorecard off (plain OKR/KPI weights)",
        "zh-CN": "关闭平衡计分卡（仅用 OKR/KPI 权重）",
    },
    "cycle.option.peer_review": {"en": "Include peer review", "zh-CN": "包含同事评价"},
    "cycle.field.reminder_days": {
        "en": "Remind this many days before each deadline",
        "zh-CN": "在每个截止日前几天提醒",
    },
    "cycle.timetable_intro": {
        "en": "Timetable for *{name}* ({start} to {end}). The dates are a suggestion: adjust them.",
        "zh-CN": "*{name}* 的时间表（{start} 至 {end}）。日期为建议值，可以调整。",
    },
    "cycle.field.opens": {"en": "{phase}: opens", "zh-CN": "{phase}：开始"},
    "cycle.field.due": {"en": "{phase}: deadline", "zh-CN": "{phase}：截止"},
    "cadence.quarterly": {"en": "Quarterly", "zh-CN": "季度"},
    "cadence.half_yearly": {"en": "Half-yearly", "zh-CN": "半年"},
    "cadence.yearly": {"en": "Yearly", "zh-CN": "年度"},
    "cadence.custom": {"en": "Custom dates", "zh-CN": "自定义日期"},
    "phase.goal_setting": {"en": "Goal setting", "zh-CN": "目标设定"},
    "phase.check_ins": {"en": "Check-ins", "zh-CN": "过程跟进"},
    "phase.self_review": {"en": "Self review", "zh-CN": "自评"},
    "phase.peer_review": {"en": "Peer review", "zh-CN": "同事评价"},
    "phase.manager_review": {"en": "Manager review", "zh-CN": "经理评价"},
    "phase.calibration": {"en": "Calibration", "zh-CN": "校准"},
    "phase.results": {"en": "Results", "zh-CN": "结果"},
    "perspective.financial": {"en": "Financial", "zh-CN": "财务"},
    "perspective.customer": {"en": "Customer", "zh-CN": "客户"},
    "perspective.internal": {"en": "Internal process", "zh-CN": "内部流程"},
    "perspective.learning": {"en": "Learning & growth", "zh-CN": "学习与成长"},
    "perspective.all": {"en": "Goals", "zh-CN": "目标"},
    "cycle.created": {
        "en": "Cycle *{name}* is set up ({status}), {start} to {end}. Weights: {weights}.",
        "zh-CN": "周期 *{name}* 已创建（{status}），{start} 至 {end}。权重：{weights}。",
    },
    "cycle.status.draft": {"en": "draft", "zh-CN": "草稿"},
    "cycle.status.active": {"en": "active", "zh-CN": "进行中"},
    "cycle.status.closed": {"en": "closed", "zh-CN": "已关闭"},
    "cycle.bsc_off": {"en": "scorecard off", "zh-CN": "未启用计分卡"},
    "cycle.summary": {
        "en": "*{name}* ({status}), {start} to {end}. Weights: {weights}.",
        "zh-CN": "*{name}*（{status}），{start} 至 {end}。权重：{weights}。",
    },
    "cycle.phase_line": {"en": "{phase}: {opens} → {due}", "zh-CN": "{phase}：{opens} → {due}"},
    "cycle.closed_now": {
        "en": "Cycle *{name}* is closed; its goals are frozen.",
        "zh-CN": "周期 *{name}* 已关闭，目标已冻结。",
    },
    "cycle.activated": {"en": "Cycle *{name}* is now active.", "zh-CN": "周期 *{name}* 现已启动。"},
    "cycle.weights_set": {
        "en": "{department} now uses weights {weights} in *{name}*.",
        "zh-CN": "{department} 在 *{name}* 中的权重现为 {weights}。",
    },
    "cycle.reminded": {
        "en": "Reminded {count} people about {phase}.",
        "zh-CN": "已提醒 {count} 人完成{phase}。",
    },
    "cycle.reminded.one": {
        "en": "Reminded {count} person about {phase}.",
        "zh-CN": "已提醒 {count} 人完成{phase}。",
    },
    "cycle.no_phase_now": {
        "en": "No phase of *{name}* is running today, so there is nothing to remind people of.",
        "zh-CN": "*{name}* 今天没有进行中的阶段，无需提醒。",
    },
    "reminder.text": {
        "en": "{phase} for *{cycle}* is open until {due}: {what}",
        "zh-CN": "*{cycle}* 的{phase}阶段开放至 {due}：{what}",
    },
    "reminder.what.no_goals": {
        "en": "you have no goals yet. Propose yours.",
        "zh-CN": "你还没有目标，请提出你的目标。",
    },
    "reminder.what.not_agreed": {
        "en": "{count} of your goals are not agreed yet.",
        "zh-CN": "你有 {count} 个目标尚未达成一致。",
    },
    "reminder.what.not_agreed.one": {
        "en": "{count} of your goals is not agreed yet.",
        "zh-CN": "你有 {count} 个目标尚未达成一致。",
    },
    "reminder.what.to_approve": {
        "en": "{count} goals of your reports are waiting for your approval.",
        "zh-CN": "你的下属有 {count} 个目标等待你审批。",
    },
    "reminder.what.to_approve.one": {
        "en": "{count} goal of your reports is waiting for your approval.",
        "zh-CN": "你的下属有 {count} 个目标等待你审批。",
    },
    "reminder.what.update_numbers": {
        "en": "{count} of your KPIs have no update since this phase opened.",
        "zh-CN": "你有 {count} 个 KPI 自本阶段开始以来尚未更新。",
    },
    "reminder.what.update_numbers.one": {
        "en": "{count} of your KPIs has no update since this phase opened.",
        "zh-CN": "你有 {count} 个 KPI 自本阶段开始以来尚未更新。",
    },
    "reminder.button.goals": {"en": "Create a goal", "zh-CN": "创建目标"},
    "reminder.button.review": {"en": "Review goals", "zh-CN": "审阅目标"},
    "reminder.button.update": {"en": "Update a KPI", "zh-CN": "更新 KPI"},
}
