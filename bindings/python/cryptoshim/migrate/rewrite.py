"""Apply the rules of rules.py to one file with LibCST.

LibCST keeps every byte it is not asked to change, so a rewritten file differs
from the original only in the replaced expressions and the import lines.

Per file: the scanner's sites are bound to the Call nodes on their lines (by
the called name), each call is decided (receiver type, enclosing handlers,
whole-variable migration), then one transformer replaces the accepted calls
bottom-up, so a rule sees its arguments already rewritten. Imports the
replacements need are added, legacy imports left unused are removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
import libcst.metadata as meta
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from . import rules as R
from . import sequence as SEQ
from .sites import Site

LEGACY_ROOTS = ("OpenSSL", "M2Crypto")
REWRITTEN, REFUSED, MANUAL = "rewritten", "refused", "manual"
ABSORBED = "absorbed"  # a constant consumed by a rewritten call (not a call site)


@dataclass
class Outcome:
    site: Site
    status: str  # rewritten | refused | manual
    reason: str = ""
    rule: str = ""  # the rule's api id when one applied or refused


@dataclass
class FileResult:
    source: str
    new_source: str
    outcomes: list = field(default_factory=list)


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def _terminal(node) -> str | None:
    return R.terminal(node)


class _Binder(cst.CSTVisitor):
    """Calls and name references on the sites' lines, by the called name."""

    METADATA_DEPENDENCIES = (meta.PositionProvider,)

    def __init__(self, by_line: dict):
        self.by_line = by_line
        self.calls: dict[cst.Call, list[Site]] = {}
        self.refs: dict[int, list[cst.CSTNode]] = {}

    def _lines(self, node, name_node) -> set:
        pos = self.get_metadata(meta.PositionProvider, node)
        lines = {pos.start.line}
        if name_node is not None:
            lines.add(self.get_metadata(meta.PositionProvider, name_node).start.line)
        return lines

    def visit_Call(self, node: cst.Call) -> None:
        name = _terminal(node.func)
        if name is None:
            return
        name_node = node.func.attr if isinstance(node.func, cst.Attribute) else node.func
        for line in self._lines(node, name_node):
            for site in self.by_line.get(line, ()):
                if site.kind == "call" and site.symbol.rsplit(".", 1)[-1] == name:
                    self.calls.setdefault(node, []).append(site)

    def _reference(self, node, name: str) -> None:
        line = self.get_metadata(meta.PositionProvider, node).start.line
        for site in self.by_line.get(line, ()):
            if site.kind != "call" and site.symbol.rsplit(".", 1)[-1] == name:
                self.refs.setdefault(id(site), []).append(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._reference(node, node.attr.value)

    def visit_Name(self, node: cst.Name) -> None:
        self._reference(node, node.value)


class _Decider:
    """Which bound calls a rule may rewrite, decided on the original tree."""

    def __init__(self, wrapper: meta.MetadataWrapper, calls: dict):
        self.calls = calls
        self.parents = wrapper.resolve(meta.ParentNodeProvider)
        self.scopes = wrapper.resolve(meta.ScopeProvider)
        self.positions = wrapper.resolve(meta.PositionProvider)
        self.refusals: dict = {}  # call -> reason
        self.rule_of: dict = {}  # call -> Rule
        self.migrated: set = set()  # Name nodes whose variable holds a migrated object
        self.migrated_assign: dict = {}  # loader/object call -> Rule
        self.object_calls: dict = {}  # method call on a migrated object -> new method name
        self.imports: dict = {}  # bound name -> (module, obj) promised to this file
        self.inits: dict = {}  # constructor call -> (initialiser call, rule, Rewrite)
        self.init_lines: dict = {}  # the initialiser's statement line -> its call
        self.builders: dict = {}  # constructor call -> (SEQ.Sequence, direct: bool)
        self.builder_lines: dict = {}  # a merged statement -> the sequence's sign() call
        self.builder_inner: dict = {}  # every call in the merged statements -> sign() call
        self.builder_uses: set = set()  # Name nodes a builder step reads as an operand

    # -- per call -------------------------------------------------------------
    def decide(self) -> None:
        for call, sites in self.calls.items():
            rule = self._pick_rule(call, sites)
            if isinstance(rule, str):
                self.refusals[call] = rule
                self.rule_of[call] = next(R.RULES[s.api] for s in sites if s.api in R.RULES)
                continue
            if rule is None:
                continue
            self.rule_of[call] = rule
            caught = self._caught(call, rule)
            if caught:
                self.refusals[call] = caught
        # Builders first: a loader whose variable a builder step reads may then
        # migrate (builder_uses), and the builder renders after that is known.
        pending = sorted(self.rule_of.items(), key=lambda item: item[1].kind != "builder")
        for call, rule in pending:
            if call in self.refusals:
                continue
            if rule.kind == "init":
                why = self._pair_init(call, rule)
                if why:
                    self.refusals[call] = why
                continue
            if rule.kind == "builder":
                why = self._builder(call, rule)
                if why:
                    self.refusals[call] = why
                continue
            if rule.kind in ("loader", "object"):
                why = self._migrate_variable(call, rule)
                if why:
                    self.refusals[call] = why

    def _pick_rule(self, call, sites):
        ids = [s.api for s in sites]
        with_rule = [R.RULES[i] for i in ids if i in R.RULES]
        if not with_rule:
            return None
        site = sites[0]
        if all(r.kind in ("call", "loader", "object") for r in with_rule):
            return with_rule[0]
        cls = self.receiver_class(call.func.value if isinstance(call.func, cst.Attribute) else None)
        for r in with_rule:
            if r.receiver and cls == r.receiver:
                return r
            if r.receiver and cls is None and site.confidence in ("high", "medium"):
                if site.symbol.rsplit(".", 1)[0] == r.receiver:
                    return r
        guess = " or ".join(sorted({s.symbol.rsplit(".", 1)[0] for s in sites}))
        return f"untyped receiver (the scanner could only guess {guess})"

    def receiver_class(self, node) -> str | None:
        """The legacy class of a receiver expression, when this file shows it."""
        if node is None:
            return None
        if isinstance(node, cst.Call) and node in self.calls:
            for site in self.calls[node]:
                loader = R.RULES.get(site.api)
                if loader is not None and loader.returns:
                    return loader.returns
                returns = RETURNS.get(site.api)
                if returns:
                    return returns
            return None
        if isinstance(node, cst.Name):
            assignments = self._assignments(node)
            if not assignments:
                return None
            found = set()
            for a in assignments:
                value = self._assigned_value(a)
                found.add(self.receiver_class(value) if value is not None else None)
            return found.pop() if len(found) == 1 else None
        return None

    def _assignments(self, name: cst.Name):
        scope = self.scopes.get(name)
        if scope is None:
            return ()
        return [a for a in scope[name.value] if isinstance(a, meta.Assignment)]

    def _assigned_value(self, assignment):
        node = assignment.node
        parent = self.parents.get(node)
        if isinstance(parent, cst.AssignTarget):
            stmt = self.parents.get(parent)
            if isinstance(stmt, cst.Assign) and len(stmt.targets) == 1:
                return stmt.value
        if isinstance(parent, cst.AnnAssign) and parent.value is not None:
            return parent.value
        return None

    def _caught(self, call, rule) -> str:
        """A reason when an enclosing handler catches the legacy exception the rule changes."""
        changed = {
            old.rsplit(".", 1)[-1]: new for old, new in rule.exceptions.items() if old != new
        }
        if not changed:
            return ""
        node, child = call, None
        while node is not None and not isinstance(node, (cst.FunctionDef, cst.Module)):
            child, node = node, self.parents.get(node)
            if isinstance(node, cst.Try) and child is node.body:
                for handler in node.handlers:
                    for name in _handler_names(handler.type):
                        if name in changed:
                            return (
                                f"inside `except {name}`: the replacement raises "
                                f"{changed[name]} instead"
                            )
        return ""

    # -- constructor + initialiser pairs (init rules) --------------------------
    def _pair_init(self, call, rule) -> str:
        """`k = crypto.PKey()` just before `k.generate_key(...)`: one constructor."""
        expr = self.parents.get(call)
        line = self.parents.get(expr) if expr is not None else None
        block = self.parents.get(line) if line is not None else None
        if not (
            isinstance(expr, cst.Expr)
            and isinstance(line, cst.SimpleStatementLine)
            and len(line.body) == 1
            and hasattr(block, "body")
            and isinstance(call.func, cst.Attribute)
        ):
            return "not a statement of its own"
        if any(ll.comment for ll in line.leading_lines) or line.trailing_whitespace.comment:
            return "the statement carries a comment the merge would drop"
        body = list(getattr(block, "body", ()))
        i = next(n for n, stmt in enumerate(body) if stmt is line)
        prev = body[i - 1] if i else None
        if not isinstance(prev, cst.SimpleStatementLine) or len(prev.body) != 1:
            return f"the {_short(rule.receiver)}() is not made in the statement just before"
        assign = prev.body[0]
        if not (
            isinstance(assign, cst.Assign)
            and len(assign.targets) == 1
            and _code(assign.targets[0].target) == _code(call.func.value)
            and isinstance(assign.value, cst.Call)
            and not assign.value.args
            and any(s.api == rule.constructor for s in self.calls.get(assign.value, ()))
        ):
            return f"the {_short(rule.receiver)}() is not made in the statement just before"
        out = rule.build(R.Input(call, _code))
        if isinstance(out, R.Refusal):
            return out.reason
        self.inits[assign.value] = (call, rule, out)
        self.init_lines[line] = call
        return ""

    # -- builder sequences (X509() ... sign()) ---------------------------------
    def _builder(self, call, rule) -> str:
        seq = SEQ.find(self, call, rule, _code)
        if isinstance(seq, str):
            return seq
        clash = _import_clash(self, seq.constructor, seq.out.imports)
        if clash:
            return clash
        # Direct (a cryptography Certificate, no bridge) when the variable is
        # assigned once and every later use has a rule; else from_cryptography().
        direct, uses = False, []
        scope = self.scopes.get(seq.variable)
        assignments = list(scope.assignments[seq.variable.value]) if scope else []
        if len(assignments) == 1:
            as_loader = R.Rule(rule.api, "loader", "", rule.build, returns=rule.receiver)
            direct = True
            for access in assignments[0].references:
                node = access.node
                if _within(self, node, seq.lines):
                    continue
                if self._use_ok(node, as_loader):
                    direct = False
                    break
                uses.append(node)
        if direct:
            self.migrated.update(uses)
        self.builders[seq.constructor] = (seq, direct)
        for stmt in seq.lines:
            self.builder_lines[stmt] = call
        for inner in seq.inner:
            self.builder_inner[inner] = call
        self.builder_uses.update(seq.operands)
        return ""

    # -- whole variables (loader / object rules) -----------------------------
    def _migrate_variable(self, call, rule) -> str:
        # The call's own refusal first (a passphrase, a file type): a variable
        # whose loader stays legacy must keep its uses bridged.
        own = rule.build(R.Input(call, _code))
        if isinstance(own, R.Refusal):
            return own.reason
        stmt_target = self._single_target(call)
        if stmt_target is None:
            what = _short(rule.returns or rule.api)
            return f"the {what} escapes: the result is not assigned to one plain variable"
        scope = self.scopes.get(stmt_target)
        assignments = [a for a in scope.assignments[stmt_target.value]] if scope else []
        if len(assignments) != 1:
            return f"`{stmt_target.value}` is assigned more than once in its scope"
        uses = []
        for access in assignments[0].references:
            why = self._use_ok(access.node, rule)
            if why:
                line = self.positions[access.node].start.line
                return f"the object escapes: line {line} {why}"
            uses.append(access.node)
        self.migrated_assign[call] = rule
        self.migrated.update(uses)
        return ""

    def _single_target(self, call):
        parent = self.parents.get(call)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
            if isinstance(target, cst.Name):
                return target
        return None

    def _use_ok(self, name, rule) -> str:
        parent = self.parents.get(name)
        if parent is None:
            return "uses it as a value"
        if rule.kind == "object":
            call = self.parents.get(parent)
            if not (
                isinstance(parent, cst.Attribute)
                and isinstance(call, cst.Call)
                and call.func is parent
                and parent.attr.value in rule.methods
            ):
                return "uses it other than through " + "/".join(sorted(rule.methods))
            method = parent.attr.value
            if method in rule.statement_only and not isinstance(self.parents.get(call), cst.Expr):
                return f"uses {method}()'s return value (it differs in cryptography)"
            self.object_calls[call] = rule.methods[parent.attr.value]
            return ""
        # loader: every use must be a rewritable rule taking the object directly
        if name in self.builder_uses:  # read by a builder step, which takes it as it is
            return ""
        if isinstance(parent, cst.Attribute):
            call = self.parents.get(parent)
            if isinstance(call, cst.Call) and call.func is parent and call in self.calls:
                method_rule = self._rule_for_receiver(call, rule.returns)
                if method_rule is None:
                    return f"calls .{parent.attr.value}() (no rule)"
                probe = self._probe(call, method_rule, name.value)
                return f"calls .{parent.attr.value}(): {probe}" if probe else ""
            if isinstance(call, cst.Call) and call.func is parent:
                return f"calls .{parent.attr.value}() (no rule)"
            return f"reads .{parent.attr.value} (no rule)"
        if isinstance(parent, cst.Arg):
            call = self.parents.get(parent)
            rule_ = self.rule_of.get(call)
            if (
                isinstance(call, cst.Call)
                and rule_ is not None
                and rule_.kind == "call"
                and call not in self.refusals
            ):
                # the call's own refusal (a file type in a variable, ...) keeps it
                # legacy: it would get a cryptography object it cannot take
                own = rule_.build(R.Input(call, _code))
                if isinstance(own, R.Refusal):
                    return f"passes it to {_short(rule_.api)}(), which stays legacy: {own.reason}"
                return ""
            return "passes it to a call without a rule"
        return "uses it as a value (returned, stored or compared)"

    def _rule_for_receiver(self, call, cls):
        for site in self.calls.get(call, ()):
            r = R.RULES.get(site.api)
            if r is not None and r.receiver == cls:
                return r
        return None

    def is_store(self, attr: cst.Attribute) -> bool:
        """`x.get_subject().CN = v` / `+=` / `del`: a setter, not a read."""
        parent = self.parents.get(attr)
        if isinstance(parent, (cst.AssignTarget, cst.Del)):
            return True
        return isinstance(parent, (cst.AugAssign, cst.AnnAssign)) and parent.target is attr

    def called_bare(self, attr: cst.Attribute) -> bool:
        call = self.parents.get(attr)
        return isinstance(call, cst.Call) and call.func is attr and not call.args

    def _probe(self, call, rule, crt) -> str:
        if rule.kind == "chain":
            attr = self.parents.get(call)
            if not isinstance(attr, cst.Attribute):
                return "its result escapes"
            if self.is_store(attr):
                return f"sets .{attr.attr.value} (a setter has no rule)"
            out = rule.build(R.Input(call, _code, crt=crt, attr=attr.attr.value))
            if isinstance(out, R.Rewrite) and out.consumes_call and not self.called_bare(attr):
                return f".{attr.attr.value} is not called without arguments"
        else:
            out = rule.build(R.Input(call, _code, crt=crt))
        return out.reason if isinstance(out, R.Refusal) else ""


# What a legacy call returns, for receiver typing, beyond the loaders' rules.
RETURNS = {
    "pyopenssl.crypto.PKey": "OpenSSL.crypto.PKey",
    "pyopenssl.crypto.X509": "OpenSSL.crypto.X509",
    "pyopenssl.SSL.Connection.get_peer_certificate": "OpenSSL.crypto.X509",
    "pyopenssl.crypto.X509.from_cryptography": "OpenSSL.crypto.X509",
}


def _within(d: _Decider, node, stmts) -> bool:
    while node is not None:
        if any(node is s for s in stmts):
            return True
        node = d.parents.get(node)
    return False


def _import_clash(d: _Decider, node, imports) -> str:
    """Why a replacement's imports cannot be bound where `node` is ("" if they can)."""
    scope = d.scopes.get(node)
    for module, obj in imports:
        bound = (obj or module).split(".")[0]
        promised = d.imports.get(bound)
        if promised is not None and promised != (module, obj):
            return f"`{bound}` would be imported twice from different modules"
        if scope is not None:
            for a in scope[bound]:
                if not isinstance(a, meta.ImportAssignment):
                    return f"`{bound}` is already bound here"
                full = f"{module}.{obj}" if obj else module
                names = {q.name for q in a.get_qualified_names_for(bound)}
                if full not in names:
                    return f"`{bound}` is already imported from elsewhere"
    return ""


def _handler_names(node) -> list[str]:
    if node is None:
        return []
    if isinstance(node, cst.Tuple):
        return [n for el in node.elements for n in _handler_names(el.value)]
    name = _terminal(node)
    return [name] if name else []


def _short(path: str) -> str:
    return path.rsplit(".", 1)[-1]


class _Transformer(cst.CSTTransformer):
    def __init__(self, decider: _Decider):
        self.d = decider
        self.done: dict = {}  # original call -> (status, reason, rule)
        self.imports: set = set()
        self.pending_chain: dict = {}  # original call -> rule
        self.chained: set = set()  # ids of chain rewrites (the call after one is theirs)
        self.consumed: set = set()  # ids of chain rewrites that replace the call after them

    def _accept(self, original, rule, out) -> cst.BaseExpression | None:
        if isinstance(out, R.Refusal):
            self.done[original] = (REFUSED, out.reason, rule.api)
            return None
        clash = self._clash(original, out.imports)
        if clash:
            self.done[original] = (REFUSED, clash, rule.api)
            return None
        self.imports.update(out.imports)
        self.done[original] = (REWRITTEN, "", rule.api)
        return cst.parse_expression(out.code)

    def _clash(self, node, imports) -> str:
        clash = _import_clash(self.d, node, imports)
        if not clash:
            for module, obj in imports:
                self.d.imports[(obj or module).split(".")[0]] = (module, obj)
        return clash

    def leave_SimpleStatementLine(self, original, updated):
        call = self.d.init_lines.get(original) or self.d.builder_lines.get(original)
        if call is not None and self.done.get(call, ("",))[0] == REWRITTEN:
            return cst.RemoveFromParent()  # merged into the constructor before it
        return updated

    def _builder(self, original: cst.Call, updated: cst.Call):
        seq, direct = self.d.builders[original]
        seq.render()  # now that the operands' loaders are decided
        # later uses keep a legacy X509 unless direct: the bridge from cryptography
        code = seq.wrapped("" if direct else f"{_code(updated.func)}.{seq.rule.from_bridge}")
        new = self._accept(seq.sign, seq.rule, R.Rewrite(code, seq.out.imports))
        if new is None:
            return updated
        self.done[original] = (REWRITTEN, "", "")
        return new

    def _init(self, original: cst.Call, updated: cst.Call):
        init_call, rule, out = self.d.inits[original]
        if init_call in self.d.refusals:
            return updated
        ctor = _code(updated.func)
        new = self._accept(
            init_call, rule, R.Rewrite(f"{ctor}.{rule.from_bridge}({out.code})", out.imports)
        )
        if new is None:
            return updated
        self.done[original] = (REWRITTEN, "", "")
        return new

    def leave_Call(self, original: cst.Call, updated: cst.Call):
        d = self.d
        if original in d.builder_inner:  # merged into the builder (or left whole)
            return updated
        if original in d.builders:
            return self._builder(original, updated)
        if original in d.inits:
            return self._init(original, updated)
        if id(updated.func) in self.chained:
            # the call after a chain rewrite is part of it: x.get_pubkey().to_cryptography_key()
            self.done[original] = (REWRITTEN, "", "")
            if id(updated.func) in self.consumed:  # x.get_not_after().get_datetime()
                return updated.func
            return updated
        if original in d.object_calls:
            self.done[original] = (REWRITTEN, "", "")
            new = d.object_calls[original]
            return updated.with_changes(func=updated.func.with_changes(attr=cst.Name(new)))
        rule = d.rule_of.get(original)
        if rule is None:
            return updated
        if original in d.refusals:
            self.done[original] = (REFUSED, d.refusals[original], rule.api)
            return updated
        if rule.kind == "chain":
            self.pending_chain[original] = rule
            return updated
        if rule.kind in ("loader", "object") and original not in d.migrated_assign:
            return updated
        if not self._bridged(original, rule):
            return updated
        r_in = R.Input(
            updated,
            _code,
            crt=self._crt(original, updated, rule),
            is_direct=lambda node: _is_direct(d, original, node),
        )
        new = self._accept(original, rule, rule.build(r_in))
        return new if new is not None else updated

    def _bridged(self, original: cst.Call, rule) -> bool:
        """False (and refused) for a bridgeless rule on a receiver not migrated."""
        if rule.bridge or rule.kind not in ("method", "chain"):
            return True
        func = original.func
        if isinstance(func, cst.Attribute) and func.value in self.d.migrated:
            return True
        self.done[original] = (
            REFUSED,
            "no bridge from this library's objects to cryptography: rewritten only "
            "when the object is loaded in the same scope and every use has a rule",
            rule.api,
        )
        return False

    def _crt(self, original, updated, rule) -> str:
        if not isinstance(updated.func, cst.Attribute):
            return ""
        receiver = _code(updated.func.value)
        if original.func.value in self.d.migrated:
            return receiver
        return f"{R.paren(receiver)}.{rule.bridge_method}()"

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute):
        rule = self.pending_chain.pop(original.value, None)
        if rule is None:
            return updated
        inner_orig, inner = original.value, updated.value
        if not isinstance(inner, cst.Call) or not isinstance(inner_orig, cst.Call):
            return updated
        if self.d.is_store(original):
            self.done[inner_orig] = (
                REFUSED,
                f"sets .{original.attr.value} on the name (a setter has no rule)",
                rule.api,
            )
            return updated
        if not self._bridged(inner_orig, rule):
            return updated
        r_in = R.Input(
            inner, _code, crt=self._crt(inner_orig, inner, rule), attr=original.attr.value
        )
        out = rule.build(r_in)
        if isinstance(out, R.Rewrite) and out.consumes_call and not self.d.called_bare(original):
            out = R.Refusal(f".{original.attr.value} is not called without arguments")
        new = self._accept(inner_orig, rule, out)
        if new is not None:
            self.chained.add(id(new))
            if isinstance(out, R.Rewrite) and out.consumes_call:
                self.consumed.add(id(new))
        return new if new is not None else updated


