"""Block Kit for feedback: the confirmation with its buttons, the modals, and lists of feedback."""

from __future__ import annotations

import json
from functools import cache

from bot.i18n import t
from bot.record.feedback import MAX_TEXT
from bot.record.feedback_reads import Shown
from bot.text import escape, mention, truncate
from handlers.blocks.kit import Block, actions, button, context, plain, section
from storage.feedback import Feedback, Kind, Visibility
from storage.org import Person

MAX_LISTED = 20
ON_HOME = 3  # the latest feedback shown on App Home
PERSON_ACTION = "feedback_subject"


def _option(lang: str, key: str, value: str) -> dict:
    return {"text": plain(t(lang, key)), "value": value}


def _radio(block_id: str, label: str, options: list[dict], initial: str, *, optional: bool = False) -> Block:
    chosen = next(option for option in options if option["value"] == initial)
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "optional": optional,
        "element": {"type": "radio_buttons", "action_id": block_id, "options": options, "initial_option": chosen},
    }


def _text_input(lang: str, initial: str = "") -> Block:
    element = {"type": "plain_text_input", "action_id": "text", "multiline": True, "max_length": MAX_TEXT}
    if initial:
        element["initial_value"] = initial[:MAX_TEXT]
    return {"type": "input", "block_id": "text", "label": plain(t(lang, "feedback.modal.text")), "element": element}


def kind_input(lang: str, initial: str = Kind.PRAISE) -> Block:
    options = [_option(lang, f"feedback.kind.{kind}", kind) for kind in Kind]
    return _radio("kind", t(lang, "feedback.modal.kind"), options, initial)


def feedback_modal(
    lang: str,
    *,
    subject: str | None = None,
    text: str = "",
    metadata: dict | None = None,
    goals: list[tuple[int, str]] | None = None,
    pick_goals: bool = False,
) -> dict:
    """The "log feedback" modal: person, kind, visibility, the person's goals to link (when the goals feature is
    installed: `pick_goals` makes picking a person refresh the modal with their goals) and the text."""
    person = {"type": "users_select", "action_id": PERSON_ACTION}
    if subject:
        person["initial_user"] = subject
    person_block = {"type": "input", "block_id": "subject", "label": plain(t(lang, "feedback.modal.person"))}
    blocks: list[Block] = [
        {**person_block, "element": person, **({"dispatch_action": True} if pick_goals else {})},
        kind_input(lang),
        _radio(
            "visibility",
            t(lang, "feedback.modal.visibility"),
            [_option(lang, f"feedback.visibility.{v}", v) for v in Visibility],
            Visibility.PRIVATE,
        ),
    ]
    if goals:
        blocks.append(
            {
                "type": "input",
                "block_id": "goal",
                "optional": True,
                "label": plain(t(lang, "feedback.modal.goal")),
                "element": {
                    "type": "static_select",
                    "action_id": "goal",
                    "options": [{"text": plain(title[:75]), "value": str(goal_id)} for goal_id, title in goals[:100]],
                },
            }
        )
    blocks.append(_text_input(lang, text))
    if metadata and metadata.get("permalink"):
        blocks.append(context(t(lang, "feedback.modal.from_message", link=metadata["permalink"])))
    return {
        "type": "modal",
        "callback_id": "feedback_modal",
        "title": plain(t(lang, "feedback.modal.title")),
        "submit": plain(t(lang, "feedback.modal.submit")),
        "close": plain(t(lang, "feedback.modal.cancel")),
        "private_metadata": json.dumps(metadata or {}),
        "blocks": blocks,
    }


def edit_modal(lang: str, feedback: Feedback) -> dict:
    return {
        "type": "modal",
        "callback_id": "feedback_edit_modal",
        "title": plain(t(lang, "feedback.modal.edit_title")),
        "submit": plain(t(lang, "feedback.modal.save")),
        "private_metadata": str(feedback.id),
        "blocks": [_text_input(lang, feedback.text)],
    }


def answer_modal(lang: str, ask_id: int, about: Person) -> dict:
    attribution = [_option(lang, "peer.attributed", "attributed"), _option(lang, "peer.anonymous", "anonymous")]
    return {
        "type": "modal",
        "callback_id": "feedback_answer_modal",
        "title": plain(t(lang, "peer.modal.title")),
        "submit": plain(t(lang, "feedback.modal.submit")),
        "private_metadata": str(ask_id),
        "blocks": [
            section(t(lang, "peer.modal.about", person=mention(about.slack_id))),
            kind_input(lang),
            _text_input(lang),
            _radio("attribution", t(lang, "peer.modal.attribution"), attribution, "attributed"),
            context(t(lang, "peer.modal.rule", person=mention(about.slack_id))),
        ],
    }


