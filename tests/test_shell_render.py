"""The shell's renderer: every Block Kit block and element bots commonly use, as readable numbered text."""

import pytest

from bot.sandbox.fake_slack import Message
from bot.shell.render import UnknownBlock, mrkdwn, render_all, render_blocks, render_message, render_view
from handlers.blocks.kit import actions, button, context, divider, header, plain, section

NAMES = {"UDEMOKEN": "ken", "UDEMOMARIA": "maria"}


def option(text, value):
    return {"text": plain(text), "value": value}


PERSPECTIVES = [option("Financial", "financial"), option("Customer", "customer"), option("Learning", "learning")]


def input_block(block_id, label, element, **extra):
    return {"type": "input", "block_id": block_id, "label": plain(label), "element": element, **extra}


def test_mrkdwn_reads_as_plain_text():
    text = "*Hi* <@UDEMOKEN>, see <https://x.example|the doc> in <#C1|general> &lt;ok&gt; <!here> <@UOTHER|zed>"
    assert mrkdwn(text, NAMES) == "Hi @ken, see the doc (https://x.example) in #general <ok> @here @zed"


def test_a_channel_the_bot_names_by_id_reads_as_its_name():
    assert mrkdwn("posted in <#C0KUDOS>", {**NAMES, "C0KUDOS": "kudos"}) == "posted in #kudos"
    assert mrkdwn("posted in <#C0ELSE>", NAMES) == "posted in #C0ELSE"


def test_header_section_fields_context_and_divider():
    blocks = [
        header("Your goals"),
        section("Hello <@UDEMOKEN>", fields=["*Manager*\n<@UDEMOMARIA>", "*Weight*\n40%"]),
        context("Updated today"),
        divider(),
    ]
    rendered = render_blocks(blocks, names=NAMES)
    assert rendered.lines == [
        "== Your goals ==",
        "Hello @ken",
        "  Manager: @maria",
        "  Weight: 40%",
        "  Updated today",
        "─" * 48,
    ]
    assert rendered.controls == []


def test_buttons_are_numbered_in_order_with_their_style():
    blocks = [
        section("Ken proposes a goal", accessory=button("Details", "details")),
        actions(button("Approve", "approve", style="primary"), button("Reject", "reject", style="danger")),
    ]
    rendered = render_blocks(blocks, start=4)
    assert rendered.lines == ["Ken proposes a goal", "  ↳ [4] Details", "[5] Approve ✓  [6] Reject !"]
    assert [(c.number, c.kind, c.label) for c in rendered.controls] == [
        (4, "action", "Details"),
        (5, "action", "Approve"),
        (6, "action", "Reject"),
    ]


def test_controls_of_someone_elses_message_are_shown_but_not_numbered():
    rendered = render_blocks([actions(button("Approve", "approve"))], numbered=False)
    assert rendered.lines == ["[·] Approve"] and rendered.controls == []


@pytest.mark.parametrize(
    ("element", "shown"),
    [
        (
            {"type": "static_select", "action_id": "p", "placeholder": plain("Perspective"), "options": PERSPECTIVES},
            "[1] ▾ Perspective: 1) Financial  2) Customer  3) Learning",
        ),
        (
            {"type": "overflow", "action_id": "o", "options": [option("Edit", "edit"), option("Delete", "delete")]},
            "[1] ⋯ 1) Edit  2) Delete",
        ),
        ({"type": "datepicker", "action_id": "d", "initial_date": "2027-01-08"}, "[1] date: 2027-01-08"),
        ({"type": "users_select", "action_id": "u", "initial_user": "UDEMOKEN"}, "[1] person: @ken"),
        ({"type": "multi_users_select", "action_id": "m"}, "[1] people: <@name>"),
        (
            {"type": "checkboxes", "action_id": "c", "options": PERSPECTIVES[:2], "initial_options": PERSPECTIVES[1:2]},
            "[1] [ ] 1) Financial  [x] 2) Customer",
        ),
        (
            {"type": "radio_buttons", "action_id": "r", "options": PERSPECTIVES[:2]},
            "[1] ( ) 1) Financial  ( ) 2) Customer",
        ),
        ({"type": "timepicker", "action_id": "t", "initial_time": "16:00"}, "[1] time: 16:00"),
    ],
)
def test_each_actions_element(element, shown):
    rendered = render_blocks([{"type": "actions", "elements": [element]}], names=NAMES)
    assert rendered.lines == [shown]
    assert rendered.controls[0].element is element


INPUTS = [
    input_block("title", "Title", {"type": "plain_text_input", "action_id": "v", "placeholder": plain("Cut latency")}),
    input_block("notes", "Notes", {"type": "plain_text_input", "action_id": "v", "multiline": True}, optional=True),
    input_block("weight", "Weight", {"type": "number_input", "action_id": "v", "is_decimal_allowed": False}),
    input_block("perspective", "Perspective", {"type": "static_select", "action_id": "v", "options": PERSPECTIVES}),
    input_block("reviewer", "Reviewer", {"type": "users_select", "action_id": "v"}),
    input_block("peers", "Peers", {"type": "multi_users_select", "action_id": "v", "initial_users": ["UDEMOKEN"]}),
    input_block("due", "Due", {"type": "datepicker", "action_id": "v"}),
    input_block("at", "At", {"type": "timepicker", "action_id": "v"}),
    input_block("areas", "Areas", {"type": "checkboxes", "action_id": "v", "options": PERSPECTIVES[:2]}),
    input_block("mood", "Mood", {"type": "radio_buttons", "action_id": "v", "options": PERSPECTIVES[:2]}),
    input_block("where", "Where", {"type": "conversations_select", "action_id": "v"}),
    input_block("channel", "Channel", {"type": "channels_select", "action_id": "v", "initial_channel": "C0GENERAL"}),
]


