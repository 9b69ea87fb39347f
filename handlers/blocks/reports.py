"""Block Kit for reports: the App Home dashboard, HR's process health, report settings and the survey form."""

from __future__ import annotations

from bot.i18n import t
from bot.reports.dashboard import Dashboard
from bot.text import escape
from handlers.blocks.kit import Block, actions, button, context, divider, header, plain, section
from storage.reports import SURVEY_QUESTIONS

SHOW_ACTION = "report_show"
SURVEY_OPEN = "survey_open"
SURVEY_MODAL = "survey_submit"
SCORE_ACTION = "score"
COMMENT_BLOCK, COMMENT_ACTION = "comment", "comment"


def home_blocks(lang: str, board: Dashboard, *, team: bool, org: bool) -> list[Block]:
    if board.goals:
        goals = ", ".join(f"{escape(title)} {progress * 100:.0f}%" for title, progress in board.goals[:8])
        goal_line = t(lang, "report.home.goals", cycle=escape(board.cycle or ""), goals=goals)
    else:
        goal_line = t(lang, "report.home.no_goals")
    if board.checkins:
        weeks = ", ".join(f"{week[-3:]}" + (f" ({mood}/5)" if mood else "") for week, mood in board.checkins)
        checkin_line = t(lang, "report.home.checkins", weeks=weeks)
    else:
        checkin_line = t(lang, "report.home.no_checkins")
    if board.feedback_received:
        feedback_line = t(
            lang, "report.home.feedback", count=board.feedback_received, latest=board.latest_feedback.isoformat()
        )
    else:
        feedback_line = t(lang, "report.home.no_feedback")
    blocks = [header(t(lang, "report.home.title")), section("\n".join([goal_line, checkin_line, feedback_line]))]
    buttons = []
    if team:
        buttons.append(button(t(lang, "report.home.team_button"), SHOW_ACTION, "team|"))
    if org:
        buttons.append(button(t(lang, "report.home.org_button"), SHOW_ACTION, "org|"))
    if buttons:
        blocks.append(actions(*buttons, block_id="report_buttons"))
    blocks.append(divider())
    return blocks


def lines_blocks(lines: list[str]) -> list[Block]:
    """A title line, then the rest in sections of at most ~2,900 characters."""
    blocks: list[Block] = [section(lines[0])]
    chunk: list[str] = []
    for line in lines[1:]:
        if sum(len(x) + 1 for x in chunk) + len(line) > 2900:
            blocks.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(section("\n".join(chunk)))
    return blocks[:45]


def survey_modal(lang: str, survey_id: int) -> dict:
    options = [{"text": plain(str(score)), "value": str(score)} for score in range(1, 6)]
    blocks: list[Block] = [context(t(lang, "survey.intro"))]
    for question in SURVEY_QUESTIONS:
        blocks.append(
            {
                "type": "input",
                "block_id": question,
                "label": plain(t(lang, f"survey.q.{question}")),
                "element": {"type": "static_select", "action_id": SCORE_ACTION, "options": options},
            }
        )
    blocks.append(
        {
            "type": "input",
            "block_id": COMMENT_BLOCK,
            "optional": True,
            "label": plain(t(lang, "survey.comment")),
            "element": {"type": "plain_text_input", "action_id": COMMENT_ACTION, "multiline": True, "max_length": 3000},
        }
    )
    return {
        "type": "modal",
        "callback_id": SURVEY_MODAL,
        "private_metadata": str(survey_id),
        "title": plain(t(lang, "survey.title")),
        "submit": plain(t(lang, "survey.submit")),
        "blocks": blocks,
    }
