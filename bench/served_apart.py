"""One app of the load benchmark served in a process of its own, as an app is deployed: waitress with 8 request
threads (as `perfbot serve`), so the clients' Python never waits for the served app's interpreter lock.

    python -m bench.served_apart perfbot|bare|sql SLACK_URL DATABASE_URL    # prints the port it serves on
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class ServedApart:
    """The app `name` serving in a child process (`address`), ready once built; `stop()` ends it."""

    def __init__(self, name: str, slack_url: str, database_url: str) -> None:
        argv = [sys.executable, "-m", "bench.served_apart", name, slack_url, database_url]
        self.process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        port = self.process.stdout.readline().strip()
        if not port.isdigit():
            self.process.kill()
            raise RuntimeError(f"the {name} app did not start (exit code {self.process.wait()})")
        self.address = f"127.0.0.1:{port}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def _app(name: str, slack_url: str, database_url: str) -> Any:
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    from bench.load import bare_bolt, hand_written_bolt
    from bot.sandbox.signed import SIGNING_SECRET

    if name == "bare":
        return SlackRequestHandler(bare_bolt(slack_url))
    if name == "sql":
        return SlackRequestHandler(hand_written_bolt(slack_url, database_url)[0])
    from bot.app import build
    from bot.config import Settings
    from bot.web import wsgi_app

    settings = Settings(
        SLACK_BOT_TOKEN="xoxb-bench",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        DATABASE_URL=database_url,
        SLACK_API_URL=slack_url,
    )
    return wsgi_app(build(settings))


def main() -> None:
    from bot.launch import settle_heap
    from bot.sandbox.serving import ServedApp

    name, slack_url, database_url = sys.argv[1:4]
    served = ServedApp(_app(name, slack_url, database_url))
    settle_heap()  # as `perfbot serve` does once it has started
    print(served.port, flush=True)
    threading.Event().wait()  # serves until the benchmark terminates it


if __name__ == "__main__":
    main()
