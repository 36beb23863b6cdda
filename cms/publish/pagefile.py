"""One page as Wagtail's API gives it (fields=*) → one Pelican Markdown file; export and preview share it.

News articles become Pelican articles (content/tin-tuc/<slug>.md, URL /tin-tuc/<slug>/, category =
their section). Every other page becomes a Pelican page at its Wagtail URL path below the home page
(content/trang/<path>.md) with a `Template:` per type; its structured fields travel as one JSON
line, `Data:`, which the site/plugins/page_data plugin parses. A consultation's status is the one
at export time: the daily rebuild moves it from "sắp lấy ý kiến" to "đang lấy ý kiến" to "đã kết
thúc" (and only then publishes the outcome report).
"""

import json
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from cms.search.analysis import normalize

NEWS_DIR = "tin-tuc"
PAGES_DIR = "trang"
FILES_DIR = "tep"
NEWS_TYPE = "news.NewsArticlePage"
# API type → Pelican template (and Page_type); news are articles, the home page is index.html.
PAGE_TYPES = {
    "core.SectionPage": "section",
    "core.StandardPage": "standard",
    "documents.DocumentIndexPage": "document_index",
    "documents.LegalDocumentPage": "document",
    "consultations.ConsultationPage": "consultation",
    "qa.QuestionIndexPage": "question_index",
    "qa.QuestionPage": "question",
    "surveys.SurveyPage": "survey",
}
CONTAINER_TYPES = frozenset(
    {"core.HomePage", "core.SectionPage", "documents.DocumentIndexPage", "qa.QuestionIndexPage"}
)
# URLs the static site uses for itself (site/pelicanconf.py): a page there would overwrite them.
RESERVED_PATHS = (
    "tim-kiem/",
    "tra-cuu/",
    "chuyen-muc/",
    "hoi-dap/gui-cau-hoi/",
    "theme/",
    "feeds/",
    f"{FILES_DIR}/",
)
# Markdown that keeps internal links as wagtail://page?id=N, resolved here to static URLs.
RICH_TEXT_FORMAT = "db_markdown"
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")

CLOSED = "da-ket-thuc"
_LINK = re.compile(r"\[((?:\\.|[^\\\]])*)\]\(wagtail://(page|document)\?id=(\d+)\)")


@dataclass(frozen=True)
class Place:
    """Where a page sits: its URL path below the home page and its ancestors (title, path) below home."""

    path: str
    parents: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Links:
    """Static URLs (no leading slash) of pages and documents by id; what is missing is not linked."""

    pages: Mapping[int, str]
    documents: Mapping[int, str]


def _one_line(value: str | None) -> str:
    """Metadata values are single lines: collapse every run of whitespace."""
    return re.sub(r"\s+", " ", normalize(value or "")).strip()


def _text(value: str | None) -> str:
    return normalize(value or "").strip()


def _rich(markdown: str | None, links: Links) -> str:
    """Rich text Markdown with wagtail:// links made static; a link to an unpublished page keeps its text."""

    def resolve(match: re.Match) -> str:
        kind, target = match.group(2), int(match.group(3))
        url = (links.pages if kind == "page" else links.documents).get(target)
        return f"[{match.group(1)}]({_href(url)})" if url is not None else match.group(1)

    return _LINK.sub(resolve, _text(markdown))


def _href(url: str) -> str:
    return url if "://" in url or url.startswith("/") else f"/{url}"


def rich_text_references(item: Mapping[str, Any]) -> dict[str, set[int]]:
    """Ids of pages and documents the item's rich text links to."""
    found: dict[str, set[int]] = {"page": set(), "document": set()}
    for value in item.values():
        if isinstance(value, str) and "wagtail://" in value:
            for match in _LINK.finditer(value):
                found[match.group(2)].add(int(match.group(3)))
    return found


def attached_documents(item: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The wagtaildocs documents of the item's files or attachments, as the API nests them."""
    rows = (item.get("files") or []) + (item.get("attachments") or [])
    return [row["document"] for row in rows if row.get("document")]


def _name(obj: Mapping[str, Any] | None) -> str:
    return _one_line(obj["name"]) if obj else ""


def _slug(obj: Mapping[str, Any] | None) -> str:
    return str(obj.get("slug") or "") if obj else ""


def _code(obj: Mapping[str, Any] | None) -> str:
    return str(obj.get("code") or "") if obj else ""


def _files(item: Mapping[str, Any], links: Links) -> list[dict[str, str]]:
    """Files with a public URL; one the CMS would not hand out (a private collection) is left out."""
    rows = []
    for row in (item.get("files") or []) + (item.get("attachments") or []):
        doc = row["document"]
        url = links.documents.get(doc["id"])
        if url is None:
            continue
        name = urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1]
        ext = name.rsplit(".", 1)[-1].upper() if "." in name else ""
        rows.append({"title": _one_line(row.get("label") or doc["title"]), "url": url, "ext": ext[:5]})
    return rows


