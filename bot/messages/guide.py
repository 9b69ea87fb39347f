"""The handbook's pages (`/perf guide [topic]`), English and Chinese; each page ends with the command that does it."""

MESSAGES = {
    "guide.title": {"en": "*Perfbot handbook*", "zh-CN": "*Perfbot 绩效手册*"},
    "guide.line": {"en": "`/perf guide {slug}`: {title}", "zh-CN": "`/perf guide {slug}`：{title}"},
    "guide.company": {"en": "*From your company*", "zh-CN": "*公司页面*"},
    "guide.unknown": {
        "en": "There is no page “{topic}”. Pages: {topics}, and your company's (`/perf guide` lists them).",
        "zh-CN": "没有“{topic}”这一页。可选页面：{topics}，以及公司页面（`/perf guide` 会列出）。",
    },
    "guide.add_usage": {
        "en": "Write `/perf guide add slug Title | the page text`, e.g. `/perf guide add values Our values | Ownership: …`.",
        "zh-CN": "请写 `/perf guide add 标识 标题 | 页面内容`，例如 `/perf guide add values 我们的价值观 | 主人翁精神：…`。",
    },
    "guide.bad_slug": {
        "en": "A page name is lower-case letters, digits and dashes (up to 32), and not one of: {topics}.",
        "zh-CN": "页面标识只能包含小写字母、数字和连字符（最多 32 个），且不能是：{topics}。",
    },
    "guide.too_long": {
        "en": "Keep a page under {limit} characters and its title under 150.",
        "zh-CN": "页面内容请少于 {limit} 个字符，标题少于 150 个字符。",
    },
    "guide.too_many": {"en": "At most {limit} company pages.", "zh-CN": "公司页面最多 {limit} 个。"},
    "guide.saved": {
        "en": "Saved: everyone sees it with `/perf guide {slug}`.",
        "zh-CN": "已保存：所有人都可以用 `/perf guide {slug}` 查看。",
    },
    "guide.removed": {"en": "Removed the page {slug}.", "zh-CN": "已删除页面 {slug}。"},
    "guide.back": {"en": "`/perf guide` lists every page.", "zh-CN": "`/perf guide` 列出所有页面。"},
    # -- the pages ------------------------------------------------------------------------------
    "guide.goals.title": {
        "en": "Writing a measurable goal and choosing scorecard weights",
        "zh-CN": "撰写可衡量的目标与设置平衡计分卡权重",
    },
    "guide.goals.body": {
        "en": "*A goal says what changes, by how much, by when.* “Improve search” is a wish; “Cut search p95 latency "
        "from 450 ms to 300 ms by 31 March” is a goal.\n"
        "• KPI: one number with a unit, a start and a target. Objective: an outcome with 2–4 measurable key results. "
        "Milestone: a deliverable with a due date.\n"
        "• Weights say what matters most: 3–5 goals, none under 10 %. The scorecard's perspectives (financial, "
        "customer, internal process, learning & growth) each carry a weight, 40/30/20/10 by default; your goals in a "
        "perspective share its weight.\n"
        "• Align each goal to a team or company goal where one fits.\n"
        "*Do it:* `/goal` (create), `/goal list`, `/goal update`.",
        "zh-CN": "*目标要写清：改变什么、改变多少、何时完成。* “改进搜索”只是愿望；“3 月 31 日前将搜索 p95 延迟从 450 ms "
        "降到 300 ms”才是目标。\n"
        "• KPI：一个带单位的数字，有起始值和目标值。目标（OKR）：一个结果加 2–4 个可衡量的关键结果。里程碑：有截止日期的交付物。\n"
        "• 权重体现优先级：3–5 个目标，每个不少于 10%。平衡计分卡的四个维度（财务、客户、内部流程、学习与成长）各有权重，默认 "
        "40/30/20/10；同一维度内的目标分享该维度的权重。\n"
        "• 尽量让每个目标对齐团队或公司目标。\n"
        "*操作：* `/goal`（创建）、`/goal list`、`/goal update`。",
    },
    "guide.oneonone.title": {"en": "Running a one-to-one", "zh-CN": "如何进行一对一会谈"},
    "guide.oneonone.body": {
        "en": "*The one-to-one is the report's meeting.* 30 minutes every one or two weeks; don't cancel, move it.\n"
        "• Both sides add talking points during the week; start with theirs.\n"
        "• Ask, then listen: “What's on your mind?”, “What's getting in your way?”, “How can I help?”\n"
        "• Talk about growth once a month, not only status.\n"
        "• End with action items, an owner and a date each; review last time's open items first.\n"
        "• Write down the key points: they are the evidence at review time.\n"
        "*Do it:* `/1on1 @person`, `/1on1 @person point …`, `action @owner YYYY-MM-DD …`, `held`, `every 2 weeks`.",
        "zh-CN": "*一对一会谈属于下属。* 每一到两周 30 分钟；不要取消，需要时改期。\n"
        "• 双方在一周中随时添加议题；先谈下属的议题。\n"
        "• 先问再听：“最近在想什么？”“什么在阻碍你？”“我能帮什么？”\n"
        "• 每月至少谈一次成长，而不只是进度。\n"
        "• 以行动项收尾，每项有负责人和日期；先回顾上次未完成的事项。\n"
        "• 记下要点：考核时它们就是依据。\n"
        "*操作：* `/1on1 @成员`、`/1on1 @成员 point …`、`action @负责人 YYYY-MM-DD …`、`held`、`every 2 weeks`。",
    },
    "guide.feedback.title": {
        "en": "Giving feedback: situation, behaviour, impact",
        "zh-CN": "给出反馈：情境、行为、影响（SBI）",
    },
    "guide.feedback.body": {
        "en": "*Specific, timely, about behaviour, not the person.* Use SBI:\n"
        "• Situation: when and where. “In Tuesday's incident review…”\n"
        "• Behaviour: what they did, observably. “…you walked through the timeline with the graphs…”\n"
        "• Impact: what it caused. “…and the team agreed the fix in ten minutes.”\n"
        "Then, for coaching, ask what they'd try next time. Give praise often and in public (kudos); give coaching "
        "in private and soon. Log both: a year of notes makes a fair review.\n"
        "*Do it:* `/feedback @person praise|coaching text`, `/feedback request @person @colleague…`, `/kudos @person`.",
        "zh-CN": "*具体、及时、对事不对人。* 使用 SBI：\n"
        "• 情境（Situation）：何时何地。“在周二的故障复盘会上……”\n"
        "• 行为（Behaviour）：可观察到的具体做法。“……你结合图表讲清了时间线……”\n"
        "• 影响（Impact）：带来的结果。“……团队十分钟就确定了修复方案。”\n"
        "如果是改进型反馈，再问对方下次想怎么做。表扬要多、可以公开（表彰）；改进建议要私下、及时。两者都要记录：一年的记录才能支撑公平的考核。\n"
        "*操作：* `/feedback @成员 praise|coaching 内容`、`/feedback request @成员 @同事…`、`/kudos @成员`。",
    },
    "guide.ratings.title": {
        "en": "What each rating 1–5 means and how to choose evidence",
        "zh-CN": "1–5 分各代表什么，如何选择依据",
    },
    "guide.ratings.body": {
        "en": "*Rate the results and behaviour of this cycle, against the agreed goals.*\n"
        "• 5 Outstanding: far beyond every goal; others learn from it.\n"
        "• 4 Exceeds: beyond most goals, meets the rest.\n"
        "• 3 Meets: the goals as agreed; solid, reliable work. Most people, most cycles.\n"
        "• 2 Partly meets: some goals missed; needs focused improvement.\n"
        "• 1 Does not meet: most goals missed; an improvement plan follows.\n"
        "Every score states its evidence: goal progress and KPI values, check-ins, feedback and one-to-one notes from "
        "the whole cycle, not only the last month. Quote facts, dates and numbers; avoid adjectives.\n"
        "*Do it:* `/goal list @person` and `/feedback show @person` collect the evidence.",
        "zh-CN": "*依据商定的目标，评价本周期的结果与行为。*\n"
        "• 5 卓越：远超所有目标，可供他人学习。\n"
        "• 4 超出预期：超出大部分目标，其余达成。\n"
        "• 3 符合预期：按约定完成目标；扎实可靠。大多数人在大多数周期属于此档。\n"
        "• 2 部分达成：部分目标未达成；需要有针对性地改进。\n"
        "• 1 未达成：大部分目标未达成；随后制定改进计划。\n"
        "每个评分都要写明依据：整个周期的目标进度和 KPI 数值、签到、反馈和一对一会谈记录，而不只是最近一个月。引用事实、日期和数字，少用形容词。\n"
        "*操作：*用 `/goal list @成员` 和 `/feedback show @成员` 收集依据。",
    },
    "guide.calibration.title": {"en": "How calibration works", "zh-CN": "校准如何进行"},
    "guide.calibration.body": {
        "en": "*Calibration makes ratings fair across teams.* After manager reviews, HR and the managers meet:\n"
        "• Each manager presents the ratings they propose, with the evidence, not the person's reputation.\n"
        "• The group compares like with like: same level, similar goals. Is a 4 in one team a 4 in another?\n"
        "• Watch for leniency (everyone a 4), central tendency (everyone a 3) and recency (only the last month).\n"
        "• Changes are written down with the reason; the manager explains the final rating to the report.\n"
        "*Do it:* the cycle's calibration phase (`/perf cycle` shows the dates).",
        "zh-CN": "*校准让不同团队的评分保持公平。* 经理评估完成后，HR 与经理们一起开会：\n"
        "• 每位经理陈述拟定评分及其依据，而不是这个人的口碑。\n"
        "• 同类比较：相同职级、相似目标。一个团队的 4 分在另一个团队也是 4 分吗？\n"
        "• 警惕宽松倾向（人人 4 分）、趋中倾向（人人 3 分）和近因效应（只看最近一个月）。\n"
        "• 调整要写明原因；最终评分由经理向下属解释。\n"
        "*操作：*周期的校准阶段（`/perf cycle` 显示日期）。",
    },
    "guide.plans.title": {
        "en": "Improvement plans versus development plans",
        "zh-CN": "改进计划与发展计划的区别",
    },
    "guide.plans.body": {
        "en": "*An improvement plan closes a gap; a development plan grows strength.*\n"
        "• Improvement plan: for performance below expectations. A clear gap, short weekly or monthly action goals, "
        "support from the manager, and a review date (4–12 weeks). It ends met, extended or not met, with a note.\n"
        "• Development plan (IDP): for growth: training, a stretch project, job rotation, a path to promotion. No "
        "deadline pressure; review it each cycle.\n"
        "Either way: few actions, each checkable (“write a handover note after each shift”, not “communicate better”), "
        "followed up in one-to-ones.\n"
        "*Do it:* `/plan @report improvement YYYY-MM-DD title`, `/plan @report development title`, "
        "`/plan @report weekly …`, `/plan @report close met|extended DATE|not-met note`.",
        "zh-CN": "*改进计划用于弥补差距；发展计划用于培养优势。*\n"
        "• 改进计划：用于绩效低于预期。明确的差距、短期的每周或每月行动目标、经理的支持以及评估日期（4–12 周）。结束时标记为达成、延期或未达成，并附说明。\n"
        "• 发展计划（IDP）：用于成长：培训、挑战性项目、轮岗、晋升路径。没有截止压力；每个周期回顾一次。\n"
        "无论哪种：行动要少且可检查（“每次值班后写交接记录”，而不是“加强沟通”），并在一对一会谈中跟进。\n"
        "*操作：* `/plan @下属 improvement YYYY-MM-DD 标题`、`/plan @下属 development 标题`、`/plan @下属 weekly …`、"
        "`/plan @下属 close met|extended 日期|not-met 说明`。",
    },
}
