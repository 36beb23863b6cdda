"""WSGI entry point for gunicorn (`gunicorn cms.wsgi`)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
django.setup(set_prefix=False)

from cms.api.fastpath import FastPathHandler  # noqa: E402 - needs the apps loaded

# Django's WSGI handler, with ordinary submissions answered before URL resolution (cms/api/fastpath.py).
application = FastPathHandler()
