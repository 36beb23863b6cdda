"""What every public endpoint shares: no cookies or sessions, JSON only, scoped throttles."""

import hashlib
import hmac

from django.conf import settings
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle
from rest_framework.views import APIView
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.api.parsers import LimitedJSONParser


class PublicApiView(APIView):
    """Base for the public API: anonymous, stateless, JSON in and out."""

    authentication_classes: list = []
    permission_classes: list = []
    parser_classes = [LimitedJSONParser]
    renderer_classes = [JSONRenderer]
    throttle_classes = [ScopedRateThrottle]

    def dispatch(self, request, *args, **kwargs):
        # Rows written by citizens (questions, opinions, answers) hold no references editors look up
        # in Wagtail's "usage" reports, and indexing them cost a third of each submission's time
        # (bench/README.md). Moderators' edits in the admin still update the reference index.
        with disable_reference_index_auto_update():
            return super().dispatch(request, *args, **kwargs)


def client_ip_hash(request) -> str:
    """A salted hash of the client's address (proxies counted per NUM_PROXIES); never the address."""
    ident = BaseThrottle().get_ident(request) or ""
    return hmac.new(settings.IP_HASH_SALT.encode(), ident.encode(), hashlib.sha256).hexdigest()
