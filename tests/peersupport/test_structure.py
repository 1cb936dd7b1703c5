"""The house keeps its plan (issue 15): small modules, and imports at the top of the module.

A module over 400 lines holds more than one job; an import inside a function hides
a dependency from the reader and from the floors contract (`make lint`). The only
place an import belongs inside a function is AppConfig.ready, Django's hook for
wiring signals once the apps are loaded.
"""

import ast
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "groups", "moderation", "outreach", "peersupport", "surveys"]
MAX_LINES = 400


def product_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def _is_app_config_ready(function, parents):
    owner = parents.get(function)
    if function.name != "ready" or not isinstance(owner, ast.ClassDef):
        return False
    return any("AppConfig" in ast.unparse(base) for base in owner.bases)


def local_imports(path, root=ROOT):
    """`path:line in function()` for each import inside a function, AppConfig.ready excepted."""
    tree = ast.parse(path.read_text(), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if _is_app_config_ready(function, parents):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(f"{path.relative_to(root)}:{node.lineno} in {function.name}()")
    return found


def test_the_walk_finds_the_product_modules():
    names = {str(p.relative_to(ROOT)) for p in product_modules()}
    assert "groups/access/standing.py" in names and "accounts/notifications/fanout.py" in names
    assert not any("/migrations/" in name for name in names)


def test_the_import_walk_sees_a_local_import_and_spares_app_config_ready(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        "from django.apps import AppConfig\n\n\n"
        "class SampleConfig(AppConfig):\n    def ready(self):\n        from . import signals  # noqa\n\n\n"
        "def helper():\n    import json\n\n    return json\n"
    )
    assert local_imports(module, root=tmp_path) == ["sample.py:10 in helper()"]


def test_no_product_module_is_over_400_lines():
    lengths = {str(p.relative_to(ROOT)): len(p.read_text().splitlines()) for p in product_modules()}
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def test_no_import_inside_a_function_outside_app_config_ready():
    found = [line for path in product_modules() for line in local_imports(path)]
    assert found == []


def test_no_circle_of_imports_between_product_modules():
    """The floors (import-linter in `make lint`) forbid upward imports; this also rules out circles on one floor."""
    graph = grimp.build_graph(*APPS)
    cycles = [sorted(c) for c in _strongly_connected(graph) if len(c) > 1]
    assert cycles == []


def _strongly_connected(graph):
    """Tarjan's algorithm over grimp's import graph (iterative: the graph is deep)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found
