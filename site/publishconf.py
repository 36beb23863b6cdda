"""Pelican settings for production builds: absolute URLs from SITE_URL (feeds and sitemap use them)."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *
from pelicanconf import PUBLIC_SITEURL as _DEV_SITEURL

SITEURL = os.environ.get("SITE_URL", "").rstrip("/")
RELATIVE_URLS = False
# Feeds, sitemap.xml, robots.txt and canonical URLs need the public address (SITE_URL); without
# it the site still builds with root-relative links, and those name the development address.
PUBLIC_SITEURL = SITEURL or _DEV_SITEURL
FEED_DOMAIN = PUBLIC_SITEURL
API_BASE_URL = os.environ.get("API_BASE_URL", "")
