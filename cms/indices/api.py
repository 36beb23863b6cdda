"""Open data API of the index database: editions, results, unit profiles (read-only, cacheable JSON)."""

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from cms.api.base import PublicApiView
from cms.indices.selectors import (
    UnitNotFound,
    edition_get,
    editions_list,
    unit_by_key,
    unit_key,
    unit_profile,
    units_with_results,
)

CACHE_CONTROL = "public, max-age=300"
NOT_FOUND = {404: inline_serializer("ApiNotFound", {"detail": serializers.CharField()})}


class EditionNotFound(NotFound):
    default_detail = "Không có kỳ công bố chỉ số này."


class UnitNotFoundError(NotFound):
    default_detail = "Không có đơn vị mang mã này."


def cached(data: dict) -> Response:
    response = Response(data)
    response["Cache-Control"] = CACHE_CONTROL
    return response


@extend_schema_field(serializers.DictField(child=serializers.FloatField(allow_null=True)))
class ComponentValuesField(serializers.Field):
    """{component code: value or null} over every component of the result's edition."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, result):
        components = self.context.get("components")
        if components is None:
            components = result.edition.components.all()
        values = {v.component_id: float(v.value) for v in result.component_values.all()}
        return {c.code: values.get(c.pk) for c in components}


class UnitBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    key = serializers.SerializerMethodField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    region = serializers.CharField()
    region_label = serializers.CharField(source="get_region_display")

    def get_key(self, unit) -> str:
        return unit_key(unit)


class UnitSerializer(UnitBriefSerializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


class EditionSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    index = serializers.CharField()
    index_label = serializers.CharField(source="get_index_display")
    year = serializers.IntegerField()
    scope = serializers.CharField()
    scope_label = serializers.CharField(source="get_scope_display")
    title = serializers.CharField()
    methodology = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    national_value = serializers.FloatField(allow_null=True)
    national_value_derived = serializers.BooleanField()
    unit_count = serializers.IntegerField(allow_null=True)
    result_count = serializers.IntegerField()
    comparability_note = serializers.CharField()
    source_note = serializers.CharField()


class ComponentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    max_points = serializers.FloatField(allow_null=True)
    national_value = serializers.FloatField(allow_null=True)
    note = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    unit = UnitBriefSerializer()
    value = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    group = serializers.CharField()
    change = serializers.FloatField(allow_null=True)
    components = ComponentValuesField()
    note = serializers.CharField()


class RegionalAverageSerializer(serializers.Serializer):
    region = serializers.CharField()
    region_label = serializers.CharField(source="get_region_display")
    value = serializers.FloatField(allow_null=True)
    computed = serializers.BooleanField()


class SeriesItemSerializer(serializers.Serializer):
    edition = serializers.CharField(source="edition.slug")
    index = serializers.CharField(source="edition.index")
    scope = serializers.CharField(source="edition.scope")
    year = serializers.IntegerField(source="edition.year")
    value = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    group = serializers.CharField()
    change = serializers.FloatField(allow_null=True)
    unit_count = serializers.IntegerField(source="edition.unit_count", allow_null=True)
    components = ComponentValuesField()
    note = serializers.CharField()


class EditionListApi(PublicApiView):
    """Every published edition of the PAR Index and SIPAS."""

    @extend_schema_serializer(component_name="IndexEditionList")
    class OutputSerializer(serializers.Serializer):
        results = EditionSummarySerializer(many=True)

    @extend_schema(
        operation_id="indices_editions_list",
        summary="Các kỳ công bố chỉ số",
        description="Các kỳ công bố Chỉ số CCHC (PAR Index) và Chỉ số hài lòng (SIPAS).",
        responses={200: OutputSerializer},
    )
    def get(self, request):
        return cached(self.OutputSerializer({"results": editions_list()}).data)


class EditionDetailApi(PublicApiView):
    """One edition: its components, every unit's result (by rank), and the regional averages."""

    @extend_schema_serializer(component_name="IndexEditionDetail")
    class OutputSerializer(EditionSummarySerializer):
        group_thresholds = serializers.SerializerMethodField()
        components = ComponentSerializer(many=True, source="components.all")
        results = ResultSerializer(many=True, source="results.all")
        regional_averages = RegionalAverageSerializer(many=True, source="regional_averages_sorted")

        @extend_schema_field(serializers.DictField(child=serializers.FloatField(), allow_null=True))
        def get_group_thresholds(self, edition) -> dict | None:
            if not edition.has_groups:
                return None
            return {
                "A": float(edition.group_a_min),
                "B": float(edition.group_b_min),
                "C": float(edition.group_c_min),
            }

    @extend_schema(
        operation_id="indices_edition_retrieve",
        summary="Một kỳ công bố chỉ số",
        description="Các chỉ số thành phần, kết quả và thứ hạng của từng đơn vị, điểm trung bình theo vùng.",
        responses={200: OutputSerializer, **NOT_FOUND},
    )
    def get(self, request, slug: str):
        edition = edition_get(slug=slug) if len(slug) <= 40 else None
        if edition is None:
            raise EditionNotFound(f"Không có kỳ công bố chỉ số «{slug[:40]}».")
        context = {"components": list(edition.components.all())}
        return cached(self.OutputSerializer(edition, context=context).data)


