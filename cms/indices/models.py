"""Index editions (PAR Index, SIPAS), their components, one result per unit, and regional averages."""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from cms.indices.computation import ElementMethod, GroupThresholds, group_conflict, par_group
from cms.indices.text import group_message, vn_number
from cms.units.models import Unit

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
CODE = re.compile(r"^[0-9A-Za-z_.-]{1,16}$")


def _percent_field(label: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT, **kwargs
    )


def _percent_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 100}),
        name=name,
    )


class IndexEdition(ClusterableModel):
    """One published round of an index for one scope, e.g. the PAR Index 2024 of the provinces."""

    class Index(models.TextChoices):
        PAR = "par", "Chỉ số CCHC (PAR Index)"
        SIPAS = "sipas", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"

    class Scope(models.TextChoices):
        PROVINCES = "provinces", "Tỉnh, thành phố trực thuộc trung ương"
        MINISTRIES = "ministries", "Bộ, cơ quan ngang bộ"

    SLUG_SCOPE = {Scope.PROVINCES: "tinh", Scope.MINISTRIES: "bo"}

    index = models.CharField("Chỉ số", max_length=8, choices=Index.choices)
    year = models.PositiveSmallIntegerField(
        "Năm đánh giá", validators=[MinValueValidator(2012), MaxValueValidator(2100)]
    )
    scope = models.CharField("Phạm vi", max_length=16, choices=Scope.choices)
    slug = models.SlugField(
        "Mã kỳ công bố",
        max_length=40,
        unique=True,
        blank=True,
        help_text="Để trống: tự tạo, ví dụ par-2024-tinh.",
    )
    title = models.CharField("Tiêu đề", max_length=255)
    methodology = models.CharField(
        "Văn bản quy định phương pháp", max_length=100, blank=True, help_text="Ví dụ: 876/QĐ-BNV."
    )
    published_on = models.DateField("Ngày công bố", null=True, blank=True)
    national_value = _percent_field("Giá trị trung bình cả nước (%)", help_text="Số liệu đã công bố.")
    national_value_derived = models.BooleanField(
        "Giá trị cả nước được suy ra",
        default=False,
        help_text="Không công bố trực tiếp mà tính từ số liệu đã công bố (ghi cách tính ở phần nguồn).",
    )
    unit_count = models.PositiveSmallIntegerField(
        "Số đơn vị được xếp hạng", null=True, blank=True, help_text="Ví dụ: 63 tỉnh, thành phố; 17 bộ, ngành."
    )
    comparability_note = models.TextField("Lưu ý khi so sánh", blank=True)
    source_note = models.TextField("Nguồn số liệu", blank=True)
    # Parts of the method the sources do not fix (docs/indices.md): assumptions, configurable here.
    group_a_min = models.DecimalField(
        "Ngưỡng nhóm A (từ, %)", max_digits=5, decimal_places=2, default=Decimal(90), validators=PERCENT
    )
    group_b_min = models.DecimalField(
        "Ngưỡng nhóm B (từ, %)", max_digits=5, decimal_places=2, default=Decimal(80), validators=PERCENT
    )
    group_c_min = models.DecimalField(
        "Ngưỡng nhóm C (từ, %)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(70),
        validators=PERCENT,
        help_text="Giả định, có thể cấu hình: định nghĩa năm 2015; dưới ngưỡng này không xếp nhóm.",
    )
    sipas_satisfied_min = models.PositiveSmallIntegerField(
        "Mức được tính là hài lòng (thang 1–5)",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="Giả định, có thể cấu hình: 4 (hài lòng) và 5 (rất hài lòng).",
    )
    sipas_element_method = models.CharField(
        "Cách tính giá trị yếu tố",
        max_length=16,
        choices=[
            (ElementMethod.ITEMS_MEAN.value, "Trung bình tỷ lệ hài lòng của các câu hỏi"),
            (ElementMethod.POOLED.value, "Tỷ lệ hài lòng gộp mọi câu trả lời"),
        ],
        default=ElementMethod.ITEMS_MEAN.value,
        help_text="Giả định, có thể cấu hình.",
    )
    sipas_national_weighting = models.CharField(
        "Trọng số khi tính giá trị cả nước",
        max_length=16,
        choices=[
            ("sample", "Tổng trọng số mẫu của đơn vị"),
            ("population", "Tỷ trọng dân số của đơn vị"),
            ("equal", "Bằng nhau"),
        ],
        default="sample",
        help_text="Giả định, có thể cấu hình.",
    )
    assumptions_note = models.TextField("Ghi chú về các giả định", blank=True)

    class Meta:
        verbose_name = "Kỳ công bố chỉ số"
        verbose_name_plural = "Kỳ công bố chỉ số"
        ordering = ["index", "-year", "scope"]
        constraints = [
            models.UniqueConstraint(fields=["index", "year", "scope"], name="indices_edition_uniq"),
            _percent_check("national_value", "indices_edition_national_value_range"),
            models.CheckConstraint(
                condition=Q(group_a_min__gt=F("group_b_min")) & Q(group_b_min__gt=F("group_c_min")),
                name="indices_edition_group_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_index_display()} {self.year}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.default_slug()
        super().save(*args, **kwargs)

    def default_slug(self) -> str:
        return f"{self.index}-{self.year}-{self.SLUG_SCOPE.get(self.scope, self.scope)}"

    def clean(self) -> None:
        if self.group_a_min is not None and self.group_b_min is not None and self.group_c_min is not None:
            if not self.group_a_min > self.group_b_min > self.group_c_min:
                raise ValidationError("Ngưỡng nhóm phải giảm dần: A > B > C.")

    @property
    def reference_date(self) -> date:
        """The day whose units the edition covers: the last day of its year."""
        return date(self.year, 12, 31)

    @property
    def thresholds(self) -> GroupThresholds:
        return GroupThresholds(a=self.group_a_min, b=self.group_b_min, c=self.group_c_min)

    @property
    def has_groups(self) -> bool:
        return self.index == self.Index.PAR

    def unit_fits(self, unit: Unit) -> bool:
        kinds = Unit.PROVINCIAL_KINDS if self.scope == self.Scope.PROVINCES else Unit.MINISTRY_KINDS
        return unit.kind in kinds and unit.is_current(self.reference_date)


class IndexComponent(Orderable):
    """An area (lĩnh vực) of the PAR Index or an element (yếu tố) of SIPAS, within one edition."""

    edition = ParentalKey(IndexEdition, on_delete=models.CASCADE, related_name="components")
    code = models.CharField("Mã", max_length=16, help_text="Tên cột trong tệp nhập, ví dụ 1, 2 … 8.")
    name = models.CharField("Tên", max_length=255)
    max_points = models.DecimalField(
        "Điểm tối đa",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Để trống khi chưa có: giá trị thành phần khi đó là tỷ lệ % (0–100).",
    )
    national_value = _percent_field("Giá trị cả nước (%)")
    note = models.CharField("Ghi chú", max_length=300, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = "Thành phần"
        verbose_name_plural = "Thành phần (lĩnh vực, yếu tố)"
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="indices_component_code_uniq"),
            _percent_check("national_value", "indices_component_national_value_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def clean(self) -> None:
        if not CODE.match(self.code or ""):
            raise ValidationError({"code": "Mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang."})

    @property
    def upper_bound(self) -> Decimal:
        return self.max_points if self.max_points is not None else Decimal(100)


class IndexResult(ClusterableModel):
    """One unit's result in one edition; a missing value or rank stays empty ("chưa có dữ liệu")."""

    class Group(models.TextChoices):
        A = "A", "Nhóm A"
        B = "B", "Nhóm B"
        C = "C", "Nhóm C"

    edition = models.ForeignKey(
        IndexEdition, on_delete=models.CASCADE, related_name="results", verbose_name="Kỳ công bố"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="index_results", verbose_name="Đơn vị"
    )
    value = _percent_field("Chỉ số (%)")
    rank = models.PositiveSmallIntegerField(
        "Xếp hạng", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    group = models.CharField(
        "Nhóm",
        max_length=1,
        choices=Group.choices,
        blank=True,
        help_text="Có chỉ số thì để trống sẽ tự điền theo ngưỡng; không có nhóm: dưới ngưỡng nhóm C.",
    )
    change = models.DecimalField(
        "Thay đổi so với năm trước (điểm %)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-100)), MaxValueValidator(Decimal(100))],
    )
    note = models.CharField("Ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "Kết quả của đơn vị"
        verbose_name_plural = "Kết quả của đơn vị"
        ordering = ["edition", F("rank").asc(nulls_last=True), "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "unit"], name="indices_result_unit_uniq"),
            _percent_check("value", "indices_result_value_range"),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1), name="indices_result_rank"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.edition}"

    def clean(self) -> None:
        edition, unit = getattr(self, "edition", None), getattr(self, "unit", None)
        if edition is None or unit is None:
            return
        errors = {}
        if not edition.unit_fits(unit):
            errors["unit"] = (
                f"Đơn vị này không thuộc phạm vi «{edition.get_scope_display()}» năm {edition.year}."
            )
        if edition.unit_count and self.rank and self.rank > edition.unit_count:
            errors["rank"] = f"Xếp hạng vượt số đơn vị được xếp hạng ({edition.unit_count})."
        if not edition.has_groups and self.group:
            errors["group"] = "Chỉ số SIPAS không phân nhóm."
        elif edition.has_groups:
            if self.value is not None and not self.group:
                self.group = par_group(self.value, edition.thresholds)  # the group follows from the value
            expected = group_conflict(self.value, self.group, edition.thresholds)
            if expected is not None:
                errors["group"] = group_message(self.value, expected, edition.thresholds)
        if errors:
            raise ValidationError(errors)


class ComponentValue(models.Model):
    """A unit's value in one component: points when the component has a maximum, else %."""

    result = ParentalKey(IndexResult, on_delete=models.CASCADE, related_name="component_values")
    component = models.ForeignKey(
        IndexComponent, on_delete=models.CASCADE, related_name="values", verbose_name="Thành phần"
    )
    value = models.DecimalField(
        "Giá trị", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        verbose_name = "Giá trị thành phần"
        verbose_name_plural = "Giá trị thành phần"
        constraints = [
            models.UniqueConstraint(fields=["result", "component"], name="indices_component_value_uniq"),
            models.CheckConstraint(condition=Q(value__gte=0), name="indices_component_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.component.code}: {self.value}"

    def clean(self) -> None:
        component, result = getattr(self, "component", None), getattr(self, "result", None)
        if component is None or self.value is None:
            return
        if result is not None and result.edition_id and component.edition_id != result.edition_id:
            raise ValidationError({"component": "Thành phần này thuộc kỳ công bố khác."})
        if self.value > component.upper_bound:
            raise ValidationError(
                {"value": f"Vượt giá trị tối đa {vn_number(component.upper_bound)} của thành phần."}
            )


class RegionalAverage(models.Model):
    """The average of a socio-economic region: published, or computed from complete results."""

    edition = ParentalKey(IndexEdition, on_delete=models.CASCADE, related_name="regional_averages")
    region = models.CharField("Vùng", max_length=48, choices=Unit.Region.choices)
    value = _percent_field("Giá trị trung bình (%)")
    computed = models.BooleanField(
        "Tính từ kết quả trong cơ sở dữ liệu", default=False, help_text="Bỏ chọn: số liệu đã công bố."
    )

    class Meta:
        verbose_name = "Trung bình vùng"
        verbose_name_plural = "Trung bình vùng"
        constraints = [
            models.UniqueConstraint(fields=["edition", "region"], name="indices_regional_average_uniq"),
            _percent_check("value", "indices_regional_average_value_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_region_display()}: {self.value}"
