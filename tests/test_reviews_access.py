"""Who sees which review, score and calibration: the access policy for every role pair, in the domain."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.org import access
from storage.reviews import Review, ReviewKind
from tests.people import build

NOW = datetime(2027, 3, 1, tzinfo=UTC)
VIEWERS = ("ken", "maria", "vp", "hr", "pia", "zoe", "ola", "omar", "hr_elsewhere")
# viewer -> (self review, manager review before release, after release, Pia's peer review, score before, after)
EXPECTED = {
    "ken": (True, False, True, False, False, True),
    "maria": (True, True, True, True, True, True),
    "vp": (True, True, True, True, True, True),
    "hr": (True, True, True, True, True, True),
    "pia": (False, False, False, True, False, False),
    "zoe": (False, False, False, False, False, False),
    "ola": (False, False, False, False, False, False),
    "omar": (False, False, False, False, False, False),
    "hr_elsewhere": (False, False, False, False, False, False),
}


@pytest.fixture
def org(db):
    with db.session() as session:
        yield session, build(session)


def review(org, kind: ReviewKind, author) -> Review:
    return Review(id=1, team_id=org.ken.team_id, cycle_id=1, subject_id=org.ken.id, author_id=author.id, kind=kind)


@pytest.mark.parametrize("name", VIEWERS)
def test_who_sees_reviews_and_scores_of_ken(org, name):
    session, people = org
    viewer = getattr(people, name)
    own = review(people, ReviewKind.SELF, people.ken)
    managers = review(people, ReviewKind.MANAGER, people.maria)
    peer = review(people, ReviewKind.PEER, people.pia)
    seen = (
        access.can_see_review(session, viewer, own, people.ken, released=False),
        access.can_see_review(session, viewer, managers, people.ken, released=False),
        access.can_see_review(session, viewer, managers, people.ken, released=True),
        access.can_see_review(session, viewer, peer, people.ken, released=True),
        access.can_see_score(session, viewer, people.ken, released=False),
        access.can_see_score(session, viewer, people.ken, released=True),
    )
    assert seen == EXPECTED[name]


@pytest.mark.parametrize("name", VIEWERS)
def test_who_writes_the_manager_review_calibrates_and_approves_peers(org, name):
    session, people = org
    viewer = getattr(people, name)
    assert access.can_write_manager_review(viewer, people.ken) == (name == "maria")
    assert access.can_calibrate(session, viewer, people.ken) == (name in ("maria", "vp", "hr"))
    assert access.can_manage_peer_nominations(session, viewer, people.ken) == (name in ("maria", "vp", "hr"))


def test_anonymous_peer_answers_reach_the_subject_only_after_release_and_with_three_of_them(org):
    _, people = org
    signed = review(people, ReviewKind.PEER, people.pia)
    anonymous = review(people, ReviewKind.PEER, people.zoe)
    anonymous.anonymous = True
    assert not access.subject_sees_peer_answer(signed, released=False, anonymous_answers=0)
    assert access.subject_sees_peer_answer(signed, released=True, anonymous_answers=0)
    assert not access.subject_sees_peer_answer(anonymous, released=True, anonymous_answers=2)
    assert access.subject_sees_peer_answer(anonymous, released=True, anonymous_answers=3)
    assert not access.shows_review_author(people.ken, anonymous) and access.shows_review_author(people.zoe, anonymous)