def _is_direct(d: _Decider, original_call: cst.Call, updated_arg) -> bool:
    """Whether an argument of this call is a variable holding a migrated object."""
    for arg in original_call.args:
        if arg.value in d.migrated and _code(arg.value) == _code(updated_arg):
            return True
    return False


def rewrite_source(source: str, sites: list[Site]) -> FileResult:
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        reason = f"not Python 3 source (Python 2 file?): {str(exc).splitlines()[0]}"
        return FileResult(source, source, [Outcome(s, REFUSED, reason) for s in sites])
    wrapper = meta.MetadataWrapper(module)
    by_line: dict = {}
    for s in sites:
        by_line.setdefault(s.line, []).append(s)
    binder = _Binder(by_line)
    wrapper.visit(binder)
    decider = _Decider(wrapper, binder.calls)
    decider.decide()
    transformer = _Transformer(decider)
    new_module = wrapper.module.visit(transformer)
    for call, rule in transformer.pending_chain.items():
        transformer.done[call] = (
            REFUSED,
            f"the {_short(rule.api)}() result escapes (no attribute with a rule follows)",
            rule.api,
        )
    for call, sign in decider.builder_inner.items():
        if call is not sign:
            status = transformer.done.get(sign, (REFUSED, "the builder was not applied", ""))
            transformer.done[call] = status if status[0] != REWRITTEN else (REWRITTEN, "", "")
    if any(status == REWRITTEN for status, _, _ in transformer.done.values()):
        used_before = _names_read(wrapper.module)
        new_module = _fix_imports(new_module, transformer.imports, used_before)
    outcomes = _outcomes(sites, binder, decider, transformer)
    return FileResult(source, new_module.code, outcomes)


