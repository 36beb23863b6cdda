"""Wagtail's pages endpoint, with each page type's related rows read in bulk.

Export lists every published page through this endpoint (20,000 documents on a national site);
Wagtail's own viewset reads each foreign key and child relation with its own query.
"""

from typing import Any

from wagtail.api.v2.views import PagesAPIViewSet


class CmsPagesAPIViewSet(PagesAPIViewSet):
    """A model may name `api_select_related` and `api_prefetch_related` for its API listing."""

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        model = queryset.model
        select = getattr(model, "api_select_related", ())
        prefetch = getattr(model, "api_prefetch_related", None)
        if select:
            queryset = queryset.select_related(*select)
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch())
        return queryset
