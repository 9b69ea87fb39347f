"""Messages for coaching: the weekly nudges, onboarding, HR's checklist and settings, and goal quality hints."""

MESSAGES = {
    # -- help -----------------------------------------------------------------------------------
    "help.line.guide": {
        "en": "`/perf guide [topic]`: the handbook: measurable goals, one-to-ones, feedback, ratings, calibration, plans",
        "zh-CN": "`/perf guide [主题]`：绩效手册：可衡量的目标、一对一会谈、反馈、评分、校准、改进与发展计划",
    },
    "help.line.coaching": {
        "en": "`/perf coaching off|on`: your Monday “your team this week” message with what needs your action",
        "zh-CN": "`/perf coaching off|on`：每周一“本周团队”消息，列出需要你处理的事项",
    },
    "help.line.coaching_hr": {
        "en": "`/perf coaching` thresholds, `/perf coaching set mood=2 oneonone_days=21 …`, `/perf coaching stats`; "
        "`/perf setup` checklist; `/perf guide add slug Title | text`, `/perf guide remove slug`",
        "zh-CN": "`/perf coaching` 查看阈值，`/perf coaching set mood=2 oneonone_days=21 …`，`/perf coaching stats`；"
        "`/perf setup` 设置清单；`/perf guide add 标识 标题 | 内容`，`/perf guide remove 标识`",
    },
    # -- the digest -----------------------------------------------------------------------------
    "coaching.digest.title": {
        "en": "Your team this week ({week}): {count} things need your action",
        "zh-CN": "本周团队（{week}）：有 {count} 件事需要你处理",
    },
    "coaching.digest.title.one": {
        "en": "Your team this week ({week}): 1 thing needs your action",
        "zh-CN": "本周团队（{week}）：有 1 件事需要你处理",
    },
    "coaching.digest.more": {"en": "…and {count} more.", "zh-CN": "……还有 {count} 件。"},
    "coaching.digest.footer": {
        "en": "Snooze hides one nudge about one person for a few weeks. `/perf coaching off` stops this message; "
        "`/perf guide` has tips.",
        "zh-CN": "“稍后提醒”会在几周内隐藏针对某人的某条提醒。`/perf coaching off` 可停止此消息；`/perf guide` 有实用建议。",
    },
    "coaching.why.mood_low": {
        "en": "{person}'s mood was low in two check-ins running ({moods}).",
        "zh-CN": "{person} 连续两次签到情绪偏低（{moods}）。",
    },
    "coaching.why.mood_drop": {
        "en": "{person}'s mood dropped sharply ({moods}).",
        "zh-CN": "{person} 的情绪明显下降（{moods}）。",
    },
    "coaching.why.blockers": {
        "en": "{person} reported blockers in {count} of their last 3 check-ins; latest: “{latest}”.",
        "zh-CN": "{person} 最近 3 次签到中有 {count} 次提到阻碍；最近一次：“{latest}”。",
    },
    "coaching.why.oneonone_never": {
        "en": "No one-to-one with {person} is recorded yet (aim for one every {limit} days).",
        "zh-CN": "还没有与 {person} 的一对一会谈记录（建议每 {limit} 天一次）。",
    },
    "coaching.why.oneonone": {
        "en": "No one-to-one with {person} for {days} days (expected every {limit}).",
        "zh-CN": "已有 {days} 天没有与 {person} 进行一对一会谈（应每 {limit} 天一次）。",
    },
    "coaching.why.actions": {
        "en": "{count} action items from your one-to-ones with {person} are overdue.",
        "zh-CN": "你与 {person} 的一对一会谈中有 {count} 个行动项已逾期。",
    },
    "coaching.why.actions.one": {
        "en": "An action item from your one-to-ones with {person} is overdue.",
        "zh-CN": "你与 {person} 的一对一会谈中有 1 个行动项已逾期。",
    },
    "coaching.why.goal_behind": {
        "en": "{person}'s goal “{title}” is at {progress}% with {elapsed}% of the cycle gone.",
        "zh-CN": "{person} 的目标“{title}”完成 {progress}%，而周期已过去 {elapsed}%。",
    },
    "coaching.why.goal_stale": {
        "en": "{person}'s goal “{title}” has had no update for {days} days.",
        "zh-CN": "{person} 的目标“{title}”已经 {days} 天没有更新。",
    },
    "coaching.why.goal_more": {"en": "…and {count} more goals.", "zh-CN": "……还有 {count} 个目标。"},
    "coaching.why.goal_more.one": {"en": "…and one more goal.", "zh-CN": "……还有 1 个目标。"},
    "coaching.why.feedback_never": {
        "en": "You have not logged any feedback for {person} yet.",
        "zh-CN": "你还没有为 {person} 记录过任何反馈。",
    },
    "coaching.why.feedback": {
        "en": "No feedback from you for {person} in {days} days.",
        "zh-CN": "你已有 {days} 天没有给 {person} 反馈。",
    },
    "coaching.why.plan": {
        "en": "{person}'s plan needs a look: {items}.",
        "zh-CN": "{person} 的计划需要跟进：{items}。",
    },
    "coaching.why.recognition": {
        "en": "Nobody in your team ({count} people) was recognised in the last 30 days.",
        "zh-CN": "过去 30 天里，你团队（{count} 人）中没有人获得表彰。",
    },
    "coaching.action.schedule": {"en": "Schedule a one-to-one", "zh-CN": "安排一对一会谈"},
    "coaching.action.agenda": {"en": "Open the agenda", "zh-CN": "打开议程"},
    "coaching.action.ask_update": {"en": "Ask for an update", "zh-CN": "请对方更新"},
    "coaching.action.add_point": {"en": "Add to one-to-one", "zh-CN": "加入一对一议程"},
    "coaching.action.feedback": {"en": "Give feedback", "zh-CN": "给出反馈"},
    "coaching.action.kudos": {"en": "Recognise someone", "zh-CN": "表彰同事"},
    "coaching.action.plan": {"en": "Open the plan", "zh-CN": "打开计划"},
    "coaching.action.snooze": {"en": "Snooze", "zh-CN": "稍后提醒"},
    "coaching.action.update_now": {"en": "Update now", "zh-CN": "立即更新"},
    "coaching.point.mood": {
        "en": "How are you doing? Let's talk about the last few weeks.",
        "zh-CN": "最近怎么样？我们聊聊这几周的情况。",
    },
    "coaching.point.goal": {"en": "Progress on {titles}", "zh-CN": "目标进展：{titles}"},
    "coaching.point.blockers": {"en": "Your blockers: {latest}", "zh-CN": "你遇到的阻碍：{latest}"},
    "coaching.ask_update": {
        "en": "{manager} asks for an update on {titles}. Where does it stand?",
        "zh-CN": "{manager} 请你更新 {titles} 的进展。目前情况如何？",
    },
    "coaching.done.schedule": {
        "en": "Added to your next one-to-one with {person}: “{text}”. They were told.",
        "zh-CN": "已加入你与 {person} 的下次一对一议程：“{text}”。已通知对方。",
    },
    "coaching.done.ask_update": {
        "en": "Asked {person} for an update.",
        "zh-CN": "已请 {person} 更新进展。",
    },
    "coaching.done.snooze": {
        "en": "Snoozed: you won't hear about this for {person} until {until}.",
        "zh-CN": "已设置稍后提醒：{until} 之前不会再就此提醒你关于 {person} 的情况。",
    },
    "coaching.done.kudos": {
        "en": "Recognise someone in public with `/kudos @person #value what they did`.",
        "zh-CN": "用 `/kudos @成员 #价值观 具体事迹` 公开表彰同事。",
    },
    "coaching.nudge_not_found": {"en": "That nudge no longer exists.", "zh-CN": "该提醒已不存在。"},
    "coaching.not_yours": {
        "en": "This nudge belongs to another manager.",
        "zh-CN": "这条提醒属于另一位经理。",
    },
    "coaching.not_in_team": {
        "en": "<@{person}> is no longer in your team.",
        "zh-CN": "<@{person}> 已不在你的团队中。",
    },
    # -- settings and HR ------------------------------------------------------------------------
    "coaching.usage": {
        "en": "Try `/perf coaching off`, `/perf coaching on`; HR: `/perf coaching`, `/perf coaching set mood=2`, "
        "`/perf coaching stats`.",
        "zh-CN": "试试 `/perf coaching off`、`/perf coaching on`；HR：`/perf coaching`、`/perf coaching set mood=2`、"
        "`/perf coaching stats`。",
    },
    "coaching.digest_off": {
        "en": "Your Monday coaching message is off. `/perf coaching on` turns it back on.",
        "zh-CN": "已关闭每周一的辅导消息。`/perf coaching on` 可重新开启。",
    },
    "coaching.digest_on": {
        "en": "Your Monday coaching message is on: Mondays at 09:00 your time, only when something needs action.",
        "zh-CN": "已开启每周一的辅导消息：在你当地时间周一 09:00 发送，仅在有待办事项时发送。",
    },
    "coaching.settings.title": {"en": "*Coaching nudge thresholds*", "zh-CN": "*辅导提醒阈值*"},
    "coaching.settings.saved": {"en": "Thresholds saved.", "zh-CN": "阈值已保存。"},
    "coaching.settings.usage": {
        "en": "Write `/perf coaching set name=number …` with names among: {names}.",
        "zh-CN": "请写 `/perf coaching set 名称=数字 …`，名称可为：{names}。",
    },
    "coaching.settings.out_of_range": {
        "en": "{name} is out of range; see `/perf coaching` for what each threshold means.",
        "zh-CN": "{name} 超出范围；用 `/perf coaching` 查看每个阈值的含义。",
    },
    "coaching.setting.mood": {
        "en": "`mood` = {value}: a mood at or below this in two check-ins running",
        "zh-CN": "`mood` = {value}：连续两次签到情绪不高于此值",
    },
    "coaching.setting.mood_drop": {
        "en": "`mood_drop` = {value}: a fall this large from the weeks before",
        "zh-CN": "`mood_drop` = {value}：比前几周下降至少这么多",
    },
    "coaching.setting.oneonone_days": {
        "en": "`oneonone_days` = {value}: days without a one-to-one, when the pair set no cadence",
        "zh-CN": "`oneonone_days` = {value}：未设置频率时，多少天没有一对一会谈",
    },
    "coaching.setting.goal_margin": {
        "en": "`goal_margin` = {value}: percentage points a goal's progress may lag the cycle's elapsed time",
        "zh-CN": "`goal_margin` = {value}：目标进度可落后于周期已过时间的百分点",
    },
    "coaching.setting.goal_stale_days": {
        "en": "`goal_stale_days` = {value}: days without an update to a goal",
        "zh-CN": "`goal_stale_days` = {value}：目标多少天没有更新",
    },
    "coaching.setting.feedback_days": {
        "en": "`feedback_days` = {value}: days without feedback from the manager",
        "zh-CN": "`feedback_days` = {value}：经理多少天没有给出反馈",
    },
    "coaching.setting.blockers": {
        "en": "`blockers` = {value}: check-ins with blockers among the last three",
        "zh-CN": "`blockers` = {value}：最近三次签到中提到阻碍的次数",
    },
    "coaching.setting.snooze_days": {
        "en": "`snooze_days` = {value}: how long a snooze lasts",
        "zh-CN": "`snooze_days` = {value}：稍后提醒持续的天数",
    },
    "coaching.stats.title": {
        "en": "*Coaching nudges in the last {days} days, per manager* (raised / acted on / snoozed)",
        "zh-CN": "*最近 {days} 天各经理的辅导提醒*（提出 / 已处理 / 稍后提醒）",
    },
    "coaching.stats.line": {
        "en": "{manager}: {raised} / {acted} / {snoozed}",
        "zh-CN": "{manager}：{raised} / {acted} / {snoozed}",
    },
    "coaching.stats.none": {"en": "No nudges raised yet.", "zh-CN": "还没有提出任何提醒。"},
    # -- onboarding -----------------------------------------------------------------------------
    "coaching.checklist.title": {"en": "Perfbot setup checklist", "zh-CN": "Perfbot 设置清单"},
    "coaching.checklist.org": {
        "en": "People imported (`/perf admin sync` or `perfbot org import org.csv`)",
        "zh-CN": "已导入人员（`/perf admin sync` 或 `perfbot org import org.csv`）",
    },
    "coaching.checklist.managers": {
        "en": "Managers set (`/perf admin set-manager @person @manager`)",
        "zh-CN": "已设置经理（`/perf admin set-manager @成员 @经理`）",
    },
    "coaching.checklist.cycle": {
        "en": "An active evaluation cycle (`/perf cycle new`)",
        "zh-CN": "有进行中的考核周期（`/perf cycle new`）",
    },
    "coaching.checklist.checkins": {
        "en": "Weekly check-ins on (`/perf checkin-schedule on`)",
        "zh-CN": "已开启每周签到（`/perf checkin-schedule on`）",
    },
    "coaching.checklist.kudos": {
        "en": "A kudos channel (`/perf kudos-channel #channel`)",
        "zh-CN": "已设置表彰频道（`/perf kudos-channel #频道`）",
    },
    "coaching.checklist.all_done": {
        "en": "All set. `/perf guide` has pages to share with managers.",
        "zh-CN": "全部就绪。`/perf guide` 中有可以分享给经理的内容。",
    },
    "coaching.welcome.title": {"en": "*Welcome to Perfbot, {name}!*", "zh-CN": "*欢迎使用 Perfbot，{name}！*"},
    "coaching.welcome.what": {
        "en": "Here you keep your goals current, answer a two-minute weekly check-in, and get and give feedback. "
        "Your manager sees your progress as it happens, so reviews hold no surprises.",
        "zh-CN": "在这里，你可以随时更新目标、每周花两分钟签到、收到并给出反馈。你的经理能及时看到你的进展，考核时不会有意外。",
    },
    "coaching.welcome.manager": {"en": "Your manager: {manager}.", "zh-CN": "你的经理：{manager}。"},
    "coaching.welcome.no_manager": {
        "en": "No manager is set for you yet; HR will add one.",
        "zh-CN": "你还没有设置经理；HR 会为你添加。",
    },
    "coaching.welcome.no_cycle": {
        "en": "No evaluation cycle is running yet.",
        "zh-CN": "目前还没有进行中的考核周期。",
    },
    "coaching.welcome.cycle": {"en": "Current cycle: {cycle}.", "zh-CN": "当前周期：{cycle}。"},
    "coaching.welcome.cycle_next": {
        "en": "Current cycle: {cycle}. Next step: {phase}, until {due}.",
        "zh-CN": "当前周期：{cycle}。下一步：{phase}，截止 {due}。",
    },
    "coaching.welcome.guide": {
        "en": "`/perf help` lists what you can do; `/perf guide` has short how-tos.",
        "zh-CN": "`/perf help` 列出你可以做的事；`/perf guide` 有简短的操作指南。",
    },
    "coaching.welcome.goals": {"en": "Set my goals", "zh-CN": "设定我的目标"},
    "coaching.welcome.checkin": {"en": "My first check-in", "zh-CN": "第一次签到"},
    "coaching.intro.title": {
        "en": "*You now lead a team in Perfbot: {team}.* What is expected of you:",
        "zh-CN": "*你现在在 Perfbot 中带领团队：{team}。* 你需要做的：",
    },
    "coaching.intro.goals": {
        "en": "• Goal setting: agree each report's goals; you get an Approve / Request changes message for each.",
        "zh-CN": "• 目标设定：与每位下属商定目标；每个目标你都会收到“批准 / 要求修改”的消息。",
    },
    "coaching.intro.checkins": {
        "en": "• During the cycle: read the weekly check-in digest and reply where it helps.",
        "zh-CN": "• 周期进行中：阅读每周签到汇总，在需要时回复。",
    },
    "coaching.intro.oneonone": {
        "en": "• One-to-ones: `/1on1 @report` keeps the running agenda; `/1on1 @report every 2 weeks` sets a cadence.",
        "zh-CN": "• 一对一会谈：`/1on1 @下属` 维护议程；`/1on1 @下属 every 2 weeks` 设置频率。",
    },
    "coaching.intro.feedback": {
        "en": "• Feedback: `/feedback @report coaching what happened, what they did, the impact` (see `/perf guide feedback`).",
        "zh-CN": "• 反馈：`/feedback @下属 coaching 情境、行为、影响`（见 `/perf guide feedback`）。",
    },
    "coaching.intro.reviews": {
        "en": "• Reviews and calibration: rate 1–5 with evidence from this record (see `/perf guide ratings`).",
        "zh-CN": "• 评估与校准：依据这些记录给出 1–5 分并写明依据（见 `/perf guide ratings`）。",
    },
    "coaching.intro.digest": {
        "en": "Every Monday at 09:00 you'll get “your team this week” with only what needs your action.",
        "zh-CN": "每周一 09:00 你会收到“本周团队”消息，只列出需要你处理的事项。",
    },
    # -- goal quality hints ---------------------------------------------------------------------
    "hint.title": {
        "en": "Suggestions (you may ignore them):",
        "zh-CN": "建议（可以忽略）：",
    },
    "hint.kpi_unmeasured": {
        "en": "Say what the KPI's number measures (a unit such as ms, %, deals).",
        "zh-CN": "写明 KPI 数字衡量的是什么（单位，如 ms、%、单）。",
    },
    "hint.due_outside": {
        "en": "The due date is outside the cycle ({start} to {end}).",
        "zh-CN": "截止日期不在周期内（{start} 至 {end}）。",
    },
    "hint.target_is_start": {
        "en": "The target equals the starting value: nothing would change.",
        "zh-CN": "目标值等于起始值：没有任何变化。",
    },
    "hint.vague_title": {
        "en": "The title is vague; say what changes and by how much (e.g. “Cut p95 latency to 300 ms”).",
        "zh-CN": "标题比较模糊；写明要改变什么、改变多少（例如“将 p95 延迟降至 300 ms”）。",
    },
}
