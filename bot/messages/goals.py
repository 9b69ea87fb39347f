"""Messages for goals: the goal modal, its validation, the negotiation workflow and progress."""

MESSAGES = {
    "goal.not_found": {"en": "I can't find that goal.", "zh-CN": "找不到该目标。"},
    "goal.not_a_number": {"en": "Enter a number, e.g. 95 or 12.5.", "zh-CN": "请输入数字，例如 95 或 12.5。"},
    "goal.weight_range": {
        "en": "The weight is a whole number from 1 to 100.",
        "zh-CN": "权重须为 1 到 100 之间的整数。",
    },
    "goal.weight_over": {
        "en": "Weights inside {perspective} would pass 100: at most {left} is left.",
        "zh-CN": "{perspective} 内的权重之和将超过 100：最多还剩 {left}。",
    },
    "goal.title_taken": {
        "en": "There is already a goal with this title in this cycle.",
        "zh-CN": "本周期已有同名目标。",
    },
    "goal.title_length": {
        "en": "Give a title of 1 to {limit} characters.",
        "zh-CN": "标题须为 1 到 {limit} 个字符。",
    },
    "goal.description_length": {
        "en": "The description can be at most {limit} characters.",
        "zh-CN": "描述最多 {limit} 个字符。",
    },
    "goal.unit_length": {"en": "The unit can be at most {limit} characters.", "zh-CN": "单位最多 {limit} 个字符。"},
    "goal.due_outside": {
        "en": "The due date must be inside the cycle ({start} to {end}).",
        "zh-CN": "截止日期必须在周期之内（{start} 至 {end}）。",
    },
    "goal.perspective_required": {"en": "Pick a perspective.", "zh-CN": "请选择一个维度。"},
    "goal.perspective_unweighted": {
        "en": "{perspective} has no weight in this cycle; pick another perspective.",
        "zh-CN": "{perspective} 在本周期中权重为 0，请选择其他维度。",
    },
    "goal.kpi_needs_target": {
        "en": "A KPI needs a start and a target value.",
        "zh-CN": "KPI 需要起始值和目标值。",
    },
    "goal.objective_needs_key_result": {
        "en": "An objective needs at least one key result with a start and a target.",
        "zh-CN": "目标（Objective）至少需要一个带起始值和目标值的关键结果。",
    },
    "goal.target_equals_start": {
        "en": "The target must differ from the start value.",
        "zh-CN": "目标值必须与起始值不同。",
    },
    "goal.target_direction_higher": {
        "en": "Higher is better, so the target must be above the start value.",
        "zh-CN": "越高越好，目标值应高于起始值。",
    },
    "goal.target_direction_lower": {
        "en": "Lower is better, so the target must be below the start value.",
        "zh-CN": "越低越好，目标值应低于起始值。",
    },
    "goal.parent_other_cycle": {
        "en": "The goal it supports must be in the same cycle.",
        "zh-CN": "所支撑的上级目标必须在同一周期内。",
    },
    "goal.alignment_cycle": {
        "en": "That would make the goal support itself (a loop in the alignment tree).",
        "zh-CN": "这会使目标支撑其自身（对齐关系形成循环）。",
    },
    "goal.illegal_transition": {
        "en": "A goal that is {status} can't be moved with “{action}”.",
        "zh-CN": "状态为 {status} 的目标不能执行“{action}”。",
    },
    "goal.only_owner": {"en": "Only the goal's owner can {action} it.", "zh-CN": "只有目标负责人可以执行 {action}。"},
    "goal.only_manager": {
        "en": "Only the owner's manager can {action} this goal.",
        "zh-CN": "只有负责人的经理可以对该目标执行 {action}。",
    },
    "goal.comment_required": {
        "en": "Say what should change, so they know what to revise.",
        "zh-CN": "请说明需要修改什么，方便对方修改。",
    },
    "goal.comment_length": {"en": "Keep the comment under {limit} characters.", "zh-CN": "评论请少于 {limit} 个字符。"},
    "goal.no_manager": {
        "en": "You have no manager in Perfbot yet, so nobody can approve. Ask HR to set one.",
        "zh-CN": "你在 Perfbot 中还没有经理，无人可以审批。请联系 HR 设置。",
    },
    "goal.not_editable": {
        "en": "A goal that is {status} can't be edited now.",
        "zh-CN": "状态为 {status} 的目标目前不能编辑。",
    },
    "goal.shared_not_negotiated": {
        "en": "Team and company goals are not negotiated.",
        "zh-CN": "团队和公司目标无需协商。",
    },
    "goal.negative_value": {
        "en": "{metric} counts from {start} to {target}: a negative value ({value}) can't be right. Check the number.",
        "zh-CN": "{metric} 从 {start} 计到 {target}：负数（{value}）不可能正确，请检查数字。",
    },
    "goal.team_goal_forbidden": {
        "en": "Only HR or a manager of {department} can set {department}'s team goals. Propose it to your manager "
        "as your own goal with `/goal`.",
        "zh-CN": "只有 HR 或 {department} 的经理可以设置 {department} 的团队目标。你可以用 `/goal` 把它作为个人目标提给经理。",
    },
    "goal.set_for_others_forbidden": {
        "en": "You can set goals for yourself and for people in your reporting line.",
        "zh-CN": "你只能为自己或你汇报线上的成员设置目标。",
    },
    "goal.not_yours": {"en": "That goal isn't yours to change.", "zh-CN": "你不能修改该目标。"},
    "goal.update_forbidden": {
        "en": "Only the owner, their manager or HR can update these numbers.",
        "zh-CN": "只有负责人、其经理或 HR 可以更新这些数值。",
    },
    "goal.not_a_milestone": {"en": "Only milestones are marked done.", "zh-CN": "只有里程碑可以标记完成。"},
    "goal.no_metrics": {
        "en": "You have no KPI or key result to update in this cycle.",
        "zh-CN": "本周期内你没有可更新的 KPI 或关键结果。",
    },
    "goal.problem.no_goal": {
        "en": "{perspective} has weight but no goal yet.",
        "zh-CN": "{perspective} 有权重，但还没有目标。",
    },
    "goal.problem.weights": {
        "en": "Goal weights in {perspective} add up to {total}, not 100.",
        "zh-CN": "{perspective} 内的目标权重之和为 {total}，不是 100。",
    },
    "status.draft": {"en": "draft", "zh-CN": "草稿"},
    "status.proposed": {"en": "proposed", "zh-CN": "已提交"},
    "status.changes_requested": {"en": "changes requested", "zh-CN": "需修改"},
    "status.agreed": {"en": "agreed", "zh-CN": "已确认"},
    "status.assigned": {"en": "set by manager, to acknowledge", "zh-CN": "经理设定，待确认"},
    "goal_type.objective": {"en": "Objective with key results", "zh-CN": "目标与关键结果（OKR）"},
    "goal_type.kpi": {"en": "KPI with a target", "zh-CN": "KPI 指标"},
    "goal_type.milestone": {"en": "Milestone", "zh-CN": "里程碑"},
    "direction.higher": {"en": "Higher is better", "zh-CN": "越高越好"},
    "direction.lower": {"en": "Lower is better", "zh-CN": "越低越好"},
    "action.create": {"en": "created", "zh-CN": "创建"},
    "action.edit": {"en": "edited", "zh-CN": "编辑"},
    "action.propose": {"en": "proposed", "zh-CN": "提交"},
    "action.withdraw": {"en": "withdrew", "zh-CN": "撤回"},
    "action.approve": {"en": "approved", "zh-CN": "批准"},
    "action.request_changes": {"en": "requested changes", "zh-CN": "要求修改"},
    "action.reopen": {"en": "re-opened for approval", "zh-CN": "重新提交审批"},
    "action.acknowledge": {"en": "acknowledged", "zh-CN": "确认"},
    "help.line.goal": {
        "en": "`/goal`: create a goal · `/goal list [@person]`: goals and progress · `/goal update`: record a KPI value · "
        "`/goal team|company`: a team or company goal",
        "zh-CN": "`/goal`：创建目标 · `/goal list [@成员]`：查看目标和进度 · `/goal update`：记录 KPI 数值 · "
        "`/goal team|company`：团队或公司目标",
    },
    "goal.modal.title": {"en": "New goal", "zh-CN": "新建目标"},
    "goal.modal.edit_title": {"en": "Edit goal", "zh-CN": "编辑目标"},
    "goal.modal.save": {"en": "Save", "zh-CN": "保存"},
    "goal.modal.cancel": {"en": "Cancel", "zh-CN": "取消"},
    "goal.modal.cycle": {"en": "Cycle *{name}* ({start} to {end})", "zh-CN": "周期 *{name}*（{start} 至 {end}）"},
    "goal.field.title": {"en": "Title", "zh-CN": "标题"},
    "goal.field.description": {"en": "Description", "zh-CN": "描述"},
    "goal.field.perspective": {"en": "Perspective", "zh-CN": "维度"},
    "goal.field.goal_type": {"en": "Type", "zh-CN": "类型"},
    "goal.field.weight": {"en": "Weight inside its perspective (1–100)", "zh-CN": "在维度内的权重（1–100）"},
    "goal.field.due_on": {"en": "Due date", "zh-CN": "截止日期"},
    "goal.field.parent": {"en": "Supports (parent goal)", "zh-CN": "支撑的上级目标"},
    "goal.field.owner": {"en": "For (leave empty for yourself)", "zh-CN": "负责人（留空表示自己）"},
    "goal.field.metric": {
        "en": "Key result / KPI name (default: the title)",
        "zh-CN": "关键结果 / KPI 名称（默认为标题）",
    },
    "goal.field.unit": {"en": "Unit (e.g. %, ms, deals)", "zh-CN": "单位（例如 %、ms、单）"},
    "goal.field.start": {"en": "Start value", "zh-CN": "起始值"},
    "goal.field.target": {"en": "Target value", "zh-CN": "目标值"},
    "goal.field.direction": {"en": "Direction", "zh-CN": "方向"},
    "goal.field.key_results": {
        "en": "More key results, one a line: name; start; target; unit",
        "zh-CN": "更多关键结果，每行一个：名称; 起始值; 目标值; 单位",
    },
    "goal.key_results_format": {
        "en": "Key result line {line} should read: name; start; target; unit (unit optional).",
        "zh-CN": "第 {line} 行关键结果格式应为：名称; 起始值; 目标值; 单位（单位可选）。",
    },
    "goal.field.value": {"en": "New value", "zh-CN": "新数值"},
    "goal.field.comment": {"en": "What should change?", "zh-CN": "需要修改什么？"},
    "goal.modal.update_title": {"en": "Update a KPI", "zh-CN": "更新 KPI"},
    "goal.modal.comment_title": {"en": "Request changes", "zh-CN": "要求修改"},
    "goal.modal.send": {"en": "Send", "zh-CN": "发送"},
    "goal.saved": {
        "en": "Saved *{title}* as {status}. Propose it to your manager when it is ready.",
        "zh-CN": "已将 *{title}* 保存为{status}。准备好后请提交给经理。",
    },
    "goal.saved_shared": {"en": "Saved *{title}*.", "zh-CN": "已保存 *{title}*。"},
    "goal.proposed_to_manager": {
        "en": "<@{owner}> proposes a goal for *{cycle}*: *{title}*",
        "zh-CN": "<@{owner}> 为 *{cycle}* 提交了目标：*{title}*",
    },
    "goal.you_proposed": {
        "en": "Sent *{title}* to <@{manager}> for approval.",
        "zh-CN": "已将 *{title}* 提交给 <@{manager}> 审批。",
    },
    "goal.approved_for_owner": {
        "en": "<@{manager}> approved your goal *{title}*. It is agreed for the cycle.",
        "zh-CN": "<@{manager}> 批准了你的目标 *{title}*，本周期已确认。",
    },
    "goal.changes_for_owner": {
        "en": "<@{manager}> asks for changes to *{title}*: {comment}",
        "zh-CN": "<@{manager}> 要求修改 *{title}*：{comment}",
    },
    "goal.assigned_for_owner": {
        "en": "<@{manager}> set a goal for you in *{cycle}*: *{title}*. Please acknowledge it.",
        "zh-CN": "<@{manager}> 为你在 *{cycle}* 设定了目标：*{title}*。请确认。",
    },
    "goal.acknowledged_for_manager": {
        "en": "<@{owner}> acknowledged the goal *{title}*.",
        "zh-CN": "<@{owner}> 已确认目标 *{title}*。",
    },
    "goal.done_approve": {"en": "Approved: *{title}*", "zh-CN": "已批准：*{title}*"},
    "goal.done_changes": {
        "en": "You asked for changes to *{title}*: {comment}",
        "zh-CN": "你要求修改 *{title}*：{comment}",
    },
    "goal.done_acknowledge": {"en": "Acknowledged: *{title}*", "zh-CN": "已确认：*{title}*"},
    "goal.done_withdraw": {"en": "Withdrawn to draft: *{title}*", "zh-CN": "已撤回为草稿：*{title}*"},
    "goal.value_recorded": {
        "en": "Recorded {value}{unit} for *{metric}*. Progress: {progress}.",
        "zh-CN": "已记录 *{metric}* 的数值 {value}{unit}。进度：{progress}。",
    },
    "goal.button.propose": {"en": "Propose", "zh-CN": "提交"},
    "goal.button.edit": {"en": "Edit", "zh-CN": "编辑"},
    "goal.button.approve": {"en": "Approve", "zh-CN": "批准"},
    "goal.button.request_changes": {"en": "Request changes", "zh-CN": "要求修改"},
    "goal.button.acknowledge": {"en": "Acknowledge", "zh-CN": "确认"},
    "goal.button.update": {"en": "Update progress", "zh-CN": "更新进度"},
    "goal.button.history": {"en": "History", "zh-CN": "历史"},
    "goal.button.withdraw": {"en": "Withdraw", "zh-CN": "撤回"},
    "goal.button.mark_done": {"en": "Mark done", "zh-CN": "标记完成"},
    "goal.done_milestone": {"en": "Done: *{title}*", "zh-CN": "已完成：*{title}*"},
    "goal.list.title_of": {"en": "Goals of {name} in {cycle}", "zh-CN": "{name} 在 {cycle} 的目标"},
    "goal.list.title": {"en": "Your goals in {cycle}", "zh-CN": "你在 {cycle} 的目标"},
    "goal.list.empty": {
        "en": "You have no goals in *{cycle}* yet. Create one with `/goal`.",
        "zh-CN": "你在 *{cycle}* 还没有目标。用 `/goal` 创建一个。",
    },
    "goal.list.weighted": {"en": "Weighted progress: {bar}", "zh-CN": "加权进度：{bar}"},
    "goal.list.perspective": {
        "en": "*{perspective}* · weight {weight}% · {bar}",
        "zh-CN": "*{perspective}* · 权重 {weight}% · {bar}",
    },
    "goal.list.line": {
        "en": "*{title}* · {weight}% · {status}\n{bar}{metrics}",
        "zh-CN": "*{title}* · {weight}% · {status}\n{bar}{metrics}",
    },
    "goal.list.metric": {
        "en": "{name}: {current}{unit} (start {start}, target {target})",
        "zh-CN": "{name}：{current}{unit}（起始 {start}，目标 {target}）",
    },
    "goal.list.shared": {"en": "Team and company goals", "zh-CN": "团队与公司目标"},
    "goal.list.more": {"en": "…and {count} more goals", "zh-CN": "……还有 {count} 个目标"},
    "goal.list.more.one": {"en": "…and {count} more goal", "zh-CN": "……还有 {count} 个目标"},
    "goal.list.problems": {"en": "To fix: {problems}", "zh-CN": "待解决：{problems}"},
    "goal.list.awaiting": {
        "en": "{count} goals of your reports wait for your approval.",
        "zh-CN": "你的下属有 {count} 个目标等待审批。",
    },
    "goal.list.awaiting.one": {
        "en": "{count} goal of your reports waits for your approval.",
        "zh-CN": "你的下属有 {count} 个目标等待审批。",
    },
    "goal.history.title": {"en": "History of *{title}*", "zh-CN": "*{title}* 的历史"},
    "goal.history.line": {"en": "{at} · <@{actor}> {action}{comment}", "zh-CN": "{at} · <@{actor}> {action}{comment}"},
    "goal.home.title": {"en": "Goals · {cycle}", "zh-CN": "目标 · {cycle}"},
    "goal.usage": {
        "en": "Try `/goal` (create), `/goal list`, `/goal list @person`, `/goal update`, `/goal team` or `/goal company`.",
        "zh-CN": "试试 `/goal`（创建）、`/goal list`、`/goal list @成员`、`/goal update`、`/goal team` 或 `/goal company`。",
    },
    "import.bad_header": {
        "en": "The header must be: person,metric,value (and optionally date).",
        "zh-CN": "表头必须为：person,metric,value（可选 date）。",
    },
}
