"""The kept-connection WebClient answers exactly as slack_sdk's own does, over one connection per thread."""

import http.client
import logging
import socketserver
import threading

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.delivery import plain_headers
from bot.delivery.plain_headers import PlainHeadersResponse
from bot.delivery.slack_answers import retry_after
from bot.delivery.slack_http import KeepAliveWebClient, OneSendHTTPConnection
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


def test_a_request_is_written_with_one_send(slack, monkeypatch):
    sent = []
    send = http.client.HTTPConnection.send
    monkeypatch.setattr(http.client.HTTPConnection, "send", lambda self, data: sent.append(data) or send(self, data))
    kept = KeepAliveWebClient(token="xoxb-test", base_url=slack.url)
    post(kept)
    post(kept)
    assert len(sent) == 2 and all(data.startswith(b"POST /api/chat.postMessage ") for data in sent)
    assert [call.args["text"] for call in slack.calls_to("chat.postMessage")] == ["hello", "hello"]


def test_a_body_that_is_not_bytes_follows_the_head_as_http_client_sends_it():
    server = CannedAnswers([answer("200 OK", b"")])
    connection = OneSendHTTPConnection(*server.server_address)
    try:
        connection.request("POST", "/api/api.test", body=iter([b"{", b"}"]), headers={"Content-Length": "2"})
        response = connection.getresponse()
        assert (response.status, response.read()) == (200, b'{"ok": true}')
    finally:
        server.shutdown()
    assert server.requests == 1


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


class CannedAnswers(socketserver.ThreadingTCPServer):
    """A local HTTP/1.1 server that answers each request, on a kept connection, with the next of its raw answers."""

    daemon_threads = allow_reuse_address = True

    def __init__(self, answers: list[bytes]) -> None:
        self.answers, self.requests = list(answers), 0
        super().__init__(("127.0.0.1", 0), CannedAnswerHandler)
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/"


class CannedAnswerHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        while head := self._read_head():
            length = next((int(line.split(b":")[1]) for line in head if line.lower().startswith(b"content-length")), 0)
            self.rfile.read(length)
            self.server.requests += 1
            self.wfile.write(self.server.answers.pop(0))

    def _read_head(self) -> list[bytes]:
        head = []
        while (line := self.rfile.readline()) not in (b"\r\n", b""):
            head.append(line)
        return head


def answer(status: str, headers: bytes, body: bytes = b'{"ok": true}') -> bytes:
    length = b"Content-Length: %d\r\n" % len(body)
    return b"HTTP/1.1 " + status.encode() + b"\r\n" + length + headers + b"\r\n" + body


def fetched(server: CannedAnswers, connection: http.client.HTTPConnection) -> tuple:
    connection.request("POST", "/api/chat.postMessage", body=b"{}")
    response = connection.getresponse()
    headers = vars(response.headers) | {"defects": [type(defect) for defect in response.headers.defects]}
    return response.status, response.reason, headers, response.length, response.will_close, response.read()


HEADER_BLOCKS = {
    "ordinary": b"Content-Type: application/json; charset=utf-8\r\nDate: Wed, 25 Nov 2026 12:00:00 GMT\r\n",
    "duplicate names": b"Set-Cookie: a=1; Path=/\r\nX-Slack-Req-Id: 7\r\nSet-Cookie: b=2\r\n",
    "mixed case names": b"x-SLACK-backend: r\r\nCONTENT-TYPE: application/json\r\nx-slack-backend: h\r\n",
    "empty values": b"X-Empty:\r\nX-Blank:   \r\nX-Tab:\t\r\nVia:  1.1 proxy  \r\n",
    "latin-1 bytes": b"X-Name: Ren\xe9e \xff\xa0\r\nX-Ctl: a\x0bb\x85c\r\n",
    "bare line feeds": b"X-One: 1\nX-Two: 2\n",
    "chunked body": b"Transfer-Encoding: chunked\r\nX-After: 1\r\n",
}
FALLBACK_BLOCKS = {
    "folded continuation lines": b"X-Folded: first\r\n second\r\n\tthird\r\nX-Next: 4\r\n",
    "a line without a colon": b"X-Good: 1\r\nnot a header\r\nX-Later: 2\r\n",
    "a carriage return inside a value": b"X-Odd: a\rb\r\n",
    "a multipart content type": b"Content-Type: multipart/mixed; boundary=xyz\r\n",
    "a name with a space": b"X Spaced: 1\r\n",
}


