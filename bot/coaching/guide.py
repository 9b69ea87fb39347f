"""The handbook behind `/perf guide [topic]`: short built-in pages (text in bot/messages/guide.py, English and
Chinese) and the company pages HR adds (e.g. values), listed together."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from bot.errors import Invalid, NotFound
from bot.i18n import t
from bot.org import access
from bot.text import escape
from storage.coaching import GuidePage
from storage.org import Person

TOPICS = ("goals", "oneonone", "feedback", "ratings", "calibration", "plans")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
MAX_BODY = 2800
MAX_COMPANY_PAGES = 20


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    body: str  # mrkdwn, ready to show
    company: bool = False


def builtin(slug: str, lang: str) -> Page:
    return Page(slug, t(lang, f"guide.{slug}.title"), t(lang, f"guide.{slug}.body"))


def company_pages(session: Session, team_id: str) -> list[GuidePage]:
    return list(session.exec(select(GuidePage).where(GuidePage.team_id == team_id).order_by(GuidePage.slug)))


def contents(session: Session, team_id: str, lang: str) -> list[Page]:
    """Every page: the built-in ones in order, then the company's."""
    pages = [builtin(slug, lang) for slug in TOPICS]
    pages += [Page(p.slug, escape(p.title), escape(p.body), True) for p in company_pages(session, team_id)]
    return pages


def page(session: Session, team_id: str, slug: str, lang: str) -> Page:
    slug = slug.strip().lower()
    for found in contents(session, team_id, lang):
        if found.slug == slug:
            return found
    raise NotFound("guide.unknown", topic=escape(slug[:40]), topics=", ".join(TOPICS))


def parse_page(text: str) -> tuple[str, str, str]:
    """`values Our values | Ownership: …` -> (slug, title, body)."""
    slug, _, rest = text.strip().partition(" ")
    title, sep, body = rest.partition("|")
    if not sep or not title.strip() or not body.strip():
        raise Invalid("guide.add_usage")
    return slug.lower(), title.strip(), body.strip()


def save_page(session: Session, *, actor: Person, slug: str, title: str, body: str, now: datetime) -> GuidePage:
    """HR adds (or replaces) a company page; built-in topics keep their names."""
    access.require_hr(actor)
    if not _SLUG.match(slug) or slug in TOPICS:
        raise Invalid("guide.bad_slug", topics=", ".join(TOPICS))
    if len(title) > 150 or len(body) > MAX_BODY:
        raise Invalid("guide.too_long", limit=MAX_BODY)
    row = session.exec(select(GuidePage).where(GuidePage.team_id == actor.team_id, GuidePage.slug == slug)).first()
    if row is None:
        if len(company_pages(session, actor.team_id)) >= MAX_COMPANY_PAGES:
            raise Invalid("guide.too_many", limit=MAX_COMPANY_PAGES)
        row = GuidePage(team_id=actor.team_id, slug=slug, title=title, body=body)
        session.add(row)
    row.title, row.body, row.updated_by, row.updated_at = title, body, actor.id, now
    return row


def remove_page(session: Session, *, actor: Person, slug: str) -> None:
    access.require_hr(actor)
    row = session.exec(
        select(GuidePage).where(GuidePage.team_id == actor.team_id, GuidePage.slug == slug.strip().lower())
    ).first()
    if row is None:
        raise NotFound("guide.unknown", topic=escape(slug[:40]), topics=", ".join(TOPICS))
    session.delete(row)
