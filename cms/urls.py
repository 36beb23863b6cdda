"""URLs of the internal CMS host: the Wagtail admin, Wagtail's headless API and the public API."""

from django.conf import settings
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.api.pages import CmsPagesAPIViewSet

headless_api = WagtailAPIRouter("wagtailapi")
headless_api.register_endpoint("pages", CmsPagesAPIViewSet)
headless_api.register_endpoint("images", ImagesAPIViewSet)
headless_api.register_endpoint("documents", DocumentsAPIViewSet)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", headless_api.urls),
    path("", include("cms.api.urls")),
]

handler404 = "cms.api.errors.page_not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
