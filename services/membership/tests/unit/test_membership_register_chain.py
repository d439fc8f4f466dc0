"""The register's hash chain, in plain Python."""

from membership.domain.register import GENESIS, canonical_body, next_entry, verify_chain


def chain(n: int):
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        entry = next_entry(seq, prev, canonical_body(seq=seq, event_id=f"e{seq}", event_type="membership.signature.recorded.v1",
                                                     subject=f"s{seq}", time="2021-06-14T10:00:00+00:00", data={"n": seq}))
        rows.append((entry.seq, entry.body, entry.digest, entry.prev_hash, entry.hash))
        prev = entry.hash
    return rows


def test_an_intact_chain_verifies_to_its_last_hash():
    rows = chain(50)
    result = verify_chain(rows)
    assert result.ok and result.size == 50 and result.head_hash == rows[-1][4]


def test_an_altered_body_is_named():
    rows = chain(20)
    seq, body, digest, prev, digest_chain = rows[6]
    rows[6] = (seq, body.replace('"n":7', '"n":8'), digest, prev, digest_chain)
    result = verify_chain(rows)
    assert (result.first_bad_seq, result.size) == (7, 6) and "altered" in result.reason


def test_a_removed_or_rehashed_entry_is_named():
    rows = chain(10)
    assert verify_chain(rows[:4] + rows[5:]).first_bad_seq == 6
    seq, body, _, prev, _ = rows[2]
    forged = next_entry(seq, prev, body.replace('"n":3', '"n":4'))  # rehashed consistently...
    rows[2] = (seq, forged.body, forged.digest, forged.prev_hash, forged.hash)
    assert verify_chain(rows).first_bad_seq == 4  # ...breaks the link to the next entry


def test_the_canonical_body_does_not_depend_on_key_order():
    a = canonical_body(seq=1, event_id="e", event_type="t", subject="s", time="t0", data={"b": 1, "a": "é"})
    b = canonical_body(seq=1, event_id="e", event_type="t", subject="s", time="t0", data={"a": "é", "b": 1})
    assert a == b and '"a":"é"' in a


def test_withheld_bodies_still_verify_on_their_digests():
    rows = [(seq, None if seq % 2 else body, digest, prev, h) for seq, body, digest, prev, h in chain(10)]
    assert verify_chain(rows).ok
    seq, _, digest, prev, h = rows[4]
    rows[4] = (seq, None, "0" * 64, prev, h)  # a withheld entry cannot be swapped either
    assert verify_chain(rows).first_bad_seq == 5