def _doc_ref(ref: Mapping[str, Any], links: Links, note: str) -> dict[str, Any]:
    return {
        "number": _one_line(ref["number"]),
        "title": _one_line(ref["title"]),
        "url": links.pages.get(ref["id"]),
        "note": _one_line(note),
    }


def _related(item: Mapping[str, Any], links: Links) -> list[dict[str, Any]]:
    """Relations grouped by label, both ways: "Hướng dẫn" (outgoing) then "Được hướng dẫn bởi" (incoming)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for direction, key in (("out", "relations"), ("in", "related_from")):
        for rel in item.get(key) or []:
            groups.setdefault((direction, rel["label"]), []).append(
                _doc_ref(rel["document"], links, rel["note"])
            )
    return [
        {"label": label, "direction": direction, "documents": docs}
        for (direction, label), docs in groups.items()
    ]


def _document(item: Mapping[str, Any], links: Links) -> dict[str, Any]:
    return {
        "number": _one_line(item["number"]),
        "kind": _name(item["kind"]),
        "kind_slug": _slug(item["kind"]),
        "issuer": _name(item["issuer"]),
        "issuer_slug": _slug(item["issuer"]),
        "signer_name": _one_line(item["signer_name"]),
        "signer_title": _name(item["signer_title"]),
        "issued_on": item["issued_on"],
        "effective_on": item["effective_on"],
        "expires_on": item["expires_on"],
        "status": {"value": item["status"], "label": item["status_label"]},
        "scope": item["scope_label"],
        "unit": _name(item["unit"]),
        "unit_code": _code(item["unit"]),
        "reform_areas": [_name(area) for area in item["reform_areas"]],
        # Slugs of the taxonomies, for the document browse pages (site/plugins/listings).
        "reform_area_slugs": [_slug(area) for area in item["reform_areas"]],
        "files": _files(item, links),
        "related": _related(item, links),
        "validity_history": [
            {
                "date": e["date"],
                "status": e["status_label"],
                "note": _one_line(e["note"]),
            }
            for e in sorted(item.get("validity_history") or [], key=lambda e: e["date"])
        ],
    }


def _clause(clause: Mapping[str, Any], article_id: str, position: int) -> dict[str, str]:
    # The API gives list items without their ids; derive a stable one from the article's block id.
    value = clause.get("value", clause)
    return {
        "id": clause.get("id") or f"{article_id}-k{position}",
        "number": _one_line(value["number"]),
        "text": _text(value["text"]),
    }


def _draft(blocks: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Chapters with their articles; articles before the first chapter go in a chapter without a title."""
    chapters: list[dict[str, Any]] = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "chapter":
            chapters.append(
                {"id": block["id"], "number": _one_line(value["number"]), "title": _one_line(value["title"])}
            )
            chapters[-1]["articles"] = []
        elif block["type"] == "article":
            if not chapters:
                chapters.append({"id": "", "number": "", "title": "", "articles": []})
            clauses = value.get("clauses") or []
            chapters[-1]["articles"].append(
                {
                    "id": block["id"],
                    "number": _one_line(value["number"]),
                    "title": _one_line(value["title"]),
                    "text": _text(value.get("text")),
                    "clauses": [_clause(c, block["id"], n) for n, c in enumerate(clauses, start=1)],
                }
            )
    return chapters


def _consultation(item: Mapping[str, Any], links: Links) -> dict[str, Any]:
    status = item["status"]
    return {
        "drafting_unit": _name(item["drafting_unit"]),
        "opens_at": item["opens_at"],
        "closes_at": item["closes_at"],
        "status": {"value": status, "label": item["status_label"]},
        "status_as_of": datetime.now(TIMEZONE).date().isoformat(),
        "draft": _draft(item.get("draft") or []),
        "files": _files(item, links),
        "outcome_report": _rich(item.get("outcome_report"), links) if status == CLOSED else "",
        "outcome_by_article": _outcome(item.get("outcome_by_article")) if status == CLOSED else [],
    }


