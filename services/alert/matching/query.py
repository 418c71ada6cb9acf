"""The boolean query language: lexer, recursive-descent parser and syntax tree.

    query    := or_expr
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := unary (["AND"] unary)*          adjacent terms are ANDed
    unary    := ("NOT" | "-") unary | primary
    primary  := "(" or_expr ")" | '"' phrase '"' | word

Operators are case-insensitive; quote a phrase to search for the words "and", "or", "not".
Every error names what is wrong and the 0-based character position where it was found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from services.alert.matching.text import stems

MAX_QUERY_LENGTH = 2000
MAX_DEPTH = 32
_OPERATORS = {"and": "AND", "or": "OR", "not": "NOT"}
_LEXEME = re.compile(r'\s*(?:(?P<paren>[()])|(?P<quote>")|(?P<minus>-(?=\S))|(?P<word>[^\s()"]+))')


class QuerySyntaxError(ValueError):
    """A malformed query: `message` says what is wrong, `position` where (0-based)."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at position {position}")
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Term:
    """One word, matched on word boundaries after stemming (`tariffs` finds `tariff`)."""

    text: str
    stem: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """Consecutive words, in order."""

    text: str
    stems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Query


Query = Term | Phrase | And | Or | Not


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(", ")", "AND", "OR", "NOT", "WORD", "PHRASE", "END"
    text: str
    position: int


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while True:
        found = _LEXEME.match(text, pos)
        if found is None or found.end() == found.start() or found.lastgroup is None:
            break
        start = found.start(found.lastgroup)
        if found.lastgroup == "paren":
            tokens.append(_Token(found.group("paren"), found.group("paren"), start))
            pos = found.end()
        elif found.lastgroup == "minus":
            tokens.append(_Token("NOT", "-", start))
            pos = found.end()
        elif found.lastgroup == "quote":
            close = text.find('"', start + 1)
            if close == -1:
                raise QuerySyntaxError("unterminated quote", start)
            tokens.append(_Token("PHRASE", text[start + 1 : close], start))
            pos = close + 1
        else:
            word = found.group("word")
            tokens.append(_Token(_OPERATORS.get(word.casefold(), "WORD"), word, start))
            pos = found.end()
    tokens.append(_Token("END", "", len(text.rstrip())))
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Query:
        if self.current.kind == "END":
            raise QuerySyntaxError("empty query", 0)
        node = self.or_expr()
        token = self.current
        if token.kind == ")":
            raise QuerySyntaxError("unmatched closing parenthesis", token.position)
        if token.kind != "END":  # pragma: no cover - or_expr consumes everything else
            raise QuerySyntaxError(f"unexpected {token.text!r}", token.position)
        return node

    def or_expr(self) -> Query:
        children = [self.and_expr()]
        while self.current.kind == "OR":
            self.advance()
            self.require_operand("OR")
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self) -> Query:
        children = [self.unary()]
        while self.current.kind in ("AND", "NOT", "WORD", "PHRASE", "("):
            if self.current.kind == "AND":
                self.advance()
                self.require_operand("AND")
            children.append(self.unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Query:
        if self.current.kind == "NOT":
            operator = self.advance()
            self.require_operand("NOT" if operator.text != "-" else "-")
            return Not(self.nested(self.unary, operator))
        return self.primary()

    def nested(self, parse: Callable[[], Query], opener: _Token) -> Query:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError(f"query nests deeper than {MAX_DEPTH} levels", opener.position)
        node = parse()
        self.depth -= 1
        return node

    def require_operand(self, operator: str) -> None:
        token = self.current
        if token.kind in ("END", ")", "AND", "OR"):
            raise QuerySyntaxError(f"{operator} needs an operand", token.position)

    def primary(self) -> Query:
        token = self.advance()
        if token.kind == "(":
            if self.current.kind == ")":
                raise QuerySyntaxError("empty parentheses", token.position)
            node = self.nested(self.or_expr, token)
            if self.current.kind != ")":
                raise QuerySyntaxError("unclosed parenthesis", token.position)
            self.advance()
            return node
        if token.kind in ("WORD", "PHRASE"):
            return _leaf(token)
        if token.kind in ("AND", "OR"):
            raise QuerySyntaxError(f"{token.kind} needs an operand", token.position)
        if token.kind == ")":
            raise QuerySyntaxError("unmatched closing parenthesis", token.position)
        raise QuerySyntaxError("expected a word, phrase or '('", token.position)


def _leaf(token: _Token) -> Query:
    words = stems(token.text)
    if not words:
        what = "empty phrase" if token.kind == "PHRASE" else "term has no letters or digits"
        raise QuerySyntaxError(what, token.position)
    if len(words) == 1:
        return Term(token.text, words[0])
    return Phrase(token.text, words)


def parse_query(text: str) -> Query:
    """Parse a boolean query, or raise `QuerySyntaxError` saying what is wrong and where.

    >>> parse_query('tariff AND (steel OR "rare earths") NOT exemption')  # doctest: +ELLIPSIS
    And(children=(Term(text='tariff', stem='tariff'), Or(...), Not(...)))
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(f"query is longer than {MAX_QUERY_LENGTH} characters", MAX_QUERY_LENGTH)
    return _Parser(_lex(text)).parse()


def format_query(node: Query) -> str:
    """The canonical text of a parsed query (operators upper-case, phrases quoted)."""
    if isinstance(node, Term):
        return node.stem
    if isinstance(node, Phrase):
        return '"' + " ".join(node.stems) + '"'
    if isinstance(node, Not):
        return f"NOT {format_query(node.child)}"
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(format_query(child) for child in node.children) + ")"