def chunked_or_not(headers: bytes) -> bytes:
    if b"chunked" in headers:
        return b"HTTP/1.1 200 OK\r\n" + headers + b"\r\n" + b'c\r\n{"ok": true}\r\n0\r\n\r\n'
    return answer("200 OK", headers)


ALL_BLOCKS = HEADER_BLOCKS | FALLBACK_BLOCKS


@pytest.mark.parametrize("headers", ALL_BLOCKS.values(), ids=ALL_BLOCKS)
def test_an_answer_reads_as_http_client_reads_it(headers):
    server = CannedAnswers([chunked_or_not(headers)] * 2)
    address = server.server_address
    plain = http.client.HTTPConnection(*address)
    plain.response_class = PlainHeadersResponse
    try:
        assert fetched(server, plain) == fetched(server, http.client.HTTPConnection(*address))
    finally:
        server.shutdown()


@pytest.mark.parametrize("headers", FALLBACK_BLOCKS.values(), ids=FALLBACK_BLOCKS)
def test_headers_that_are_not_plain_go_through_http_clients_own_parse(headers, monkeypatch):
    stock, parsed = http.client.parse_headers, []
    monkeypatch.setattr(plain_headers, "stock_parse_headers", lambda fp: parsed.append(fp) or stock(fp))
    server = CannedAnswers([chunked_or_not(headers)])
    connection = http.client.HTTPConnection(*server.server_address)
    connection.response_class = PlainHeadersResponse
    try:
        fetched(server, connection)
    finally:
        server.shutdown()
    assert len(parsed) == 1


@pytest.mark.parametrize("headers", HEADER_BLOCKS.values(), ids=HEADER_BLOCKS)
def test_plain_headers_do_not_go_through_the_email_parser(headers, monkeypatch):
    monkeypatch.setattr(http.client, "parse_headers", lambda fp: pytest.fail("parsed by http.client"))
    monkeypatch.setattr(plain_headers, "stock_parse_headers", lambda fp: pytest.fail("parsed by http.client"))
    server = CannedAnswers([chunked_or_not(headers)])
    connection = http.client.HTTPConnection(*server.server_address)
    connection.response_class = PlainHeadersResponse
    try:
        status, _, _, _, _, body = fetched(server, connection)
    finally:
        server.shutdown()
    assert (status, body) == (200, b'{"ok": true}')


def test_a_429_is_slack_sdks_rate_limit_error_with_its_retry_after_readable():
    limited = answer("429 Too Many Requests", b"Retry-After: 7\r\n", b'{"ok": false, "error": "ratelimited"}')
    server = CannedAnswers([limited])
    try:
        with pytest.raises(SlackApiError) as caught:
            post(KeepAliveWebClient(token="xoxb-test", base_url=server.url, retry_handlers=[]))
    finally:
        server.shutdown()
    response = caught.value.response
    assert (response.status_code, response["error"], response.headers["Retry-After"]) == (429, "ratelimited", "7")
    assert retry_after(response) == 7


def test_slack_sdks_rate_limit_handler_still_retries_a_429_on_the_kept_connection():
    limited = answer("429 Too Many Requests", b"Retry-After: 0\r\n", b'{"ok": false, "error": "ratelimited"}')
    server = CannedAnswers([limited, answer("200 OK", b"Content-Type: application/json\r\n")])
    client = KeepAliveWebClient(
        token="xoxb-test", base_url=server.url, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)]
    )
    try:
        assert post(client)["ok"] is True
    finally:
        server.shutdown()
    assert server.requests == 2
