"""schema.org JSON-LD for each page type, built only from the page's own data (no global lists).

Legal documents are `Legislation`, news `NewsArticle`, answered questions a `QAPage`, listings a
`CollectionPage`, the home page a `WebSite` with its search action; every page below the home page
also gets a `BreadcrumbList`.
"""

from typing import Any

from markupsafe import Markup

# Tình trạng hiệu lực → schema.org LegalForceStatus.
LEGAL_FORCE = {
    "con-hieu-luc": "https://schema.org/InForce",
    "het-hieu-luc-mot-phan": "https://schema.org/PartiallyInForce",
    "het-hieu-luc-toan-bo": "https://schema.org/NotInForce",
    "chua-co-hieu-luc": "https://schema.org/NotInForce",
    "ngung-hieu-luc": "https://schema.org/NotInForce",
}
LISTING_TYPES = ("section", "document_index", "question_index")


def _org(name: str) -> dict[str, str]:
    return {"@type": "GovernmentOrganization", "name": name}


def _plain(html: str | None) -> str:
    return Markup(html or "").striptags()


def _crumbs(items: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(items, start=1)
        ],
    }


def breadcrumbs(data: dict[str, Any], title: str, url: str, base: str, sitename: str) -> dict[str, Any]:
    items = [("Trang chủ", f"{base}/")]
    items += [(crumb["title"], f"{base}/{crumb['url']}") for crumb in data.get("breadcrumbs") or []]
    return _crumbs([*items, (title, url)])


def _browse_crumbs(crumbs: dict[str, Any], base: str, facet: Any, value: Any, url: str) -> dict[str, Any]:
    items = [(i["name"], i["item"]) for i in crumbs["itemListElement"]]
    items.append((facet.label, f"{base}/{facet.url}"))
    if value is not None:
        items.append((value.label, url))
    return _crumbs(items)


def legislation(page: Any, data: dict[str, Any], url: str) -> dict[str, Any]:
    status = (data.get("status") or {}).get("value", "")
    found = {
        "@type": "Legislation",
        "name": page.title,
        "legislationIdentifier": data.get("number"),
        "legislationType": data.get("kind"),
        "legislationDate": data.get("issued_on"),
        "legislationPassedBy": _org(data["issuer"]) if data.get("issuer") else None,
        "legislationLegalForce": LEGAL_FORCE.get(status),
        "legislationJurisdiction": "VN",
        "temporalCoverage": f"{data['effective_on']}/.." if data.get("effective_on") else None,
        "about": data.get("reform_areas") or None,
        "abstract": data.get("summary") or None,
    }
    return {**found, "url": url, "inLanguage": "vi"}


def news_article(article: Any, data: dict[str, Any], url: str, sitename: str) -> dict[str, Any]:
    modified = getattr(article, "modified", None) or article.date
    return {
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "datePublished": article.date.isoformat(),
        "dateModified": data.get("modified") or modified.isoformat(),
        "description": data.get("summary") or None,
        "author": _org(data.get("unit") or "Bộ Nội vụ"),
        "publisher": _org(sitename),
        "mainEntityOfPage": url,
        "url": url,
        "inLanguage": "vi",
        "articleSection": getattr(getattr(article, "category", None), "name", None),
        "keywords": data.get("tags") or None,
    }


def qa_page(page: Any, data: dict[str, Any], url: str) -> dict[str, Any]:
    answer = {
        "@type": "Answer",
        "text": _plain(page.content),
        "dateCreated": data.get("answered_on"),
        "url": f"{url}#hd-tra-loi",
        "author": _org(data["answering_unit"]) if data.get("answering_unit") else None,
    }
    question = {
        "@type": "Question",
        "name": page.title,
        "text": data.get("question"),
        "dateCreated": data.get("asked_on"),
        "answerCount": 1,
        "acceptedAnswer": answer,
    }
    return {"@type": "QAPage", "url": url, "inLanguage": "vi", "mainEntity": question}


def website(base: str, sitename: str, search_url: str) -> dict[str, Any]:
    return {
        "@type": "WebSite",
        "name": sitename,
        "url": f"{base}/",
        "inLanguage": "vi",
        "publisher": _org("Bộ Nội vụ"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{base}/{search_url}?q={{q}}",
            "query-input": "required name=q",
        },
    }


def web_page(page: Any, data: dict[str, Any], url: str) -> dict[str, Any]:
    kind = "CollectionPage" if data.get("type") in LISTING_TYPES else "WebPage"
    return {
        "@type": kind,
        "name": page.title,
        "url": url,
        "inLanguage": "vi",
        "description": data.get("summary"),
    }


def clean(value: Any) -> Any:
    """Without empty values (None, "", []), with "@context" on top-level objects added by the caller."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def for_context(context: Any, url: str, base: str) -> list[dict[str, Any]]:
    """The JSON-LD objects of the page being rendered."""
    sitename = context.get("SITENAME", "")
    article, page = context.get("article"), context.get("page")
    found: list[dict[str, Any]] = []
    if article is not None:
        data = getattr(article, "data", None) or {}
        found.append(news_article(article, data, url, sitename))
        found.append(breadcrumbs(data, article.title, url, base, sitename))
    elif page is not None:
        data = getattr(page, "data", None) or {}
        kind = data.get("type")
        if kind == "document":
            found.append(legislation(page, data, url))
        elif kind == "question":
            found.append(qa_page(page, data, url))
        else:
            found.append(web_page(page, data, url))
        found.append(breadcrumbs(data, page.title, url, base, sitename))
        facet, value = context.get("facet"), context.get("value")
        if facet is not None:  # a browse page below the document index
            found[0].update({"@type": "CollectionPage", "name": (value or facet).label})
            index_url = f"{base}/{page.url}"
            found[1] = breadcrumbs(data, page.title, index_url, base, sitename)
            found[1] = _browse_crumbs(found[1], base, facet, value, url)
    elif context.get("output_file") == context.get("INDEX_SAVE_AS", "index.html"):
        found.append(website(base, sitename, context.get("SEARCH_URL", "")))
    return [{"@context": "https://schema.org", **clean(obj)} for obj in found]
