"""Rendering domain results for people and programs: rich terminal output, Markdown, JSON."""
