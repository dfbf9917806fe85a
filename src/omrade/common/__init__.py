"""Low-level helpers shared by every app (no app imports from here upward)."""
