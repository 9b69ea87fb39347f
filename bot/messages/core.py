"""Messages shared by every feature: help, roles, errors, App Home profile."""

MESSAGES = {
    "error.unexpected": {
        "en": "Sorry, something went wrong on our side and nothing was saved. Please try again in a moment.",
        "zh-CN": "抱歉，我们这边出了点问题，没有保存任何内容。请稍后再试。",
    },
    "error.stale_value": {
        "en": "That button or form no longer matches anything I sent you. Please use the latest message.",
        "zh-CN": "这个按钮或表单与我发给你的内容不再匹配。请使用最新的消息。",
    },
    "error.unknown_user": {
        "en": "I couldn't find you in this workspace yet. Please try again in a minute.",
        "zh-CN": "我还没有在这个工作区找到你，请一分钟后再试。",
    },
    "install.not_installed": {
        "en": "Perfbot is not installed in workspace {team}. An admin can install it from /slack/install.",
        "zh-CN": "Perfbot 尚未安装到工作区 {team}。管理员可以通过 /slack/install 安装。",
    },
    "date.format": {
        "en": "{value} is not a date; write it as YYYY-MM-DD, e.g. 2027-02-15.",
        "zh-CN": "{value} 不是日期；请写成 YYYY-MM-DD，例如 2027-02-15。",
    },
    "date.no_such_day": {
        "en": "{value} does not exist: that month has {days} days.",
        "zh-CN": "{value} 这一天不存在：那个月只有 {days} 天。",
    },
    "date.no_such_month": {
        "en": "{value} does not exist: months go from 01 to 12.",
        "zh-CN": "{value} 这一天不存在：月份只能是 01 到 12。",
    },
    "access.hr_only": {
        "en": "Only HR admins can do that.",
        "zh-CN": "只有 HR 管理员可以执行此操作。",
    },
    "access.not_in_line": {
        "en": "You can only see records of <@{person}> if they are you, in your reporting line, or you are HR.",
        "zh-CN": "只有本人、其汇报线上的经理或 HR 才能查看 <@{person}> 的记录。",
    },
    "role.employee": {"en": "employee", "zh-CN": "员工"},
    "role.manager": {"en": "manager", "zh-CN": "经理"},
    "role.hr_admin": {"en": "HR admin", "zh-CN": "HR 管理员"},
    "help.title": {"en": "What Perfbot can do for you", "zh-CN": "Perfbot 能为你做什么"},
    "help.you_are": {"en": "You are signed in as: {role}", "zh-CN": "你的身份：{role}"},
    "help.unknown_command": {
        "en": "I don't know `/perf {command}`. Try `/perf help` to see what you can do.",
        "zh-CN": "我不认识 `/perf {command}`。输入 `/perf help` 查看你可以做什么。",
    },
    "help.line.help": {"en": "`/perf help`: this list", "zh-CN": "`/perf help`：显示此列表"},
    "home.title": {"en": "Your performance profile", "zh-CN": "你的绩效档案"},
    "home.greeting": {"en": "Hello, {name}!", "zh-CN": "你好，{name}！"},
    "home.manager": {"en": "Manager", "zh-CN": "经理"},
    "home.department": {"en": "Department", "zh-CN": "部门"},
    "home.role": {"en": "Role", "zh-CN": "角色"},
    "home.reports": {"en": "Direct reports", "zh-CN": "直接下属"},
    "home.none": {"en": "none yet", "zh-CN": "暂无"},
    "home.more_reports": {"en": "…and {count} more", "zh-CN": "……还有 {count} 人"},
}
