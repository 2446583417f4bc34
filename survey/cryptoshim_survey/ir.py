"""A tiny parser-neutral tree: just what resolution needs, from either parser.

Both parse backends (tree-sitter, stdlib ast) lower to these classes, so the
resolver is written once and the parser can change without touching it.
Expressions are Name/Attr/Call/Str/Other; `Other.parts` keeps sub-expressions
so nested calls inside lists, lambdas, f-strings etc. are still visited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass
class Name:
    id: str
    line: int


@dataclass
class Attr:
    value: Expr
    attr: str
    line: int


@dataclass
class Call:
    func: Expr
    args: list
    line: int
    positional: int = 0  # leading plain positional args (no keyword, no *splat)


@dataclass
class Str:
    value: str
    line: int


@dataclass
class Other:
    parts: list
    line: int


Expr = Union[Name, Attr, Call, Str, Other]


@dataclass
class Import:
    names: list  # [(dotted, alias or None)]
    line: int


@dataclass
class ImportFrom:
    module: str
    level: int
    names: list | None  # [(name, alias or None)]; None means `import *`
    line: int


@dataclass
class Assign:
    targets: list  # Name | Attr | Other
    value: Expr
    line: int


@dataclass
class ExprStmt:
    value: Expr


@dataclass
class Return:
    value: Expr


@dataclass
class Def:
    name: str
    kind: str  # "function" | "class"
    params: list
    bases: list
    exprs: list  # decorators, defaults, annotations: evaluated where defined
    body: list
    line: int
    annotations: dict = field(default_factory=dict)  # parameter name -> annotation expression


@dataclass
class Global:
    """`global x`: the function's bindings of x go to the module scope."""

    names: list


@dataclass
class Handler:
    types: list  # dotted exception names; [] for a bare except
    body: list
    exprs: list = field(default_factory=list)  # the same names as expressions


@dataclass
class Try:
    body: list
    handlers: list
    orelse: list
    final: list


@dataclass
class Block:
    """if/for/while/with/match: head is evaluated, branches may or may not run."""

    head: list
    branches: list = field(default_factory=list)


@dataclass
class Module:
    body: list
    parser: str
    errors: int = 0
