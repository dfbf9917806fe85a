"""Writes for programmes, split by topic: `programme` (programme, documents, sub-programmes,
goals and their indicators) and `governance` (roles, holders, bodies, members)."""
