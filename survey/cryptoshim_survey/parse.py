"""Parse dependent source into the neutral tree of ir.py.

Why tree-sitter-python first: dependents of M2Crypto/pyOpenSSL are old, and a
large share still ship Python 2 source (`print "x"`, `except E, e:`, `exec`),
which the stdlib `ast` rejects outright, while new ones use Python 3.12+ syntax
(PEP 695 `type X[T] = ...`, `def f[T]()`) that `ast` on this interpreter (3.11)
also rejects. tree-sitter-python has one error-tolerant grammar covering both
dialects, so a file with an odd line still yields everything around it.
No silent fallback: without tree-sitter (`pip install 'cryptoshim[survey]'`)
parse_source raises ParserUnavailable, and the command line stops with that
message, unless the stdlib `ast` backend (parse_ast.py) is asked for with
`--parser ast`; files it cannot parse are then reported as unparsed. (A file
nested too deeply for the tree-sitter lowering is retried with `ast`.)
"""

from __future__ import annotations

from . import ir

try:  # optional dependency: tree-sitter + tree-sitter-python
    import tree_sitter
    import tree_sitter_python

    _PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_python.language()))
except Exception:  # pragma: no cover - exercised only without tree-sitter
    _PARSER = None  # type: ignore[assignment]  # the survey then needs --parser ast

STATEMENT_SUFFIXES = ("_statement", "_definition")
BACKENDS = ("tree-sitter", "ast")
MISSING = (
    "the survey parses with tree-sitter, which is not installed: "
    "pip install 'cryptoshim[survey]' (tree-sitter, tree-sitter-python), "
    "or pass --parser ast (stdlib ast: Python 2 and 3.12+ files are then reported unparsed)"
)


class ParserUnavailable(RuntimeError):
    pass


def available_backend() -> str:
    return "tree-sitter" if _PARSER is not None else "ast"


def check_backend(backend: str) -> None:
    if backend == "tree-sitter" and _PARSER is None:
        raise ParserUnavailable(MISSING)


def parse_source(data: bytes, backend: str = "tree-sitter") -> ir.Module:
    if backend == "tree-sitter":
        check_backend(backend)
        try:
            return _TreeSitterLowering().module(_PARSER.parse(data).root_node)
        except RecursionError:
            pass
    from . import parse_ast

    return parse_ast.parse_source(data)


def _text(node) -> str:
    return node.text.decode("utf-8", "replace")


def _line(node) -> int:
    return node.start_point[0] + 1


