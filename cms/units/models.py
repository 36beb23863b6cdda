"""The units assessed by the PAR Index and SIPAS, and which unit succeeded which."""

import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class UnitQuerySet(models.QuerySet):
    def current(self, on: date) -> "UnitQuerySet":
        """Units in existence on the given day (both ends inclusive; blank = open-ended)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )

    def central(self) -> "UnitQuerySet":
        return self.filter(kind__in=Unit.CENTRAL_KINDS)

    def ministries(self) -> "UnitQuerySet":
        return self.filter(kind__in=Unit.MINISTRY_KINDS)

    def provincial(self) -> "UnitQuerySet":
        return self.filter(kind__in=Unit.PROVINCIAL_KINDS)


class Unit(models.Model):
    """The Government, a ministry or ministerial-level agency, or a provincial unit, over a period.

    A unit that changed (merged, renamed) gets a new row from the day of the change; one that
    continued unchanged keeps its single row.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "chinh_phu", "Chính phủ"
        MINISTRY = "bo", "Bộ"
        MINISTERIAL_AGENCY = "co_quan_ngang_bo", "Cơ quan ngang bộ"
        PROVINCE = "tinh", "Tỉnh"
        MUNICIPALITY = "thanh_pho_tw", "Thành phố trực thuộc trung ương"

    class Level(models.TextChoices):
        CENTRAL = "trung_uong", "Trung ương"
        PROVINCIAL = "cap_tinh", "Cấp tỉnh"

    class Region(models.TextChoices):
        NORTHERN_MIDLANDS = "trung_du_mien_nui_phia_bac", "Trung du và miền núi phía Bắc"
        RED_RIVER_DELTA = "dong_bang_song_hong", "Đồng bằng sông Hồng"
        NORTH_CENTRAL_COAST = "bac_trung_bo_duyen_hai_mien_trung", "Bắc Trung Bộ và duyên hải miền Trung"
        CENTRAL_HIGHLANDS = "tay_nguyen", "Tây Nguyên"
        SOUTHEAST = "dong_nam_bo", "Đông Nam Bộ"
        MEKONG_DELTA = "dong_bang_song_cuu_long", "Đồng bằng sông Cửu Long"

    MINISTRY_KINDS = (Kind.MINISTRY, Kind.MINISTERIAL_AGENCY)
    CENTRAL_KINDS = (Kind.GOVERNMENT, *MINISTRY_KINDS)
    PROVINCIAL_KINDS = (Kind.PROVINCE, Kind.MUNICIPALITY)

    code = models.CharField(
        "Mã",
        max_length=16,
        help_text="Tỉnh, thành phố: mã đơn vị hành chính; bộ, ngành: viết tắt (BNV, BTP…).",
    )
    name = models.CharField("Tên chính thức", max_length=200)
    short_name = models.CharField("Tên ngắn", max_length=100, blank=True)
    kind = models.CharField("Loại", max_length=32, choices=Kind.choices)
    region = models.CharField(
        "Vùng kinh tế - xã hội",
        max_length=48,
        choices=Region.choices,
        blank=True,
        help_text="Chỉ ghi cho 63 tỉnh, thành phố trước năm 2025.",
    )
    valid_from = models.DateField(
        "Hiệu lực từ ngày", null=True, blank=True, help_text="Để trống: có từ trước khi hệ thống ghi nhận."
    )
    valid_to = models.DateField(
        "Hiệu lực đến hết ngày", null=True, blank=True, help_text="Để trống: vẫn còn."
    )
    par_assessed = models.BooleanField(
        "Được xác định Chỉ số CCHC cấp bộ",
        default=False,
        help_text="Bộ, cơ quan ngang bộ trong phạm vi Quyết định số 876/QĐ-BNV.",
    )
    par_ranked = models.BooleanField(
        "Được xếp hạng Chỉ số CCHC cấp bộ",
        default=False,
        help_text="Ủy ban Dân tộc và Thanh tra Chính phủ được đánh giá nhưng không xếp hạng.",
    )
    note = models.CharField("Ghi chú", max_length=300, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "Đơn vị"
        verbose_name_plural = "Đơn vị"
        ordering = ["code", F("valid_from").asc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="units_unit_code_valid_from_uniq"),
            # NULLs are distinct in a unique index, so an open start needs its own constraint.
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_from__isnull=True), name="units_unit_code_open_start_uniq"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="units_unit_valid_period",
            ),
        ]

    def __str__(self) -> str:
        if self.valid_to:
            return f"{self.name} (đến {self.valid_to:%d/%m/%Y})"
        if self.valid_from:
            return f"{self.name} (từ {self.valid_from:%d/%m/%Y})"
        return self.name

    def save(self, *args, **kwargs):
        # Decomposed input (from some keyboards and PDFs) would not match NFC text in lookups.
        self.name = unicodedata.normalize("NFC", self.name)
        self.short_name = unicodedata.normalize("NFC", self.short_name)
        self.note = unicodedata.normalize("NFC", self.note)
        super().save(*args, **kwargs)

    @property
    def level(self) -> str:
        return self.Level.CENTRAL if self.kind in self.CENTRAL_KINDS else self.Level.PROVINCIAL

    def get_level_display(self) -> str:
        return self.Level(self.level).label

    def is_current(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu."})
        if (self.par_assessed or self.par_ranked) and self.kind not in self.MINISTRY_KINDS:
            raise ValidationError("Chỉ bộ, cơ quan ngang bộ mới có Chỉ số CCHC cấp bộ.")
        if self.par_ranked and not self.par_assessed:
            raise ValidationError({"par_ranked": "Đơn vị được xếp hạng phải là đơn vị được đánh giá."})


class UnitSuccession(models.Model):
    """One unit taken over by another (merger, consolidation); a merged unit has one row per predecessor."""

    predecessor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="successor_links", verbose_name="Đơn vị trước"
    )
    successor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="predecessor_links", verbose_name="Đơn vị kế thừa"
    )
    legal_basis = models.CharField(
        "Căn cứ pháp lý", max_length=200, help_text="Ví dụ: Nghị quyết số 202/2025/QH15"
    )
    effective_on = models.DateField("Có hiệu lực từ ngày")

    class Meta:
        verbose_name = "Kế thừa đơn vị"
        verbose_name_plural = "Kế thừa đơn vị (sắp xếp, hợp nhất)"
        ordering = ["-effective_on", "successor__code", "predecessor__code"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="units_succession_uniq"),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="units_succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.name} → {self.successor.name}"
