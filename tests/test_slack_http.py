"""The kept-connection WebClient answers exactly as slack_sdk's own does, over one connection per thread."""

import logging

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.delivery.slack_http import KeepAliveWebClient
from bot.sandbox.fake_slack import FakeSlack


@pytest.fixture
def slack():
    fake = FakeSlack()
    handler = fake.server.RequestHandlerClass
    handler.protocol_version, handler.disable_nagle_algorithm = "HTTP/1.1", True  # as Slack: kept connections
    fake.connections = 0
    accept = fake.server.process_request

    def counted(request, address):
        fake.connections += 1
        return accept(request, address)

    fake.server.process_request = counted
    fake.add_member("UKEN", "Ken")
    fake.start()
    yield fake
    fake.stop()


def post(client: WebClient, channel: str = "UKEN"):
    return client.chat_postMessage(channel=channel, text="hello", metadata={"event_type": "e", "event_payload": {}})


def test_calls_share_one_connection_and_answer_as_slack_sdk_does(slack):
    kept = KeepAliveWebClient(token="xoxb-test", base_url=slack.url)
    answers = [post(kept) for _ in range(5)]
    assert slack.connections == 1
    plain = post(WebClient(token="xoxb-test", base_url=slack.url))
    assert answers[0].status_code == plain.status_code == 200
    assert (answers[0]["ok"], answers[0]["channel"]) == (plain["ok"], plain["channel"])
    assert [call.token for call in slack.calls_to("chat.postMessage")] == ["xoxb-test"] * 6
    assert slack.calls_to("chat.postMessage")[0].args["metadata"] == {"event_type": "e", "event_payload": {}}


@pytest.mark.parametrize(("error", "status"), [("ratelimited", 429), ("channel_not_found", 200), ("fatal_error", 500)])
def test_errors_are_raised_as_slack_sdk_raises_them(slack, error, status):
    raised = []
    for kind in (KeepAliveWebClient, WebClient):
        client = kind(token="xoxb-test", base_url=slack.url, retry_handlers=[])
        slack.fail_next("chat.postMessage", error, status=status, retry_after=3 if status == 429 else None)
        with pytest.raises(SlackApiError) as caught:
            post(client)
        raised.append(caught.value.response)
    kept, plain = raised
    assert (kept.status_code, kept.data, kept.headers.get("Retry-After")) == (
        plain.status_code,
        plain.data,
        plain.headers.get("Retry-After"),
    )


def test_a_connection_the_server_closed_while_idle_is_replaced_before_the_next_call(slack):
    kept = KeepAliveWebClient(token="xoxb-test", base_url=slack.url)
    post(kept)
    kept._kept.connection.sock.shutdown(0)  # as if the server had closed it: the socket reads as ended
    post(kept)
    assert slack.connections == 2 and len(slack.calls_to("chat.postMessage")) == 2


def test_an_unreachable_slack_is_a_url_error_as_with_urllib():
    from urllib.error import URLError

    with pytest.raises(URLError):
        post(KeepAliveWebClient(token="xoxb-test", base_url="http://127.0.0.1:9/api/", retry_handlers=[]))


def test_requests_are_formatted_for_the_debug_log_only_when_debug_logging_is_on(slack, caplog, monkeypatch):
    kept = KeepAliveWebClient(token="xoxb-test", base_url=slack.url)
    formatted = []
    debug = kept.logger.debug

    def noted(message, *args, **kwargs):
        formatted.append(message)
        debug(message, *args, **kwargs)

    monkeypatch.setattr(kept.logger, "debug", noted)
    with caplog.at_level(logging.INFO, logger="slack_sdk"):
        post(kept)
    assert formatted == []  # slack_sdk builds the line (the whole request) only if it believes debug is on
    with caplog.at_level(logging.DEBUG, logger="slack_sdk"):
        post(kept)
    assert any("Sending a request" in line for line in formatted)
    assert any("Sending a request" in record.getMessage() for record in caplog.records)