def _count_errors(root) -> int:
    """ERROR and MISSING nodes anywhere in the tree (both mark a recovered syntax error)."""
    count, stack = 0, [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            count += 1
        elif node.has_error:
            stack.extend(node.children)
    return count


class _TreeSitterLowering:
    def module(self, root) -> ir.Module:
        body = self.block(root)
        errors = _count_errors(root) if root.has_error else 0
        return ir.Module(body=body, parser="tree-sitter", errors=errors)

    # statements ---------------------------------------------------------
    def block(self, node) -> list:
        out = []
        for child in node.named_children:
            out.extend(self.stmt(child))
        return out

    def stmt(self, node) -> list:
        kind = node.type
        handler = getattr(self, "s_" + kind, None)
        if handler is not None:
            return handler(node)
        if kind == "comment":
            return []
        if kind == "ERROR":
            return self.block(node)
        if kind == "block":
            return [ir.Block(head=[], branches=[self.block(node)])]
        if kind.endswith(STATEMENT_SUFFIXES) or node.named_child_count:
            return self.generic(node)
        return [ir.ExprStmt(self.expr(node))]

    def generic(self, node) -> list:
        exprs, branches = [], []
        for child in node.named_children:
            if child.type == "block":
                branches.append(self.block(child))
            elif child.type.endswith(STATEMENT_SUFFIXES):
                branches.append(self.stmt(child))
            elif child.type != "comment":
                exprs.append(self.expr(child))
        if branches:
            return [ir.Block(head=exprs, branches=branches)]
        return [ir.ExprStmt(ir.Other(exprs, _line(node)))]

    def s_import_statement(self, node):
        names = []
        for child in node.children_by_field_name("name"):
            names.append(self._aliased(child))
        return [ir.Import(names, _line(node))]

    def s_import_from_statement(self, node):
        module_node = node.child_by_field_name("module_name")
        level, module = 0, ""
        if module_node.type == "relative_import":
            for part in module_node.named_children:
                if part.type == "import_prefix":
                    level = _text(part).count(".")
                else:
                    module = _text(part)
        else:
            module = _text(module_node)
        if any(c.type == "wildcard_import" for c in node.named_children):
            names = None
        else:
            names = [self._aliased(c) for c in node.children_by_field_name("name")]
        return [ir.ImportFrom(module.replace(" ", ""), level, names, _line(node))]

    def s_future_import_statement(self, node):
        return []

    def _aliased(self, node):
        if node.type == "aliased_import":
            return (
                _text(node.child_by_field_name("name")).replace(" ", ""),
                _text(node.child_by_field_name("alias")),
            )
        return (_text(node).replace(" ", ""), None)

    def s_expression_statement(self, node):
        out = []
        for child in node.named_children:
            if child.type == "assignment":
                out.append(self._assignment(child))
            else:
                out.append(ir.ExprStmt(self.expr(child)))
        return out

    def _assignment(self, node):
        targets = []
        while node is not None and node.type == "assignment":
            left = node.child_by_field_name("left")
            targets.append(self.expr(left))
            right = node.child_by_field_name("right")
            if right is None:  # bare annotation `x: int`
                return ir.ExprStmt(ir.Other(targets, _line(node)))
            node = right
        return ir.Assign(targets, self.expr(node), _line(node))

    def s_return_statement(self, node):
        parts = [self.expr(c) for c in node.named_children]
        value = parts[0] if len(parts) == 1 else ir.Other(parts, _line(node))
        return [ir.Return(value)]

    def s_decorated_definition(self, node):
        decorators = [
            self.expr(c.named_children[0])
            for c in node.named_children
            if c.type == "decorator" and c.named_children
        ]
        definition = node.child_by_field_name("definition")
        stmts = self.stmt(definition)
        for stmt in stmts:
            if isinstance(stmt, ir.Def):
                stmt.exprs = decorators + stmt.exprs
        return stmts

    def s_function_definition(self, node):
        params, exprs, annotations = [], [], {}
        for p in node.child_by_field_name("parameters").named_children:
            name = p.child_by_field_name("name")
            if p.type == "identifier":
                params.append(_text(p))
            elif name is not None:
                params.append(_text(name))
            else:
                ids = [c for c in p.named_children if c.type == "identifier"]
                if ids:
                    params.append(_text(ids[0]))
            for field in ("value", "type"):
                sub = p.child_by_field_name(field)
                if sub is not None:
                    exprs.append(self.expr(sub))
                    if field == "type" and params:
                        annotations[params[-1]] = exprs[-1]
        returns = node.child_by_field_name("return_type")
        if returns is not None:
            exprs.append(self.expr(returns))
        body = self.block(node.child_by_field_name("body"))
        return [
            ir.Def(
                _text(node.child_by_field_name("name")),
                "function",
                params,
                [],
                exprs,
                body,
                _line(node),
                annotations,
            )
        ]

    def s_class_definition(self, node):
        bases: list[ir.Expr] = []
        exprs: list[ir.Expr] = []
        supers = node.child_by_field_name("superclasses")
        if supers is not None:
            for c in supers.named_children:
                (exprs if c.type == "keyword_argument" else bases).append(self.expr(c))
        body = self.block(node.child_by_field_name("body"))
        return [
            ir.Def(
                _text(node.child_by_field_name("name")),
                "class",
                [],
                bases,
                exprs,
                body,
                _line(node),
            )
        ]

    def s_try_statement(self, node):
        body = self.block(node.child_by_field_name("body"))
        handlers, orelse, final = [], [], []
        for child in node.named_children:
            if child.type in ("except_clause", "except_group_clause"):
                handlers.append(self._handler(child))
            elif child.type == "else_clause":
                orelse = self.block(child.child_by_field_name("body"))
            elif child.type == "finally_clause":
                final = self.block(next(c for c in child.named_children if c.type == "block"))
        return [ir.Try(body, handlers, orelse, final)]

    def _handler(self, node):
        types, body = [], []
        values = [c for c in node.named_children if c.type != "block" and c.type != "comment"]
        if values:
            first = values[0]  # Python 2 `except E, e:` puts the name second
            if first.type == "as_pattern":
                first = first.named_children[0]
            candidates = (
                first.named_children
                if first.type in ("tuple", "parenthesized_expression")
                else [first]
            )
            types = [_text(c).replace(" ", "") for c in candidates]
            exprs = [self.expr(c) for c in candidates]
        else:
            exprs = []
        for c in node.named_children:
            if c.type == "block":
                body = self.block(c)
        return ir.Handler(types, body, exprs)

    def s_if_statement(self, node):
        head = [self.expr(node.child_by_field_name("condition"))]
        branches = [self.block(node.child_by_field_name("consequence"))]
        for alt in node.children_by_field_name("alternative"):
            cond = alt.child_by_field_name("condition")
            if cond is not None:
                head.append(self.expr(cond))
            branches.append(
                self.block(
                    alt.child_by_field_name("consequence") or alt.child_by_field_name("body")
                )
            )
        return [ir.Block(head, branches)]

    def s_for_statement(self, node):
        head = [self.expr(node.child_by_field_name("right"))]
        rebind = ir.Assign(
            [self.expr(node.child_by_field_name("left"))], ir.Other([], _line(node)), _line(node)
        )
        branches = [[rebind, *self.block(node.child_by_field_name("body"))]]
        alt = node.child_by_field_name("alternative")
        if alt is not None:
            branches.append(self.block(alt.child_by_field_name("body")))
        return [ir.Block(head, branches)]

    def s_while_statement(self, node):
        head = [self.expr(node.child_by_field_name("condition"))]
        branches = [self.block(node.child_by_field_name("body"))]
        alt = node.child_by_field_name("alternative")
        if alt is not None:
            branches.append(self.block(alt.child_by_field_name("body")))
        return [ir.Block(head, branches)]

    def s_with_statement(self, node):
        out: list[ir.Assign | ir.ExprStmt] = []
        for clause in node.named_children:
            if clause.type != "with_clause":
                continue
            for item in clause.named_children:
                value = item.child_by_field_name("value")
                if value is not None and value.type == "as_pattern":
                    target = value.child_by_field_name("alias").named_children[0]
                    out.append(
                        ir.Assign(
                            [self.expr(target)], self.expr(value.named_children[0]), _line(value)
                        )
                    )
                elif value is not None:
                    out.append(ir.ExprStmt(self.expr(value)))
        return out + self.block(node.child_by_field_name("body"))

    def s_match_statement(self, node):
        head = [self.expr(s) for s in node.children_by_field_name("subject")]
        body = node.child_by_field_name("body")
        branches = []
        for case in body.named_children:
            consequence = case.child_by_field_name("consequence")
            if consequence is not None:
                branches.append(self.block(consequence))
        return [ir.Block(head, branches)]

    # expressions --------------------------------------------------------
    def expr(self, node):
        kind = node.type
        line = _line(node)
        if kind == "identifier":
            return ir.Name(_text(node), line)
        if kind == "attribute":
            attr = node.child_by_field_name("attribute")
            return ir.Attr(self.expr(node.child_by_field_name("object")), _text(attr), _line(attr))
        if kind == "call":
            args_node = node.child_by_field_name("arguments")
            nodes = (
                [a for a in args_node.named_children if a.type != "comment"] if args_node else []
            )
            plain = 0
            for a in nodes:
                if a.type in ("keyword_argument", "list_splat", "dictionary_splat"):
                    break
                plain += 1
            args = [self.expr(a) for a in nodes]
            return ir.Call(self.expr(node.child_by_field_name("function")), args, line, plain)
        if kind == "string":
            parts = [c for c in node.named_children if c.type == "interpolation"]
            if parts:
                return ir.Other([self.expr(p) for p in parts], line)
            content = "".join(_text(c) for c in node.named_children if c.type == "string_content")
            return ir.Str(content, line)
        if kind == "keyword_argument" or (
            kind in ("parenthesized_expression", "type") and node.named_child_count == 1
        ):
            return self.expr(node.named_children[-1])
        return ir.Other([self.expr(c) for c in node.named_children if c.type != "comment"], line)
