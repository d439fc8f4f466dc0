"""An RFC 6962 Merkle tree over the register's entry digests: a signed root, and an audit path per entry.

leaf = SHA-256(0x00 || digest), node = SHA-256(0x01 || left || right); a tree of n leaves
splits at the largest power of two below n. Appends keep a frontier (the roots of the
perfect subtrees, largest first) and store every perfect subtree's root once it is
complete, so an audit path needs O(log n) stored nodes, never the whole register.
Plain Python: hashing only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()  # MTH({}) in RFC 6962

Node = tuple[int, int, str]  # (level, index at that level, hex hash); a leaf is level 0, index seq - 1


def leaf_hash(digest: str) -> str:
    return hashlib.sha256(b"\x00" + bytes.fromhex(digest)).hexdigest()


def node_hash(left: str, right: str) -> str:
    return hashlib.sha256(b"\x01" + bytes.fromhex(left) + bytes.fromhex(right)).hexdigest()


class Frontier:
    """The roots of the perfect subtrees covering the leaves so far, left to right."""

    def __init__(self, nodes: Iterable[Node] = ()):
        self.nodes: list[Node] = [tuple(n) for n in nodes]

    def append(self, digest: str) -> list[Node]:
        """Add one leaf; returns the nodes that became complete (the leaf first), to be stored."""
        size = sum(1 << level for level, _, _ in self.nodes)
        new = [(0, size, leaf_hash(digest))]
        self.nodes.append(new[0])
        while len(self.nodes) > 1 and self.nodes[-1][0] == self.nodes[-2][0]:
            (level, index, left), (_, _, right) = self.nodes[-2], self.nodes[-1]
            parent = (level + 1, index // 2, node_hash(left, right))
            self.nodes[-2:] = [parent]
            new.append(parent)
        return new

    def root(self) -> str:
        if not self.nodes:
            return EMPTY_ROOT
        root = self.nodes[-1][2]
        for _, _, left in reversed(self.nodes[:-1]):
            root = node_hash(left, root)
        return root


class RootBuilder:
    """The root alone, from digests streamed in order: what verification needs, in raw bytes for speed."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, bytes]] = []

    def add(self, digest: str) -> None:
        sha256, stack = hashlib.sha256, self._stack
        h, level = sha256(b"\x00" + bytes.fromhex(digest)).digest(), 0
        while stack and stack[-1][0] == level:
            h, level = sha256(b"\x01" + stack.pop()[1] + h).digest(), level + 1
        stack.append((level, h))

    def root(self) -> str:
        if not self._stack:
            return EMPTY_ROOT
        root = self._stack[-1][1]
        for _, left in reversed(self._stack[:-1]):
            root = hashlib.sha256(b"\x01" + left + root).digest()
        return root.hex()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _subtree(start: int, size: int, lookup: Callable[[int, int], str]) -> str:
    if size & (size - 1) == 0:  # a perfect subtree, aligned on its size: stored
        level = size.bit_length() - 1
        return lookup(level, start >> level)
    k = _split(size)
    return node_hash(_subtree(start, k, lookup), _subtree(start + k, size - k, lookup))


def audit_path(index: int, size: int, lookup: Callable[[int, int], str]) -> list[str]:
    """PATH(index, D[size]) of RFC 6962 2.1.1, leaf side first; ``lookup(level, index)`` gives a stored node."""
    path: list[str] = []
    start = 0
    while size > 1:
        k = _split(size)
        if index < k:
            path.append(_subtree(start + k, size - k, lookup))
            size = k
        else:
            path.append(_subtree(start, k, lookup))
            start, index, size = start + k, index - k, size - k
    return list(reversed(path))


def nodes_needed(index: int, size: int) -> set[tuple[int, int]]:
    """Which stored nodes audit_path will read: fetch them in one query first."""
    needed: set[tuple[int, int]] = set()

    def record(level: int, at: int) -> str:
        needed.add((level, at))
        return EMPTY_ROOT

    audit_path(index, size, record)
    return needed


def root_of(leaf: str, index: int, size: int, path: list[str]) -> str | None:
    """The root an audit path leads to (RFC 9162 2.1.3.2), or None when the path does not fit index and size."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None
