"""The whoosh schema of the site index."""

from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema

from cms.search.analysis import vietnamese_analyzer


def site_schema() -> Schema:
    analyzer = vietnamese_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        url=STORED,
        type=ID(stored=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=3.0),
        summary=TEXT(analyzer=analyzer, stored=True, field_boost=1.5),
        body=TEXT(analyzer=analyzer),
        date=DATETIME(stored=True, sortable=True),
    )
