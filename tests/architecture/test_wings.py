"""The package's folders show the pipeline, and imports run one way: records → analysis → render,
authoring beside render, the command line on top. These tests read every module's imports (ast) and
fail on an import against that direction or on any import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "lucli"

# What each wing may import, beyond itself. The shared bases (errors, atomic) may be imported by all.
BASES = {"lucli", "lucli.errors", "lucli.atomic"}
ALLOWED = {
    "base": set(),
    "records": {"base"},
    "analysis": {"base", "records"},
    "render": {"base", "records", "analysis"},
    "authoring": {"base", "records", "analysis"},
    "cli": {"base", "records", "analysis", "render", "authoring"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _wing(module: str) -> str:
    if module in BASES or module == "lucli.__main__":
        return "cli" if module == "lucli.__main__" else "base"
    return module.split(".")[1]


def _imports(path: Path) -> set[str]:
    """Every lucli module the file imports, at any depth in the file (lazy imports count too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("lucli"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lucli"):
            for alias in node.names:
                # `from lucli.records import model` imports the module lucli.records.model
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if _exists(candidate) else node.module)
    return found


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


GRAPH = {_module_name(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py")) if "_bundled" not in path.parts}


def test_the_top_level_shows_the_pipeline():
    top = sorted(p.name for p in PACKAGE.iterdir() if not p.name.startswith(("_", ".")) or p.name == "__main__.py")
    assert top == ["__main__.py", "analysis", "atomic.py", "authoring", "cli", "errors.py", "records", "render"]
    for wing in ("records", "analysis", "render", "authoring", "cli"):
        doc = ast.get_docstring(ast.parse((PACKAGE / wing / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"lucli/{wing}/__init__.py must say what the wing is for"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_run_one_way(module):
    wing = _wing(module)
    wrong = sorted(target for target in GRAPH[module]
                   if _wing(target) != wing and _wing(target) not in ALLOWED[wing])
    assert wrong == [], f"{module} ({wing}) imports against the pipeline: {wrong}"


def test_the_core_never_imports_the_command_line_libraries():
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts or "_bundled" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not names & {"typer", "click"}, f"{path.relative_to(PACKAGE)} imports a command-line library"


def test_there_is_no_import_cycle():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH.get(module, ())):
            if target == module or target not in GRAPH:
                continue
            if state.get(target) == 1:
                cycle = stack[stack.index(target):] + [target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_the_checks_would_catch_a_wrong_way_import():
    # Guard the guard: a records module importing render is against the direction.
    assert "render" not in ALLOWED[_wing("lucli.records.load")]
    assert _wing("lucli.render.brief") == "render" and _wing("lucli.errors") == "base"