class _Reads(cst.CSTVisitor):
    def __init__(self):
        self.names: set = set()

    def visit_Import(self, node) -> bool:
        return False

    def visit_ImportFrom(self, node) -> bool:
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)


def _names_read(module: cst.Module) -> set:
    reads = _Reads()
    module.visit(reads)
    return reads.names


def _fix_imports(module: cst.Module, needed: set, used_before: set) -> cst.Module:
    """Add the replacements' imports; drop legacy imports the rewrite left unused.

    Only imports that were read before the rewrite are candidates, so an
    import the file never used stays (nothing outside rewritten spans moves).
    """
    context = CodemodContext()
    for mod, obj in sorted(needed, key=lambda x: (x[0], x[1] or "")):
        AddImportsVisitor.add_needed_import(context, mod, obj)
    module = AddImportsVisitor(context).transform_module(module)
    context = CodemodContext()
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.ImportFrom) and small.module is not None:
                name = _code(small.module)
                if name.split(".")[0] in LEGACY_ROOTS and not isinstance(
                    small.names, cst.ImportStar
                ):
                    for alias in small.names:
                        asname = _alias(alias)
                        if (asname or _code(alias.name)) in used_before:
                            RemoveImportsVisitor.remove_unused_import(
                                context, name, _code(alias.name), asname
                            )
            elif isinstance(small, cst.Import):
                for alias in small.names:
                    name = _code(alias.name)
                    asname = _alias(alias)
                    bound = asname or name.split(".")[0]
                    if name.split(".")[0] in LEGACY_ROOTS and bound in used_before:
                        RemoveImportsVisitor.remove_unused_import(context, name, None, asname)
    return RemoveImportsVisitor(context).transform_module(module)


