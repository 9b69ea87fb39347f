"""Domain: the organisation's rules (reporting tree, roles, HR bootstrap, CSV import), on each database."""

import pytest
from sqlmodel import select

from bot.errors import Invalid, InvalidRows, NotFound
from bot.org import directory
from bot.org.csv_import import import_csv
from bot.org.directory import Profile
from storage.counting import statements_sent
from storage.org import Person, Role

TEAM = "T1"


def profile(slack_id: str, name: str, **extra) -> Profile:
    values = dict(email=f"{name.lower()}@example.com", tz="Europe/Paris", locale="en-US", is_active=True)
    values.update(extra)
    return Profile(slack_id=slack_id, name=name, **values)


@pytest.fixture
def people(db):
    with db.session() as session:
        for slack_id, name in [("UA", "Ann"), ("UB", "Bob"), ("UC", "Cid"), ("UD", "Dee")]:
            directory.upsert(session, TEAM, profile(slack_id, name))
    return db


def test_upsert_stores_and_updates_a_profile(people):
    with people.session() as session:
        person, changed = directory.upsert(session, TEAM, profile("UA", "Ann", tz="Asia/Shanghai", locale="zh-CN"))
        assert changed
    with people.session() as session:
        stored = directory.get(session, TEAM, "UA")
        assert (stored.tz, stored.locale, stored.email) == ("Asia/Shanghai", "zh-CN", "ann@example.com")
        _, changed = directory.upsert(session, TEAM, profile("UA", "Ann", tz="Asia/Shanghai", locale="zh-CN"))
        assert not changed


def test_people_by_id_asks_only_for_those_the_session_does_not_hold(people):
    with people.read() as session:
        ann, bob = directory.get(session, TEAM, "UA"), directory.get(session, TEAM, "UB")
    with people.read(ann) as session:
        with statements_sent(people) as statements:
            assert directory.by_ids(session, [ann.id])[ann.id].name == "Ann"
            assert statements == []  # the person acting, known to the read: not read again
            found = directory.by_ids(session, [ann.id, bob.id, ann.id])
        assert {person.name for person in found.values()} == {"Ann", "Bob"}
        assert [statement.split()[0] for statement in statements] == ["SELECT"]


def test_find_many_reads_people_as_the_orm_loads_them_and_a_read_takes_them_in_without_asking_again(people):
    with people.session() as session:
        directory.set_manager(session, directory.get(session, TEAM, "UB"), directory.get(session, TEAM, "UA"))
        directory.set_role(directory.get(session, TEAM, "UA"), Role.HR_ADMIN)
    with people.read_connection() as connection:
        found = directory.find_many(connection, TEAM, ["UB", "UA", "UX"])
    with people.read() as session:
        loaded = {slack_id: directory.get(session, TEAM, slack_id) for slack_id in ("UA", "UB")}
    assert sorted(found) == ["UA", "UB"]  # UX is not known
    columns = Person.__table__.c.keys()
    for slack_id, person in found.items():
        assert {name: getattr(person, name) for name in columns} == {
            name: getattr(loaded[slack_id], name) for name in columns
        }
    assert found["UA"].role == Role.HR_ADMIN and found["UB"].manager_id == found["UA"].id
    assert found["UB"].updated_at.tzinfo is not None  # through the column's own type, as the ORM reads it
    bob = found["UB"]
    with people.read(bob) as session, statements_sent(people) as statements:
        assert session.get(Person, bob.id).name == "Bob"
    assert statements == []


def test_deactivated_person_is_kept_but_inactive(people):
    with people.session() as session:
        directory.set_manager(session, directory.get(session, TEAM, "UB"), directory.get(session, TEAM, "UA"))
        directory.upsert(session, TEAM, profile("UB", "Bob", is_active=False))
    with people.session() as session:
        bob = directory.get(session, TEAM, "UB")
        assert not bob.is_active and bob.manager_id is not None
        assert [p.slack_id for p in directory.people(session, TEAM)] == ["UA", "UC", "UD"]


