"""HR's side of reviews in `/perf`: calibrate, adjust, release, merit, promotions and the cycle's review set-up;
and the reviews part of the App Home."""

from __future__ import annotations

import re

from sqlmodel import Session

from bot.errors import Invalid
from bot.goals import cycles
from bot.i18n import t
from bot.org import access
from bot.reviews import calibration, competencies, merit, results, scoring
from bot.reviews.timeline import Timeline, active_cycle, local_day
from bot.services import Services
from bot.text import escape, mention
from handlers.blocks import reviews as blocks
from handlers.blocks.kit import Block, section
from handlers.forms import names_in
from handlers.mentions import leading_mentions
from handlers.people import resolve
from handlers.reviews import commands
from handlers.surface import Audience, PerfRequest, Surface
from storage.org import Person

SETUP_WORDS = ("weights", "basis", "peers", "guideline", "merit", "competencies")


def calibrate(services: Services, request: PerfRequest) -> None:
    actor, lang, now = request.actor, request.lang, services.clock.now()
    word, _, rest = request.args.partition(" ")
    with services.db.session() as session, names_in(lang):
        cycle = active_cycle(session, actor.team_id)
        if word.lower() == "adjust":
            ids, tail = leading_mentions(rest)
            rating, _, reason = tail.partition(" ")
            if len(ids) != 1 or not rating.isdigit():
                raise Invalid("review.adjust_usage")
            subject = resolve(session, request.client, actor.team_id, ids[0])
            change = calibration.adjust(
                session, actor=actor, cycle=cycle, subject=subject, rating=int(rating), reason=reason, now=now
            )
            text = t(
                lang,
                "review.adjusted",
                person=mention(subject.slack_id),
                from_rating=change.from_rating,
                to_rating=change.to_rating,
            )
            request.ack(response_type="ephemeral", text=text)
            return
        department = request.args.strip() or None
        if Timeline.of(session, cycle).calibration_open(local_day(actor, now)):
            scoring.compute_cycle(session, cycle, now)
        view = calibration.view(session, viewer=actor, cycle=cycle, department=department)
        shown = blocks.calibration_blocks(lang, view, escape(department or ""))
    request.ack(
        response_type="ephemeral", text=t(lang, "review.calibration.title", cycle=cycle.name, scope=""), blocks=shown
    )


def release(services: Services, request: PerfRequest) -> None:
    actor, lang, now = request.actor, request.lang, services.clock.now()
    department = request.args.strip()
    with services.db.session() as session, names_in(lang):
        cycle = active_cycle(session, actor.team_id)
        access.require_hr(actor)
        count = results.release(
            session,
            actor=actor,
            cycle=cycle,
            now=now,
            department=None if department.lower() in ("", "all") else department,
        )
    services.sender.wake()
    request.ack(response_type="ephemeral", text=t(lang, "review.released", count=count))


def merit_view(services: Services, request: PerfRequest) -> None:
    actor, lang = request.actor, request.lang
    with services.db.session() as session:
        cycle = active_cycle(session, actor.team_id)
        lines = [t(lang, "review.merit.title", cycle=escape(cycle.name))]
        for row in merit.recommendations(session, viewer=actor, cycle=cycle):
            lines.append(
                t(
                    lang,
                    "review.merit.line",
                    person=mention(row.person.slack_id),
                    rating=row.rating,
                    merit=f"{row.merit_pct:g}",
                    bonus=f"{row.bonus_multiplier:g}",
                    promotion=t(lang, "review.merit.eligible") if row.promotion_eligible else "",
                )
            )
        for nomination in merit.promotion_nominations(session, cycle):
            lines.append(
                t(
                    lang,
                    "review.merit.nomination",
                    person=mention(_slack(session, nomination.person_id)),
                    manager=mention(_slack(session, nomination.nominated_by_id)),
                    status=nomination.status,
                    evidence=escape(nomination.evidence[:300]),
                )
            )
    request.ack(response_type="ephemeral", text=lines[0], blocks=[section("\n".join(lines[:60]))])


def promotion(services: Services, request: PerfRequest) -> None:
    actor, lang = request.actor, request.lang
    ids, decision = leading_mentions(request.args)
    if len(ids) != 1:
        raise Invalid("review.promotion_usage")
    with services.db.session() as session:
        cycle = active_cycle(session, actor.team_id)
        subject = resolve(session, request.client, actor.team_id, ids[0])
        found = [n for n in merit.promotion_nominations(session, cycle) if n.person_id == subject.id]
        if not found:
            raise Invalid("review.promotion_usage")
        merit.decide_promotion(session, actor=actor, nomination=found[0], decision=decision.strip().lower())
    request.ack(
        response_type="ephemeral",
        text=t(
            lang,
            "review.promotion_decided",
            person=mention(subject.slack_id),
            decision=escape(decision.strip().lower()),
        ),
    )


