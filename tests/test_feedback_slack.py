"""Slack-level: `/feedback` one-liners and modal, the message shortcut, peer requests, kudos and bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.sandbox.fake_slack import Message
from bot.sandbox.workspace import text_of
from storage.checkins import CheckinSchedule
from storage.counting import statements_sent
from storage.feedback import Feedback, Kind, RecognitionSetting, Source, Visibility
from storage.org import Person, Role


def stored(ws) -> list[Feedback]:
    with ws.db.session() as session:
        return list(session.exec(select(Feedback).order_by(Feedback.id)))


def test_one_liner_with_slack_mentions_stores_private_coaching_and_offers_changes(ws, maria, ken):
    reply = maria.runs(f"/feedback {ken.mention} coaching Slow down in code review")
    assert reply.body["response_type"] == "ephemeral"
    assert f"Logged Coaching for <@{ken.id}>" in reply.text and "manager line and HR only" in reply.text
    assert "Slow down in code review" in reply.text
    (note,) = stored(ws)
    assert (note.kind, note.visibility, note.source, note.text) == (
        Kind.COACHING,
        Visibility.PRIVATE,
        Source.COMMAND,
        "Slow down in code review",
    )
    ws.advance(timedelta(hours=1))
    assert ken.dms() == []  # private: Ken is never told
    assert "Slow down" not in ken.runs("/feedback show").text


def test_a_one_liner_reads_both_people_at_once_and_stores_a_private_note_in_one_statement(ws, maria, ken):

    with statements_sent(ws.db) as statements:
        reply = maria.runs(f"/feedback {ken.mention} coaching Clear notes on the incident")
    assert f"Logged Coaching for <@{ken.id}>" in reply.text
    (stored_at,) = [index for index, statement in enumerate(statements) if statement.startswith("INSERT INTO feedback")]
    handling = statements[: stored_at + 1]  # what follows is the sandbox delivering what is due
    assert "FROM person" in handling[0]  # Maria and Ken together
    assert [statement.split()[0] for statement in handling] == ["SELECT", "INSERT"]  # no claim, no transaction
    (note,) = stored(ws)
    assert (note.author_id, note.subject_id) == (ws.stored(maria.id).id, ws.stored(ken.id).id)


def test_shared_praise_reaches_the_person_after_the_grace_period(ws, maria, ken):
    maria.runs(f"/feedback {ken.mention} shared Great demo today")
    assert ken.dms() == []
    ws.advance(timedelta(minutes=11))
    assert ken.received_dm(containing="Great demo today")
    assert f"<@{maria.id}>" in ken.last_dm().text


def test_shared_feedback_is_not_shown_to_its_subject_while_it_can_still_change(ws, maria, ken):
    maria.runs(f"/feedback {ken.mention} shared Great demo today")
    ws.advance(timedelta(minutes=9))
    assert "Great demo today" not in ken.runs("/feedback show").text
    assert "Great demo today" not in text_of(ken.opens_home()["blocks"])
    assert "Great demo today" in maria.runs(f"/feedback show {ken.mention}").text
    ws.advance(timedelta(minutes=1))
    assert ken.received_dm(containing="Great demo today")
    assert "Great demo today" in ken.runs("/feedback show").text
    assert "Great demo today" in text_of(ken.opens_home()["blocks"])


def test_delete_within_the_grace_period_keeps_nothing_and_tells_no_one(ws, maria, ken):
    maria.runs(f"/feedback {ken.mention} shared Oops wrong person")
    maria.clicks("Delete")
    assert "Deleted" in maria.last_reply().text
    ws.advance(timedelta(minutes=30))
    assert stored(ws) == [] and ken.dms() == []


def test_change_visibility_and_edit_from_the_confirmation(ws, maria, ken):
    maria.runs(f"/feedback {ken.mention} praise Good call on the rollback")
    maria.clicks("Make shared")
    assert "they see it too" in maria.last_reply().text
    maria.clicks("Edit")
    maria.submits({"text": "Good call on the rollback, and clear notes"})
    (note,) = stored(ws)
    assert note.visibility == Visibility.SHARED and note.text.endswith("clear notes")
    ws.advance(timedelta(minutes=11))
    assert ken.received_dm(containing="clear notes")


def test_after_the_grace_period_delete_is_refused(ws, maria, ken):
    maria.runs(f"/feedback {ken.mention} praise Kept")
    ws.advance(timedelta(minutes=11))
    maria.clicks("Delete")
    assert "first 10 minutes" in maria.last_reply().text
    assert len(stored(ws)) == 1


def test_modal_path_person_kind_visibility_and_text(ws, maria, ken):
    maria.runs("/feedback")
    assert [b["block_id"] for b in maria.modal()["blocks"] if b["type"] == "input"] == [
        "subject",
        "kind",
        "visibility",
        "text",
    ]
    reply = maria.submits({"subject": ken.id, "text": ""})
    assert reply.body["response_action"] == "errors" and "empty" in reply.body["errors"]["text"]
    assert stored(ws) == []
    maria.submits({"subject": ken.id, "kind": "coaching", "visibility": "shared", "text": "Write smaller PRs"})
    (note,) = stored(ws)
    assert (note.kind, note.visibility, note.source) == (Kind.COACHING, Visibility.SHARED, Source.MODAL)
    assert "Logged Coaching" in maria.last_reply().text
    assert maria.modal() is None


def test_modal_refuses_yourself_on_the_person_field(ws, maria):
    maria.runs("/feedback")
    reply = maria.submits({"subject": maria.id, "text": "I am great"})
    assert "yourself" in reply.body["errors"]["subject"]
    assert stored(ws) == []


def test_log_as_feedback_shortcut_keeps_a_permalink(ws, maria, ken):
    message = Message(
        channel="C0ENG", ts="1700000500.000100", text="I fixed the flaky test suite", blocks=[], user=ken.id
    )
    ws.slack.messages.append(message)
    maria.uses_shortcut("log_as_feedback", message)
    modal = maria.modal()
    person = next(b for b in modal["blocks"] if b.get("block_id") == "subject")
    assert person["element"]["initial_user"] == ken.id
    maria.submits({"visibility": "shared"})
    (note,) = stored(ws)
    assert note.source == Source.SHORTCUT and note.text == "I fixed the flaky test suite"
    assert note.permalink == "https://perfco.slack.com/archives/C0ENG/p1700000500000100"
    assert ws.slack.calls_to("chat.getPermalink")
    assert "p1700000500000100" in maria.runs(f"/feedback show {ken.mention}").text


def test_an_anonymous_peer_answer_never_names_its_author(ws, hr, maria, ken):
    pia, zoe = ws.person("Pia", manager=maria), ws.person("Zoe", manager=maria)
    reply = maria.runs(f"/feedback request {ken.mention} {pia.mention} {zoe.mention}")
    assert "Asked" in reply.text
    assert pia.received_dm(containing=f"feedback on <@{ken.id}>", buttons=["Give feedback"])
    pia.clicks("Give feedback")
    pia.submits({"text": "Ken explains things patiently", "attribution": "anonymous"})
    assert pia.received_dm(containing="anonymous feedback")
    (answer,) = stored(ws)
    assert answer.anonymous and answer.source == Source.REQUEST
    managers_view = maria.runs(f"/feedback show {ken.mention}").text
    assert "Ken explains things patiently" in managers_view and "anonymous" in managers_view
    assert pia.id not in managers_view and "until at least 3 people answer" in managers_view
    assert "patiently" not in ken.runs("/feedback show").text  # one answer: held back from Ken
    assert "patiently" in hr.runs(f"/feedback show {ken.mention}").text
    assert pia.id not in "".join(m.text for m in ken.dms() + ken.ephemerals())
    pia.clicks("Give feedback")
    assert "already answered" in pia.last_reply().text


def test_unanswered_colleagues_are_reminded_until_the_deadline(ws, maria, ken):
    pia = ws.person("Pia", manager=maria)
    maria.runs(f"/feedback request {ken.mention} {pia.mention}")
    ws.advance(timedelta(days=2))
    assert len([m for m in pia.dms() if "Reminder" in m.text]) == 1
    ws.advance(timedelta(days=6), tick_every=timedelta(days=1))
    assert len([m for m in pia.dms() if "Reminder" in m.text]) == 3  # days 2, 4 and 6; the deadline is day 7
    assert maria.received_dm(containing="0 of 1 answered")


def test_a_request_with_a_deadline_and_bad_requests(ws, maria, ken):
    pia = ws.person("Pia", manager=maria)
    assert "Name the person first" in maria.runs(f"/feedback request {ken.mention}").text
    assert "Name the person first" in maria.runs(f"/feedback request {ken.mention} {pia.mention} soon").text
    assert (
        "can't be asked for feedback about themselves"
        in maria.runs(f"/feedback request {ken.mention} {ken.mention}").text
    )
    assert (
        "ask for feedback on yourself, or on people in your reporting line"
        in pia.runs(f"/feedback request {ken.mention} {maria.mention}").text
    )
    assert "must be in the future" in maria.runs(f"/feedback request {ken.mention} {pia.mention} by 2026-12-01").text
    assert pia.dms() == []
    maria.runs(f"/feedback request {ken.mention} {pia.mention} by 2027-01-05")
    assert pia.received_dm(containing="by 2027-01-05")
    ws.advance(timedelta(days=2))
    pia.clicks("Give feedback")
    assert "passed its deadline" in pia.last_reply().text
    assert stored(ws) == []


def test_a_typed_deadline_is_the_same_date_for_everyone_asked(ws):
    """Typed in Los Angeles, the 20th ends when it is already the 21st in Shanghai: Mei is still told the 20th."""
    lead = ws.person("Lead", role=Role.MANAGER, tz="America/Los_Angeles")
    ray = ws.person("Ray", manager=lead, tz="America/Los_Angeles")
    asked = [ws.person(name, tz=tz) for name, tz in (("Mei", "Asia/Shanghai"), ("Joe", "America/New_York"))]
    lead.runs(f"/feedback request {ray.mention} {' '.join(p.mention for p in asked)} by 2027-01-20")
    for person in asked:
        assert person.received_dm(containing="by 2027-01-20"), person
    ws.advance(timedelta(days=3), tick_every=timedelta(days=1))
    for person in asked:
        assert person.received_dm(containing="Reminder") and not person.received_dm(containing="2027-01-21")


def test_a_channel_slack_did_not_resolve_is_named_as_unknown(ws, hr, maria, ken):
    reply = hr.runs("/perf kudos-channel #kudoss")
    assert "I don't know the channel #kudoss" in reply.text
    assert "I don't know the channel #nowhere" in maria.runs("/perf checkin-schedule team channel=#nowhere").text
    with ws.db.session() as session:
        assert session.exec(select(RecognitionSetting)).all() == []
        assert session.exec(select(CheckinSchedule)).all() == []


def test_kudos_post_to_the_recognition_channel_and_the_person(ws, hr, maria, ken):
    assert "No recognition channel" in maria.runs(f"/kudos {ken.mention} Thanks").text
    assert stored(ws) == []
    assert "Only HR" in maria.runs("/perf kudos-channel <#C0KUDOS|kudos>").text
    hr.runs("/perf kudos-channel <#C0KUDOS|kudos>")
    reply = maria.runs(f"/kudos {ken.mention} #ownership Fixed the release at midnight")
    assert "<#C0KUDOS>" in reply.text
    (post,) = ws.slack.messages_in("C0KUDOS")
    assert f"<@{ken.id}>" in post.text and "Fixed the release at midnight" in post.text and "#ownership" in post.text
    assert ken.received_dm(containing="Fixed the release at midnight")
    (note,) = stored(ws)
    assert (note.kind, note.visibility, note.source, note.company_value) == (
        Kind.PRAISE,
        Visibility.SHARED,
        Source.KUDOS,
        "ownership",
    )


def test_monthly_recognition_summary_for_managers_and_hr(ws, hr, maria, ken):
    ola = ws.person("Ola", role=Role.MANAGER)
    ws.person("Omar", manager=ola)
    hr.runs("/perf kudos-channel <#C0KUDOS|kudos>")
    maria.runs(f"/kudos {ken.mention} Great week")
    ws.advance(timedelta(days=28))  # into February
    assert maria.received_dm(containing="Recognition in 2027-01")
    assert maria.received_dm(containing=f"<@{ken.id}>: 1 kudos")
    assert hr.received_dm(containing=f"Teams where nobody was recognised (by manager): <@{ola.id}>")
    assert ola.received_dm(containing="Nobody was recognised")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@UNOBODY|nobody> Great work", "I don't know <@UNOBODY>"),
        ("{maria} Great work", "about yourself"),
        ("<@UDEPLOYBOT|deploybot> Great work", "is a bot or an app"),
        ("{ken}", "The feedback is empty"),
        ("{ken} shared", "The feedback is empty"),
        ("{ken} " + "x" * 3001, "Slack can show at most 3000"),
        ("Great work", "Name one person"),
    ],
)
def test_bad_input_gets_a_clear_ephemeral_message_and_stores_nothing(ws, maria, ken, text, expected):
    ws.slack.add_member("UDEPLOYBOT", "Deploybot", is_bot=True)
    reply = maria.runs("/feedback " + text.format(maria=maria.mention, ken=ken.mention))
    assert reply.body["response_type"] == "ephemeral"
    assert expected in reply.text
    assert stored(ws) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{hr}", "The feedback is empty"),
        ("{maria} Me!", "about yourself"),
        ("<@UDEPLOYBOT|deploybot> Thanks", "is a bot or an app"),
        ("#ownership Thanks", "Name one person"),
    ],
)
def test_bad_kudos_are_explained_and_nothing_is_posted(ws, hr, maria, text, expected):
    ws.slack.add_member("UDEPLOYBOT", "Deploybot", is_bot=True)
    hr.runs("/perf kudos-channel <#C0KUDOS|kudos>")
    reply = maria.runs("/kudos " + text.format(maria=maria.mention, hr=hr.mention))
    assert reply.body["response_type"] == "ephemeral" and expected in reply.text
    assert stored(ws) == [] and ws.slack.messages_in("C0KUDOS") == []


def test_the_modal_confirmation_falls_back_to_a_dm_when_the_channel_is_closed_to_the_bot(ws, maria, ken):
    maria.runs("/feedback", channel_id="C0PRIVATE")
    ws.slack.fail_next("chat.postEphemeral", "channel_not_found")
    maria.submits({"subject": ken.id, "text": "Clear status updates"})
    assert maria.received_dm(containing=f"Logged Praise for <@{ken.id}>", buttons=["Edit", "Make shared", "Delete"])


def test_someone_outside_the_line_cannot_read_private_feedback(ws, maria, ken):
    pia = ws.person("Pia", manager=maria)
    maria.runs(f"/feedback {ken.mention} coaching Needs to own incidents")
    reply = pia.runs(f"/feedback show {ken.mention}")
    assert reply.body["response_type"] == "ephemeral"
    assert "is for them, their manager line and HR" in reply.text and "Needs to own" not in reply.text
    assert len(stored(ws)) == 1


def test_errors_in_chinese_for_a_zh_cn_user(ws, maria):
    li = ws.person("Li", locale="zh-CN", manager=maria)
    assert "不能给自己记录反馈" in li.runs(f"/feedback {li.mention} 很好").text


def test_with_goals_installed_the_modal_links_one_of_the_persons_goals(ws, maria, ken, monkeypatch):

    def kens_goals(session, viewer, person):
        return [(41, "Cut p95 latency"), (42, "Mentor a junior")] if person.slack_id == ken.id else []

    monkeypatch.setattr(ws.perfbot.services, "goal_choices", kens_goals)
    maria.runs("/feedback")
    assert "goal" not in [b.get("block_id") for b in maria.modal()["blocks"]]
    maria.clicks("feedback_subject", value=ken.id)
    goal = next(b for b in maria.modal()["blocks"] if b.get("block_id") == "goal")
    assert [o["text"]["text"] for o in goal["element"]["options"]] == ["Cut p95 latency", "Mentor a junior"]
    maria.submits({"subject": ken.id, "goal": "42", "text": "Great mentoring of Ana"})
    (note,) = stored(ws)
    assert note.goal_id == 42


def test_a_goal_of_someone_else_is_refused(db):
    from bot.record import feedback
    from tests.conftest import START
    from tests.people import build

    with db.session() as session:
        o = build(session)
        with pytest.raises(Exception, match="feedback.unknown_goal"):
            feedback.log(
                session,
                author=o.maria,
                subject=o.ken,
                text="x",
                kind=Kind.PRAISE,
                visibility=Visibility.PRIVATE,
                now=START,
                goal_id=7,
                goal_choices=lambda session, viewer, person: [(7, "Only Pia's")] if person.id == o.pia.id else [],
            )


def test_showing_feedback_about_yourself_by_name_is_the_same_as_without_a_name(ws, maria, ken):
    maria.runs(f"/feedback {ken.mention} praise shared Great demo today")
    ws.advance(timedelta(days=2))
    named = ken.runs(f"/feedback show {ken.mention}")
    assert f"Feedback about <@{ken.id}>" in named.text and "Great demo today" in named.text
    assert named.text == ken.runs("/feedback show").text


def test_hr_can_show_feedback_about_someone_slack_knows_but_perfbot_has_not_met(ws, hr):
    ws.slack.add_member("UNEWHIRE", "Noor")
    reply = hr.runs("/feedback show <@UNEWHIRE|noor>")
    assert reply.body["response_type"] == "ephemeral"
    assert "Feedback about <@UNEWHIRE>" in reply.text
    with ws.db.read() as session:
        assert session.exec(select(Person).where(Person.slack_id == "UNEWHIRE")).one().name == "Noor"
