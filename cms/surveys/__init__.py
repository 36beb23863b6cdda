"""Surveys defined by editors, answered on the static site, aggregated and published as results."""
