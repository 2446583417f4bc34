"""Finding a builder sequence for rewrite.py (the rule itself is builder.py).

From the call that ends it (``c.sign(k, "sha256")``) back through its block:
every statement up to ``c = crypto.X509()`` must be one step (a setter call
on ``c`` or a store into ``c.get_subject()``/``c.get_issuer()``), each on
its own line without comments (they would be merged away), and ``c`` may
appear in the arguments only as ``c.get_subject()`` given to a setter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, cast

import libcst as cst

from . import builder as B
from . import rules as R

NAME_GETTERS = ("get_subject", "get_issuer")


@dataclass
class Sequence:
    constructor: cst.Call  # the X509() call: replaced by the builder
    sign: cst.Call
    rule: R.Rule
    out: R.Rewrite
    lines: list  # the statements after the constructor: removed
    inner: set  # every call in those statements
    variable: cst.Name  # the certificate's variable
    # variables the steps read (a key, a certificate or request whose name or
    # key they copy): a loader may migrate them, the steps then use them directly
    operands: set = field(default_factory=set)
    # the rule again, once the operands' migration is known
    rebuild: Callable[[], Any] = lambda: None

    def render(self) -> None:
        out = self.rebuild()
        assert isinstance(out, R.Rewrite)  # the same steps, decided before
        self.out = out

    def wrapped(self, head: str) -> str:
        """The builder one call per line, inside `head(...)` (or plain parentheses).
        LibCST indents the continuation lines by the statement's own block."""
        body = self.out.code.replace("\n", "\n    ")
        return f"{head}(\n    {body}\n)"


class _Names(cst.CSTVisitor):
    def __init__(self, name: str):
        self.name = name
        self.found: list = []
        self.calls: list = []

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == self.name:
            self.found.append(node)

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)


def _own_name_getter(node, var: str) -> str:
    """The name `var.get_subject()` / `var.get_issuer()` reads ("subject"/"issuer"), else ""."""
    if (
        isinstance(node, cst.Call)
        and not node.args
        and isinstance(node.func, cst.Attribute)
        and isinstance(node.func.value, cst.Name)
        and node.func.value.value == var
        and node.func.attr.value in NAME_GETTERS
    ):
        return node.func.attr.value[len("get_") :]
    return ""


def _reads_object(node) -> bool:
    """`X.get_subject()` / `get_issuer()` / `get_pubkey()`: an argument the builder reads."""
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in (*NAME_GETTERS, "get_pubkey")
    )


def _step(small, var: str, rule: R.Rule) -> B.Step | str:
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        call = small.value
        func = call.func
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value == var
        ):
            if func.attr.value in rule.methods:
                return B.Step(func.attr.value, call)
            return f"{var}.{func.attr.value}() is not a step of the builder (no rule)"
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        if isinstance(target, cst.Attribute):
            which = _own_name_getter(target.value, var)
            if which:
                return B.Step("store", which=which, attr=target.attr.value, value=small.value)
    return f"a statement that is not a step of the {var} = X509() builder"


def find(d, call: cst.Call, rule: R.Rule, code) -> Sequence | str:
    """The sequence ending in `call`, decided; or the reason it is refused."""
    expr = d.parents.get(call)
    line = d.parents.get(expr) if expr is not None else None
    block = d.parents.get(line) if line is not None else None
    func = call.func
    if not (
        isinstance(expr, cst.Expr)
        and isinstance(line, cst.SimpleStatementLine)
        and len(line.body) == 1
        and isinstance(getattr(block, "body", None), (list, tuple))
        and isinstance(func, cst.Attribute)
        and isinstance(func.value, cst.Name)
    ):
        return "sign() is not a statement of its own on a plain variable"
    var = func.value.value
    body = list(cast(Any, block).body)  # checked above: a block with a body
    i = next(n for n, stmt in enumerate(body) if stmt is line)
    steps, lines = [B.Step("sign", call)], [line]
    for stmt in reversed(body[:i]):
        where = f"line {d.positions[stmt].start.line}"
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            return f"{where}: not a step of the {var} = X509() builder"
        small = stmt.body[0]
        if (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and small.targets[0].target.value == var
        ):
            value = small.value
            if not (
                isinstance(value, cst.Call)
                and not value.args
                and any(s.api == rule.constructor for s in d.calls.get(value, ()))
            ):
                return f"{where}: {var} is assigned something other than crypto.X509()"
            return _decide(d, value, small.targets[0].target, steps, lines, rule, code)
        step = _step(small, var, rule)
        if isinstance(step, str):
            return f"{where}: {step}"
        steps.insert(0, step)
        lines.insert(0, stmt)
    return f"no {var} = crypto.X509() before sign() in the same block"


