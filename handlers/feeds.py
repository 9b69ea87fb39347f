"""`/perf api-token new|list|revoke`: HR's tokens for systems that push live KPI values (HR only, ephemeral)."""

from __future__ import annotations

from slack_bolt import App

from bot.errors import Invalid
from bot.feeds import tokens
from bot.feeds.listing import feedable_goals
from bot.i18n import t
from bot.org.access import require_hr
from bot.services import Services
from bot.text import escape
from handlers.blocks import feeds as blocks
from handlers.surface import Audience, PerfRequest, Surface

QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’"}


def parse_new(args: str) -> tuple[str, str | None]:
    """`"Jira sync" Engineering` → ("Jira sync", "Engineering"); an unquoted name is one word."""
    args = args.strip()
    if args[:1] in QUOTES:
        closing = args.find(QUOTES[args[0]], 1)
        if closing < 0:
            raise Invalid("feeds.usage")
        name, rest = args[1:closing], args[closing + 1 :]
    else:
        name, _, rest = args.partition(" ")
    return name.strip(), rest.strip() or None


def register(app: App, services: Services, surface: Surface) -> None:
    def api_token(request: PerfRequest) -> None:
        require_hr(request.actor)
        action, _, rest = request.args.partition(" ")
        handler = {"new": new, "list": listed, "revoke": revoke}.get(action.lower())
        if handler is None:
            raise Invalid("feeds.usage")
        handler(request, rest)

    def new(request: PerfRequest, rest: str) -> None:
        name, department = parse_new(rest)
        now = services.clock.now()
        with services.db.session() as session:
            created = tokens.create(session, actor=request.actor, name=name, department=department, now=now)
            example = next(iter(feedable_goals(session, created.token)), None)
        body = blocks.token_created(
            request.lang,
            created.token,
            created.secret,
            base_url=services.settings.api_url,
            goal=example.key if example else "G-1",
            value=example.current if example else 42,
            now=now,
        )
        request.ack(response_type="ephemeral", text=body[0]["text"]["text"], blocks=body)

    def listed(request: PerfRequest, rest: str) -> None:
        with services.db.session() as session:
            found = tokens.listed(session, actor=request.actor)
        body = blocks.token_list(request.lang, found)
        request.ack(response_type="ephemeral", text=t(request.lang, "feeds.token.list.title"), blocks=body)

    def revoke(request: PerfRequest, rest: str) -> None:
        number = rest.strip().lstrip("#")
        if not number.isdigit() or len(number) > 12:
            raise Invalid("feeds.usage")
        with services.db.session() as session:
            token = tokens.revoke(session, actor=request.actor, token_id=int(number), now=services.clock.now())
        text = t(request.lang, "feeds.token.revoked", name=escape(token.name), id=token.id)
        request.ack(response_type="ephemeral", text=text)

    surface.perf_command("api-token", api_token)
    surface.help(Audience.HR, "help.line.api_token")
