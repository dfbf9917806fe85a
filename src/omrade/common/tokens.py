"""Secret tokens that stand in links and API keys (invitation links, cancel links, personal
API tokens): only their hash is stored, so a copy of the database cannot be used to answer,
cancel or sign in.

One hash for them all: SHA-256 in hex of the token as given, unkeyed — a token is random
(`secrets.token_urlsafe`), so it cannot be guessed back from its hash, and the stored hashes
stay valid when the secret key changes. (A resident's privacy link is hashed with the keyed
hash of `participation.core.abuse` instead; it stays so, as stored hashes must keep
matching.)
"""

from __future__ import annotations

import hashlib


def token_hash(token: str) -> str:
    """The stored form of a secret token: SHA-256, hex (64 characters)."""
    return hashlib.sha256(token.encode()).hexdigest()