def logged_blocks(lang: str, feedback: Feedback, subject: Person) -> list[Block]:
    """The ephemeral answer after logging: what was stored, and edit / visibility / delete buttons."""
    what = t(
        lang,
        "feedback.logged",
        kind=t(lang, f"feedback.kind.{feedback.kind}"),
        person=mention(subject.slack_id),
        visibility=t(lang, f"feedback.visibility_explained.{feedback.visibility}"),
    )
    other = Visibility.SHARED if feedback.visibility == Visibility.PRIVATE else Visibility.PRIVATE
    return [
        section(what),
        section(_quote(feedback.text)),
        actions(
            button(t(lang, "feedback.button.edit"), "feedback_edit", str(feedback.id)),
            button(t(lang, f"feedback.button.make_{other}"), "feedback_visibility", f"{feedback.id}:{other}"),
            button(t(lang, "feedback.button.delete"), "feedback_delete", str(feedback.id), style="danger"),
            block_id="feedback_logged",
        ),
        context(t(lang, "feedback.grace_hint")),
    ]


def _quote(text: str) -> str:
    return truncate("\n".join(f"> {line}" for line in escape(text).splitlines()) or ">", 3000)


@cache
def _list_labels(lang: str) -> dict[str, str]:
    """The labels every line of a list repeats, looked up once per language (the catalog never changes)."""
    keys = [f"feedback.kind.{kind}" for kind in Kind] + [f"feedback.visibility.{v}" for v in Visibility]
    return {key: t(lang, key) for key in [*keys, "feedback.anonymous_author", "feedback.list.message"]}


def listed_blocks(
    lang: str, title: str, shown: list[Shown], subject: Person | None = None, *, subjects: dict[int, str] | None = None
) -> list[Block]:
    """A list of feedback; `subjects` (feedback id -> Slack id) names whom each is about, for "feedback I gave"."""
    blocks: list[Block] = [section(title)]
    if not shown:
        blocks.append(context(t(lang, "feedback.list.empty")))
    labels = _list_labels(lang)
    from_author: dict[str, str] = {}  # a list's notes come from a few people: each line's "from" text, once each
    for item in shown[-MAX_LISTED:]:
        fb = item.feedback
        author = mention(item.author.slack_id) if item.author else labels["feedback.anonymous_author"]
        if author not in from_author:
            from_author[author] = t(lang, "feedback.list.from", author=author)
        parts = [
            labels[f"feedback.kind.{fb.kind}"],
            labels[f"feedback.visibility.{fb.visibility}"],
            from_author[author],
        ]
        if subjects and subjects.get(fb.id):
            parts.append(t(lang, "feedback.list.to", person=mention(subjects[fb.id])))
        if not fb.anonymous:
            parts.append(fb.created_at.date().isoformat())
        if fb.company_value:
            parts.append(f"#{escape(fb.company_value)}")
        if fb.permalink:
            parts.append(f"<{fb.permalink}|{labels['feedback.list.message']}>")
        if item.held_back and subject is not None:
            parts.append(t(lang, "feedback.list.held_back", person=mention(subject.slack_id)))
        blocks += [context(" · ".join(parts)), section(_quote(fb.text))]
    return blocks[:50]


def home_blocks(lang: str, shown: list[Shown]) -> list[Block]:
    """The App Home part: the latest feedback shared with the person."""
    blocks: list[Block] = [section(f"*{t(lang, 'feedback.home.title')}*")]
    if not shown:
        return [*blocks, context(t(lang, "feedback.list.empty"))]
    for item in shown[-ON_HOME:]:
        author = mention(item.author.slack_id) if item.author else t(lang, "feedback.anonymous_author")
        meta = f"{t(lang, f'feedback.kind.{item.feedback.kind}')} · {t(lang, 'feedback.list.from', author=author)}"
        blocks += [context(meta), section(_quote(truncate(item.feedback.text, 500)))]
    return [*blocks, context(t(lang, "feedback.home.more"))]
