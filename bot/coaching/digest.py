"""The manager's weekly "your team this week" message: one line per nudge saying why, with its one-click actions."""

from __future__ import annotations

from typing import Any

from bot.coaching import nudges
from bot.delivery import outbox
from bot.i18n import t
from bot.text import escape, mention

ACTION_PREFIX = "coaching."
SNOOZE = "snooze"
MAX_NUDGES = 23  # two blocks each, within Slack's 50 per message


def action_id(action: str) -> str:
    return f"{ACTION_PREFIX}{action}"


def why(lang: str, rule: str, detail: dict[str, Any], person: str) -> str:
    """The sentence that says why a nudge was raised."""
    if rule == nudges.MOOD:
        moods = " → ".join(str(m) for m in detail["moods"])
        return t(lang, f"coaching.why.mood_{detail['why']}", person=person, moods=moods)
    if rule == nudges.BLOCKERS:
        return t(lang, "coaching.why.blockers", person=person, count=detail["count"], latest=escape(detail["latest"]))
    if rule == nudges.ONEONONE:
        key = "coaching.why.oneonone_never" if detail["never"] else "coaching.why.oneonone"
        return t(lang, key, person=person, days=detail["days"], limit=detail["limit"])
    if rule == nudges.ACTIONS:
        return t(lang, "coaching.why.actions", person=person, count=detail["count"])
    if rule == nudges.GOAL:
        lines = [
            t(lang, f"coaching.why.goal_{goal['why']}", person=person, **{**goal, "title": escape(goal["title"])})
            for goal in detail["goals"]
        ]
        if detail.get("more"):
            lines.append(t(lang, "coaching.why.goal_more", count=detail["more"]))
        return "\n".join(lines)
    if rule == nudges.FEEDBACK:
        if detail["days"] is None:
            return t(lang, "coaching.why.feedback_never", person=person)
        return t(lang, "coaching.why.feedback", person=person, days=detail["days"])
    if rule == nudges.PLAN:
        items = ", ".join(f"“{escape(item)}”" for item in detail["items"])
        return t(lang, "coaching.why.plan", person=person, items=items)
    return t(lang, "coaching.why.recognition", count=detail["people"])


def _button(lang: str, action: str, nudge_id: int, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": t(lang, f"coaching.action.{action}")},
        "action_id": action_id(action),
        "value": str(nudge_id),
    }
    if style:
        button["style"] = style
    return button


def message(
    lang: str, week: str, raised: list[tuple[int, nudges.Raised]], slack_ids: dict[int, str], total: int
) -> dict:
    """The digest's chat.postMessage arguments; `raised` pairs each shown nudge with its stored id, of `total`."""
    title = t(lang, "coaching.digest.title", week=week, count=total)
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*"}}]
    lines = [title]
    for nudge_id, nudge in raised[:MAX_NUDGES]:
        person = mention(slack_ids[nudge.subject_id]) if nudge.rule != nudges.RECOGNITION else ""
        text = why(lang, nudge.rule, nudge.detail, person)
        lines.append(f"• {text}")
        buttons = [
            _button(lang, action, nudge_id, "primary" if i == 0 else None) for i, action in enumerate(nudge.actions)
        ]
        buttons.append(_button(lang, SNOOZE, nudge_id))
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}})
        blocks.append({"type": "actions", "block_id": f"nudge{nudge_id}", "elements": buttons})
    if total > len(raised[:MAX_NUDGES]):
        more = t(lang, "coaching.digest.more", count=total - len(raised[:MAX_NUDGES]))
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    footer = t(lang, "coaching.digest.footer")
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": footer}]})
    return outbox.message("\n".join(lines)[:3000], blocks)
