"""The register's Merkle tree against RFC 6962's recursive definition: roots, audit paths, and what a path must not prove."""

import hashlib

import pytest
from membership.domain.merkle import EMPTY_ROOT, Frontier, RootBuilder, audit_path, leaf_hash, node_hash, nodes_needed, root_of


def reference_root(leaves: list[str]) -> str:
    """MTH(D[n]) of RFC 6962 2.1, written as the RFC defines it."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))


def build(n: int) -> tuple[Frontier, dict, list[str]]:
    frontier, stored, streamed = Frontier(), {}, RootBuilder()
    digests = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(n)]
    for digest in digests:
        stored.update({(level, index): h for level, index, h in frontier.append(digest)})
        streamed.add(digest)
    assert streamed.root() == frontier.root()  # verification's streaming root agrees with the stored tree's
    return frontier, stored, [leaf_hash(d) for d in digests]


@pytest.mark.parametrize("n", [*range(1, 40), 64, 65, 1000])
def test_roots_and_every_audit_path_match_the_rfc(n):
    frontier, stored, leaves = build(n)
    assert frontier.root() == reference_root(leaves)
    for m in range(n):
        path = audit_path(m, n, lambda level, index: stored[(level, index)])
        assert len(path) <= n.bit_length()
        assert nodes_needed(m, n) <= set(stored)
        assert root_of(leaves[m], m, n, path) == frontier.root()


def test_a_path_proves_only_its_own_leaf_index_and_size():
    frontier, stored, leaves = build(11)
    path = audit_path(6, 11, lambda level, index: stored[(level, index)])
    assert root_of(leaves[6], 6, 11, path) == frontier.root()
    assert root_of(leaves[5], 6, 11, path) != frontier.root()
    assert root_of(leaves[6], 7, 11, path) != frontier.root()
    assert root_of(leaves[6], 6, 11, path[:-1]) != frontier.root()
    assert root_of(leaves[6], 11, 11, path) is None


def test_a_frontier_restored_from_storage_continues_the_same_tree():
    frontier, _, _ = build(21)
    restored = Frontier([list(node) for node in frontier.nodes])  # as the head's JSON gives it back
    for f in (frontier, restored):
        f.append("ab" * 32)
    assert restored.root() == frontier.root()
