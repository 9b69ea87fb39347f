"""`perfbot`: the argument parser built from each command group, and the one place errors become one line."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from urllib.error import URLError

from bot.cli import cycles, export, org, server, shell
from bot.cli.common import CommandError, load_settings

GROUPS = [server, org, cycles, export, shell]


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="perfbot", description="Performance management inside Slack.")
    commands = root.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_commands(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    # Starting is importing: modules and classes, hardly any garbage, and a collection meanwhile walks the growing
    # heap again and again. The collector is off until a command's work begins: a serving command's once it is
    # built (it calls `bot.launch.settle_heap`, and says so with `settles_heap`), any other's before its handler.
    gc.disable()
    try:
        return _run(parser().parse_args(argv))
    finally:
        gc.enable()


def _run(args: argparse.Namespace) -> int:
    from bot import logs
    from bot.config import WHERE_TO_GET, MissingSetting

    logs.configure()
    handler: Callable[..., int | None] = args.handler
    settings = None
    try:
        settings = load_settings()
        if not getattr(args, "settles_heap", False):
            gc.enable()
        code = handler(settings, args)
    except (CommandError, MissingSetting) as error:
        print(f"perfbot: {error}", file=sys.stderr)
        return 2
    except (URLError, ConnectionError, TimeoutError) as error:  # slack_sdk speaks to Slack through urllib
        url = settings.slack_api_url if settings else "the configured URL"
        print(
            f"perfbot: Slack could not be reached at {url} ({_network_reason(error)}). "
            "Check the network, or SLACK_API_URL if you set it.",
            file=sys.stderr,
        )
        return 2
    except Exception as error:
        if not _refused_by_slack(error):
            raise
        print(
            f"perfbot: Slack refused the request ({_slack_reason(error)}). "
            f"Check SLACK_BOT_TOKEN: {WHERE_TO_GET['SLACK_BOT_TOKEN']}.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
    return code or 0


def _refused_by_slack(error: Exception) -> bool:
    """Bolt's start-up checks (BoltError) or a Web API call (SlackApiError) failed. Their modules are looked up,
    not imported: an error of theirs exists only once they are loaded, and importing `slack_bolt` loads all of
    Bolt, which `perfbot serve` loads only after it answers health checks."""
    refusals = ("slack_bolt.error", "BoltError"), ("slack_sdk.errors", "SlackApiError")
    loaded = [getattr(sys.modules[module], name) for module, name in refusals if module in sys.modules]
    return isinstance(error, tuple(loaded))


def _network_reason(error: Exception) -> str:
    reason = getattr(error, "reason", None) or error
    return (str(reason).splitlines() or [type(error).__name__])[0][:200]


def _slack_reason(error: Exception) -> str:
    from slack_sdk.errors import SlackApiError

    if isinstance(error, SlackApiError):
        return str(error.response.get("error"))
    return str(error).splitlines()[0][:200]


if __name__ == "__main__":
    sys.exit(main())
