"""Messages for one-to-ones: the running agenda, action items and cadence."""

MESSAGES = {
    "help.line.oneonone": {
        "en": "`/1on1 @person`: your one-to-one's agenda; add `point|note|action [@owner] [YYYY-MM-DD]` and text, `held` after the meeting, `every 2 weeks` for a cadence, `history` for earlier notes; `/1on1 @manager @report` for the line and HR",
        "zh-CN": "`/1on1 @成员`：一对一会谈议程；追加 `point|note|action [@负责人] [YYYY-MM-DD]` 和内容，会后用 `held`，用 `every 2 weeks` 设置频率，用 `history` 查看以往记录；汇报线上的经理和 HR 用 `/1on1 @经理 @下属`",
    },
    "oneonone.usage": {
        "en": "Try `/1on1 @person`, `/1on1 @person point Talk about on-call`, `/1on1 @person action @owner 2027-01-15 Draft the plan`, `/1on1 @person held` or `/1on1 @person every 2 weeks`.",
        "zh-CN": "试试 `/1on1 @成员`、`/1on1 @成员 point 聊聊值班`、`/1on1 @成员 action @负责人 2027-01-15 起草计划`、`/1on1 @成员 held` 或 `/1on1 @成员 every 2 weeks`。",
    },
    "oneonone.self": {"en": "A one-to-one needs two people.", "zh-CN": "一对一会谈需要两个人。"},
    "oneonone.not_a_pair": {
        "en": "One-to-ones are between a manager and a direct report; you and <@{person}> are not.",
        "zh-CN": "一对一会谈只在经理和直接下属之间进行；你和 <@{person}> 不是这种关系。",
    },
    "oneonone.not_member": {
        "en": "Only the two people in this one-to-one can change its agenda.",
        "zh-CN": "只有这场一对一会谈的两个人可以修改议程。",
    },
    "oneonone.not_allowed": {
        "en": "One-to-one notes are for the pair, their manager line and HR.",
        "zh-CN": "一对一会谈记录只有双方、其汇报线上的经理和 HR 可以查看。",
    },
    "oneonone.no_pair": {"en": "Those two have no one-to-one yet.", "zh-CN": "这两人还没有一对一会谈。"},
    "oneonone.owner_outside": {
        "en": "Action items belong to one of the pair; <@{person}> isn't in this one-to-one.",
        "zh-CN": "行动项只能由会谈双方之一负责；<@{person}> 不在这场会谈中。",
    },
    "oneonone.action_usage": {
        "en": "Write `/1on1 @person action [@owner] [YYYY-MM-DD] what to do`.",
        "zh-CN": "请写 `/1on1 @成员 action [@负责人] [YYYY-MM-DD] 要做的事`。",
    },
    "oneonone.cadence_usage": {
        "en": "Give the cadence as `every 14 days` or `every 2 weeks` (at most 90 days).",
        "zh-CN": "请用 `every 14 days` 或 `every 2 weeks` 设置频率（最多 90 天）。",
    },
    "oneonone.empty.talking_point": {
        "en": "The talking point is empty. Write it after `point`: `/1on1 @person point Career path`.",
        "zh-CN": "议题内容为空。请写在 `point` 后面：`/1on1 @成员 point 职业发展`。",
    },
    "oneonone.empty.note": {
        "en": "The note is empty. Write it after `note`: `/1on1 @person note Agreed to pair on reviews`.",
        "zh-CN": "记录内容为空。请写在 `note` 后面：`/1on1 @成员 note 约定结对评审`。",
    },
    "oneonone.empty.action": {
        "en": "The action item is empty. Write it after `action` (and an optional owner and due date): "
        "`/1on1 @person action @owner 2027-02-01 Draft the handbook`.",
        "zh-CN": "行动项内容为空。请写在 `action`（以及可选的负责人和截止日期）后面："
        "`/1on1 @成员 action @负责人 2027-02-01 起草手册`。",
    },
    "oneonone.cadence_set": {
        "en": "Every {count} days; next one on {when}. You'll both get the agenda a day before.",
        "zh-CN": "每 {count} 天一次；下次在 {when}。你们都会提前一天收到议程。",
    },
    "oneonone.cadence_set.one": {
        "en": "Every day; next one on {when}. You'll both get the agenda a day before.",
        "zh-CN": "每天一次；下次在 {when}。你们都会提前一天收到议程。",
    },
    "oneonone.added.point": {
        "en": "Talking point added; the other side was told.",
        "zh-CN": "已添加议题，并已通知对方。",
    },
    "oneonone.added.note": {"en": "Note added.", "zh-CN": "已添加记录。"},
    "oneonone.added.action": {"en": "Action item added.", "zh-CN": "已添加行动项。"},
    "oneonone.held": {
        "en": "Marked as held. Open action items carry over to the next one.",
        "zh-CN": "已标记为已召开。未完成的行动项会带到下一次。",
    },
    "oneonone.point_added": {
        "en": "{person} added a talking point for your next one-to-one:\n> {text}",
        "zh-CN": "{person} 为你们的下次一对一会谈添加了议题：\n> {text}",
    },
    "oneonone.title": {"en": "*One-to-one: {manager} and {report}*", "zh-CN": "*一对一会谈：{manager} 与 {report}*"},
    "oneonone.when": {"en": "Meeting #{number}, planned: {when}", "zh-CN": "第 {number} 次，计划时间：{when}"},
    "oneonone.points": {"en": "Talking points", "zh-CN": "议题"},
    "oneonone.actions": {"en": "Action items", "zh-CN": "行动项"},
    "oneonone.notes": {"en": "Notes", "zh-CN": "记录"},
    "oneonone.carried": {"en": "carried over", "zh-CN": "上次遗留"},
    "oneonone.history": {"en": "Earlier meetings", "zh-CN": "以往会谈"},
    "oneonone.held_on": {"en": "_Meeting #{number}, held {when}_", "zh-CN": "_第 {number} 次，召开于 {when}_"},
    "oneonone.home.title": {"en": "Your open one-to-one action items", "zh-CN": "你未完成的一对一行动项"},
    "oneonone.none": {"en": "none", "zh-CN": "无"},
    "oneonone.how_to_add": {
        "en": "Add with `/1on1 @person point|note|action …`; `/1on1 @person held` after the meeting.",
        "zh-CN": "用 `/1on1 @成员 point|note|action …` 添加；会后用 `/1on1 @成员 held`。",
    },
    "oneonone.mark_done": {"en": "Done", "zh-CN": "完成"},
    "oneonone.item_not_found": {"en": "That action item no longer exists.", "zh-CN": "这个行动项已不存在。"},
    "oneonone.action_done": {"en": "Done: {text}", "zh-CN": "已完成：{text}"},
    "oneonone.due": {
        "en": "Your one-to-one action item is due ({due}):\n> {text}",
        "zh-CN": "你的一对一行动项到期了（{due}）：\n> {text}",
    },
}
