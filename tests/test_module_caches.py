"""No cache of database-derived data at module level in the registry or the store (issue #12).

Such caches belong to the app (``app.state.page_cache``) or to an export run: a module-level
one outlives its app and is shared by every app of the process. Module-level memos are
allowed only for what depends on the package alone, listed here with the reason.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest

PACKAGES = ("dtpr_store", "registry")

ALLOWED = {
    ("registry.pages.layout", "_raw_headers"): "the fixed security headers, encoded",
    ("registry.staff.templates_env", "environment"): "the staff console's templates",
    ("registry.pages.sensor_page", "_feedback_notice"): "a pure function of its four arguments (a memo, not state)",
}
CACHING_DECORATORS = {"cache", "lru_cache"}
MUTABLE_CONTAINERS = {"OrderedDict", "dict", "defaultdict", "set", "list", "WeakValueDictionary", "WeakKeyDictionary"}
APP_CACHES = {"LruCache", "TtlValue", "ParsedSensors", "PageCache"}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if ".migrations" in info.name or info.ispkg:
                continue
            spec = importlib.util.find_spec(info.name)
            assert spec is not None and spec.origin is not None
            found.append((info.name, Path(spec.origin)))
        found.append((package, Path(str(module.__file__))))
    return found


def _name(node: ast.expr) -> str:
    node = node.func if isinstance(node, ast.Call) else node
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _module_caches(tree: ast.Module) -> list[str]:
    """Module-level memoised functions and module-level empty mutable containers or cache objects."""
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if any(_name(decorator) in CACHING_DECORATORS for decorator in node.decorator_list):
                names.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            empty = isinstance(value, ast.Dict | ast.List | ast.Set) and not getattr(
                value, "keys", getattr(value, "elts", None)
            )
            made = isinstance(value, ast.Call) and (
                _name(value) in APP_CACHES
                or (_name(value) in MUTABLE_CONTAINERS and not value.args and not value.keywords)
                or (isinstance(value.func, ast.Call) and _name(value.func) in CACHING_DECORATORS)
            )
            if empty or made:
                names += [target.id for target in targets if isinstance(target, ast.Name) and target.id != "__all__"]
    return names


@pytest.mark.parametrize(("module", "path"), _modules(), ids=lambda value: str(value).rsplit("/", 1)[-1])
def test_no_module_level_cache(module: str, path: Path) -> None:
    found = [name for name in _module_caches(ast.parse(path.read_text("utf-8"))) if (module, name) not in ALLOWED]
    assert found == [], (
        f"{module}: module-level cache(s) {found}: keep it on the app (PageCache, app.state) or allow it here with why"
    )


def test_the_guard_sees_a_module_level_cache() -> None:
    source = (
        "from functools import lru_cache\nfrom collections import OrderedDict\n"
        "_BY_DATA: OrderedDict[str, int] = OrderedDict()\n"
        "@lru_cache(maxsize=4096)\ndef _parse(key: str) -> str:\n    return key\n"
        "_ELEMENTS = {}\nKINDS = {'a': 1}\n"
    )
    assert _module_caches(ast.parse(source)) == ["_BY_DATA", "_parse", "_ELEMENTS"]
