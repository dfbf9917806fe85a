"""One hash for the secret tokens in links and API keys: what the stored hashes were."""

from __future__ import annotations

import hashlib

from omrade.common.tokens import token_hash


def test_a_token_hash_is_the_unkeyed_sha256_the_stored_hashes_were_made_with():
    assert token_hash("abc") == hashlib.sha256(b"abc").hexdigest()
    assert len(token_hash("x" * 43)) == 64
    assert token_hash(" abc") != token_hash("abc")  # callers that forgive spaces strip first
