"""The small public API: the only dynamic surface the static site talks to."""
