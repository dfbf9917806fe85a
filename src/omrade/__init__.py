"""Omrade: a platform for area-based initiatives (områdesatsing / boligsocial helhedsplan)."""

__version__ = "0.1.0"
