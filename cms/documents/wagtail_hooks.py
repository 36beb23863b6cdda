"""Taxonomies editors pick from (reform areas, document kinds, issuers, signers' titles): "Danh mục"."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.core.models import ReformArea
from cms.documents.models import DocumentKind, Issuer, SignerTitle


class ReformAreaViewSet(SnippetViewSet):
    model = ReformArea
    icon = "tag"
    menu_label = "Lĩnh vực CCHC"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    search_backend_name = None


class DocumentKindViewSet(SnippetViewSet):
    model = DocumentKind
    icon = "doc-full"
    menu_label = "Loại văn bản"
    list_display = ["name", "abbreviation", "sort_order"]
    search_fields = ["name", "abbreviation"]
    search_backend_name = None


class IssuerViewSet(SnippetViewSet):
    model = Issuer
    icon = "group"
    menu_label = "Cơ quan ban hành"
    list_display = ["name", "unit"]
    search_fields = ["name"]
    search_backend_name = None


class SignerTitleViewSet(SnippetViewSet):
    model = SignerTitle
    icon = "user"
    menu_label = "Chức danh người ký"
    list_display = ["name"]
    search_fields = ["name"]
    search_backend_name = None


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Danh mục"
    menu_icon = "folder-open-inverse"
    menu_order = 270
    items = (ReformAreaViewSet, DocumentKindViewSet, IssuerViewSet, SignerTitleViewSet)


register_snippet(TaxonomyGroup)
