"""Messages for the organisation: people, reporting lines and HR's admin commands."""

MESSAGES = {
    "org.unknown_person": {
        "en": "I don't know <@{person}> in this workspace. Check the name, or ask HR to run `/perf admin sync`.",
        "zh-CN": "在这个工作区找不到 <@{person}>。请检查名字，或请 HR 运行 `/perf admin sync`。",
    },
    "org.unknown_name": {
        "en": "I don't know @{name} in this workspace. Pick the person from Slack's list as you type @, "
        "or ask HR to run `/perf admin sync`.",
        "zh-CN": "在这个工作区找不到 @{name}。输入 @ 时请从 Slack 的列表中选择成员，或请 HR 运行 `/perf admin sync`。",
    },
    "org.unknown_channel": {
        "en": "I don't know the channel #{name}. Pick it from Slack's list as you type #; a private channel needs "
        "Perfbot invited first (`/invite @Perfbot`).",
        "zh-CN": "找不到频道 #{name}。输入 # 时请从 Slack 的列表中选择；私有频道需要先邀请 Perfbot（`/invite @Perfbot`）。",
    },
    "org.cycle": {
        "en": "<@{manager}> can't manage <@{person}>: <@{person}> is already in <@{manager}>'s reporting "
        "line, so this would make a loop.",
        "zh-CN": "<@{manager}> 不能成为 <@{person}> 的经理：<@{person}> 已在 <@{manager}> 的汇报线上，这会形成循环。",
    },
    "help.line.admin": {
        "en": "`/perf admin set-manager @person @manager` (or `none`), `set-role @person employee|manager|hr_admin`, "
        "`set-department @person Name`, `sync`: manage the organisation",
        "zh-CN": "`/perf admin set-manager @成员 @经理`（或 `none`）、`set-role @成员 employee|manager|hr_admin`、"
        "`set-department @成员 部门名`、`sync`：管理组织架构",
    },
    "admin.usage": {
        "en": "Try `/perf admin set-manager @person @manager`, `/perf admin set-role @person manager`, "
        "`/perf admin set-department @person Sales` or `/perf admin sync`.",
        "zh-CN": "试试 `/perf admin set-manager @成员 @经理`、`/perf admin set-role @成员 manager`、"
        "`/perf admin set-department @成员 销售部` 或 `/perf admin sync`。",
    },
    "admin.set_manager.usage": {
        "en": "Name the person, then their manager: `/perf admin set-manager @person @manager` "
        "(or `@person none` to clear).",
        "zh-CN": "先写成员，再写经理：`/perf admin set-manager @成员 @经理`（或 `@成员 none` 清除）。",
    },
    "admin.set_role.usage": {
        "en": "Name one person and a role: `/perf admin set-role @person employee|manager|hr_admin`.",
        "zh-CN": "请写一位成员和一个角色：`/perf admin set-role @成员 employee|manager|hr_admin`。",
    },
    "admin.set_department.usage": {
        "en": "Name one person and the department (up to 255 characters): `/perf admin set-department @person Sales`.",
        "zh-CN": "请写一位成员和部门名（最多 255 个字符）：`/perf admin set-department @成员 销售部`。",
    },
    "admin.manager_set": {
        "en": "<@{manager}> now manages <@{person}>.",
        "zh-CN": "<@{manager}> 现在是 <@{person}> 的经理。",
    },
    "admin.manager_cleared": {"en": "<@{person}> now has no manager.", "zh-CN": "<@{person}> 现在没有经理。"},
    "admin.role_set": {"en": "<@{person}> is now: {role}.", "zh-CN": "<@{person}> 的角色现在是：{role}。"},
    "admin.department_set": {
        "en": "<@{person}> is now in {department}.",
        "zh-CN": "<@{person}> 现在属于 {department}。",
    },
    "admin.sync_started": {"en": "Syncing people from Slack…", "zh-CN": "正在从 Slack 同步成员……"},
    "admin.sync_done": {
        "en": "Done: {count} people are in step with Slack.",
        "zh-CN": "完成：{count} 位成员已与 Slack 同步。",
    },
    "admin.sync_done.one": {
        "en": "Done: {count} person is in step with Slack.",
        "zh-CN": "完成：{count} 位成员已与 Slack 同步。",
    },
}