def _alias(alias: cst.ImportAlias) -> str | None:
    if alias.asname is None or not isinstance(alias.asname.name, cst.Name):
        return None
    return alias.asname.name.value


def _outcomes(sites, binder, decider, transformer) -> list[Outcome]:
    by_site: dict = {}
    # Two calls of one API on one line are bound to both of its sites (sites
    # carry no column): each call claims one site per API, in source order,
    # so `f(x, n), f(x, 1000)` reports one refused and one rewritten site.
    claimed: set = set()
    for call, bound in binder.calls.items():
        status = transformer.done.get(call)
        if status is None:
            continue
        st, reason, api = status
        apis: set = set()
        for site in bound:
            if id(site) in claimed or site.api in apis:
                continue
            if st == REWRITTEN or site.api == api or api == "":
                by_site[id(site)] = Outcome(site, st, reason, api)
                claimed.add(id(site))
                apis.add(site.api)
            else:
                by_site.setdefault(id(site), Outcome(site, st, reason, api))
    out = []
    for site in sites:
        found = by_site.get(id(site))
        if found is None and _inside_rewritten(binder.refs.get(id(site), ()), decider, transformer):
            found = Outcome(site, ABSORBED, "an argument of a rewritten call")
        if found is None and site.kind == "call" and site.api in BUILDER_STEPS:
            builder = BUILDER_STEPS[site.api]
            found = Outcome(
                site,
                REFUSED,
                f"part of the builder that {_short(builder)}() ends: rewritten only with the "
                "whole sequence, in one block (see that row for why this one is not)",
            )
        if found is None:
            reason = _manual_reason(site)
            found = Outcome(site, MANUAL, reason)
        out.append(found)
    return out


