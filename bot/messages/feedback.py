"""Messages for feedback, peer feedback requests and recognition (kudos)."""

MESSAGES = {
    "help.line.feedback": {
        "en": "`/feedback @person [praise|coaching] [private|shared] text`: log feedback (no text opens a form); `/feedback show [@person]`, `/feedback given`: read it",
        "zh-CN": "`/feedback @成员 [praise|coaching] [private|shared] 内容`：记录反馈（不带内容则打开表单）；`/feedback show [@成员]`、`/feedback given`：查看反馈",
    },
    "help.line.feedback_request": {
        "en": "`/feedback request @about @colleague1 @colleague2 … [by YYYY-MM-DD]`: ask colleagues for feedback on someone (answers may be anonymous)",
        "zh-CN": "`/feedback request @对象 @同事1 @同事2 … [by YYYY-MM-DD]`：请同事为某人提供反馈（可匿名回答）",
    },
    "help.line.kudos": {
        "en": "`/kudos @person [#value] text`: thank someone in public, in the recognition channel",
        "zh-CN": "`/kudos @成员 [#价值观] 内容`：在表彰频道公开感谢某人",
    },
    "help.line.kudos_channel": {
        "en": "`/perf kudos-channel #channel`: where kudos are posted",
        "zh-CN": "`/perf kudos-channel #频道`：设置表彰发布的频道",
    },
    "feedback.usage": {
        "en": "Name one person, then the feedback: `/feedback @person praise shared Great demo today`. Run `/feedback` alone for a form.",
        "zh-CN": "请先写一位成员，再写反馈：`/feedback @成员 praise shared 今天的演示很棒`。只输入 `/feedback` 会打开表单。",
    },
    "feedback.empty_text": {
        "en": "The feedback is empty. Write what you want to say after the person's name.",
        "zh-CN": "反馈内容为空。请在成员名字后面写下你想说的话。",
    },
    "feedback.empty_one_liner": {
        "en": "The feedback is empty. Write it after the person's name, or run `/feedback` alone for a form.",
        "zh-CN": "反馈内容为空。请在成员名字后面写下反馈，或只输入 `/feedback` 打开表单。",
    },
    "feedback.too_long": {
        "en": "That is {length} characters; Slack can show at most {limit}. Please shorten it.",
        "zh-CN": "内容有 {length} 个字符；Slack 最多只能显示 {limit} 个。请缩短一些。",
    },
    "feedback.self": {
        "en": "You can't log feedback about yourself. Write a check-in, or ask colleagues with `/feedback request`.",
        "zh-CN": "不能给自己记录反馈。可以写一次签到，或用 `/feedback request` 请同事反馈。",
    },
    "feedback.bot": {
        "en": "<@{person}> is a bot or an app; feedback is for people.",
        "zh-CN": "<@{person}> 是机器人或应用；反馈只能给人。",
    },
    "feedback.inactive": {
        "en": "<@{person}> is no longer active in this workspace.",
        "zh-CN": "<@{person}> 已不在这个工作区活跃。",
    },
    "feedback.unknown_goal": {
        "en": "That goal isn't one of this person's goals.",
        "zh-CN": "这个目标不属于该成员。",
    },
    "feedback.withdrawn": {
        "en": "That note was deleted a moment ago, so it was not logged again.",
        "zh-CN": "这条反馈刚刚已被删除，因此没有再次记录。",
    },
    "feedback.home.title": {"en": "Feedback shared with you", "zh-CN": "与你共享的反馈"},
    "feedback.home.more": {"en": "All of it: `/feedback show`", "zh-CN": "查看全部：`/feedback show`"},
    "feedback.pick_person": {"en": "Pick the person this feedback is about.", "zh-CN": "请选择这条反馈针对的成员。"},
    "feedback.not_found": {"en": "That feedback no longer exists.", "zh-CN": "这条反馈已不存在。"},
    "feedback.not_yours": {
        "en": "Only the person who wrote this feedback can change it.",
        "zh-CN": "只有写这条反馈的人可以修改它。",
    },
    "feedback.grace_over": {
        "en": "Feedback can be edited or deleted only in the first {minutes} minutes; it is now part of the record.",
        "zh-CN": "反馈只能在最初 {minutes} 分钟内编辑或删除；现在它已成为正式记录。",
    },
    "feedback.visibility_fixed": {
        "en": "Kudos and answers to a feedback request are always shared; their visibility can't change.",
        "zh-CN": "表彰和反馈请求的回答始终是共享的，无法更改可见性。",
    },
    "feedback.not_in_line": {
        "en": "Feedback about <@{person}> is for them, their manager line and HR. You can see the feedback you gave with `/feedback given`.",
        "zh-CN": "关于 <@{person}> 的反馈只有本人、其汇报线上的经理和 HR 可以查看。你可以用 `/feedback given` 查看自己给出的反馈。",
    },
    "feedback.anonymous_author": {"en": "anonymous", "zh-CN": "匿名"},
    "feedback.notice.praise": {
        "en": ":tada: {author} shared praise with you:\n> {text}",
        "zh-CN": ":tada: {author} 给了你一条表扬：\n> {text}",
    },
    "feedback.notice.coaching": {
        "en": ":seedling: {author} shared coaching feedback with you:\n> {text}",
        "zh-CN": ":seedling: {author} 给了你一条辅导反馈：\n> {text}",
    },
    "feedback.kind.praise": {"en": "Praise", "zh-CN": "表扬"},
    "feedback.kind.coaching": {"en": "Coaching", "zh-CN": "辅导"},
    "feedback.visibility.private": {"en": "private", "zh-CN": "私密"},
    "feedback.visibility.shared": {"en": "shared", "zh-CN": "共享"},
    "feedback.visibility_explained.private": {
        "en": "private: their manager line and HR only",
        "zh-CN": "私密：仅其汇报线上的经理和 HR 可见",
    },
    "feedback.visibility_explained.shared": {
        "en": "shared: they see it too and are told",
        "zh-CN": "共享：本人也能看到并会收到通知",
    },
    "feedback.logged": {
        "en": "Logged {kind} for {person} ({visibility}).",
        "zh-CN": "已为 {person} 记录{kind}（{visibility}）。",
    },
    "feedback.button.edit": {"en": "Edit", "zh-CN": "编辑"},
    "feedback.button.make_shared": {"en": "Make shared", "zh-CN": "改为共享"},
    "feedback.button.make_private": {"en": "Make private", "zh-CN": "改为私密"},
    "feedback.button.delete": {"en": "Delete", "zh-CN": "删除"},
    "feedback.grace_hint": {
        "en": "You can edit or delete it for 10 minutes; shared feedback reaches the person after that.",
        "zh-CN": "10 分钟内可以编辑或删除；共享的反馈在此之后才会通知本人。",
    },
    "feedback.deleted": {"en": "Deleted. Nothing was kept.", "zh-CN": "已删除，没有保留任何内容。"},
    "feedback.modal.title": {"en": "Log feedback", "zh-CN": "记录反馈"},
    "feedback.modal.edit_title": {"en": "Edit feedback", "zh-CN": "编辑反馈"},
    "feedback.modal.submit": {"en": "Save", "zh-CN": "保存"},
    "feedback.modal.save": {"en": "Save", "zh-CN": "保存"},
    "feedback.modal.cancel": {"en": "Cancel", "zh-CN": "取消"},
    "feedback.modal.person": {"en": "About", "zh-CN": "对象"},
    "feedback.modal.kind": {"en": "Kind", "zh-CN": "类型"},
    "feedback.modal.visibility": {"en": "Who sees it", "zh-CN": "可见范围"},
    "feedback.modal.goal": {"en": "Linked goal", "zh-CN": "关联目标"},
    "feedback.modal.text": {"en": "Feedback", "zh-CN": "反馈内容"},
    "feedback.modal.from_message": {"en": "Evidence: <{link}|the message>", "zh-CN": "证据：<{link}|原消息>"},
    "feedback.list.about": {"en": "Feedback about {person}", "zh-CN": "关于 {person} 的反馈"},
    "feedback.list.given": {"en": "Feedback you gave", "zh-CN": "你给出的反馈"},
    "feedback.list.empty": {"en": "Nothing you can see yet.", "zh-CN": "暂时没有你可以查看的内容。"},
    "feedback.list.from": {"en": "from {author}", "zh-CN": "来自 {author}"},
    "feedback.list.to": {"en": "about {person}", "zh-CN": "关于 {person}"},
    "feedback.list.message": {"en": "message", "zh-CN": "原消息"},
    "feedback.list.held_back": {
        "en": "_anonymous: hidden from {person} until at least 3 people answer this request anonymously, so the author can't be guessed_",
        "zh-CN": "_匿名：该请求至少有 3 条匿名回答之前不向 {person} 显示，以免猜出作者_",
    },
    "peer.usage": {
        "en": "Name the person first, then who to ask, and optionally a deadline: `/feedback request @about @colleague1 @colleague2 by 2027-01-20` (a week if you leave it out).",
        "zh-CN": "先写反馈对象，再写要请教的同事，可选截止日期：`/feedback request @对象 @同事1 @同事2 by 2027-01-20`（不写则为一周）。",
    },
    "peer.not_allowed": {
        "en": "You can ask for feedback on yourself, or on people in your reporting line; <@{person}> is neither.",
        "zh-CN": "你只能为自己或汇报线上的成员请求反馈；<@{person}> 都不是。",
    },
    "peer.too_many": {"en": "Ask at most {limit} colleagues at once.", "zh-CN": "一次最多请 {limit} 位同事。"},
    "peer.duplicate": {"en": "Each colleague only once, please.", "zh-CN": "每位同事只能出现一次。"},
    "peer.ask_self": {
        "en": "<@{person}> can't be asked for feedback about themselves.",
        "zh-CN": "不能请 <@{person}> 为自己提供反馈。",
    },
    "peer.deadline_past": {"en": "The deadline must be in the future.", "zh-CN": "截止时间必须在未来。"},
    "peer.requested": {
        "en": "Asked {asked} for feedback on {about}. They'll be reminded until the deadline.",
        "zh-CN": "已请 {asked} 为 {about} 提供反馈。截止前会提醒他们。",
    },
    "peer.ask": {
        "en": "{requester} asks for your feedback on {about}, by {deadline}. You may answer anonymously.",
        "zh-CN": "{requester} 请你在 {deadline} 前为 {about} 提供反馈。你可以匿名回答。",
    },
    "peer.remind": {
        "en": "Reminder: {requester} is waiting for your feedback on {about}, by {deadline}.",
        "zh-CN": "提醒：{requester} 正在等待你在 {deadline} 前为 {about} 提供反馈。",
    },
    "peer.button": {"en": "Give feedback", "zh-CN": "提供反馈"},
    "peer.not_found": {"en": "That feedback request isn't for you.", "zh-CN": "这个反馈请求不是发给你的。"},
    "peer.already_answered": {
        "en": "You already answered this request. Thank you!",
        "zh-CN": "你已经回答过这个请求，谢谢！",
    },
    "peer.closed": {"en": "This request has passed its deadline.", "zh-CN": "这个请求已过截止时间。"},
    "peer.closed_notice": {
        "en": "Your feedback request on {about} is closed: {answered} of {asked} answered. See them with `/feedback show {about}`.",
        "zh-CN": "你为 {about} 发起的反馈请求已结束：{asked} 人中有 {answered} 人回答。用 `/feedback show {about}` 查看。",
    },
    "peer.modal.title": {"en": "Peer feedback", "zh-CN": "同事反馈"},
    "peer.modal.about": {"en": "Your feedback on {person}", "zh-CN": "你对 {person} 的反馈"},
    "peer.modal.attribution": {"en": "Sign it?", "zh-CN": "是否署名？"},
    "peer.attributed": {"en": "With my name", "zh-CN": "署名"},
    "peer.anonymous": {"en": "Anonymous", "zh-CN": "匿名"},
    "peer.modal.rule": {
        "en": "An anonymous answer never shows your name. {person} sees anonymous answers only once at least 3 people have answered anonymously; until then only their manager line and HR do.",
        "zh-CN": "匿名回答永远不会显示你的名字。至少 3 人匿名回答后 {person} 才能看到匿名回答；在此之前只有其汇报线上的经理和 HR 可以看到。",
    },
    "peer.thanks": {"en": "Thanks! Your feedback on {person} is saved.", "zh-CN": "谢谢！你对 {person} 的反馈已保存。"},
    "peer.thanks_anonymous": {
        "en": "Thanks! Your anonymous feedback on {person} is saved; your name is never shown with it.",
        "zh-CN": "谢谢！你对 {person} 的匿名反馈已保存，不会显示你的名字。",
    },
    "kudos.usage": {
        "en": "Name one person, then say thanks: `/kudos @person #ownership Stayed late to fix the release`.",
        "zh-CN": "请写一位成员，再写感谢：`/kudos @成员 #担当 加班修复了发布问题`。",
    },
    "kudos.no_channel": {
        "en": "No recognition channel is set yet. Ask HR to run `/perf kudos-channel #channel`.",
        "zh-CN": "还没有设置表彰频道。请 HR 运行 `/perf kudos-channel #频道`。",
    },
    "kudos.channel_usage": {
        "en": "Name the channel: `/perf kudos-channel #kudos`.",
        "zh-CN": "请写出频道：`/perf kudos-channel #kudos`。",
    },
    "kudos.channel_set": {"en": "Kudos now go to {channel}.", "zh-CN": "表彰现在会发布到 {channel}。"},
    "kudos.given": {
        "en": "Kudos to {person} posted in {channel}, and kept as shared praise.",
        "zh-CN": "给 {person} 的表彰已发布到 {channel}，并记录为共享表扬。",
    },
    "kudos.post": {"en": ":clap: {giver} thanks {person}: {text}", "zh-CN": ":clap: {giver} 感谢 {person}：{text}"},
    "kudos.summary.title": {"en": "*Recognition in {month}*", "zh-CN": "*{month} 表彰汇总*"},
    "kudos.summary.top": {"en": "• {person}: {count} kudos", "zh-CN": "• {person}：{count} 次表彰"},
    "kudos.summary.nobody": {"en": "Nobody was recognised.", "zh-CN": "没有人获得表彰。"},
    "kudos.summary.quiet": {
        "en": "Teams where nobody was recognised (by manager): {teams}",
        "zh-CN": "无人获得表彰的团队（按经理）：{teams}",
    },
}
