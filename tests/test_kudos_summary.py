"""Domain: the monthly recognition summary, what each manager and HR admin reads, through deep and odd lines."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.record import kudos
from storage.outbox import Delivery
from tests.conftest import START
from tests.people import build

FIRST_OF_FEBRUARY = START.replace(day=1, month=2, hour=10)  # summaries of January are due


def _recognise(session, o) -> None:
    """Ken twice and Omar once in January; the second workspace has no recognition channel."""
    kudos.set_channel(session, actor=o.hr, channel_id="C0KUDOS", now=START)
    for giver, subject in ((o.pia, o.ken), (o.zoe, o.ken), (o.ola, o.omar)):
        kudos.give(session, giver=giver, subject=subject, text="Thanks", company_value=None, now=START)


def _summaries(session) -> dict[str, str]:
    rows = session.exec(select(Delivery).where(Delivery.kind == "kudos_summary"))
    return {row.recipient: row.message["text"] for row in rows}


def test_managers_see_their_whole_line_and_hr_the_workspace(db):
    with db.session() as session:
        o = build(session)
        _recognise(session, o)
        assert kudos.plan_monthly_summary(session, FIRST_OF_FEBRUARY) == 4
        title = "*Recognition in 2027-01*"
        both = f"{title}\n• <@UKEN>: 2 kudos\n• <@UOMAR>: 1 kudos"
        quiet_vp = "Teams where nobody was recognised (by manager): <@UVP>"  # Maria's and Ola's were recognised
        assert _summaries(session) == {
            "UMARIA": f"{title}\n• <@UKEN>: 2 kudos",
            "UOLA": f"{title}\n• <@UOMAR>: 1 kudos",
            "UVP": f"{both}\n{quiet_vp}",  # two levels down
            "UHR": f"{both}\n{quiet_vp}",
        }
        assert kudos.plan_monthly_summary(session, FIRST_OF_FEBRUARY + timedelta(hours=1)) == 0


def test_a_line_passes_through_an_inactive_manager_and_a_loop_in_the_chain_ends_the_walk(db):
    with db.session() as session:
        o = build(session)
        _recognise(session, o)
        o.maria.is_active = False  # she left: her reports are still in the VP's line, and hers is no team
        o.vp.manager_id = o.ola.id  # a loop, as an import could leave it: each is in the other's line
        session.flush()
        kudos.plan_monthly_summary(session, FIRST_OF_FEBRUARY)
        top = "*Recognition in 2027-01*\n• <@UKEN>: 2 kudos\n• <@UOMAR>: 1 kudos"
        quiet_vp = "Teams where nobody was recognised (by manager): <@UVP>"  # the VP's team is Ola alone
        assert _summaries(session) == {
            "UOLA": f"{top}\n{quiet_vp}",
            "UVP": f"{top}\n{quiet_vp}",
            "UHR": f"{top}\n{quiet_vp}",
        }