def test_reporting_lines_form_a_tree(people):
    with people.session() as session:
        ann, bob, cid = (directory.get(session, TEAM, i) for i in ("UA", "UB", "UC"))
        directory.set_manager(session, bob, ann)
        directory.set_manager(session, cid, bob)
        assert directory.manager_chain(session, cid) == [bob, ann]
        assert directory.direct_reports(session, ann) == [bob]
        with pytest.raises(Invalid) as refused:
            directory.set_manager(session, ann, cid)
        assert refused.value.key == "org.cycle"
        with pytest.raises(Invalid):
            directory.set_manager(session, ann, ann)
        assert ann.manager_id is None


def test_configured_hr_admins_are_bootstrapped_by_id_or_email(people):
    with people.session() as session:
        promoted = directory.bootstrap_hr_admins(session, TEAM, {"ua", "cid@example.com"})
        assert sorted(p.slack_id for p in promoted) == ["UA", "UC"]
        assert directory.get(session, TEAM, "UB").role == Role.EMPLOYEE


def test_without_a_list_the_primary_owner_becomes_hr_once(people):
    with people.session() as session:
        directory.upsert(session, TEAM, profile("UO", "Owner", is_primary_owner=True))
        assert [p.slack_id for p in directory.bootstrap_hr_admins(session, TEAM, set())] == ["UO"]
        assert directory.bootstrap_hr_admins(session, TEAM, set()) == []


def test_csv_import_applies_every_row(people):
    csv_text = "person,manager,department,role\nann@example.com,,Leadership,hr_admin\nUB,UA,Sales,manager\n"
    csv_text += "cid@example.com,bob@example.com,Sales,\n"
    with people.session() as session:
        assert import_csv(session, TEAM, csv_text).updated == 3
    with people.session() as session:
        ann, bob, cid = (directory.get(session, TEAM, i) for i in ("UA", "UB", "UC"))
        assert (ann.role, ann.department) == (Role.HR_ADMIN, "Leadership")
        assert (bob.manager_id, bob.role, bob.department) == (ann.id, Role.MANAGER, "Sales")
        assert (cid.manager_id, cid.role) == (bob.id, Role.EMPLOYEE)


def test_a_bad_csv_changes_nothing_and_lists_every_bad_line(people):
    csv_text = (
        "person,manager,department,role\n"
        "UA,UB,Sales,manager\n"  # fine on its own
        "nobody@example.com,UA,,\n"  # line 3: unknown person
        "UC,ghost@example.com,,\n"  # line 4: unknown manager
        "UD,,,boss\n"  # line 5: unknown role
        "UD,UD,,\n"  # line 6: twice (and own manager)
    )
    with pytest.raises(InvalidRows) as bad, people.session() as session:
        import_csv(session, TEAM, csv_text)
    assert [line for line, _ in bad.value.problems] == [3, 4, 5, 6]
    assert "nobody@example.com" in str(bad.value)
    with people.session() as session:
        assert directory.get(session, TEAM, "UA").manager_id is None
        assert directory.get(session, TEAM, "UA").role == Role.EMPLOYEE


def test_a_csv_that_makes_a_cycle_is_refused_whole(people):
    csv_text = "person,manager\nUA,UB\nUB,UC\nUC,UA\nUD,UA\n"
    with pytest.raises(InvalidRows) as bad, people.session() as session:
        import_csv(session, TEAM, csv_text)
    assert [line for line, _ in bad.value.problems] == [2, 3, 4]
    with people.session() as session:
        assert all(p.manager_id is None for p in session.exec(select(Person)))


def test_a_csv_with_a_wrong_header_is_refused(people):
    with pytest.raises(InvalidRows) as bad, people.session() as session:
        import_csv(session, TEAM, "email,boss\nUA,UB\n")
    assert bad.value.problems[0][0] == 1


def test_nothing_crosses_workspaces(people):
    with people.session() as session:
        directory.upsert(session, "T2", profile("UX", "Xan"))
        assert directory.find(session, TEAM, "UX") is None
        with pytest.raises(NotFound):
            directory.set_manager(session, directory.get(session, TEAM, "UA"), directory.get(session, "T2", "UX"))
