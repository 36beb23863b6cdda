"""API representations of document relations, from both sides."""

from typing import Any

from rest_framework import serializers


def _ref(page: Any) -> dict[str, Any]:
    return {"id": page.id, "number": page.number, "title": page.title, "slug": page.slug}


class OutgoingRelationsField(serializers.Field):
    """What this document does to others: [{kind, label, note, document}], live targets only."""

    def __init__(self, **kwargs: Any):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, page: Any) -> list[dict[str, Any]]:
        return [
            {"kind": r.kind, "label": r.get_kind_display(), "note": r.note, "document": _ref(r.target)}
            for r in sorted(page.relations.all(), key=lambda r: (r.sort_order or 0, r.pk))
            if r.target.live
        ]


class IncomingRelationsField(serializers.Field):
    """What other live documents do to this one, phrased from this side ("Bị thay thế bởi …")."""

    def __init__(self, **kwargs: Any):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, page: Any) -> list[dict[str, Any]]:
        incoming = sorted(page.incoming_relations.all(), key=lambda r: (r.source.issued_on, r.source_id))
        return [
            {"kind": r.kind, "label": r.inverse_label, "note": r.note, "document": _ref(r.source)}
            for r in incoming
            if r.source.live
        ]