class PredecessorSerializer(serializers.Serializer):
    unit = UnitSerializer(source="link.predecessor")
    effective_on = serializers.DateField(source="link.effective_on")
    legal_basis = serializers.CharField(source="link.legal_basis")
    series = SeriesItemSerializer(many=True)


class SuccessorSerializer(serializers.Serializer):
    code = serializers.CharField(source="successor.code")
    key = serializers.SerializerMethodField()
    name = serializers.CharField(source="successor.name")
    effective_on = serializers.DateField()

    def get_key(self, link) -> str:
        return unit_key(link.successor)


class UnitProfileApi(PublicApiView):
    """One unit's results across editions, with its predecessors' results after a merger."""

    @extend_schema_serializer(component_name="IndexUnitProfile")
    class OutputSerializer(serializers.Serializer):
        unit = UnitSerializer()
        series = SeriesItemSerializer(many=True)
        predecessors = PredecessorSerializer(many=True)
        successor = SuccessorSerializer(allow_null=True)

    @extend_schema(
        operation_id="indices_unit_retrieve",
        summary="Kết quả chỉ số của một đơn vị",
        description="Kết quả qua các kỳ của một bộ, ngành hoặc tỉnh, thành phố (cả đơn vị trước sáp nhập).",
        responses={200: OutputSerializer, **NOT_FOUND},
    )
    def get(self, request, key: str):
        try:
            unit = unit_by_key(key=key)
        except UnitNotFound:
            raise UnitNotFoundError(f"Không có đơn vị mang mã «{key[:40]}».") from None
        profile = unit_profile(unit=unit)
        data = {
            "unit": profile.unit,
            "series": profile.series,
            "predecessors": [{"link": link, "series": series} for link, series in profile.predecessors],
            "successor": profile.successor,
        }
        return cached(self.OutputSerializer(data).data)


class UnitListApi(PublicApiView):
    """Units with results of their own or inherited from a predecessor."""

    @extend_schema_serializer(component_name="IndexUnitList")
    class OutputSerializer(serializers.Serializer):
        class UnitItemSerializer(UnitSerializer):
            has_results = serializers.BooleanField()

        results = UnitItemSerializer(many=True)

    @extend_schema(
        operation_id="indices_units_list",
        summary="Các đơn vị có kết quả chỉ số",
        description="Các bộ, ngành và tỉnh, thành phố có kết quả Chỉ số CCHC hoặc Chỉ số hài lòng.",
        responses={200: OutputSerializer},
    )
    def get(self, request):
        return cached(self.OutputSerializer({"results": units_with_results()}).data)
