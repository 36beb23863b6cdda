"""Pelican settings for production builds: absolute URLs, feeds on."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *

SITEURL = os.environ.get("SITE_URL", "").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/tat-ca.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
API_BASE_URL = os.environ.get("API_BASE_URL", "")
