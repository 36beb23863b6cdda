"""Public search endpoint over the static site's index."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from cms.api.base import PublicApiView
from cms.api.fields import StrictCharField
from cms.search.query import IndexUnavailable, site_search


class SearchUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Chỉ mục tìm kiếm chưa sẵn sàng. Vui lòng thử lại sau."
    default_code = "search_unavailable"


class SearchHitSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    summary = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    type = serializers.CharField()


class SearchApi(PublicApiView):
    """Full-text search over everything published on the static site."""

    throttle_scope = "search"

    @extend_schema_serializer(component_name="SearchInput")
    class InputSerializer(serializers.Serializer):
        q = StrictCharField(max_length=200)
        page = serializers.IntegerField(min_value=1, max_value=100, default=1)

    @extend_schema_serializer(component_name="SearchOutput")
    class OutputSerializer(serializers.Serializer):
        query = serializers.CharField()
        total = serializers.IntegerField()
        page = serializers.IntegerField()
        results = SearchHitSerializer(many=True, source="hits")

    @extend_schema(parameters=[InputSerializer], responses={200: OutputSerializer})
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        try:
            found = site_search(index_dir=settings.SEARCH_INDEX_DIR, **params.validated_data)
        except IndexUnavailable as exc:
            raise SearchUnavailable from exc
        response = Response(self.OutputSerializer(found).data)
        response["Cache-Control"] = "public, max-age=300"
        return response
