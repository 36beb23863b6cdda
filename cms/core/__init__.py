"""Shared page base, the home page and site-wide pieces."""
