"""Reports without Slack: who may see which scope, the numbers each chart is drawn from, and the PNGs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.errors import Forbidden, Invalid, NotFound
from bot.i18n import CHINESE, ENGLISH
from bot.reports import bundle, charts, scope
from bot.reports.data import collect
from tests import reportkit


def test_scope_requests_are_parsed_with_departments_and_cycles():
    known = ["Engineering", "Customer Success"]
    assert scope.parse("", known) == scope.Request("person")
    assert scope.parse("<@UKEN|ken> 2027 Q1", known) == scope.Request("person", "UKEN", "2027 Q1")
    assert scope.parse("team", known) == scope.Request("team")
    assert scope.parse("org 2027 Q1", known) == scope.Request("org", None, "2027 Q1")
    assert scope.parse("customer success 2027 Q1", known) == scope.Request("department", "Customer Success", "2027 Q1")
    with pytest.raises(Invalid) as refused:
        scope.parse("marketing", known)
    assert refused.value.key == "report.unknown_scope"


def test_each_scope_follows_the_access_policy(db):
    with db.session() as session:
        org = reportkit.build(session)
        p = org.people
        assert scope.for_team(session, p.olga).people == {p.maria.id, p.ken.id}  # skip level included
        assert scope.for_team(session, p.maria).people == {p.ken.id}
        with pytest.raises(Forbidden, match="report.no_team"):
            scope.for_team(session, p.ken)
        assert scope.for_person(session, p.maria, p.ken).people == {p.ken.id}
        with pytest.raises(Forbidden):
            scope.for_person(session, p.maria, p.zoe)  # outside her line
        with pytest.raises(Forbidden):
            scope.for_person(session, p.ken, p.maria)  # nobody sees up the line
        assert scope.for_department(session, p.hana, "Engineering").department == "Engineering"
        assert scope.for_department(session, p.maria, "Engineering").people == {p.ken.id}
        with pytest.raises(Forbidden):
            scope.for_department(session, p.maria, "Sales")
        with pytest.raises(NotFound):
            scope.for_department(session, p.hana, "Marketing")
        with pytest.raises(Forbidden, match="report.org_hr_only"):
            scope.for_org(p.maria)
        with pytest.raises(NotFound, match="report.unknown_cycle"):
            scope.cycle_named(session, p.hana.team_id, "1999 Q9")
        assert scope.cycle_named(session, p.hana.team_id, None).name == "2027 Q1"


def test_the_org_report_numbers_and_the_charts_drawn_from_them(db):
    with db.session() as session:
        org = reportkit.build(session)
        data = collect(session, scope.whole_org(reportkit.TEAM), org.cycle)
    # Ken: latency half-way (internal 50 %), revenue done (financial 100 %); Zoe's NPS at 0; drafts don't count.
    assert [(name, round(value, 3), n) for name, value, n in data.perspectives] == [
        ("financial", 1.0, 1),
        ("customer", 0.0, 1),
        ("internal", 0.5, 1),
    ]
    assert data.people == 5
    assert data.feedback == {"feedback": {"given": 2, "received": 3}, "kudos": {"given": 1, "received": 1}}
    assert data.weeks[:3] == ["2026-W53", "2027-W01", "2027-W02"]  # 1 January 2027 is a Friday
    assert data.participation["Engineering"][:4] == [None, 1 / 3, 1 / 3, None]  # Olga, Maria, Ken: Ken answered
    assert data.mood["Engineering"][1:3] == [4.0, 2.0]
    assert data.mood["Sales"][1] == 5.0
    assert data.kpi_count == 3 and [series.name for series in data.kpis] == ["Cut latency", "Revenue", "NPS"]
    assert data.kpis[0].points and [value for _, value in data.kpis[0].points] == [350, 300]

    drawn = {chart.name: chart for chart in charts.all_charts(data, ENGLISH)}
    assert list(drawn) == ["goals-by-perspective", "kpi-trends", "checkins", "feedback"]
    axes = drawn["goals-by-perspective"].figure.axes[0]
    assert [tick.get_text() for tick in axes.get_xticklabels()] == ["Financial", "Customer", "Internal process"]
    assert [bar.get_height() for bar in axes.patches] == [100.0, 0.0, 50.0]
    kpi_axes = drawn["kpi-trends"].figure.axes[0]
    assert [line.get_ydata()[0] for line in kpi_axes.lines if line.get_linestyle() == "--"] == [200, 10, 40]
    feedback_axes = drawn["feedback"].figure.axes[0]
    assert [bar.get_height() for bar in feedback_axes.patches] == [2, 1, 3, 1]  # given: fb, kudos; received: fb, kudos
    mood_axes = drawn["checkins"].figure.axes[1]
    assert {line.get_label() for line in mood_axes.lines} == {"Engineering", "Sales", "People"}
    for chart in drawn.values():
        assert charts.png(chart).startswith(b"\x89PNG\r\n\x1a\n")


def test_a_team_report_counts_only_the_line_and_groups_by_team(db):
    with db.session() as session:
        org = reportkit.build(session)
        data = collect(session, scope.for_team(session, org.people.maria), org.cycle)
        report = bundle.build(session, scope.for_team(session, org.people.maria), org.cycle, CHINESE)
    assert [name for name, _, _ in data.perspectives] == ["financial", "internal"]  # Zoe's goal is not Maria's
    assert data.feedback["feedback"] == {"given": 0, "received": 2}  # Ken's anonymous note is nobody's to count
    assert list(data.participation) == ["Maria's team"]
    assert (
        report.summary[0].startswith("*团队：Maria*")
        and [f.filename for f in report.files][0] == "goals-by-perspective.png"
    )


def test_your_own_report_counts_only_the_feedback_you_may_see(db):
    from storage.feedback import Feedback, Visibility

    with db.session() as session:
        org = reportkit.build(session)
        p = org.people
        session.add(
            Feedback(
                team_id=reportkit.TEAM,
                author_id=p.maria.id,
                subject_id=p.ken.id,
                text="Private note",
                visibility=Visibility.PRIVATE,
                created_at=reportkit.T0,
            )
        )
        session.flush()
        later = reportkit.T0 + timedelta(days=1)
        own = collect(session, scope.for_person(session, p.ken, p.ken), org.cycle, now=later)
        too_soon = collect(session, scope.for_person(session, p.ken, p.ken), org.cycle, now=reportkit.T0)
        managers = collect(session, scope.for_person(session, p.maria, p.ken), org.cycle, now=later)
    assert own.feedback["feedback"]["received"] == 2  # the two shared notes, not Maria's private one
    assert too_soon.feedback == {"feedback": {"given": 0, "received": 0}, "kudos": {"given": 0, "received": 1}}
    assert managers.feedback["feedback"]["received"] == 3


def test_a_report_folder_is_written_whole_or_not_at_all(db, tmp_path):
    with db.session() as session:
        org = reportkit.build(session)
        report = bundle.build(session, scope.whole_org(reportkit.TEAM), org.cycle, ENGLISH)
    written = bundle.write_folder(report, tmp_path / "charts")
    assert sorted(p.name for p in written) == sorted([f.filename for f in report.files] + ["summary.txt"])
    blocked = tmp_path / "file"
    blocked.write_text("x")
    with pytest.raises(Invalid, match="report.folder_unwritable"):
        bundle.write_folder(report, blocked / "charts")


def test_review_completion_and_ratings_are_charted_once_a_review_source_is_plugged_in(db):
    from bot.reports.data import ReviewStats

    def reviews(session, covered, cycle):
        return ReviewStats(completion=0.5, ratings={3: 2, 4: 1})

    with db.session() as session:
        org = reportkit.build(session)
        report = bundle.build(session, scope.whole_org(reportkit.TEAM), org.cycle, ENGLISH, reviews=reviews)
    (ratings,) = [chart for chart in charts.all_charts(report.data, ENGLISH) if chart.name == "ratings"]
    axes = ratings.figure.axes[0]
    assert [bar.get_height() for bar in axes.patches] == [0, 0, 2, 1, 0]
    assert [tick.get_text() for tick in axes.get_xticklabels()] == ["1", "2", "3", "4", "5"]
    assert "Reviews: 50% complete." in report.summary and "ratings.png" in [f.filename for f in report.files]


def test_reviews_from_their_tables_completion_ratings_and_the_export(db, tmp_path):
    from bot.reports import export
    from storage.reviews import Review, ReviewResult

    with db.session() as session:
        org = reportkit.build(session)
        p = org.people
        for author, kind, status, anonymous in (
            (p.maria, "manager", "submitted", False),
            (p.ken, "self", "draft", False),
            (p.zoe, "peer", "submitted", True),
        ):
            session.add(
                Review(
                    team_id=reportkit.TEAM,
                    cycle_id=org.cycle.id,
                    subject_id=p.ken.id,
                    author_id=author.id,
                    kind=kind,
                    status=status,
                    anonymous=anonymous,
                )
            )
        session.add(
            ReviewResult(
                team_id=reportkit.TEAM,
                cycle_id=org.cycle.id,
                person_id=p.ken.id,
                score=4.2,
                computed_rating=4,
                rating=4,
            )
        )
        session.flush()
        whole = collect(session, scope.whole_org(reportkit.TEAM), org.cycle)
        own = collect(session, scope.for_person(session, p.ken, p.ken), org.cycle, now=reportkit.T0)
        selection = export.selection_for(session, reportkit.TEAM, "org", org.cycle)
        done = export.export(session, selection, "json", tmp_path / "out.json")
    assert (round(whole.reviews.completion, 3), whole.reviews.ratings) == (0.667, {4: 1})
    assert own.reviews.ratings == {}  # not released to Ken yet
    assert (done.counts["reviews"], done.counts["results"]) == (3, 1)
    import json

    rows = json.loads((tmp_path / "out.json").read_text())["reviews"]
    assert [row["author"] for row in rows] == ["maria@example.com", "ken@example.com", None]  # the peer was anonymous
