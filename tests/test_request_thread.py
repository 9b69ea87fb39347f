"""A slash command that answers in its ack alone runs its listener on its request's own thread; every other
listener, and every lazy one, runs on Bolt's pool. Checked on the executor itself, then over signed HTTP against
the served app."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import func, select

from bot.sandbox.signed import command_body
from handlers import context
from handlers.request_thread import RequestThreadExecutor, listener_running_here
from storage.feedback import Feedback
from tests.served import http_ws  # noqa: F401 - a fixture

SLACK_DEADLINE = 3.0  # seconds: Slack shows the person an error when an answer takes longer


@pytest.fixture
def executor():
    pool = ThreadPoolExecutor(max_workers=2)
    yield RequestThreadExecutor(pool)
    pool.shutdown(wait=True)


def where_it_ran() -> tuple[int, bool]:
    return threading.get_ident(), listener_running_here()


def test_unmarked_work_goes_to_the_pool(executor):
    ident, here = executor.submit(where_it_ran).result(timeout=5)
    assert ident != threading.get_ident() and not here


def test_a_marked_request_runs_its_first_function_here_and_the_rest_on_the_pool(executor):
    with executor.listener_here(True):
        listener = executor.submit(where_it_ran)
        assert listener.done()  # run before submit returned
        lazy = executor.submit(where_it_ran)
    assert listener.result() == (threading.get_ident(), True)
    assert lazy.result(timeout=5)[0] != threading.get_ident()
    assert not listener_running_here()  # only while it ran


def test_the_mark_ends_with_the_request_even_when_nothing_was_submitted(executor):
    with executor.listener_here(True):
        pass
    assert executor.submit(where_it_ran).result(timeout=5)[0] != threading.get_ident()


def test_an_error_here_reaches_the_future_as_it_would_from_the_pool(executor):
    def fails():
        raise ValueError("bad input")

    with executor.listener_here(True):
        failed = executor.submit(fails)
    assert isinstance(failed.exception(), ValueError)
    assert not listener_running_here()


# -- over signed HTTP, against the served app ------------------------------------------------------


@pytest.fixture
def ws(http_ws):  # noqa: F811 - the served workspace, for conftest's people too
    return http_ws


def notes(ws) -> int:
    with ws.db.session() as session:
        return session.exec(select(func.count()).select_from(Feedback)).one()


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ("/perf help", "What Perfbot can do for you"),
        ("/goal list", "no active cycle"),
        ("/feedback show {ken}", "Feedback about <@UKEN"),
        ("/1on1 {ken}", "One-to-one: <@UMARIA"),
        ("/feedback {ken} coaching Clear notes on the incident", "Logged Coaching"),
    ],
)
def test_a_command_that_answers_in_its_ack_is_answered_without_the_pool(ws, maria, ken, line, answer):
    before = ws.executor.submitted
    reply = maria.runs(line.format(ken=ken.mention))
    assert reply.status == 200 and answer in reply.text
    assert ws.executor.submitted == before


def test_a_one_liner_run_on_its_request_thread_stores_its_note_once(ws, maria, ken):
    maria.runs(f"/feedback {ken.mention} coaching Clear notes on the incident")
    assert notes(ws) == 1
    replay = ws.post(ws.last_body)
    assert replay.status == 200 and "Logged Coaching" in replay.json()["text"] and notes(ws) == 1


def test_bad_input_on_the_request_thread_is_explained_at_once_and_stores_nothing(ws, maria, ken, monkeypatch):
    # Bolt asks for the ack before explaining an error; on the listener's own thread nothing may wait for it
    # (a wait would now outlast Slack's deadline).
    monkeypatch.setattr(context, "ACK_WAKE_WAIT_SECONDS", 60.0)
    before = ws.executor.submitted
    reply = maria.runs(f"/feedback {ken.mention}")  # nothing to log
    assert reply.status == 200 and reply.body["response_type"] == "ephemeral"
    assert "The feedback is empty" in reply.text and "Traceback" not in reply.text
    assert ws.answers[-1].seconds < SLACK_DEADLINE
    assert notes(ws) == 0 and ws.executor.submitted == before


def test_a_text_the_command_cannot_read_is_explained_as_before(ws, maria):
    reply = maria.runs("/1on1 @bob")  # a name Slack did not turn into a mention: `/1on1` cannot tell what it is
    assert reply.status == 200 and "I don't know @bob in this workspace" in reply.text


def test_a_command_that_works_after_its_ack_still_runs_on_the_pool(ws, maria, ken):
    before = ws.executor.submitted
    reply = maria.runs("/feedback")  # opens the feedback modal after acking
    assert reply.status == 200 and maria.modal() is not None
    assert ws.executor.submitted == before + 1


def test_an_unsigned_command_runs_no_listener_anywhere(ws, maria):
    before = ws.executor.submitted
    body = command_body(
        command="/perf",
        text="help",
        user_id=maria.id,
        team_id=ws.team_id,
        trigger_id="1.2.t",
        response_url="http://127.0.0.1:9/respond",
    )
    answer = ws.post(body, headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status == 401 and b"What Perfbot" not in answer.body
    assert ws.executor.submitted == before