def test_every_input_element_in_a_modal_with_typed_values_and_errors():
    view = {
        "type": "modal",
        "title": plain("Propose a goal"),
        "submit": plain("Propose"),
        "blocks": INPUTS,
    }
    values = {"title": "Cut p95 latency", "perspective": "customer", "reviewer": "UDEMOMARIA", "areas": ["financial"]}
    rendered = render_view(view, names=NAMES, values=values, errors={"weight": "Weights add up to 100"})
    assert rendered.lines == [
        "┌─ Propose a goal " + "─" * 30,
        '│ [1] Title: "Cut p95 latency"',
        "│ [2] Notes (optional): <text, several lines>",
        "│ [3] Weight: <number>",
        "│       ✗ Weights add up to 100",
        "│ [4] Perspective: ▾ 1) Financial  2) Customer  3) Learning = Customer",
        "│ [5] Reviewer: person: @maria",
        "│ [6] Peers: people: @ken",
        "│ [7] Due: date: <YYYY-MM-DD>",
        "│ [8] At: time: <HH:MM>",
        "│ [9] Areas: [x] 1) Financial  [ ] 2) Customer",
        "│ [10] Mood: ( ) 1) Financial  ( ) 2) Customer",
        "│ [11] Where: channel: <#channel>",
        "│ [12] Channel: channel: #C0GENERAL",
        "└─ /submit = Propose  ·  /cancel = Cancel",
    ]
    assert [c.kind for c in rendered.controls] == ["input"] * 12
    assert rendered.controls[3].label == "Perspective"


def test_input_hint_is_shown_under_the_input():
    block = input_block("title", "Title", {"type": "plain_text_input", "action_id": "v"}, hint=plain("One line"))
    assert render_blocks([block]).lines == ["[1] Title: <text>", "      One line"]


def test_images_and_rich_text():
    blocks = [
        {"type": "image", "image_url": "https://x.example/a.png", "alt_text": "chart", "title": plain("Q1")},
        {"type": "context", "elements": [{"type": "image", "image_url": "u", "alt_text": "logo"}, plain("Perf Co")]},
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_section",
                    "elements": [
                        {"type": "text", "text": "Thanks "},
                        {"type": "user", "user_id": "UDEMOKEN"},
                        {"type": "emoji", "name": "tada"},
                    ],
                },
                {
                    "type": "rich_text_list",
                    "style": "bullet",
                    "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]}],
                },
                {"type": "rich_text_quote", "elements": [{"type": "link", "url": "https://x.example", "text": "doc"}]},
            ],
        },
    ]
    assert render_blocks(blocks, names=NAMES).lines == [
        "(image: chart) Q1",
        "  (image: logo)  ·  Perf Co",
        "Thanks @ken:tada:",
        "• one",
        "> doc (https://x.example)",
    ]


def test_a_message_without_blocks_shows_its_text():
    assert render_message("Hi <@UDEMOKEN>\nbye", None, names=NAMES).lines == ["Hi @ken", "bye"]


def test_app_home_renders_without_modal_frame():
    rendered = render_view({"type": "home", "blocks": [header("Home"), actions(button("Open", "open"))]})
    assert rendered.lines == ["== Home ==", "[1] Open"]


@pytest.mark.parametrize(
    "blocks",
    [
        [{"type": "video", "title": plain("x")}],
        [{"type": "actions", "elements": [{"type": "workflow_button", "text": plain("Run")}]}],
        [section("x", accessory={"type": "plain_text_input", "action_id": "a"})],
        [input_block("x", "X", {"type": "file_input", "action_id": "v"})],
        [{"type": "rich_text", "elements": [{"type": "rich_text_table"}]}],
        [{"type": "section", "text": {"type": "html", "text": "<b>x</b>"}}],
    ],
)
def test_an_unknown_block_or_element_raises(blocks):
    with pytest.raises(UnknownBlock):
        render_blocks(blocks)


def test_render_all_finds_a_gap_in_any_message_or_view():
    fine = Message(channel="D1", ts="1", text="hi", blocks=[header("Hi")])
    render_all([fine], [{"type": "home", "blocks": [divider()]}])
    with pytest.raises(UnknownBlock):
        render_all([fine, Message(channel="D1", ts="2", text="x", blocks=[{"type": "video"}])], [])
    with pytest.raises(UnknownBlock):
        render_all([], [{"type": "modal", "title": plain("x"), "blocks": [{"type": "file"}]}])


def test_what_the_bot_shows_today_renders(ws, maria, ken):
    ken.runs("/perf help")
    home = ken.opens_home()
    assert "== What Perfbot can do for you ==" in render_message("", ken.last_reply().blocks).lines
    assert "  Manager: @maria" in render_view(home, names={maria.id: "maria"}).lines
