"""Block Kit as readable terminal text: numbered buttons and inputs, mentions as @handles.

Pure functions: blocks (and the names of the people they mention) in, lines and the numbered
controls out. A block or element type the renderer does not know raises UnknownBlock, so a gap
shows up as a failure instead of a silent blank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.shell.text import UnknownBlock, mrkdwn, plain_text, rich_text_lines

Block = dict[str, Any]
__all__ = ["UnknownBlock", "mrkdwn", "plain_text", "render_blocks", "render_message", "render_view"]

TEXT_INPUTS = {"plain_text_input", "number_input", "email_text_input", "url_text_input", "rich_text_input"}
SELECTS = {"static_select", "external_select", "multi_static_select", "multi_external_select"}
PEOPLE_PICKERS = {"users_select", "multi_users_select"}
CHANNEL_PICKERS = {"conversations_select", "channels_select", "multi_conversations_select", "multi_channels_select"}
CHOICES = {"checkboxes", "radio_buttons"}
PICKERS = {"datepicker", "timepicker", "datetimepicker"}
INTERACTIVE = {"button", "overflow"} | TEXT_INPUTS | SELECTS | PEOPLE_PICKERS | CHANNEL_PICKERS | CHOICES | PICKERS
MULTI = {
    "multi_static_select",
    "multi_external_select",
    "multi_users_select",
    "multi_conversations_select",
    "multi_channels_select",
    "checkboxes",
}
INITIAL_KEYS = (
    "initial_value",
    "initial_date",
    "initial_time",
    "initial_date_time",
    "initial_user",
    "initial_users",
    "initial_conversation",
    "initial_conversations",
    "initial_channel",
    "initial_channels",
)
RULE = "─" * 48


@dataclass(frozen=True)
class Control:
    """Something numbered the person can act on: a button or menu (`action`) or a modal input (`input`)."""

    number: int
    kind: str
    block: Block
    element: dict[str, Any]

    @property
    def label(self) -> str:
        if self.kind == "input":
            return plain_text(self.block.get("label"))
        return plain_text(self.element.get("text") or self.element.get("placeholder")) or self.element["type"]


@dataclass
class Rendered:
    lines: list[str] = field(default_factory=list)
    controls: list[Control] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


# -- the renderer --------------------------------------------------------------------------------------------
class _Renderer:
    def __init__(
        self,
        names: Mapping[str, str],
        start: int,
        numbered: bool,
        values: Mapping[str, Any],
        errors: Mapping[str, str],
    ) -> None:
        self.names, self.next, self.numbered = names, start, numbered
        self.values, self.errors = values, errors
        self.out = Rendered()

    def line(self, text: str, indent: str = "") -> None:
        for part in text.split("\n"):
            self.out.lines.append(indent + part)

    def control(self, kind: str, block: Block, element: dict[str, Any]) -> str:
        """The tag a control is shown with, `[3]` (or `[·]` when its reader cannot act on it)."""
        if not self.numbered:
            return "[·]"
        number = self.next
        self.next += 1
        self.out.controls.append(Control(number, kind, block, element))
        return f"[{number}]"

    def text(self, node: Any) -> str:
        return plain_text(node, self.names)

    def blocks(self, blocks: list[Block]) -> Rendered:
        for block in blocks:
            render = getattr(self, "block_" + str(block.get("type")), None)
            if render is None:
                raise UnknownBlock(f"block of type {block.get('type')!r}")
            render(block)
        return self.out

    # blocks
    def block_header(self, block: Block) -> None:
        self.line(f"== {self.text(block['text'])} ==")

    def block_section(self, block: Block) -> None:
        if block.get("text"):
            self.line(self.text(block["text"]))
        for item in block.get("fields") or []:
            label, _, rest = self.text(item).partition("\n")
            self.line(f"  {label}: {rest.replace(chr(10), ' ')}" if rest else f"  {label}")
        if block.get("accessory"):
            self.line("  ↳ " + self.element(block, block["accessory"]))

    def block_context(self, block: Block) -> None:
        parts = []
        for element in block.get("elements", []):
            parts.append(self.image(element) if element.get("type") == "image" else self.text(element))
        self.line("  " + "  ·  ".join(parts))

    def block_divider(self, block: Block) -> None:
        self.line(RULE)

    def block_image(self, block: Block) -> None:
        title = self.text(block.get("title"))
        self.line(self.image(block) + (f" {title}" if title else ""))

    def block_actions(self, block: Block) -> None:
        buttons, others = [], []
        for element in block.get("elements", []):
            shown = self.element(block, element)
            (buttons if element.get("type") == "button" else others).append(shown)
        if buttons:
            self.line("  ".join(buttons))
        for shown in others:
            self.line(shown)

    def block_input(self, block: Block) -> None:
        element = block["element"]
        if element.get("type") not in INTERACTIVE - {"button", "overflow"}:
            raise UnknownBlock(f"input element of type {element.get('type')!r}")
        tag = self.control("input", block, element)
        optional = " (optional)" if block.get("optional") else ""
        given = self.values.get(block.get("block_id", ""), _MISSING)
        self.line(f"{tag} {self.text(block.get('label'))}{optional}: {self.describe(element, given)}")
        if block.get("hint"):
            self.line("      " + self.text(block["hint"]))
        if block.get("block_id") in self.errors:
            self.line(f"      ✗ {self.errors[block['block_id']]}")

    def block_rich_text(self, block: Block) -> None:
        self.out.lines.extend(rich_text_lines(block, self.names))

    # elements
    def image(self, element: dict[str, Any]) -> str:
        return f"(image: {element.get('alt_text', '')})"

    def element(self, block: Block, element: dict[str, Any]) -> str:
        kind = element.get("type")
        if kind == "image":
            return self.image(element)
        if kind not in INTERACTIVE or kind in TEXT_INPUTS:
            raise UnknownBlock(f"element of type {kind!r}")
        tag = self.control("action", block, element)
        if kind == "button":
            label = self.text(element.get("text"))
            style = {"primary": " ✓", "danger": " !"}.get(element.get("style", ""), "")
            link = f" ↗ {element['url']}" if element.get("url") else ""
            return f"{tag} {label}{style}{link}"
        if kind == "overflow":
            return f"{tag} ⋯ {_numbered(element.get('options', []), self.names)}"
        return f"{tag} {self.describe(element, _MISSING)}"

    def describe(self, element: dict[str, Any], given: Any) -> str:
        """What an input or menu shows: its options or picker, and the value it holds."""
        kind = element["type"]
        value = _initial(element) if given is _MISSING else given
        placeholder = self.text(element.get("placeholder"))
        if kind in TEXT_INPUTS:
            shape = {"number_input": "number", "email_text_input": "e-mail", "url_text_input": "URL"}.get(kind, "text")
            if element.get("multiline"):
                shape = "text, several lines"
            return f'"{value}"' if value not in (None, "") else f"<{placeholder or shape}>"
        if kind in SELECTS or kind in CHOICES:
            options = element.get("options") or [o for g in element.get("option_groups", []) for o in g["options"]]
            chosen = set(value if isinstance(value, list) else [value] if value is not None else [])
            if kind in CHOICES:
                marks = ("[x]", "[ ]") if kind == "checkboxes" else ("(•)", "( )")
                items = [
                    f"{marks[0] if _option_value(o) in chosen else marks[1]} {i}) {self.text(o['text'])}"
                    for i, o in enumerate(options, start=1)
                ]
                return "  ".join(items)
            picked = [self.text(o["text"]) for o in options if _option_value(o) in chosen]
            prefix = f"{placeholder}: " if placeholder and not picked else ""
            now = f" = {', '.join(picked)}" if picked else ""
            many = " (several)" if kind in MULTI else ""
            if not options and kind.endswith("external_select"):
                return f"▾ {prefix or 'type to search'}{now}"
            return f"▾{many} {prefix}{_numbered(options, self.names)}{now}"
        if kind in PEOPLE_PICKERS:
            people = value if isinstance(value, list) else [value] if value else []
            shown = ", ".join("@" + self.names.get(p, p) for p in people)
            return f"{'people' if kind in MULTI else 'person'}: {shown or '<@name>'}"
        if kind in CHANNEL_PICKERS:
            channels = value if isinstance(value, list) else [value] if value else []
            shown = ", ".join("#" + c for c in channels)
            return f"channel{'s' if kind in MULTI else ''}: {shown or '<#channel>'}"
        if kind == "datepicker":
            return f"date: {value or '<YYYY-MM-DD>'}"
        if kind == "timepicker":
            return f"time: {value or '<HH:MM>'}"
        if kind == "datetimepicker":
            return f"date and time: {value or '<unix seconds>'}"
        raise UnknownBlock(f"element of type {kind!r}")


_MISSING = object()


def _option_value(option: dict[str, Any]) -> str:
    return option.get("value", plain_text(option.get("text")))


def _numbered(options: list[dict[str, Any]], names: Mapping[str, str]) -> str:
    return "  ".join(f"{i}) {plain_text(o['text'], names)}" for i, o in enumerate(options, start=1))


def _initial(element: dict[str, Any]) -> Any:
    for key in INITIAL_KEYS:
        if key in element:
            return element[key]
    if "initial_option" in element:
        return _option_value(element["initial_option"])
    if "initial_options" in element:
        return [_option_value(option) for option in element["initial_options"]]
    return None


# -- public entry points ----------------------------------------------------------------------------------
def render_blocks(
    blocks: list[Block],
    *,
    names: Mapping[str, str] | None = None,
    start: int = 1,
    numbered: bool = True,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Rendered:
    """`blocks` as lines; controls are numbered from `start` (shown as `[·]` when `numbered` is False)."""
    return _Renderer(names or {}, start, numbered, values or {}, errors or {}).blocks(blocks)


def render_message(
    text: str,
    blocks: list[Block] | None,
    *,
    names: Mapping[str, str] | None = None,
    start: int = 1,
    numbered: bool = True,
) -> Rendered:
    """A message as its reader sees it: the blocks when it has any, its text otherwise."""
    if blocks:
        return render_blocks(blocks, names=names, start=start, numbered=numbered)
    return Rendered(lines=mrkdwn(text, names).split("\n"))


def render_view(
    view: dict[str, Any],
    *,
    names: Mapping[str, str] | None = None,
    start: int = 1,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Rendered:
    """A modal or App Home: its title, blocks, and (for a modal) how to submit or cancel it."""
    kind = view.get("type")
    if kind not in ("modal", "home"):
        raise UnknownBlock(f"view of type {kind!r}")
    body = render_blocks(view.get("blocks", []), names=names, start=start, values=values, errors=errors)
    if kind == "home":
        return body
    title = plain_text(view.get("title"), names)
    submit = plain_text(view.get("submit"), names)
    close = plain_text(view.get("close"), names) or "Cancel"
    lines = [f"┌─ {title} " + "─" * max(3, 44 - len(title))]
    lines += ["│ " + line for line in body.lines]
    actions = ([f"/submit = {submit}"] if submit else []) + [f"/cancel = {close}"]
    lines.append("└─ " + "  ·  ".join(actions))
    return Rendered(lines=lines, controls=body.controls)


def render_all(messages: Iterable[Any], views: Iterable[dict[str, Any]]) -> None:
    """Render every message (anything with .text and .blocks) and view; raises UnknownBlock at the first gap."""
    for message in messages:
        render_message(message.text, message.blocks)
    for view in views:
        render_view(view)