# builder rules' constructors and steps (catalog id -> the builder rule's id)
BUILDER_STEPS = {
    step: api
    for api, r in R.RULES.items()
    if r.kind == "builder"
    for step in (r.constructor, *(f"{r.constructor}.{m}" for m in r.methods))
}


def _inside_rewritten(nodes, decider, transformer) -> bool:
    for node in nodes:
        while node is not None:
            if transformer.done.get(node, ("",))[0] == REWRITTEN:
                return True
            # a statement merged into a rewritten builder (X509Name in c.get_subject().CN = v)
            merged_into = decider.builder_lines.get(node)
            if merged_into is not None and transformer.done.get(merged_into, ("",))[0] == REWRITTEN:
                return True
            node = decider.parents.get(node)
    return False


def _manual_reason(site: Site) -> str:
    if site.kind == "reference":
        why = R.why_no_rule(site.api)
        if "constant" in why or "exception" in why:
            return why
        return (
            "referenced, not called (a class in isinstance/annotations, or a callback "
            "passed on): it goes when the objects or calls it serves are migrated"
        )
    if site.api in R.RULES:
        return "the call was not found on this line"
    inits = [r for r in R.RULES.values() if r.constructor == site.api]
    if inits:
        return (
            f"goes with {_short(inits[0].api)}() in the next statement when that is "
            "rewritten (see its row)"
        )
    return R.why_no_rule(site.api) or "no rule for this API yet"
