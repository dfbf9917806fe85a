"""Programmes: the områdesatsing itself, its goal tree and its governance."""
