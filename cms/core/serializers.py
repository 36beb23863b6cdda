"""Small read-only fields for Wagtail's API: related objects as plain, stable JSON."""

from typing import Any

from rest_framework import serializers


class AttrsField(serializers.Field):
    """A related object (or a many-related manager) as {attr: value} dicts; None stays None."""

    def __init__(self, *attrs: str, **kwargs: Any):
        self.attrs = attrs or ("id", "name")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        # Keep None for an empty FK rather than DRF skipping the field.
        return getattr(instance, self.source_attrs[-1] if self.source_attrs else self.field_name, None)

    def _one(self, obj: Any) -> dict[str, Any]:
        return {attr: getattr(obj, attr) for attr in self.attrs}

    def to_representation(self, value: Any) -> Any:
        if value is None:
            return None
        if hasattr(value, "all"):
            return [self._one(obj) for obj in value.all()]
        return self._one(value)


class LabelField(serializers.CharField):
    """The display label of a choice (`source="get_<field>_display"`), so API readers need no copy of it."""

    def __init__(self, **kwargs: Any):
        super().__init__(read_only=True, **kwargs)
