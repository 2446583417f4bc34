"""Resolve names in one dependent module to legacy API paths (the core of the scan).

Scope-aware and flow-light: statements run in order, names hold sets of
alternative values (see values.py), branches and except-handlers add
alternatives instead of replacing them, function bodies run after the module
top level (as Python resolves globals at call time). Confidence:
high   - direct import/attribute chain, or an instance built by a catalog class
         constructor in the same scope;
medium - an instance read from an enclosing scope, a `self.x` attribute, a
         parameter annotated with a catalog class, or a method inherited by a
         dependent subclass of a legacy class;
low    - the type of a returned object is unknown and the method name is unique
         to one catalog class;
ambiguous - the type is unknown and several catalog classes define the method
         (e.g. get_subject on X509 and X509Req): one finding, all candidate
         paths in its `candidates`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from . import ir
from .catalog import CatalogIndex
from .values import (
    AMBIGUOUS,
    HIGH,
    LOW,
    MEDIUM,
    OPAQUE_BINDING,
    Binding,
    Foreign,
    Instance,
    Legacy,
    LocalClass,
    LocalFunction,
    LocalModule,
    Opaque,
    SelfRef,
    but,
)

IMPORT_GUARDS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
INTERNAL_MODULES = ("M2Crypto.m2", "M2Crypto._m2crypto", "M2Crypto.__m2crypto")


@functools.lru_cache(maxsize=4096)
def is_private(path: str) -> bool:
    parts = path.split(".")[1:]
    if any(p.startswith("_") and not (p.startswith("__") and p.endswith("__")) for p in parts):
        return True
    return any(path == m or path.startswith(m + ".") for m in INTERNAL_MODULES)


@dataclass
class ClassInfo:
    legacy_bases: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)
    defined: set = field(default_factory=set)
    methods: dict = field(default_factory=dict)  # name -> LocalFunction key

    def freeze(self) -> tuple:
        return (
            tuple(self.legacy_bases),
            frozenset(self.attrs.items()),
            frozenset(self.defined),
            frozenset(self.methods.items()),
        )


@dataclass
class Project:
    """What one module may know about the rest of its dependent."""

    modules: dict  # module name -> is_package
    shadowed_roots: set
    # prefix of a bundled copy of a legacy library -> the legacy root it copies
    # (`pkg._vendor.OpenSSL` -> `OpenSSL`): its imports are uses of the library API.
    vendored: dict = field(default_factory=dict)
    exports: dict = field(default_factory=dict)
    classes: dict = field(default_factory=dict)
    returns: dict = field(default_factory=dict)  # LocalFunction key -> frozenset of Bindings
    # LocalFunction key -> {parameter index -> legacy Bindings passed there by
    # a call in the dependent}: call-site typing of parameters (`check(cert)`).
    params: dict = field(default_factory=dict)
    # module -> class and function keys it defined, so one module's share of
    # `classes`/`returns` can be compared between runs (see fixpoint.py).
    owned: dict = field(default_factory=dict)
    _roots: tuple = field(default=(None, frozenset(), -1), repr=False, compare=False)

    def _prefixes(self) -> frozenset:
        """Every module name and dotted prefix of one (cached per `modules` object and size)."""
        if self._roots[0] is not self.modules or self._roots[2] != len(self.modules):
            prefixes: set[str] = set()
            for m in self.modules:
                parts = m.split(".")
                prefixes.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
            self._roots = (self.modules, frozenset(prefixes), len(self.modules))
        return self._roots[1]

    def local_roots(self) -> frozenset:
        return self._prefixes()

    def vendored_legacy(self, dotted: str) -> str | None:
        """The legacy path `dotted` names when it is inside a bundled copy."""
        for prefix, root in self.vendored.items():
            if dotted == prefix or dotted.startswith(prefix + "."):
                return root + dotted[len(prefix) :]
        return None

    def has_module_or_package(self, dotted: str) -> bool:
        """A module `dotted`, or a module below it, belongs to the dependent."""
        return dotted in self._prefixes()


def _owner(key: str) -> str:
    """The module that defined a LocalClass/LocalFunction key ("module:name@line")."""
    return key.partition(":")[0]


class Scope:
    def __init__(self, parent=None, kind="module", class_key=None):
        self.parent, self.kind, self.class_key, self.vars = parent, kind, class_key, {}
        self.globals: set[str] = set()  # names declared `global` here

    def lookup(self, name):
        scope, depth = self, 0
        while scope is not None:
            if name in scope.vars:
                found = scope.vars[name]
                if depth == 0:
                    return found
                return frozenset(_outer(b) for b in found)
            scope = scope.parent
            depth += 1
        return frozenset()


def _outer(binding):
    if isinstance(binding.value, Instance) and binding.confidence == HIGH:
        return binding.derive(binding.value, MEDIUM)
    return binding


@dataclass
class Ctx:
    optional: bool = False
    conditional: bool = False
    function: str | None = None  # key of the function whose body is running

    def but(self, **kw):
        return Ctx(**{**self.__dict__, **kw})


class ModuleResolver:
    def __init__(
        self, index: CatalogIndex, project: Project, module: str, is_package: bool, record: bool
    ):
        self.index, self.project, self.module = index, project, module
        self.package = module if is_package else module.rpartition(".")[0]
        self.record = record
        self.findings: list[dict] = []
        self.deferred: list = []
        # Modules whose exports/classes/returns this run read or wrote: the
        # dependency edges of the incremental fixpoint.
        self.reads: set[str] = set()
        self.writes: set[str] = set()
        # (kind, key) -> value at the first read, for this module's own results
        self.own_reads: dict[tuple[str, str], object] = {}

    # entry ----------------------------------------------------------------
    def run(self, tree: ir.Module) -> dict:
        top = Scope()
        self.block(tree.body, top, Ctx())
        exports = {
            k: v for k, v in top.vars.items() if any(not isinstance(b.value, Opaque) for b in v)
        }
        while self.deferred:
            self.run_function(*self.deferred.pop(0))
        return exports

    def run_function(self, node: ir.Def, parent: Scope, ctx: Ctx, class_key, key):
        scope = Scope(parent, "function")
        passed = self.project.params.get(key, {})
        for i, name in enumerate(node.params):
            value = SelfRef(class_key) if (class_key and i == 0) else None
            if value:
                scope.vars[name] = frozenset([Binding(value)])
            else:
                scope.vars[name] = frozenset([OPAQUE_BINDING]) | passed.get(i, frozenset())
        for name, annotation in node.annotations.items():
            if not isinstance(annotation, (ir.Name, ir.Attr)):
                continue  # Union/Optional/strings: no single type to infer from
            typed = [
                b.derive(Instance(b.value.path, b.value.path), MEDIUM, via="annotation")
                for b in self.eval(annotation, parent, ctx, chain=True)
                if isinstance(b.value, Legacy) and b.value.path in self.index.classes
            ]
            if typed:
                scope.vars[name] = frozenset(typed)
        self.block(node.body, scope, ctx.but(conditional=False, function=key))

    # fixpoint bookkeeping ---------------------------------------------------
    def read(self, kind: str, key: str):
        """A read of a module's exports (kind "exports", key = module) or of a
        class's info / a function's returns ("class"/"returns", key = LocalClass /
        LocalFunction key). Reads of the module's own results are snapshotted at
        the first read: only if one changed later in the run does the module
        need another run (stale_self); re-running every module that used its own
        classes doubled the runs of real packages."""
        owner = key if kind == "exports" else _owner(key)
        self.reads.add(owner)
        if owner == self.module and (kind, key) not in self.own_reads:
            self.own_reads[(kind, key)] = self._snapshot(kind, key)

    def _snapshot(self, kind: str, key: str):
        if kind == "exports":
            return self.project.exports.get(key)
        if kind == "returns":
            return self.project.returns.get(key)
        info = self.project.classes.get(key)
        return info.freeze() if info is not None else None

    def stale_self(self) -> bool:
        """Something this run read of its own module differs from its final value."""
        return any(self._snapshot(k, key) != seen for (k, key), seen in self.own_reads.items())

    # statements -------------------------------------------------------------
    def block(self, stmts, scope, ctx):
        for stmt in stmts:
            getattr(self, "s_" + type(stmt).__name__)(stmt, scope, ctx)

    def bind(self, scope, name, bindings, ctx):
        if name in scope.globals:  # `global X; from m import X` in a function
            while scope.parent is not None:
                scope = scope.parent
            ctx = ctx.but(conditional=True)  # the module's own binding stays possible
        bindings = frozenset(
            b.derive(b.value, optional=ctx.optional) for b in bindings
        ) or frozenset([OPAQUE_BINDING])
        if ctx.conditional:
            bindings = bindings | scope.vars.get(name, frozenset([OPAQUE_BINDING]))
            if any(not isinstance(b.value, Legacy) for b in bindings):
                bindings = frozenset(
                    but(b, fallback=True) if isinstance(b.value, Legacy) else b for b in bindings
                )
        scope.vars[name] = bindings
        if scope.kind == "class" and scope.class_key:
            self.project.classes[scope.class_key].defined.add(name)

    def s_Import(self, stmt, scope, ctx):
        for dotted, alias in stmt.names:
            if alias:
                value = self.absolute(dotted)
                self.bind(scope, alias, [Binding(value)], ctx)
            else:
                head = dotted.split(".")[0]
                self.bind(scope, head, [Binding(self.absolute(head))], ctx)
                value = self.absolute(dotted)
            if isinstance(value, Legacy):
                self.emit(Binding(value, ctx.optional), stmt.line, "import", ctx)

    def s_ImportFrom(self, stmt, scope, ctx):
        base = self.absolute_name(stmt.module, stmt.level)
        origin = self.absolute(base) if base else Opaque()
        if stmt.names is None:
            if isinstance(origin, Legacy):  # a use of the whole module's namespace
                star = but(origin, path=origin.path + ".*")
                self.emit(Binding(star, ctx.optional), stmt.line, "import", ctx)
            for name, bindings in self.star(origin).items():
                self.bind(scope, name, bindings, ctx)
            return
        for name, alias in stmt.names:
            bindings = self.attr_of(Binding(origin), name, via="reexport")
            for b in bindings:
                if isinstance(b.value, Legacy):
                    self.emit(b, stmt.line, "import", ctx)
            self.bind(scope, alias or name, bindings, ctx)

    def star(self, origin) -> dict:
        if isinstance(origin, Legacy):
            # The same for every `from OpenSSL.SSL import *` of a run: built once
            # per index (hundreds of names; it was a top cost of star-importing files).
            key = ("star", origin)
            cache = self.index._top_names
            if key not in cache:
                names = self.index.top_level_names(origin.path)
                cache[key] = {n: (Binding(self.legacy(origin, n), via="star"),) for n in names}
            return cache[key]
        if isinstance(origin, LocalModule):
            self.read("exports", origin.name)
            exported = self.project.exports.get(origin.name, {})
            return {
                n: [but(b, via="reexport", assigned=False) for b in v] for n, v in exported.items()
            }
        return {}

    def s_Assign(self, stmt, scope, ctx):
        values = frozenset(but(b, assigned=True) for b in self.eval(stmt.value, scope, ctx))
        for target in stmt.targets:
            if isinstance(target, ir.Name):
                self.bind(scope, target.id, values, ctx)
            elif isinstance(target, ir.Attr) and isinstance(target.value, ir.Name):
                owners = scope.lookup(target.value.id)
                for owner in owners:
                    if isinstance(owner.value, SelfRef):
                        self.writes.add(_owner(owner.value.key))
                        attrs = self.project.classes[owner.value.key].attrs
                        attrs[target.attr] = attrs.get(target.attr, frozenset()) | frozenset(values)
                if not any(isinstance(o.value, SelfRef) for o in owners):
                    self.eval(target, scope, ctx)
            elif isinstance(target, ir.Attr):  # `cert.get_subject().CN = x`, `self.ctx.opt = x`
                self.eval(target, scope, ctx)
            elif isinstance(target, ir.Other):
                for part in target.parts:
                    if isinstance(part, ir.Name):
                        self.bind(scope, part.id, [OPAQUE_BINDING], ctx)

    def s_Global(self, stmt, scope, ctx):
        if scope.parent is not None:
            scope.globals.update(stmt.names)

    def s_ExprStmt(self, stmt, scope, ctx):
        self.eval(stmt.value, scope, ctx)

    def s_Return(self, stmt, scope, ctx):
        values = self.eval(stmt.value, scope, ctx)
        if ctx.function and values:
            returns = self.project.returns
            self.own(ctx.function)
            returns[ctx.function] = returns.get(ctx.function, frozenset()) | frozenset(values)

    def s_Def(self, stmt, scope, ctx):
        for expr in stmt.exprs:
            self.eval(expr, scope, ctx)
        outer = scope
        while outer.kind == "class":
            outer = outer.parent
        if stmt.kind == "function":
            key = f"{self.module}:{stmt.name}@{stmt.line}"
            self.bind(scope, stmt.name, [Binding(LocalFunction(key))], ctx)
            class_key = scope.class_key if scope.kind == "class" else None
            if class_key:
                self.project.classes[class_key].methods[stmt.name] = key
            self.deferred.append((stmt, outer, ctx, class_key, key))
            return
        key = f"{self.module}:{stmt.name}@{stmt.line}"
        info = self.project.classes.setdefault(key, ClassInfo())
        self.own(key)
        for base in stmt.bases:
            for b in self.eval(base, scope, ctx, kind="subclass"):
                if isinstance(b.value, Legacy):
                    info.legacy_bases.append(
                        b.value.path
                    ) if b.value.path not in info.legacy_bases else None
        body_scope = Scope(scope, "class", key)
        self.block(stmt.body, body_scope, ctx.but(conditional=False))
        self.bind(scope, stmt.name, [Binding(LocalClass(key))], ctx)

    def s_Try(self, stmt, scope, ctx):
        guard = any(
            not h.types or any(t.split(".")[-1] in IMPORT_GUARDS for t in h.types)
            for h in stmt.handlers
        )
        inner = ctx.but(optional=ctx.optional or guard)
        self.block(stmt.body, scope, inner)
        for handler in stmt.handlers:
            for expr in handler.exprs:
                self.eval(expr, scope, ctx)
            self.block(handler.body, scope, inner.but(conditional=True))
        self.block(stmt.orelse, scope, ctx.but(conditional=True))
        self.block(stmt.final, scope, ctx)

    def s_Block(self, stmt, scope, ctx):
        for expr in stmt.head:
            self.eval(expr, scope, ctx)
        for branch in stmt.branches:
            self.block(branch, scope, ctx.but(conditional=True))

    def own(self, key):
        self.project.owned.setdefault(self.module, set()).add(key)

    # names -------------------------------------------------------------------
    def absolute_name(self, module: str, level: int) -> str:
        if not level:
            return module
        parts = self.package.split(".") if self.package else []
        if level > 1:
            parts = parts[: len(parts) - (level - 1)]
        return ".".join(p for p in parts + ([module] if module else []) if p)

    def legacy(self, value: Legacy, attr: str) -> Legacy:
        """`value.attr`, named by its defining path (re-exports resolved)."""
        return but(value, path=self.index.canonical(f"{value.path}.{attr}"), candidates=())

    def local(self, dotted: str):
        """A module of the dependent, or the legacy module a bundled copy stands for."""
        copied = self.project.vendored_legacy(dotted)
        return Legacy(copied, vendored=True) if copied else LocalModule(dotted)

    def absolute(self, dotted: str):
        """Value of an absolute import of `dotted`."""
        root = dotted.split(".")[0]
        if root in self.project.shadowed_roots or (
            root in self.project.local_roots()
            # A directory without __init__.py under another library's name
            # (txsni's `twisted/plugins/`) installs into that library: only
            # the modules the dependent ships there are its own.
            and (root in self.project.modules or self.project.has_module_or_package(dotted))
        ):
            return self.local(dotted)
        if root in self.index.roots:
            return Legacy(dotted)
        if root in self.index.bridges.roots:
            foreign = self.index.bridges.canonical(dotted)
            if foreign in self.index.bridges.prefixes:
                return Foreign(foreign)
        sibling = f"{self.package}.{dotted}" if self.package else None
        if sibling and self.project.has_module_or_package(sibling):
            return self.local(sibling)  # Python 2 implicit relative import
        return Opaque()

    # expressions -------------------------------------------------------------
    def eval(self, expr, scope, ctx, chain=False, kind="reference") -> frozenset:
        if isinstance(expr, ir.Name):
            found = scope.lookup(expr.id)
            if not chain:
                for b in found:
                    if not b.assigned:
                        self.emit(b, expr.line, kind, ctx)
            return found
        if isinstance(expr, ir.Attr):
            result: frozenset = frozenset()
            for b in self.eval(expr.value, scope, ctx, chain=True):
                found = self.attr_of(b, expr.attr)
                if not found and isinstance(b.value, Legacy) and not b.assigned:
                    # the library's class named for a stdlib method it inherits
                    # (`httpslib.HTTPSConnection.endheaders(self)`): the class is used
                    if self.index.foreign_member(self.legacy(b.value, expr.attr).path):
                        self.emit(b, expr.line, "reference", ctx)
                result |= frozenset(found)
            result = self.drop_impossible(result)
            if not chain:
                for b in result:
                    self.emit(b, expr.line, kind, ctx)
            return result
        if isinstance(expr, ir.Call):
            return self.eval_call(expr, scope, ctx, chain, kind)
        if isinstance(expr, ir.Other):
            for part in expr.parts:
                self.eval(part, scope, ctx)
        return frozenset()

    def eval_call(self, expr, scope, ctx, chain, kind):
        func, args = expr.func, expr.args
        if (
            isinstance(func, ir.Name)
            and func.id == "getattr"
            and not scope.lookup("getattr")
            and len(args) >= 2
            and isinstance(args[1], ir.Str)
        ):
            for extra in args[2:]:
                self.eval(extra, scope, ctx)
            via_getattr = ir.Attr(args[0], args[1].value, expr.line)
            found = self.eval(via_getattr, scope, ctx, chain=True)
            found = frozenset(b.derive(b.value, via="getattr") for b in found)
            if not chain:
                for b in found:
                    self.emit(b, expr.line, kind, ctx)
            return found
        # Each argument once (its uses recorded); the positional ones' values
        # also type the callee's parameters. (Evaluating them twice, once for
        # the value and once for the uses, doubled the work at every nesting level.)
        passed = [self.eval(arg, scope, ctx) for arg in args[: expr.positional]]
        for arg in args[expr.positional :]:
            self.eval(arg, scope, ctx)
        result = set()
        for b in self.eval(func, scope, ctx, chain=True):
            self.emit(b, expr.line, "call", ctx)
            value = b.value
            if isinstance(value, LocalFunction):
                self.pass_args(value.key, passed, offset=1 if b.via == "method" else 0)
            elif isinstance(value, Legacy) and value.path in self.index.callbacks:
                self.type_callback(self.index.callbacks[value.path], passed)
            if isinstance(value, Legacy):
                returned = self.index.returns.get(value.path)
                if value.path in self.index.classes:
                    result.add(b.derive(Instance(value.path, value.path), via=b.via))
                elif returned:  # the real signature's return annotation
                    result.add(b.derive(Instance(returned, value.path), via=b.via))
                else:
                    result.add(b.derive(Instance(None, value.path), LOW))
            elif isinstance(value, LocalClass):
                result.add(b.derive(SelfRef(value.key)))
                # `Proxy(conn)` types `__init__`'s parameters, so a wrapper that
                # keeps `self._obj = original` knows it holds a Connection.
                self.read("class", value.key)
                info = self.project.classes.get(value.key)
                if info and "__init__" in info.methods:
                    self.pass_args(info.methods["__init__"], passed, offset=1)
            elif isinstance(value, Foreign):
                result |= self.call_foreign(b, value)
            elif isinstance(value, LocalFunction):
                self.read("returns", value.key)
                result |= {
                    r.derive(r.value, MEDIUM, optional=b.optional)
                    for r in self.project.returns.get(value.key, ())
                }
        return frozenset(result)

    def call_foreign(self, b: Binding, value: Foreign) -> set:
        """Another library's class or method: an instance of it, or the legacy
        object its documented signature returns (medium: their code, not ours)."""
        bridges = self.index.bridges
        if value.path in bridges.returns:
            cls = bridges.returns[value.path]
            return {b.derive(Instance(cls, value.path), MEDIUM, via="bridge")}
        if value.path in bridges.classes and not value.instance:
            return {b.derive(Foreign(value.path, instance=True))}
        return set()

    def type_callback(self, spec: dict, passed: list):
        """`ctx.set_verify(mode, cb)`: cb's parameters get what the library passes it."""
        if spec["arg"] >= len(passed):
            return
        args = [[Binding(Instance(cls, cls), confidence=MEDIUM)] for cls in spec["params"]]
        for b in passed[spec["arg"]]:
            if isinstance(b.value, LocalFunction):
                self.pass_args(b.value.key, args, offset=1 if b.via == "method" else 0)
            elif isinstance(b.value, SelfRef):  # an object with __call__
                info = self.project.classes.get(b.value.key)
                if info and "__call__" in info.methods:
                    self.pass_args(info.methods["__call__"], args, offset=1)

    def pass_args(self, key: str, passed: list, offset: int):
        """Type a local function's parameters by what its callers pass (medium)."""
        typed = {}
        for i, values in enumerate(passed):
            legacy = frozenset(
                but(v.derive(v.value, MEDIUM, via="call-site"), assigned=True)
                for v in values
                if isinstance(v.value, Instance) and v.value.cls
            )
            if legacy:
                typed[i + offset] = legacy
        if not typed:
            return
        params = self.project.params.setdefault(key, {})
        for i, values in typed.items():
            if not values <= params.get(i, frozenset()):
                params[i] = params.get(i, frozenset()) | values
                self.writes.add(_owner(key))

    def attr_of(self, b: Binding, attr: str, via: str | None = None) -> list:
        value = b.value
        if isinstance(value, Legacy):
            found = self.legacy(value, attr)
            if self.index.foreign_member(found.path):
                return []  # `httpslib.HTTPSConnection.endheaders(self)`: http.client's
            return [b.derive(found)]
        if isinstance(value, LocalModule):
            sub = f"{value.name}.{attr}"
            if sub in self.project.modules:
                return [b.derive(self.local(sub))]
            self.read("exports", value.name)
            exported = self.project.exports.get(value.name, {}).get(attr, ())
            return [
                but(e.derive(e.value, via=via or "reexport", optional=b.optional), assigned=False)
                for e in exported
            ]
        if isinstance(value, Foreign):
            bridges = self.index.bridges
            path = bridges.canonical(f"{value.path}.{attr}")
            if value.instance and path in bridges.attrs:
                held = Instance(bridges.attrs[path], path)
                return [b.derive(held, MEDIUM, via="bridge")]
            if path in bridges.prefixes:
                return [b.derive(Foreign(path, value.instance))]
            return []
        if isinstance(value, Instance):
            if value.cls:
                path = self.index.canonical(f"{value.cls}.{attr}")
                if self.index.foreign_member(path):
                    return []
                if b.via == "call-site" and not self.index.knows(path) and not attr.startswith("_"):
                    # A parameter typed by its callers that lacks the attribute is
                    # more likely rebound in the function (the flow-light resolver
                    # merges both) than a catalog gap.
                    return []
                return [b.derive(Legacy(path), via="instance")]
            return self.guess_method(b, value.origin, attr)
        if isinstance(value, (SelfRef, LocalClass)):
            self.read("class", value.key)
            info = self.project.classes.get(value.key)
            if info is None:
                return []
            if isinstance(value, SelfRef) and attr in info.attrs:
                # An attribute holds exactly what was stored in it: a parameter's
                # caller-given type stops being a guess once kept in `self.x`.
                return [
                    e.derive(
                        e.value,
                        MEDIUM,
                        via="attribute" if e.via == "call-site" else None,
                        optional=b.optional,
                    )
                    for e in info.attrs[attr]
                ]
            if attr in info.methods:
                method = b.derive(LocalFunction(info.methods[attr]))
                return [but(method, via="method") if isinstance(value, SelfRef) else method]
            if attr in info.defined:
                return []
            # An attribute the catalog does not list for the legacy base is most
            # likely the subclass's own (set elsewhere) or inherited from the
            # stdlib (httpslib's `request`); private ones are kept: reading the
            # library's internals is a dependency worth review.
            return [
                b.derive(Legacy(f"{base}.{attr}"), MEDIUM, via="subclass")
                for base in info.legacy_bases
                if f"{base}.{attr}" in self.index.by_path
                or (attr.startswith("_") and not attr.startswith("__"))
            ]
        return []

    def drop_impossible(self, found: frozenset) -> frozenset:
        """Of alternative receivers (`cert` is X509 or X509Req), keep the classes
        that define the attribute when at least one does."""
        members = [
            b
            for b in found
            if isinstance(b.value, Legacy) and b.value.path.rpartition(".")[0] in self.index.classes
        ]
        if len(members) < 2:
            return found
        known = {b for b in members if self.index.knows(b.value.path)}
        if not known:
            return found
        return frozenset(b for b in found if b not in members or b in known)

    def guess_method(self, b, origin, attr):
        module, _ = self.index.split_module(origin)
        for scope in (module, module.split(".")[0]):
            owners = self.index.classes_with_member(scope, attr)
            owners = owners or [
                c for c in self.index.fields if c.startswith(scope) and attr in self.index.fields[c]
            ]
            if len(owners) == 1:
                return [b.derive(Legacy(f"{owners[0]}.{attr}"), LOW, via="inferred")]
            if owners:
                paths = tuple(f"{o}.{attr}" for o in owners)
                return [b.derive(Legacy(paths[0], candidates=paths), AMBIGUOUS, via="inferred")]
        return []

    # findings ----------------------------------------------------------------
    def emit(self, b: Binding, line: int, kind: str, ctx: Ctx):
        if not self.record or not isinstance(b.value, Legacy):
            return
        path = b.value.path
        if kind != "import" and path in self.index.modules:
            return
        self.findings.append(
            {
                "line": line,
                "symbol": path,
                "kind": kind,
                "confidence": b.confidence,
                "optional": b.optional or ctx.optional,
                "private": is_private(path),
                "via": b.via,
                "fallback": b.fallback,
                **({"vendored_copy": True} if b.vendored or b.value.vendored else {}),
                **({"candidates": list(b.value.candidates)} if b.value.candidates else {}),
            }
        )
