"""Slack-level: a command that names someone Slack did not turn into a mention says plainly who is unknown,
instead of acting on the person who typed it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.feedback import Feedback
from storage.org import Role
from storage.plans import Plan

COMMANDS = [
    "/goal list @bob",
    "/feedback show @bob",
    "/feedback @bob great demo",
    "/feedback request @bob {ken}",
    "/feedback request {ken} @bob",
    "/1on1 @bob",
    "/plan @bob improvement 2027-03-01 Dependable handovers",
    "/plan @bob",
    "/kudos @bob thanks for the help",
]


@pytest.mark.parametrize("line", COMMANDS)
def test_every_command_naming_an_unknown_person_says_so(ws, hr, maria, ken, line):
    reply = maria.runs(line.format(ken=ken.mention, maria=maria.mention))
    assert reply.status == 200
    assert "I don't know @bob in this workspace" in reply.text
    assert "Maria" not in reply.text  # never the typing person's own records instead
    with ws.db.session() as session:
        assert session.exec(select(Feedback)).all() == [] and session.exec(select(Plan)).all() == []


@pytest.mark.parametrize("line", ["set-role @bob manager", "set-manager @bob {maria}", "set-department @bob Sales"])
def test_hr_naming_an_unknown_person_in_an_admin_command(ws, hr, maria, line):
    assert "I don't know @bob" in hr.runs("/perf admin " + line.format(maria=maria.mention)).text


def test_in_chinese(ws):
    li = ws.person("Li", role=Role.MANAGER, locale="zh-CN")
    assert "找不到 @bob" in li.runs("/goal list @bob").text
