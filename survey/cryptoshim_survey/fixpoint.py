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

from .resolve import ClassInfo, ModuleResolver, Project
from .values import Foreign, Instance, Legacy, LocalFunction, LocalModule

MAX_RUNS = 8


def _freeze_class(info: ClassInfo) -> tuple:
    return (
        tuple(info.legacy_bases),
        frozenset(info.attrs.items()),
        frozenset(info.defined),
        frozenset(info.methods.items()),
    )


def _outputs(project: Project, module: str) -> tuple:
    owned = project.owned.get(module, ())
    classes = frozenset(
        (k, _freeze_class(project.classes[k])) for k in owned if k in project.classes
    )
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
        queue = deque(m for m in new_modules if m in active)
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
            for changed in {module} | resolver.writes:
                now = _outputs(self.project, changed)
                readers = set()
                if self.outputs.get(changed) != now:
                    self.outputs[changed] = now
                    readers = self.readers.get(changed, set())
                params = _params(self.project, changed)
                if self.passed.get(changed, frozenset()) != params:
                    self.passed[changed] = params
                    readers = readers | {changed}
                for reader in readers:
                    if reader in active and reader not in queued:
                        queue.append(reader)
                        queued.add(reader)
        return self.project.exports


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
