"""The units and their successions as snippets, under one "Đơn vị hành chính" menu."""

import django_filters
from django import forms
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.units.models import Unit, UnitSuccession


class UnitFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Tình trạng",
        choices=[("current", "Đang hoạt động"), ("former", "Đã sắp xếp, hợp nhất")],
        method="filter_status",
        empty_label="Tất cả",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Unit
        fields = ["kind", "region", "status"]

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "current":
            return queryset.current(today)
        if value == "former":
            return queryset.filter(valid_to__lt=today)
        return queryset


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "site"
    menu_label = "Bộ, ngành, tỉnh, thành phố"
    list_display = [
        "name",
        "code",
        Column("kind", label="Loại", accessor="get_kind_display"),
        "valid_from",
        "valid_to",
    ]
    filterset_class = UnitFilterSet
    search_fields = ["name", "short_name", "code", "note"]
    search_backend_name = None  # plain database filtering; reference data is not in the site index
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]),
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("region"),
            ],
            heading="Đơn vị",
        ),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")], heading="Thời gian tồn tại"),
        MultiFieldPanel([FieldPanel("par_assessed"), FieldPanel("par_ranked")], heading="Chỉ số CCHC cấp bộ"),
        FieldPanel("note"),
    ]


class UnitSuccessionViewSet(SnippetViewSet):
    model = UnitSuccession
    icon = "arrow-right"
    menu_label = "Kế thừa (sắp xếp, hợp nhất)"
    list_display = ["predecessor", "successor", "legal_basis", "effective_on"]
    list_filter = ["effective_on"]
    search_fields = ["predecessor__name", "successor__name", "legal_basis"]
    search_backend_name = None
    panels = [
        FieldRowPanel([FieldPanel("predecessor"), FieldPanel("successor")]),
        FieldRowPanel([FieldPanel("legal_basis"), FieldPanel("effective_on")]),
    ]


class UnitsGroup(SnippetViewSetGroup):
    menu_label = "Đơn vị hành chính"
    menu_icon = "site"
    menu_order = 260
    items = (UnitViewSet, UnitSuccessionViewSet)


register_snippet(UnitsGroup)
