"""Publish on save: a queue of static-site builds, the worker running them, their status in the admin."""
