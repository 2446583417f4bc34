"""Fallback parse backend on the stdlib `ast` (Python 3 syntax of this interpreter only).

Used when tree-sitter is unavailable; see parse.py for why it is not the default.
A file `ast` rejects yields an empty module with errors=1 and parser "unparsed",
which the scan reports instead of hiding.
"""

from __future__ import annotations

import ast
from typing import Any

from . import ir


def parse_source(data: bytes) -> ir.Module:
    try:
        tree = ast.parse(data)
        return ir.Module(body=_block(tree.body), parser="ast")
    except (SyntaxError, ValueError):
        return ir.Module(body=[], parser="unparsed", errors=1)
    except RecursionError:
        return ir.Module(body=[], parser="too-deep", errors=1)


def _block(stmts) -> list:
    out = []
    for s in stmts:
        out.extend(_stmt(s))
    return out


def _handler_types(node) -> list:
    if node is None:
        return []
    items = node.elts if isinstance(node, ast.Tuple) else [node]
    return [ast.unparse(i) for i in items]


def _handler_exprs(node) -> list:
    if node is None:
        return []
    return [_expr(i) for i in (node.elts if isinstance(node, ast.Tuple) else [node])]


def _stmt(s) -> list:
    if isinstance(s, ast.Import):
        return [ir.Import([(a.name, a.asname) for a in s.names], s.lineno)]
    if isinstance(s, ast.ImportFrom):
        if s.module == "__future__":
            return []
        names = (
            None if any(a.name == "*" for a in s.names) else [(a.name, a.asname) for a in s.names]
        )
        return [ir.ImportFrom(s.module or "", s.level or 0, names, s.lineno)]
    if isinstance(s, (ast.Assign, ast.AnnAssign)):
        targets = s.targets if isinstance(s, ast.Assign) else [s.target]
        if s.value is None:
            return []
        return [ir.Assign([_expr(t) for t in targets], _expr(s.value), s.lineno)]
    if isinstance(s, ast.Expr):
        return [ir.ExprStmt(_expr(s.value))]
    if isinstance(s, ast.Return):
        return [ir.Return(_expr(s.value) if s.value else ir.Other([], s.lineno))]
    if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
        a = s.args
        params = [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs]
        params += [p.arg for p in (a.vararg, a.kwarg) if p]
        exprs = [_expr(e) for e in s.decorator_list + a.defaults + [d for d in a.kw_defaults if d]]
        annotations = {
            p.arg: _expr(p.annotation)
            for p in a.posonlyargs + a.args + a.kwonlyargs
            if p.annotation is not None
        }
        exprs += list(annotations.values()) + ([_expr(s.returns)] if s.returns else [])
        return [
            ir.Def(s.name, "function", params, [], exprs, _block(s.body), s.lineno, annotations)
        ]
    if isinstance(s, ast.ClassDef):
        exprs = [_expr(e) for e in s.decorator_list] + [_expr(k.value) for k in s.keywords]
        return [
            ir.Def(
                s.name, "class", [], [_expr(b) for b in s.bases], exprs, _block(s.body), s.lineno
            )
        ]
    if isinstance(s, (ast.Try, getattr(ast, "TryStar", ast.Try))):
        s_try: Any = s  # TryStar only exists on 3.11+
        handlers = [
            ir.Handler(_handler_types(h.type), _block(h.body), _handler_exprs(h.type))
            for h in s_try.handlers
        ]
        return [ir.Try(_block(s_try.body), handlers, _block(s_try.orelse), _block(s_try.finalbody))]
    if isinstance(s, (ast.With, ast.AsyncWith)):
        out: list[Any] = []
        for item in s.items:
            if item.optional_vars is not None:
                out.append(
                    ir.Assign([_expr(item.optional_vars)], _expr(item.context_expr), s.lineno)
                )
            else:
                out.append(ir.ExprStmt(_expr(item.context_expr)))
        return out + _block(s.body)
    if isinstance(s, ast.If):
        return [ir.Block([_expr(s.test)], [_block(s.body), _block(s.orelse)])]
    if isinstance(s, (ast.For, ast.AsyncFor)):
        rebind = ir.Assign([_expr(s.target)], ir.Other([], s.lineno), s.lineno)
        return [ir.Block([_expr(s.iter)], [[rebind, *_block(s.body)], _block(s.orelse)])]
    if isinstance(s, ast.While):
        return [ir.Block([_expr(s.test)], [_block(s.body), _block(s.orelse)])]
    if isinstance(s, ast.Match):
        return [ir.Block([_expr(s.subject)], [_block(c.body) for c in s.cases])]
    parts = [_expr(n) for n in ast.iter_child_nodes(s) if isinstance(n, ast.expr)]
    return [ir.ExprStmt(ir.Other(parts, getattr(s, "lineno", 0)))]


def _expr(e):
    line = getattr(e, "lineno", 0)
    if isinstance(e, ast.Name):
        return ir.Name(e.id, line)
    if isinstance(e, ast.Attribute):
        return ir.Attr(_expr(e.value), e.attr, getattr(e, "end_lineno", line))
    if isinstance(e, ast.Call):
        args = [_expr(a) for a in e.args] + [_expr(k.value) for k in e.keywords]
        plain = 0
        for a in e.args:
            if isinstance(a, ast.Starred):
                break
            plain += 1
        return ir.Call(_expr(e.func), args, line, plain)
    if isinstance(e, ast.Constant) and isinstance(e.value, str):
        return ir.Str(e.value, line)
    if isinstance(e, ast.Starred):
        return _expr(e.value)
    return ir.Other([_expr(n) for n in ast.iter_child_nodes(e) if isinstance(n, ast.expr)], line)