def _slack(session: Session, person_id: int) -> str:
    person = session.get(Person, person_id)
    return person.slack_id if person else "-"


def parse_shares(text: str) -> dict[str, int]:
    found = dict(re.findall(r"([1-5])=(\d+)", text))
    return {band: int(value) for band, value in found.items()}


def parse_competencies(text: str) -> list[dict]:
    items = []
    for chunk in filter(None, (part.strip() for part in text.split(";"))):
        parts = [p.strip() for p in chunk.split(":")]
        if len(parts) != 4 or not parts[1].isdigit():
            raise Invalid("review.setup.competencies_usage")
        items.append({"key": parts[0], "weight": int(parts[1]), "en": parts[2], "zh-CN": parts[3]})
    return items


def review_setup(services: Services, request: PerfRequest) -> None:
    actor, lang, now = request.actor, request.lang, services.clock.now()
    word, _, rest = request.args.partition(" ")
    word, rest = word.lower(), rest.strip()
    with services.db.session() as session:
        access.require_hr(actor)
        cycle = active_cycle(session, actor.team_id)
        common = {"actor": actor, "cycle": cycle, "now": now}
        if word == "weights":
            competencies.set_component_weights(session, weights=competencies.parse_component_weights(rest), **common)
        elif word == "basis":
            competencies.set_goal_basis(session, basis=rest.lower(), **common)
        elif word == "peers":
            numbers = rest.split()
            if len(numbers) != 2 or not all(n.isdigit() for n in numbers):
                raise Invalid("review.setup.peer_limits")
            competencies.set_peer_limits(session, low=int(numbers[0]), high=int(numbers[1]), **common)
        elif word == "guideline":
            competencies.set_guideline(session, shares=parse_shares(rest), **common)
        elif word == "merit":
            parts = rest.split()
            try:
                band, pct, bonus = int(parts[0]), float(parts[1]), float(parts[2])
            except (IndexError, ValueError):
                raise Invalid("review.setup.merit_usage") from None
            competencies.set_merit_row(session, band=band, merit_pct=pct, bonus=bonus, **common)
        elif word == "competencies":
            competencies.set_competencies(session, items=parse_competencies(rest), **common)
        elif word:
            raise Invalid("review.setup.components_usage")
        setup = competencies.setup_for(session, cycle)
        text = t(
            lang,
            "review.setup.shown",
            cycle=escape(cycle.name),
            components=" ".join(f"{k}={v}" for k, v in setup.component_weights.items()),
            basis=setup.goal_basis,
            low=setup.peer_min,
            high=setup.peer_max,
            competencies="; ".join(
                f"{escape(competencies.competency_label(c, lang))} {c['weight']}%" for c in setup.competencies
            ),
            guideline=" ".join(f"{k}={v}%" for k, v in setup.guideline.items()) or "–",
            merit=" ".join(
                f"{k}: {v['merit_pct']:g}%/×{v['bonus_multiplier']:g}" for k, v in setup.merit_matrix.items()
            ),
            threshold=setup.promotion_threshold,
        )
    request.ack(response_type="ephemeral", text=text)


def home_section(services: Services):
    """The reviews part of the App Home: what to do in the active cycle, HR's calibration summary, past results."""

    def render(session: Session, person: Person, lang: str) -> list[Block]:
        shown: list[Block] = []
        cycle = cycles.active(session, person.team_id)
        if cycle is not None and Timeline.of(session, cycle).started(
            "self_review", local_day(person, services.clock.now())
        ):
            shown += commands.overview(session, person, lang, services.clock.now())
            if access.is_hr(person):
                view = calibration.view(session, viewer=person, cycle=cycle)
                if view.rows:
                    shown.append(section(t(lang, "review.calibration.home", count=len(view.rows), mean=view.org.mean)))
        past = results.history(session, person)
        if past:
            lines = [t(lang, "review.history_title")]
            lines += [
                t(
                    lang,
                    "review.history_line",
                    cycle=escape(c.name),
                    label=t(lang, f"review.scale.{r.rating}"),
                    score=f"{r.score:.2f}",
                )
                for c, r in past[:5]
            ]
            shown.append(section("\n".join(lines)))
        return [section(t(lang, "review.home.title")), *shown] if shown else []

    return render


def register(app, services: Services, surface: Surface) -> None:
    surface.perf_command("calibrate", lambda request: calibrate(services, request))
    surface.perf_command("release", lambda request: release(services, request))
    surface.perf_command("merit", lambda request: merit_view(services, request))
    surface.perf_command("promotion", lambda request: promotion(services, request))
    surface.perf_command("review-setup", lambda request: review_setup(services, request))
    surface.help(Audience.MANAGER, "help.line.review_calibrate")
    surface.help(Audience.HR, "help.line.review_hr")
    surface.home_sections.append(home_section(services))
