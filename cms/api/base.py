"""What every public endpoint shares: no cookies or sessions, JSON only, scoped throttles."""

import hashlib
import hmac

from django.conf import settings
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from cms.api.parsers import LimitedJSONParser


class PublicApiView(APIView):
    """Base for the public API: anonymous, stateless, JSON in and out."""

    authentication_classes: list = []
    permission_classes: list = []
    parser_classes = [LimitedJSONParser]
    renderer_classes = [JSONRenderer]
    throttle_classes = [ScopedRateThrottle]


def client_ip_hash(request) -> str:
    """A salted hash of the client's address (proxies counted per NUM_PROXIES); never the address."""
    ident = BaseThrottle().get_ident(request) or ""
    return hmac.new(settings.IP_HASH_SALT.encode(), ident.encode(), hashlib.sha256).hexdigest()
