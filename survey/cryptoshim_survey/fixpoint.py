"""Incremental re-export resolution: a worklist fixpoint over a dependent's modules.

What one module resolves to depends on what others export (`from .compat import
crypto`), on their classes (attributes set on `self`) and on their functions'
return values. Re-running every module until nothing changes is quadratic in
practice: a package like salt (thousands of files) took longer than 5 minutes.

Here a module re-runs only when something it read last time has changed. Each
run records the modules it read and wrote (ModuleResolver.reads/writes); a
module's "outputs" are its exports plus the classes and returns it owns. After
a run, every module whose outputs changed puts its readers back on the list.
Values only grow between runs, so this converges; MAX_RUNS bounds one module's
runs anyway, so a pathological file cannot stall the scan.
"""

from __future__ import annotations

from collections import deque

from . import ir
from .resolve import ModuleResolver, Project
from .values import Foreign, Instance, Legacy, LocalFunction, LocalModule

MAX_RUNS = 8


def _outputs(project: Project, module: str) -> tuple:
    owned = project.owned.get(module, ())
    classes = frozenset((k, project.classes[k].freeze()) for k in owned if k in project.classes)
    returns = frozenset((k, project.returns[k]) for k in owned if k in project.returns)
    return frozenset(project.exports.get(module, {}).items()), classes, returns


def _params(project: Project, module: str) -> frozenset:
    """What callers passed to the module's functions: only the module itself reads it."""
    return frozenset(
        (k, frozenset(v.items())) for k, v in project.params.items() if k.startswith(module + ":")
    )


class ExportSolver:
    """Keeps the fixpoint state across calls, so newly parsed modules join cheaply."""

    def __init__(self, index, project: Project, files: dict):
        self.index, self.project, self.files = index, project, files
        self.readers: dict[str, set[str]] = {}  # module -> modules that read it
        self.outputs: dict[str, tuple] = {}
        self.passed: dict[str, frozenset] = {}
        self.runs: dict[str, int] = {}
        # Findings of each module's latest run. At the fixpoint nothing a module
        # read has changed since that run, so they are final: no extra pass.
        self.findings: dict[str, list] = {}

    def solve(self, active: dict, new_modules) -> dict:
        """Bring `project.exports` up to date after `new_modules` joined `active`."""
        queue = deque(import_order([m for m in new_modules if m in active], active, self.files))
        queued = set(queue)
        while queue:
            module = queue.popleft()
            queued.discard(module)
            if self.runs.get(module, 0) >= MAX_RUNS:
                continue
            self.runs[module] = self.runs.get(module, 0) + 1
            resolver = ModuleResolver(
                self.index, self.project, module, self.files[module]["is_package"], record=True
            )
            try:
                self.project.exports[module] = resolver.run(active[module])
            except RecursionError:
                self.files[module]["parse_errors"] += 1
                self.findings.pop(module, None)
                continue
            self.findings[module] = resolver.findings
            for read in resolver.reads:
                self.readers.setdefault(read, set()).add(module)
            stale = resolver.stale_self()
            for changed in {module} | resolver.writes:
                now = _outputs(self.project, changed)
                readers = set()
                if self.outputs.get(changed) != now:
                    self.outputs[changed] = now
                    readers = self.readers.get(changed, set())
                    if changed == module and not stale:
                        # its own reads already saw these values
                        readers = readers - {module}
                params = _params(self.project, changed)
                if self.passed.get(changed, frozenset()) != params:
                    self.passed[changed] = params
                    readers = readers | {changed}
                for reader in readers:
                    if reader in active and reader not in queued:
                        queue.append(reader)
                        queued.add(reader)
        return self.project.exports


def _imports(tree: ir.Module):
    """(module, level, names) of every import statement, also inside functions."""
    stack = list(tree.body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ir.Import):
            yield from ((dotted, 0, ()) for dotted, _ in stmt.names)
        elif isinstance(stmt, ir.ImportFrom):
            yield stmt.module, stmt.level, [n for n, _ in stmt.names or ()]
        elif isinstance(stmt, ir.Def):
            stack.extend(stmt.body)
        elif isinstance(stmt, ir.Try):
            stack.extend(stmt.body + stmt.orelse + stmt.final)
            stack.extend(s for h in stmt.handlers for s in h.body)
        elif isinstance(stmt, ir.Block):
            stack.extend(s for branch in stmt.branches for s in branch)


def import_order(modules: list[str], trees: dict, files: dict) -> list[str]:
    """`modules` with the ones they import first (depth-first post-order).

    A module run before the modules it imports reads empty exports and runs
    again once they are known: in arrival order, pymongo's 139 parsed modules
    took 466 runs. Cycles are cut where the walk meets them; the fixpoint
    still re-runs what they leave stale, so this only saves work.
    """
    if len(modules) < 2:
        return list(modules)
    wanted = set(modules)
    heads = {m.partition(".")[0] for m in wanted}  # imports of other libraries are skipped
    deps: dict[str, list[str]] = {}
    for module in modules:
        package = module if files[module]["is_package"] else module.rpartition(".")[0]
        found = []
        for name, level, names in _imports(trees[module]):
            if level:
                parts = package.split(".") if package else []
                parts = parts[: len(parts) - (level - 1)] if level > 1 else parts
                candidates = [".".join(p for p in [*parts, name] if p)]
            else:  # absolute, or a Python 2 implicit relative import
                candidates = [name, f"{package}.{name}"] if package else [name]
            candidates = [c for c in candidates if c.partition(".")[0] in heads]
            candidates += [f"{c}.{n}" for c in candidates for n in names]
            for c in candidates:
                parts = c.split(".")
                found += [
                    d
                    for d in (".".join(parts[:i]) for i in range(1, len(parts) + 1))
                    if d in wanted and d != module
                ]
        deps[module] = found
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = on the walk, 2 = placed
    for root in sorted(modules):
        if root in state:
            continue
        state[root], stack = 1, [(root, iter(deps[root]))]
        while stack:
            module, pending = stack[-1]
            nxt = next((d for d in pending if d not in state), None)
            if nxt is None:
                stack.pop()
                state[module] = 2
                order.append(module)
            else:
                state[nxt] = 1
                stack.append((nxt, iter(deps[nxt])))
    return order


def legacy_exporters(project: Project, exports: dict) -> set[str]:
    """Modules whose exports can carry a legacy value into an importer.

    Only these make their importers worth parsing. A module exporting just its
    own helpers (functions returning nothing legacy, classes without legacy
    bases or attributes, other plain modules) does not: counting every
    non-opaque export pulled nearly all of salt (3,240 of 3,766 files) into
    the parse through chains of ordinary local imports.
    """
    memo: dict[str, bool] = {}

    def carries(value, found: set[str]) -> bool:
        if isinstance(value, (Legacy, Instance, Foreign)):
            return True
        if isinstance(value, LocalModule):
            return value.name in found
        key = getattr(value, "key", None)
        if key is None:
            return False
        if key in memo:
            return memo[key]
        memo[key] = False  # cycles: not (yet) known to carry
        if isinstance(value, LocalFunction):
            result = any(carries(r.value, found) for r in project.returns.get(key, ()))
        else:
            info = project.classes.get(key)
            result = info is not None and (
                bool(info.legacy_bases)
                or any(carries(b.value, found) for v in info.attrs.values() for b in v)
            )
        memo[key] = result
        return result

    found: set[str] = set()
    while True:
        memo.clear()
        more = {
            m
            for m, names in exports.items()
            if m not in found and any(carries(b.value, found) for v in names.values() for b in v)
        }
        if not more:
            return found
        found |= more
