"""Messages for live KPI feeds: HR's API tokens, and live values in goal history and managers' digests."""

MESSAGES = {
    "help.line.api_token": {
        "en": '`/perf api-token new "Jira sync" [department]`, `list`, `revoke ID`: tokens that let other systems push KPI values (`POST /api/v1/metrics`)',
        "zh-CN": '`/perf api-token new "Jira 同步" [部门]`、`list`、`revoke 编号`：让其他系统推送 KPI 数值的令牌（`POST /api/v1/metrics`）',
    },
    "feeds.usage": {
        "en": 'Try `/perf api-token new "Jira sync"` (optionally followed by a department), `/perf api-token list` or `/perf api-token revoke 3`.',
        "zh-CN": '试试 `/perf api-token new "Jira 同步"`（可在后面加一个部门）、`/perf api-token list` 或 `/perf api-token revoke 3`。',
    },
    "feeds.token.name_invalid": {
        "en": 'Give the token a name of 1 to {max} characters, e.g. `/perf api-token new "Jira sync"`.',
        "zh-CN": '请给令牌起一个 1 到 {max} 个字符的名字，例如 `/perf api-token new "Jira 同步"`。',
    },
    "feeds.token.department_invalid": {
        "en": "A department name has at most 255 characters.",
        "zh-CN": "部门名称最多 255 个字符。",
    },
    "feeds.token.not_found": {
        "en": "There is no API token {id} in this workspace. `/perf api-token list` shows them.",
        "zh-CN": "这个工作区没有编号为 {id} 的 API 令牌。`/perf api-token list` 可以列出全部令牌。",
    },
    "feeds.token.created": {
        "en": "API token *{name}* (id {id}) is ready; it may feed {scope}. Copy it now: it is shown only this once and Perfbot keeps only a hash of it.",
        "zh-CN": "API 令牌 *{name}*（编号 {id}）已创建，可推送{scope}。请立即复制：它只显示这一次，Perfbot 只保存它的哈希值。",
    },
    "feeds.token.scope.all": {"en": "every goal in this workspace", "zh-CN": "本工作区的所有目标"},
    "feeds.token.scope.department": {
        "en": "the goals of {department}",
        "zh-CN": "{department} 的目标",
    },
    "feeds.token.try": {
        "en": "Record a value (goal keys such as `{goal}` are shown on goal cards; `GET {url}/api/v1/goals` lists them):",
        "zh-CN": "记录一个数值（目标编号如 `{goal}` 显示在目标卡片上；`GET {url}/api/v1/goals` 可列出全部）：",
    },
    "feeds.token.serve": {
        "en": "No server yet? On this database run `perfbot serve --api-only --port 3000` (same `DATABASE_URL`), or `perfbot serve` for Slack and the API together.",
        "zh-CN": "还没有服务器？在同一数据库上运行 `perfbot serve --api-only --port 3000`（相同的 `DATABASE_URL`），或运行 `perfbot serve` 同时提供 Slack 和 API。",
    },
    "feeds.token.list.title": {"en": "API tokens", "zh-CN": "API 令牌"},
    "feeds.token.list.empty": {
        "en": 'No API tokens yet. `/perf api-token new "Jira sync"` creates one.',
        "zh-CN": '还没有 API 令牌。`/perf api-token new "Jira 同步"` 可以创建一个。',
    },
    "feeds.token.list.line": {
        "en": "• *{id}* · {name} · {scope} · created {created} · last used {used}{revoked}",
        "zh-CN": "• *{id}* · {name} · {scope} · 创建于 {created} · 最近使用 {used}{revoked}",
    },
    "feeds.token.never": {"en": "never", "zh-CN": "从未"},
    "feeds.token.revoked_tag": {"en": " · ~revoked {at}~", "zh-CN": " · ~已于 {at} 撤销~"},
    "feeds.token.revoked": {
        "en": "API token *{name}* (id {id}) is revoked: requests with it now get 401 and record nothing.",
        "zh-CN": "API 令牌 *{name}*（编号 {id}）已撤销：使用它的请求将收到 401，不会记录任何数据。",
    },
    "action.feed": {"en": "recorded a live value via API token", "zh-CN": "通过 API 令牌记录了实时数值"},
    "feeds.checkin.kpi_now": {"en": "Now {value}", "zh-CN": "当前值 {value}"},
    "feeds.history.line": {
        "en": "{at} · live value from API token {comment}",
        "zh-CN": "{at} · 来自 API 令牌的实时数值 {comment}",
    },
    "feeds.digest.crossed": {
        "en": ":dart: {title} reached its target: {value} (target {target})",
        "zh-CN": ":dart: {title} 已达到目标：{value}（目标 {target}）",
    },
    "feeds.digest.behind": {
        "en": ":warning: {title} fell behind: {value} is {progress}% of the way, {expected}% expected by now",
        "zh-CN": ":warning: {title} 进度落后：{value} 完成 {progress}%，按时间应完成 {expected}%",
    },
}
