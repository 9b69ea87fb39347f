"""Messages for reviews: forms, evidence, peers, scores, calibration, results and their reminders."""

MESSAGES = {
    # -- help -----------------------------------------------------------------------------------
    "help.line.review": {
        "en": '`/review`: your reviews this cycle (self review, peer tasks, your result); `/review peers @a @b @c` nominates peers; `/review history` shows past cycles (and `/goal list --cycle "2027 Q1"` their goals)',
        "zh-CN": '`/review`：本周期的评价（自评、同事评价任务、你的结果）；`/review peers @a @b @c` 提名同事；`/review history` 查看往期（`/goal list --cycle "2027 Q1"` 查看往期目标）',
    },
    "help.line.review_manage": {
        "en": "`/review @report`: their packet, self review side by side and your review; `/review approve @report [@peers…]`; `/review return @report comment`; `/review promote @report evidence`",
        "zh-CN": "`/review @下属`：查看其材料包、自评对照和你的评价；`/review approve @下属 [@同事…]`；`/review return @下属 意见`；`/review promote @下属 依据`",
    },
    "help.line.review_calibrate": {
        "en": "`/perf calibrate`: the rating distribution of your line against the organisation's, with alerts and the 9-box",
        "zh-CN": "`/perf calibrate`：你汇报线的评级分布与全公司对比，含提醒和九宫格",
    },
    "help.line.review_hr": {
        "en": "`/perf calibrate [department]`, `/perf calibrate adjust @person RATING reason`, `/perf release [department|all]`, `/perf merit`, `/perf review-setup …`",
        "zh-CN": "`/perf calibrate [部门]`、`/perf calibrate adjust @成员 评级 理由`、`/perf release [部门|all]`、`/perf merit`、`/perf review-setup …`",
    },
    "review.usage": {
        "en": "Try `/review`, `/review peers @a @b @c`, `/review @report`, `/review approve @report`, `/review return @report comment`, `/review result`, `/review history`.",
        "zh-CN": "试试 `/review`、`/review peers @a @b @c`、`/review @下属`、`/review approve @下属`、`/review return @下属 意见`、`/review result`、`/review history`。",
    },
    "review.title": {"en": "Reviews: {cycle}", "zh-CN": "评价：{cycle}"},
    "review.phase_line": {"en": "Now: *{phase}* (until {due})", "zh-CN": "当前：*{phase}*（截至 {due}）"},
    "review.phase_none": {"en": "No review phase is running today.", "zh-CN": "今天没有进行中的评价阶段。"},
    # -- the scale ----------------------------------------------------------------------------------
    "review.scale.1": {"en": "1 – Well below expectations", "zh-CN": "1 – 远低于预期"},
    "review.scale.2": {"en": "2 – Below expectations", "zh-CN": "2 – 低于预期"},
    "review.scale.3": {"en": "3 – Meets expectations", "zh-CN": "3 – 符合预期"},
    "review.scale.4": {"en": "4 – Exceeds expectations", "zh-CN": "4 – 超出预期"},
    "review.scale.5": {"en": "5 – Far exceeds expectations", "zh-CN": "5 – 远超预期"},
    "review.potential.low": {"en": "Low potential", "zh-CN": "潜力低"},
    "review.potential.medium": {"en": "Medium potential", "zh-CN": "潜力中"},
    "review.potential.high": {"en": "High potential", "zh-CN": "潜力高"},
    "review.kind.self": {"en": "Self review", "zh-CN": "自评"},
    "review.kind.peer": {"en": "Peer review", "zh-CN": "同事评价"},
    "review.kind.manager": {"en": "Manager review", "zh-CN": "经理评价"},
    "review.status.draft": {"en": "draft", "zh-CN": "草稿"},
    "review.status.submitted": {"en": "submitted", "zh-CN": "已提交"},
    "review.status.returned": {"en": "returned for changes", "zh-CN": "已退回修改"},
    "review.status.declined": {"en": "declined", "zh-CN": "已婉拒"},
    "review.status.none": {"en": "not started", "zh-CN": "未开始"},
    # -- the form -----------------------------------------------------------------------------------
    "review.form.title": {"en": "Review", "zh-CN": "评价"},
    "review.form.save": {"en": "Save", "zh-CN": "保存"},
    "review.form.cancel": {"en": "Cancel", "zh-CN": "取消"},
    "review.form.intro": {
        "en": "*{kind}* of {person} for {cycle}. Rate each item 1–5 and cite evidence for every rating: pick from the record, paste a Slack link, or write an example of at least a sentence.",
        "zh-CN": "{cycle} 对 {person} 的 *{kind}*。每项按 1–5 评分，且每个评分都须给出依据：从记录中选择、粘贴 Slack 链接，或写一个至少一句话的实例。",
    },
    "review.form.goal_label": {"en": "Goal: {title}", "zh-CN": "目标：{title}"},
    "review.form.competency_label": {"en": "Competency: {title} ({weight}%)", "zh-CN": "能力：{title}（{weight}%）"},
    "review.form.self_said": {"en": "{label} · self: {rating}", "zh-CN": "{label} · 自评：{rating}"},
    "review.form.evidence": {"en": "Evidence from the record", "zh-CN": "记录中的依据"},
    "review.form.written": {"en": "Or a Slack link / a written example", "zh-CN": "或 Slack 链接 / 书面实例"},
    "review.form.summary": {"en": "Summary", "zh-CN": "总结"},
    "review.form.overall": {"en": "Proposed overall rating", "zh-CN": "建议的总体评级"},
    "review.form.potential": {"en": "Potential (for the 9-box)", "zh-CN": "潜力（用于九宫格）"},
    "review.form.mode": {"en": "Save as", "zh-CN": "保存方式"},
    "review.form.mode_draft": {"en": "Draft (keep editing)", "zh-CN": "草稿（可继续编辑）"},
    "review.form.mode_submit": {"en": "Submit (locks it)", "zh-CN": "提交（提交后锁定）"},
    "review.form.anonymous": {"en": "Answer anonymously", "zh-CN": "匿名回答"},
    "review.question.strengths": {"en": "What does this person do well?", "zh-CN": "此人哪些方面做得好？"},
    "review.question.improve": {"en": "What could they do better?", "zh-CN": "此人哪些方面可以做得更好？"},
    "review.packet.title": {"en": "*Packet*", "zh-CN": "*材料包*"},
    "review.packet.scorecard": {"en": "Goals: weighted scorecard {bar}", "zh-CN": "目标：加权计分卡 {bar}"},
    "review.packet.goal": {
        "en": "• {title} ({perspective}, weight {weight}): {bar}",
        "zh-CN": "• {title}（{perspective}，权重 {weight}）：{bar}",
    },
    "review.packet.moods": {"en": "Mood trend: {moods}", "zh-CN": "情绪趋势：{moods}"},
    "review.packet.section": {"en": "*{name}* ({count})", "zh-CN": "*{name}*（{count}）"},
    "review.packet.kind.metric": {"en": "Metric points", "zh-CN": "指标数据"},
    "review.packet.kind.checkin": {"en": "Check-in highlights", "zh-CN": "周报要点"},
    "review.packet.kind.feedback": {"en": "Feedback and kudos received", "zh-CN": "收到的反馈与表扬"},
    "review.packet.kind.agenda": {"en": "One-to-one notes and action items", "zh-CN": "一对一记录与行动项"},
    "review.packet.kind.plan": {"en": "Plan outcomes", "zh-CN": "计划结果"},
    "review.packet.kind.saved": {"en": "Saved Slack messages", "zh-CN": "保存的 Slack 消息"},
    "review.packet.peer_answers": {
        "en": "*Peer answers you may see* ({count})",
        "zh-CN": "*你可查看的同事回答*（{count}）",
    },
    "review.packet.peer_answer": {"en": "• {author}: {text}", "zh-CN": "• {author}：{text}"},
    "review.anonymous": {"en": "anonymous", "zh-CN": "匿名"},
    "review.saved": {"en": "Draft saved: {kind} of {person}.", "zh-CN": "草稿已保存：{person} 的{kind}。"},
    "review.submitted": {
        "en": "Submitted: {kind} of {person}. It is locked now.",
        "zh-CN": "已提交：{person} 的{kind}。现已锁定。",
    },
    # -- refusals ----------------------------------------------------------------------------------
    "review.closed": {
        "en": "That is not open now: the {phase} phase is not running.",
        "zh-CN": "现在无法进行：{phase}阶段未在进行中。",
    },
    "review.no_cycle": {"en": "There is no active cycle.", "zh-CN": "当前没有进行中的周期。"},
    "review.not_found": {"en": "That review is not here any more.", "zh-CN": "该评价已不存在。"},
    "review.not_yours": {"en": "That is someone else's to write.", "zh-CN": "这不是你需要填写的内容。"},
    "review.not_your_report": {
        "en": "Only <@{person}>'s manager can do that.",
        "zh-CN": "只有 <@{person}> 的经理可以这样做。",
    },
    "review.manager_locked": {
        "en": "Your review of <@{person}> opens when they submit their self review, or when the self-review phase ends.",
        "zh-CN": "<@{person}> 提交自评后，或自评阶段结束后，你才能开始对其评价。",
    },
    "review.not_asked": {"en": "You were not asked to review <@{person}>.", "zh-CN": "你没有被邀请评价 <@{person}>。"},
    "review.already_submitted": {"en": "That review is already submitted and locked.", "zh-CN": "该评价已提交并锁定。"},
    "review.declined_already": {"en": "You declined that review.", "zh-CN": "你已婉拒该评价。"},
    "review.item_unknown": {"en": "That item is not part of this review.", "zh-CN": "该项不属于本次评价。"},
    "review.rating_needed": {"en": "Pick a rating from 1 to 5.", "zh-CN": "请选择 1 到 5 的评分。"},
    "review.rating_range": {"en": "A rating is a whole number from 1 to 5.", "zh-CN": "评分必须是 1 到 5 的整数。"},
    "review.summary_too_long": {
        "en": "Keep the summary under {limit} characters.",
        "zh-CN": "总结请少于 {limit} 个字符。",
    },
    "review.potential_bad": {"en": "Potential is low, medium or high.", "zh-CN": "潜力只能是低、中或高。"},
    "review.summary_needed": {"en": "Write a short summary before submitting.", "zh-CN": "提交前请写一段简短总结。"},
    "review.overall_needed": {
        "en": "Propose an overall rating before submitting.",
        "zh-CN": "提交前请给出建议的总体评级。",
    },
    "review.not_submitted": {"en": "That self review is not submitted.", "zh-CN": "该自评尚未提交。"},
    "review.comment_needed": {"en": "Say what should change.", "zh-CN": "请说明需要修改什么。"},
    "review.evidence_unknown": {
        "en": "That evidence is not in this person's record.",
        "zh-CN": "该依据不在此人的记录中。",
    },
    "review.evidence_too_short": {
        "en": "An example needs at least a sentence ({words} words or more), or paste a Slack message link.",
        "zh-CN": "实例至少需要一句话（{words} 个词以上），或粘贴一条 Slack 消息链接。",
    },
    "review.evidence_needed": {
        "en": "Every rating needs evidence: pick an item from the record, paste a Slack link or write an example.",
        "zh-CN": "每个评分都需要依据：从记录中选择、粘贴 Slack 链接或写一个实例。",
    },
    "review.evidence_not_yours": {
        "en": "You can keep evidence for your own review, or as a manager for <@{person}>'s only if they are in your line.",
        "zh-CN": "你只能为自己的评价保存依据；作为经理，只能为你汇报线上的 <@{person}> 保存。",
    },
    "review.evidence_bad_link": {
        "en": "That message has no Slack link to keep.",
        "zh-CN": "该消息没有可保存的 Slack 链接。",
    },
    "review.evidence_saved": {
        "en": "Kept as evidence for {person}'s review.",
        "zh-CN": "已保存为 {person} 评价的依据。",
    },
    "review.evidence_modal_title": {"en": "Add as evidence", "zh-CN": "添加为依据"},
    "review.evidence_for": {"en": "For whose review (empty: your own)", "zh-CN": "用于谁的评价（留空：你自己）"},
    "review.evidence_note": {"en": "What it shows", "zh-CN": "它说明了什么"},
    "review.peer_outside": {
        "en": "Peers must be active people in this workspace.",
        "zh-CN": "同事必须是本工作区的在职成员。",
    },
    "review.peer_self": {"en": "You cannot review yourself as a peer.", "zh-CN": "你不能作为同事评价自己。"},
    "review.peer_count": {
        "en": "Nominate between {low} and {high} peers (you named {count}).",
        "zh-CN": "请提名 {low} 到 {high} 位同事（你提名了 {count} 位）。",
    },
    "review.peers_already_approved": {"en": "Your peers are already approved.", "zh-CN": "你的同事名单已获批准。"},
    "review.no_nominations": {
        "en": "<@{person}> has not nominated peers yet.",
        "zh-CN": "<@{person}> 还没有提名同事。",
    },
    "review.nominated": {
        "en": "Nominated {peers}; your manager will approve the list.",
        "zh-CN": "已提名 {peers}；你的经理将审批名单。",
    },
    "review.approved": {
        "en": "Approved {peers} to review {person}; each got a task.",
        "zh-CN": "已批准 {peers} 评价 {person}；每人都收到了任务。",
    },
    "review.decline_reason_needed": {"en": "Say briefly why you decline.", "zh-CN": "请简要说明婉拒原因。"},
    "review.declined": {
        "en": "Declined. {person}'s manager is told why.",
        "zh-CN": "已婉拒。{person} 的经理会收到原因。",
    },
    "review.decline_title": {"en": "Decline the review", "zh-CN": "婉拒评价"},
    "review.decline_reason": {"en": "Why (e.g. asked for too many reviews)", "zh-CN": "原因（例如被邀请的评价太多）"},
    "review.returned_done": {
        "en": "Returned {person}'s self review with your comment.",
        "zh-CN": "已将 {person} 的自评连同意见退回。",
    },
    "review.calibrate_forbidden": {
        "en": "Calibration is for HR and managers (for their own line).",
        "zh-CN": "校准仅限 HR 及经理（限其汇报线）。",
    },
    "review.adjust_reason_needed": {
        "en": "An adjustment needs a reason of a few words.",
        "zh-CN": "调整评级需要写明理由。",
    },
    "review.adjust_usage": {
        "en": "Try `/perf calibrate adjust @person 4 Delivered the migration early`.",
        "zh-CN": "试试 `/perf calibrate adjust @成员 4 提前完成迁移`。",
    },
    "review.no_result": {
        "en": "<@{person}> has no score yet (their manager review is not submitted).",
        "zh-CN": "<@{person}> 还没有分数（经理评价尚未提交）。",
    },
    "review.already_released": {
        "en": "<@{person}>'s result is already released.",
        "zh-CN": "<@{person}> 的结果已发布。",
    },
    "review.adjust_same": {"en": "The rating is already {rating}.", "zh-CN": "评级已经是 {rating}。"},
    "review.adjusted": {
        "en": "{person}: {from_rating} → {to_rating}, reason kept.",
        "zh-CN": "{person}：{from_rating} → {to_rating}，理由已记录。",
    },
    "review.score_hidden": {"en": "<@{person}>'s score is not released yet.", "zh-CN": "<@{person}> 的分数尚未发布。"},
    "review.nothing_to_release": {"en": "There are no unreleased results there.", "zh-CN": "没有待发布的结果。"},
    "review.released": {
        "en": "Released {count} results; each person gets a DM within a minute, in their working hours.",
        "zh-CN": "已发布 {count} 个结果；每人将在一分钟内、于其工作时间收到私信。",
    },
    "review.already_acknowledged": {"en": "You already acknowledged this result.", "zh-CN": "你已确认过该结果。"},
    "review.request_reason_needed": {
        "en": "Say in a sentence why the rating should be reviewed.",
        "zh-CN": "请用一句话说明为何需要复核评级。",
    },
    "review.already_requested": {"en": "You already asked HR to review it.", "zh-CN": "你已请求 HR 复核。"},
    "review.not_released": {"en": "That result is not released yet.", "zh-CN": "该结果尚未发布。"},
    "review.nothing_to_seed": {
        "en": "There are no competency ratings to build a plan from.",
        "zh-CN": "没有可用于制定计划的能力评分。",
    },
    "review.acknowledged": {"en": "Thanks, acknowledged.", "zh-CN": "谢谢，已确认。"},
    "review.requested": {"en": "Sent to HR with your case.", "zh-CN": "已连同你的理由发送给 HR。"},
    "review.ack_title": {"en": "Acknowledge", "zh-CN": "确认结果"},
    "review.ack_comment": {"en": "A comment (optional)", "zh-CN": "评论（可选）"},
    "review.request_title": {"en": "Request a review", "zh-CN": "申请复核"},
    "review.request_reason": {"en": "Why should the rating be reviewed?", "zh-CN": "为什么需要复核评级？"},
    "review.plan_seeded": {
        "en": "Development plan opened for {person}: {actions}",
        "zh-CN": "已为 {person} 开启发展计划：{actions}",
    },
    "review.promotion_evidence_needed": {
        "en": "Give the case for promotion in a sentence or more.",
        "zh-CN": "请至少用一句话说明晋升理由。",
    },
    "review.promotion_already": {
        "en": "<@{person}> is already nominated this cycle.",
        "zh-CN": "<@{person}> 本周期已被提名。",
    },
    "review.promotion_usage": {
        "en": "Try `/perf promotion @person approved` or `declined`.",
        "zh-CN": "试试 `/perf promotion @成员 approved` 或 `declined`。",
    },
    "review.promoted": {
        "en": "Nominated {person} for promotion; HR decides.",
        "zh-CN": "已提名 {person} 晋升；由 HR 决定。",
    },
    "review.promotion_decided": {"en": "Promotion of {person}: {decision}.", "zh-CN": "{person} 的晋升：{decision}。"},
    "review.history_title": {"en": "*Past results*", "zh-CN": "*往期结果*"},
    "review.history_line": {"en": "• {cycle}: {label} (score {score})", "zh-CN": "• {cycle}：{label}（分数 {score}）"},
    "review.history_none": {"en": "No released results yet.", "zh-CN": "还没有已发布的结果。"},
    # -- set-up -------------------------------------------------------------------------------------
    "review.setup.competency_key": {
        "en": "Competency key “{competency}” is missing, repeated or not a word.",
        "zh-CN": "能力标识“{competency}”缺失、重复或不是单词。",
    },
    "review.setup.competency_text": {
        "en": "Competency “{competency}” needs English and Chinese text.",
        "zh-CN": "能力“{competency}”需要英文和中文名称。",
    },
    "review.setup.competency_weight": {
        "en": "Competency “{competency}” needs a whole weight above 0.",
        "zh-CN": "能力“{competency}”的权重须为大于 0 的整数。",
    },
    "review.setup.weights_sum": {
        "en": "The weights must sum to 100 (they sum to {total}).",
        "zh-CN": "权重之和必须为 100（当前为 {total}）。",
    },
    "review.setup.components_usage": {
        "en": "Give all four weights: `/perf review-setup weights goals=40 manager=40 peer=10 self=10`.",
        "zh-CN": "请给出全部四个权重：`/perf review-setup weights goals=40 manager=40 peer=10 self=10`。",
    },
    "review.setup.basis_usage": {
        "en": "Goal basis is `progress` or `ratings`.",
        "zh-CN": "目标依据只能是 `progress` 或 `ratings`。",
    },
    "review.setup.peer_limits": {
        "en": "Peer limits: `/perf review-setup peers 3 5` (0–10, min ≤ max).",
        "zh-CN": "同事人数：`/perf review-setup peers 3 5`（0–10，最少 ≤ 最多）。",
    },
    "review.setup.guideline_usage": {
        "en": "Guideline: `/perf review-setup guideline 1=5 2=15 3=50 4=20 5=10` (shares sum to 100).",
        "zh-CN": "指导分布：`/perf review-setup guideline 1=5 2=15 3=50 4=20 5=10`（比例之和为 100）。",
    },
    "review.setup.merit_usage": {
        "en": "Merit row: `/perf review-setup merit 4 5 1.25` (band, merit %, bonus multiplier).",
        "zh-CN": "调薪矩阵行：`/perf review-setup merit 4 5 1.25`（评级、调薪 %、奖金系数）。",
    },
    "review.setup.competencies_usage": {
        "en": "Competencies: `/perf review-setup competencies key:weight:English:中文; …` (weights sum to 100).",
        "zh-CN": "能力：`/perf review-setup competencies 标识:权重:English:中文; …`（权重之和为 100）。",
    },
    "review.setup.shown": {
        "en": "*Review set-up for {cycle}*\nComponents: {components}\nGoal score from: {basis}\nPeers: {low}–{high}\nCompetencies: {competencies}\nGuideline: {guideline}\nMerit: {merit}\nPromotion from score {threshold}",
        "zh-CN": "*{cycle} 评价设置*\n组成权重：{components}\n目标分数依据：{basis}\n同事人数：{low}–{high}\n能力：{competencies}\n指导分布：{guideline}\n调薪：{merit}\n晋升门槛分数 {threshold}",
    },
    "review.setup.saved": {"en": "Saved.", "zh-CN": "已保存。"},
    # -- scores ---------------------------------------------------------------------------------------
    "review.component.goals": {"en": "Goals", "zh-CN": "目标"},
    "review.component.manager": {"en": "Manager", "zh-CN": "经理"},
    "review.component.peer": {"en": "Peers", "zh-CN": "同事"},
    "review.component.self": {"en": "Self", "zh-CN": "自评"},
    "review.how.goals": {"en": "1 + 4 × scorecard progress {detail}%", "zh-CN": "1 + 4 × 计分卡进度 {detail}%"},
    "review.how.goals_ratings": {
        "en": "manager's ratings of {detail} goals, by scorecard weight",
        "zh-CN": "经理对 {detail} 个目标的评分，按计分卡权重",
    },
    "review.how.manager": {
        "en": "competency ratings by weight ({detail} review)",
        "zh-CN": "按权重的能力评分（{detail} 份评价）",
    },
    "review.how.peer": {
        "en": "mean of {detail} peer reviews' weighted competency ratings",
        "zh-CN": "{detail} 份同事评价的加权能力评分平均",
    },
    "review.how.self": {
        "en": "competency ratings by weight ({detail} review)",
        "zh-CN": "按权重的能力评分（{detail} 份评价）",
    },
    "review.breakdown_line": {
        "en": "• {component}: {value} × weight {weight} (carried {share}%) — {how}",
        "zh-CN": "• {component}：{value} × 权重 {weight}（实际占 {share}%）— {how}",
    },
    "review.score_line": {"en": "*{person}*: score {score} → {label}", "zh-CN": "*{person}*：分数 {score} → {label}"},
    "review.adjusted_line": {
        "en": "Calibrated from {from_rating} to {to_rating} by {actor} on {at}: {reason}",
        "zh-CN": "{actor} 于 {at} 校准：{from_rating} → {to_rating}，理由：{reason}",
    },
    "review.manager_summary": {"en": "*Your manager's summary*\n> {summary}", "zh-CN": "*经理总结*\n> {summary}"},
    "review.no_summary": {"en": "(no summary)", "zh-CN": "（无总结）"},
    "review.side_by_side": {
        "en": "*{item}*: self {self_rating} · manager {manager_rating}",
        "zh-CN": "*{item}*：自评 {self_rating} · 经理 {manager_rating}",
    },
    "review.peer_rating_hidden": {
        "en": "Peer ratings are for the manager line and HR.",
        "zh-CN": "同事评分仅对汇报线经理和 HR 可见。",
    },
    "review.status_line": {"en": "{kind}: {status}", "zh-CN": "{kind}：{status}"},
    "review.report_line": {
        "en": "{person}: self {self_status} · yours {manager_status}",
        "zh-CN": "{person}：自评 {self_status} · 你的评价 {manager_status}",
    },
    "review.peer_task_line": {
        "en": "Peer review of {person} (due {due})",
        "zh-CN": "对 {person} 的同事评价（截至 {due}）",
    },
    "review.nominations_line": {"en": "Peers: {peers} ({status})", "zh-CN": "同事：{peers}（{status}）"},
    "review.nomination.nominated": {"en": "waiting for your manager", "zh-CN": "等待经理审批"},
    "review.nomination.approved": {"en": "approved", "zh-CN": "已批准"},
    "review.result_line": {"en": "Your result: {label} (score {score})", "zh-CN": "你的结果：{label}（分数 {score}）"},
    "review.self_history": {"en": "History: {events}", "zh-CN": "历史：{events}"},
    "review.event": {"en": "{action} by {actor} on {at}{comment}", "zh-CN": "{actor} 于 {at} {action}{comment}"},
    "review.event.saved": {"en": "saved", "zh-CN": "保存"},
    "review.event.submitted": {"en": "submitted", "zh-CN": "提交"},
    "review.event.returned": {"en": "returned", "zh-CN": "退回"},
    "review.event.declined": {"en": "declined", "zh-CN": "婉拒"},
    # -- calibration ----------------------------------------------------------------------------------
    "review.calibration.title": {"en": "*Calibration: {cycle}* {scope}", "zh-CN": "*校准：{cycle}* {scope}"},
    "review.calibration.empty": {
        "en": "No scores yet: they appear as manager reviews are submitted.",
        "zh-CN": "暂无分数：经理评价提交后会显示。",
    },
    "review.calibration.org": {
        "en": "Organisation: {bars} · mean {mean}, spread {spread} ({count} people)",
        "zh-CN": "全公司：{bars} · 平均 {mean}，离散 {spread}（{count} 人）",
    },
    "review.calibration.group": {
        "en": "{name}: {bars} · mean {mean}, spread {spread}",
        "zh-CN": "{name}：{bars} · 平均 {mean}，离散 {spread}",
    },
    "review.calibration.by_manager": {"en": "*By manager*", "zh-CN": "*按经理*"},
    "review.calibration.by_department": {"en": "*By department*", "zh-CN": "*按部门*"},
    "review.calibration.lenient": {
        "en": ":warning: <@{manager}> rates leniently: mean {mean} vs organisation {org}",
        "zh-CN": ":warning: <@{manager}> 评分偏宽松：平均 {mean}，全公司 {org}",
    },
    "review.calibration.severe": {
        "en": ":warning: <@{manager}> rates severely: mean {mean} vs organisation {org}",
        "zh-CN": ":warning: <@{manager}> 评分偏严格：平均 {mean}，全公司 {org}",
    },
    "review.calibration.narrow": {
        "en": ":warning: <@{manager}> gives everyone nearly the same rating (spread {spread})",
        "zh-CN": ":warning: <@{manager}> 给所有人的评分几乎相同（离散 {spread}）",
    },
    "review.calibration.guideline": {
        "en": ":information_source: Band {band}: {actual}% against a guideline of {expected}% (a guide, not a quota)",
        "zh-CN": ":information_source: 评级 {band}：{actual}%，指导值 {expected}%（仅供参考，非配额）",
    },
    "review.calibration.gaps": {
        "en": "*Self vs manager gaps of 1.5 or more*",
        "zh-CN": "*自评与经理评价相差 1.5 及以上*",
    },
    "review.calibration.gap_line": {
        "en": "• {person}: self {self_value} · manager {manager_value}",
        "zh-CN": "• {person}：自评 {self_value} · 经理 {manager_value}",
    },
    "review.calibration.nine_box": {"en": "*9-box (performance × potential)*", "zh-CN": "*九宫格（绩效 × 潜力）*"},
    "review.calibration.box": {
        "en": "• {performance} performance, {potential} potential: {people}",
        "zh-CN": "• 绩效{performance}、潜力{potential}：{people}",
    },
    "review.level.low": {"en": "low", "zh-CN": "低"},
    "review.level.medium": {"en": "medium", "zh-CN": "中"},
    "review.level.high": {"en": "high", "zh-CN": "高"},
    "review.calibration.people": {"en": "*People*", "zh-CN": "*人员*"},
    "review.calibration.person": {
        "en": "• {person} ({department}): {score} → {rating}{adjusted}",
        "zh-CN": "• {person}（{department}）：{score} → {rating}{adjusted}",
    },
    "review.calibration.was": {"en": " (computed {rating})", "zh-CN": "（计算值 {rating}）"},
    "review.calibration.home": {
        "en": "*Calibration*: {count} scores, mean {mean}. `/perf calibrate` for the full view.",
        "zh-CN": "*校准*：{count} 个分数，平均 {mean}。完整视图请用 `/perf calibrate`。",
    },
    "review.merit.title": {"en": "*Recommended merit and bonus: {cycle}*", "zh-CN": "*建议调薪与奖金：{cycle}*"},
    "review.merit.line": {
        "en": "• {person}: rating {rating} → merit {merit}%, bonus × {bonus}{promotion}",
        "zh-CN": "• {person}：评级 {rating} → 调薪 {merit}%，奖金 × {bonus}{promotion}",
    },
    "review.merit.eligible": {"en": " · promotion-eligible", "zh-CN": " · 符合晋升条件"},
    "review.merit.nomination": {
        "en": "• Promotion: {person} by {manager} ({status}): {evidence}",
        "zh-CN": "• 晋升：{person}，提名人 {manager}（{status}）：{evidence}",
    },
    # -- notices ---------------------------------------------------------------------------------------
    "review.button.write_self": {"en": "Write self review", "zh-CN": "填写自评"},
    "review.button.write_manager": {"en": "Write your review", "zh-CN": "填写你的评价"},
    "review.button.write_peer": {"en": "Write peer review", "zh-CN": "填写同事评价"},
    "review.button.review_person": {"en": "Review {person}", "zh-CN": "评价 {person}"},
    "review.button.approve_for": {"en": "Approve peers for {person}", "zh-CN": "批准 {person} 的同事名单"},
    "review.button.decline": {"en": "Decline", "zh-CN": "婉拒"},
    "review.button.approve_peers": {"en": "Approve peers", "zh-CN": "批准同事名单"},
    "review.button.acknowledge": {"en": "Acknowledge", "zh-CN": "确认"},
    "review.button.request_review": {"en": "Request a review", "zh-CN": "申请复核"},
    "review.button.seed_plan": {"en": "Start development plan", "zh-CN": "开启发展计划"},
    "review.notice.self_open": {
        "en": "Self review for {cycle} is open until {due}. Your packet (goals, check-ins, feedback, one-to-ones) is ready.",
        "zh-CN": "{cycle} 的自评已开放，截至 {due}。你的材料包（目标、周报、反馈、一对一）已准备好。",
    },
    "review.notice.remind_self": {
        "en": "Reminder: your self review is due {due}.",
        "zh-CN": "提醒：你的自评截止日期为 {due}。",
    },
    "review.notice.remind_nominate": {
        "en": "Reminder: nominate your peers with `/review peers @a @b @c` by {due}.",
        "zh-CN": "提醒：请在 {due} 前用 `/review peers @a @b @c` 提名同事。",
    },
    "review.notice.remind_peer": {
        "en": "Reminder: your peer review of {person} is due {due}.",
        "zh-CN": "提醒：你对 {person} 的同事评价截止日期为 {due}。",
    },
    "review.notice.remind_manager": {
        "en": "Reminder: {count} manager reviews are due {due}. `/review` lists them.",
        "zh-CN": "提醒：{count} 份经理评价将于 {due} 截止。`/review` 可查看。",
    },
    "review.notice.remind_manager.one": {
        "en": "Reminder: 1 manager review is due {due}. `/review` shows it.",
        "zh-CN": "提醒：1 份经理评价将于 {due} 截止。`/review` 可查看。",
    },
    "review.notice.remind_ack": {"en": "Please acknowledge your {cycle} result.", "zh-CN": "请确认你的 {cycle} 结果。"},
    "review.notice.overdue_self": {
        "en": "{person} missed the self-review deadline.",
        "zh-CN": "{person} 错过了自评截止日期。",
    },
    "review.notice.overdue_peer": {
        "en": "{person} missed the deadline for their peer review of {subject}.",
        "zh-CN": "{person} 错过了对 {subject} 的同事评价截止日期。",
    },
    "review.notice.overdue_manager": {
        "en": "{person} has {count} manager reviews past the deadline.",
        "zh-CN": "{person} 有 {count} 份经理评价已逾期。",
    },
    "review.notice.overdue_manager.one": {
        "en": "{person} has 1 manager review past the deadline.",
        "zh-CN": "{person} 有 1 份经理评价已逾期。",
    },
    "review.notice.overdue_ack": {
        "en": "{person} has not acknowledged their result after a week.",
        "zh-CN": "{person} 一周后仍未确认其结果。",
    },
    "review.notice.digest": {
        "en": "*Review completion: {cycle}*\n{lines}",
        "zh-CN": "*评价完成情况：{cycle}*\n{lines}",
    },
    "review.digest_line": {
        "en": "• {manager}: self {self_done}/{total}, peers {peer_done}/{peer_total}, manager {manager_done}/{total}",
        "zh-CN": "• {manager}：自评 {self_done}/{total}，同事 {peer_done}/{peer_total}，经理 {manager_done}/{total}",
    },
    "review.notice.self_submitted": {
        "en": "{person} submitted their self review for {cycle}; your review is open.",
        "zh-CN": "{person} 已提交 {cycle} 自评；你的评价已开放。",
    },
    "review.notice.returned": {
        "en": "{manager} returned your self review for changes:\n> {comment}",
        "zh-CN": "{manager} 退回了你的自评，请修改：\n> {comment}",
    },
    "review.notice.nominated": {
        "en": "{person} nominated peers for their review: {peers}.",
        "zh-CN": "{person} 提名了评价同事：{peers}。",
    },
    "review.notice.peer_task": {
        "en": "You are asked for a peer review of {person}, due {due}. Your ratings go to their manager line and HR only.",
        "zh-CN": "你被邀请对 {person} 进行同事评价，截至 {due}。你的评分仅对其汇报线经理和 HR 可见。",
    },
    "review.notice.peer_declined": {
        "en": "{peer} declined the peer review of {person}: {reason}",
        "zh-CN": "{peer} 婉拒了对 {person} 的同事评价：{reason}",
    },
    "review.notice.result": {
        "en": "*Your {cycle} result: {label}* (score {score}, rating {rating})",
        "zh-CN": "*你的 {cycle} 结果：{label}*（分数 {score}，评级 {rating}）",
    },
    "review.notice.hold_results": {
        "en": "{person}'s {cycle} result is out ({rating}). Hold a results one-to-one; it is on your `/1on1` agenda.",
        "zh-CN": "{person} 的 {cycle} 结果已发布（{rating}）。请安排结果面谈；已加入你的 `/1on1` 议程。",
    },
    "review.notice.hold_results_low": {
        "en": "{person}'s {cycle} result is out ({rating}). Hold a results one-to-one (on your `/1on1` agenda) and consider an improvement plan: `/plan @person improvement YYYY-MM-DD title`.",
        "zh-CN": "{person} 的 {cycle} 结果已发布（{rating}）。请安排结果面谈（已加入 `/1on1` 议程），并考虑改进计划：`/plan @成员 improvement YYYY-MM-DD 标题`。",
    },
    "review.notice.review_requested": {
        "en": "{person} asks for a review of their {cycle} rating ({rating}):\n> {reason}",
        "zh-CN": "{person} 申请复核其 {cycle} 评级（{rating}）：\n> {reason}",
    },
    "review.talking_point": {"en": "Results conversation: {cycle}", "zh-CN": "结果面谈：{cycle}"},
    "review.plan_title": {"en": "Development after {cycle}", "zh-CN": "{cycle} 后的发展计划"},
    "review.seed.training": {"en": "Training: {skill}", "zh-CN": "培训：{skill}"},
    "review.seed.mentoring": {"en": "Mentoring: {skill}", "zh-CN": "辅导：{skill}"},
    "review.home.title": {"en": "*Reviews*", "zh-CN": "*评价*"},
}
