"""The layout holds: no import cycles, imports run handlers → bot → storage, features build on org and delivery."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage")
FEATURES = ("goals", "checkins", "record", "reviews", "reports", "coaching", "feeds")
FOUNDATION = ("bot.org", "bot.delivery")
SHARED = ("bot.config", "bot.errors", "bot.i18n", "bot.text", "bot.logs", "bot.messages")
ENTRY_POINTS = ("bot.cli", "bot.shell", "bot.sandbox")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


MODULES = all_modules()


def imports_of(name: str) -> set[str]:
    """Every project module `name` imports, at the top or inside a function (lazy imports count)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pkg import mod` runs pkg/__init__.py too: both are edges.
            targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(target for target in targets if target in MODULES and target != name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def within(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def test_there_is_no_import_cycle():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in GRAPH[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    assert cycles == []


def test_storage_imports_neither_bot_nor_handlers():
    assert {
        (a, b) for a, deps in GRAPH.items() if within(a, "storage") for b in deps if not within(b, "storage")
    } == set()


def test_bot_never_imports_handlers_except_the_composition_root():
    offenders = {
        (a, b)
        for a, deps in GRAPH.items()
        if within(a, "bot") and not within(a, "bot.app", *ENTRY_POINTS)
        for b in deps
        if within(b, "handlers")
    }
    assert offenders == set()


@pytest.mark.parametrize("foundation", FOUNDATION)
def test_org_and_delivery_never_import_a_feature(foundation):
    allowed = (*FOUNDATION, *SHARED, "storage")
    offenders = {(a, b) for a, deps in GRAPH.items() if within(a, foundation) for b in deps if not within(b, *allowed)}
    assert offenders == set()


def test_only_the_entry_points_and_tests_import_cli_shell_or_sandbox():
    offenders = {
        (a, b) for a, deps in GRAPH.items() if not within(a, *ENTRY_POINTS) for b in deps if within(b, *ENTRY_POINTS)
    }
    assert offenders == set()


def test_module_names_inside_a_feature_package_drop_its_name():
    repeated = [
        name
        for name in MODULES
        if within(name, *(f"bot.{feature}" for feature in (*FEATURES, "org", "delivery", "cli")))
        and name.count(".") == 2
        and name.split(".")[2].startswith(name.split(".")[1].rstrip("s"))
    ]
    assert repeated == []
