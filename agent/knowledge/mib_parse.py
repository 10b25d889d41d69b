"""Object identifiers assigned in SMI MIB modules (text in, OIDs out). Pure, no I/O.

A small reader for one thing only: ``name OBJECT IDENTIFIER ::= { parent n }`` and the macro
forms that assign an OID the same way (``OBJECT-IDENTITY``, ``MODULE-IDENTITY``,
``OBJECT-TYPE``...). Comments (``--`` to the end of the line) and quoted strings are dropped
first, so a DESCRIPTION that quotes an assignment assigns nothing. Names resolve inside their
own module, then through its ``IMPORTS ... FROM`` clauses, then against the standard SMI roots
(``iso``, ``internet``, ``enterprises``...). A name that does not resolve gets no OID: nothing
is guessed, and a malformed file yields fewer nodes, never an exception.

Not a full SMI compiler (pysmi would need every imported module as source, and vendor MIBs
are often too loose for a strict grammar); it reads what a sysObjectID table needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# The SMI roots every MIB takes for granted (RFC 1155 / RFC 2578 SNMPv2-SMI).
STANDARD_ROOTS: Mapping[str, str] = {
    "ccitt": "0",
    "iso": "1",
    "joint-iso-ccitt": "2",
    "org": "1.3",
    "dod": "1.3.6",
    "internet": "1.3.6.1",
    "directory": "1.3.6.1.1",
    "mgmt": "1.3.6.1.2",
    "mib-2": "1.3.6.1.2.1",
    "transmission": "1.3.6.1.2.1.10",
    "experimental": "1.3.6.1.3",
    "private": "1.3.6.1.4",
    "enterprises": "1.3.6.1.4.1",
    "security": "1.3.6.1.5",
    "snmpV2": "1.3.6.1.6",
    "snmpDomains": "1.3.6.1.6.1",
    "snmpProxys": "1.3.6.1.6.2",
    "snmpModules": "1.3.6.1.6.3",
}
# Macros whose value is an OID (``name MACRO <clauses> ::= { parent n }``).
OID_MACROS = (
    "OBJECT-IDENTITY",
    "MODULE-IDENTITY",
    "OBJECT-TYPE",
    "NOTIFICATION-TYPE",
    "OBJECT-GROUP",
    "NOTIFICATION-GROUP",
    "MODULE-COMPLIANCE",
    "AGENT-CAPABILITIES",
)
# The kinds that register a thing (a product, a branch) rather than a managed object.
REGISTRATIONS = frozenset({"OBJECT IDENTIFIER", "OBJECT-IDENTITY"})

_NOISE = re.compile(r'"[^"]*"|--[^\n]*')
_MODULE = re.compile(r"\b([A-Z][\w-]*)\s+DEFINITIONS\s*(?:[A-Z]+\s+TAGS\s*)?::=\s*BEGIN\b")
_IMPORTS = re.compile(r"\bIMPORTS\b(.*?);", re.DOTALL)
_FROM = re.compile(r"((?:[\w-]+\s*,\s*)*[\w-]+)\s+FROM\s+([A-Za-z][\w-]*)")
# A value name begins with a lower-case letter; a few vendors name products with a capital
# (WatchGuard's ``T40 OBJECT IDENTIFIER ::= { xtmSeries 87 }``), accepted for plain OIDs only.
_ASSIGNMENT = re.compile(
    r"\b([a-z][\w-]*|[A-Z][\w-]*(?=\s+OBJECT\s+IDENTIFIER\s*::=))"
    r"\s+(?:(OBJECT\s+IDENTIFIER)\s*|(" + "|".join(OID_MACROS) + r")\b"
    r"((?:(?!::=)[^;])*?))::=\s*\{([^{}]*)\}"
)
_ARC = re.compile(r"^(?:[a-z][\w-]*\()?(\d+)\)?$")


@dataclass(frozen=True)
class Assignment:
    """One ``name <kind> ::= { parent arcs... }`` in a module (the OID not yet resolved)."""

    name: str
    kind: str  # "OBJECT IDENTIFIER" or the macro name
    parent: str  # a name, or "" when the value starts with a number
    arcs: tuple[str, ...]  # the numbers after the parent (the first number when parent is "")


@dataclass(frozen=True)
class Module:
    """One MIB module: its name, what it imports from where, and what it assigns."""

    name: str
    imports: Mapping[str, str] = field(default_factory=dict)  # symbol -> module
    assignments: tuple[Assignment, ...] = ()


@dataclass(frozen=True)
class Node:
    """A resolved assignment: ``oid`` is dotted numbers from the root."""

    module: str
    name: str
    kind: str
    oid: str


def parse_module(text: str) -> Module | None:
    """The module in ``text``, or None when it has no ``NAME DEFINITIONS ::= BEGIN``."""
    clean = _NOISE.sub(" ", text)
    header = _MODULE.search(clean)
    if header is None:
        return None
    block = _IMPORTS.search(clean, header.end())
    start = block.end() if block is not None else header.end()
    found = (_assignment(match) for match in _ASSIGNMENT.finditer(clean, start))
    imports = _imports(block.group(1)) if block is not None else {}
    return Module(header.group(1), imports, tuple(a for a in found if a is not None))


def _imports(block: str) -> dict[str, str]:
    symbols: dict[str, str] = {}
    for names, module in _FROM.findall(block):
        for name in names.split(","):
            symbols[name.strip()] = module
    return symbols


def _assignment(match: re.Match[str]) -> Assignment | None:
    name, oid_kind, macro, _, value = match.groups()
    tokens = value.split()
    if not tokens:
        return None
    first, rest = tokens[0], tokens[1:]
    numbers = [_number(token) for token in rest]
    if any(number is None for number in numbers):
        return None
    kind = "OBJECT IDENTIFIER" if oid_kind else macro
    arcs = tuple(n for n in numbers if n is not None)
    start = _number(first)
    if start is not None and not re.match(r"^[a-z][\w-]*$", first):
        return Assignment(name, kind, "", (start, *arcs))
    parent = first.split("(", 1)[0]
    if not re.match(r"^[a-z][\w-]*$", parent):
        return None
    return Assignment(name, kind, parent, arcs)


def _number(token: str) -> str | None:
    """``7`` or ``name(7)`` → ``"7"``; anything else → None."""
    match = _ARC.match(token)
    return str(int(match.group(1))) if match else None


def resolve(modules: Iterable[Module]) -> list[Node]:
    """Every assignment whose parent chain reaches a number, across ``modules``."""
    by_name = {module.name: module for module in modules}
    resolver = _Resolver(by_name)
    nodes = []
    for module in by_name.values():
        for assignment in module.assignments:
            oid = resolver.oid(module.name, assignment.name)
            if oid is not None:
                nodes.append(Node(module.name, assignment.name, assignment.kind, oid))
    return nodes


class _Resolver:
    """Memoised name → OID lookups, with a guard against cycles (``a ::= { b 1 }``,
    ``b ::= { a 1 }``) and against a module importing from itself."""

    def __init__(self, modules: Mapping[str, Module]) -> None:
        self._modules = modules
        self._own = {
            name: {a.name: a for a in module.assignments} for name, module in modules.items()
        }
        self._memo: dict[tuple[str, str], str | None] = {}

    def oid(
        self, module: str, name: str, seen: frozenset[tuple[str, str]] = frozenset()
    ) -> str | None:
        key = (module, name)
        if key in self._memo:
            return self._memo[key]
        if key in seen or len(seen) > 64:
            return None
        found = self._lookup(module, name, seen | {key})
        self._memo[key] = found
        return found

    def _lookup(self, module: str, name: str, seen: frozenset[tuple[str, str]]) -> str | None:
        assignment = self._own.get(module, {}).get(name)
        if assignment is not None:
            if not assignment.parent:
                return ".".join(assignment.arcs)
            base = self.oid(module, assignment.parent, seen)
            return ".".join((base, *assignment.arcs)) if base is not None else None
        source = self._modules.get(module)
        origin = source.imports.get(name) if source is not None else None
        if origin is not None and origin in self._modules and origin != module:
            found = self.oid(origin, name, seen)
            if found is not None:
                return found
        return STANDARD_ROOTS.get(name)
