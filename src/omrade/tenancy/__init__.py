"""Tenancy: municipalities, units, organisations, people, users and roles."""
