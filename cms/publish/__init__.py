"""The build steps: export → render → index → deploy. Plain functions, nothing runs at import."""
