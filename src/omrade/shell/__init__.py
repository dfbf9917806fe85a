"""The shell: layout, navigation, home and dashboard pages, health check and demo loader."""
