"""Pages for programmes, split by topic like the services."""
