"""Areas and living conditions: the area tree, boundaries, indicators, statistics, index."""