def _decide(d, ctor, variable, steps, lines, rule, code) -> Sequence | str:
    var = variable.value
    for stmt in lines:
        if any(ll.comment for ll in stmt.leading_lines) or stmt.trailing_whitespace.comment:
            where = d.positions[stmt].start.line
            return f"line {where} carries a comment the merge into one builder would drop"
    inner: set = set()
    for stmt in lines:
        names = _Names(var)
        stmt.visit(names)
        inner.update(names.calls)
        small: Any = stmt.body[0]  # one of _step's two shapes
        if isinstance(small, cst.Expr):  # a setter call
            call: Any = small.value
            # `var` itself: the receiver, or var.get_subject() given whole
            allowed = {call.func.value}
            allowed.update(a.value.func.value for a in call.args if _own_name_getter(a.value, var))
            # legacy calls in the arguments: only X.get_subject()/get_issuer()/get_pubkey()
            # given whole, which the builder reads itself
            own_calls = {call} | {a.value for a in call.args if _reads_object(a.value)}
        else:  # a store into var.get_subject() / var.get_issuer()
            getter = small.targets[0].target.value
            allowed, own_calls = {getter.func.value}, {getter}
        if any(n not in allowed for n in names.found):
            return f"line {d.positions[stmt].start.line} uses {var} other than as a step"
        for inner_call in names.calls:
            if inner_call not in own_calls and inner_call in d.calls:
                where = d.positions[inner_call].start.line
                return f"line {where}: a legacy call inside a step's argument (no rule there)"

    operands: set = set()

    def crypto_object(node, bridge: str) -> str:
        """A legacy operand as a cryptography object: itself when a loader migrated it."""
        if isinstance(node, cst.Name):
            operands.add(node)
            if node in d.migrated:
                return code(node)
        return f"{R.paren(code(node))}.{bridge}()"

    def name_of(node):
        own = _own_name_getter(node, var)
        if own:
            return ("self", own)
        if (
            isinstance(node, cst.Call)
            and not node.args
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in NAME_GETTERS
        ):
            cls = d.receiver_class(node.func.value)
            which = node.func.attr.value[len("get_") :]
            if cls == B.CERT or (cls == "OpenSSL.crypto.X509Req" and which == "subject"):
                return f"{crypto_object(node.func.value, 'to_cryptography')}.{which}"
        return R.Refusal(
            "the name is not get_subject()/get_issuer() of a certificate or request "
            "this file types (an X509Name object has no rule)"
        )

    def key_of(node):
        if (
            isinstance(node, cst.Call)
            and not node.args
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "get_pubkey"
            and d.receiver_class(node.func.value) in (B.CERT, "OpenSSL.crypto.X509Req")
        ):  # req.get_pubkey(): the request's own public key
            return f"{crypto_object(node.func.value, 'to_cryptography')}.public_key()"
        return crypto_object(node, "to_cryptography_key")

    def rebuild():
        return B.build(B.BuilderInput(steps, code, name_of, key_of))

    out = rebuild()
    if isinstance(out, R.Refusal):
        return out.reason
    return Sequence(ctor, steps[-1].call, rule, out, lines, inner, variable, operands, rebuild)
