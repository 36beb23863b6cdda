"""The index database in the admin: one "Chỉ số" menu with editions, results and the file import."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.indices.models import IndexEdition, IndexResult
from cms.indices.views import IndexImportView, user_can_import


class EditionViewSet(ModelViewSet):
    model = IndexEdition
    name = "indices_editions"
    url_prefix = "chi-so/ky-cong-bo"
    icon = "table"
    menu_label = "Kỳ công bố"
    copy_view_enabled = False
    list_display = [
        "title",
        "year",
        Column("index", label="Chỉ số", accessor="get_index_display"),
        "national_value",
    ]
    list_filter = ["index", "scope", "year"]
    search_fields = ["title", "slug", "methodology"]
    search_backend_name = None
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("index"), FieldPanel("year")]),
                FieldPanel("scope"),
                FieldPanel("title"),
                FieldPanel("slug"),
                FieldRowPanel([FieldPanel("methodology"), FieldPanel("published_on")]),
                FieldRowPanel([FieldPanel("national_value"), FieldPanel("unit_count")]),
                FieldPanel("national_value_derived"),
                FieldPanel("comparability_note"),
                FieldPanel("source_note"),
            ],
            heading="Kỳ công bố",
        ),
        InlinePanel("components", heading="Thành phần (lĩnh vực, yếu tố)", label="Thành phần"),
        InlinePanel("regional_averages", heading="Trung bình vùng", label="Trung bình vùng"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("group_a_min"), FieldPanel("group_b_min"), FieldPanel("group_c_min")]
                ),
                FieldPanel("sipas_satisfied_min"),
                FieldPanel("sipas_element_method"),
                FieldPanel("sipas_national_weighting"),
                FieldPanel("assumptions_note"),
            ],
            heading="Giả định về phương pháp (có thể cấu hình)",
            help_text="Những phần phương pháp chưa tìm thấy trong văn bản gốc; xem docs/indices.md.",
        ),
    ]


class ResultFilterSet(WagtailFilterSet):
    class Meta:
        model = IndexResult
        fields = ["edition", "group"]


class ResultIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("unit", "edition")


class ResultViewSet(ModelViewSet):
    model = IndexResult
    name = "indices_results"
    url_prefix = "chi-so/ket-qua"
    icon = "list-ol"
    menu_label = "Kết quả của đơn vị"
    copy_view_enabled = False
    list_display = ["unit", "edition", "value", "rank", "group"]
    filterset_class = ResultFilterSet
    search_fields = ["unit__name", "unit__code", "note"]
    search_backend_name = None
    panels = [
        FieldPanel("edition"),
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("value"), FieldPanel("rank"), FieldPanel("group"), FieldPanel("change")]),
        FieldPanel("note"),
        InlinePanel("component_values", heading="Giá trị thành phần", label="Giá trị thành phần"),
    ]

    index_view_class = ResultIndexView


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_import(request.user)


class ImportViewSet(ViewSet):
    name = "indices_import"
    url_prefix = "chi-so/nhap"
    icon = "upload"
    menu_label = "Nhập từ tệp CSV, XLSX"
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        return [path("", IndexImportView.as_view(), name="index")]


class IndicesGroup(ViewSetGroup):
    menu_label = "Chỉ số"
    menu_icon = "table"
    menu_order = 250
    items = (EditionViewSet, ResultViewSet, ImportViewSet)


@hooks.register("register_admin_viewset")
def register_indices():
    return IndicesGroup()