def _outcome(rows: Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Opinions counted per article and the drafting body's responses; only these keys travel."""
    return [
        {
            "article_id": str(row["article_id"]),
            "label": _one_line(row["label"]),
            "opinion_count": int(row["opinion_count"]),
            "responses": [
                {"opinion": _text(r["opinion"]), "response": _text(r["response"])} for r in row["responses"]
            ],
        }
        for row in rows or []
    ]


def _survey_question(question: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **question,
        "text": _one_line(question["text"]),
        "hint": _one_line(question.get("hint")),
        "choices": [{"id": c["id"], "label": _one_line(c["label"])} for c in question.get("choices") or []],
    }


def _survey(item: Mapping[str, Any], links: Links) -> dict[str, Any]:
    # Definitions and aggregates only: SurveyPage's API has no response, no text answer, no respondent.
    results = item.get("results") if item.get("results_published") else None
    return {
        "responsible_unit": _name(item["responsible_unit"]),
        "opens_at": item["opens_at"],
        "closes_at": item["closes_at"],
        "status": {"value": item["status"], "label": item["status_label"]},
        "status_as_of": datetime.now(TIMEZONE).date().isoformat(),
        "questions": [_survey_question(q) for q in item.get("form_questions") or []],
        "provinces": [{"code": p["code"], "name": _name(p)} for p in item.get("province_choices") or []],
        "results": results,
        "results_note": _rich(item.get("results_note"), links) if results else "",
    }


def _question(item: Mapping[str, Any]) -> dict[str, Any]:
    # Only API fields: QuestionPage's API has no asker's name, e-mail or link to the submitted question.
    return {
        "question": _text(item["question"]),
        "topic": _name(item["topic"]),
        "asker_province": _name(item["asker_province"]),
        "asked_on": item["asked_on"],
        "answering_unit": _name(item["answering_unit"]),
        "answered_on": item["answered_on"],
    }


def _news(item: Mapping[str, Any], links: Links) -> dict[str, Any]:
    return {
        "unit": _name(item.get("unit")),
        "unit_code": _code(item.get("unit")),
        "reform_areas": [_name(area) for area in item.get("reform_areas") or []],
        "reform_area_slugs": [_slug(area) for area in item.get("reform_areas") or []],
        "tags": [_one_line(tag) for tag in item.get("tags") or []],
        "files": _files(item, links),
    }


def _data(item: Mapping[str, Any], kind: str, place: Place, links: Links) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": kind,
        "id": item["id"],
        "parent": place.parents[-1][1] if place.parents else "",
        "breadcrumbs": [{"title": _one_line(title), "url": path} for title, path in place.parents],
        "summary": _text(item.get("summary")),
    }
    # When the CMS's API gives it: the sitemap's lastmod and the JSON-LD's dateModified.
    modified = item.get("last_published_at") or item["meta"].get("last_published_at")
    if modified:
        data["modified"] = modified
    if kind == "document":
        data.update(_document(item, links))
    elif kind == "consultation":
        data.update(_consultation(item, links))
    elif kind == "question":
        data.update(_question(item))
    elif kind == "survey":
        data.update(_survey(item, links))
    elif kind == "news":
        data.update(_news(item, links))
    elif kind == "section":
        data["unit"] = _name(item.get("unit"))
    return data


def _json_line(data: Mapping[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _body(item: Mapping[str, Any], kind: str) -> str | None:
    key = {"consultation": "introduction", "question": "answer", "survey": "intro"}.get(kind, "body")
    return item.get(key)


def page_file(
    item: Mapping[str, Any], place: Place, links: Links, *, news_slug: str | None = None
) -> tuple[str, str]:
    """(path under content/, Markdown text) for one page as Wagtail's API gives it (fields=*)."""
    page_type = item["meta"]["type"]
    kind = "news" if page_type == NEWS_TYPE else PAGE_TYPES.get(page_type, "standard")
    meta = {"Title": _one_line(item["title"])}
    if kind == "news":
        slug = news_slug or item["meta"]["slug"]
        rel = f"{NEWS_DIR}/{slug}.md"
        category = place.parents[-1][0] if place.parents else ""
        meta.update(Date=item["date"], Slug=slug, Category=_one_line(category))
        meta["Summary"] = _one_line(item.get("summary"))
    else:
        rel = f"{PAGES_DIR}/{place.path.rstrip('/')}.md"
        meta.update(Slug=place.path.strip("/").replace("/", "--"), Url=place.path)
        meta.update(Save_as=f"{place.path}index.html", Template=kind)
    meta.update(Wagtail_id=str(item["id"]), Page_type=kind, Data=_json_line(_data(item, kind, place, links)))
    header = "".join(f"{key}: {value}\n" for key, value in meta.items() if value)
    return rel, f"{header}\n{_rich(_body(item, kind), links)}\n"
