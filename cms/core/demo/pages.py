"""Demo consultation (consultation.json), Q&A (questions.json) and the "Giới thiệu" page (pages.json)."""

from datetime import date, datetime, timedelta

from django.utils import timezone
from wagtail.models import Page

from cms.consultations.models import ConsultationPage
from cms.core.demo.base import child_get, demo_data, publish_child, unit_named
from cms.core.models import ReformArea, SectionPage, StandardPage
from cms.qa.models import QuestionIndexPage, QuestionPage


def consultation_ensure(*, sections: dict[str, SectionPage], now: datetime) -> int:
    """The illustrative draft, open from a few days before the first load to ~30 days after it."""
    spec = demo_data("consultation.json")
    parent = sections[spec["section"]]
    if child_get(parent, ConsultationPage, spec["slug"]) is not None:
        return 0
    # Opening and closing at office hours (Vietnam time), counted from the day of the first load.
    day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    publish_child(
        parent,
        ConsultationPage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            drafting_unit=unit_named(spec["drafting_unit"], on=now.date()),
            opens_at=day + timedelta(days=spec["opens_days"], hours=spec["opens_hour"]),
            closes_at=day + timedelta(days=spec["closes_days"], hours=spec["closes_hour"]),
            introduction=spec["introduction"],
            draft=spec["draft"],
        ),
    )
    return 1


def questions_ensure(*, home: Page) -> int:
    """The "Hỏi – đáp" index and its answered questions; returns how many pages were added."""
    index_spec = demo_data("pages.json")["questions_index"]
    index = child_get(home, QuestionIndexPage, index_spec["slug"])
    added = 0
    if index is None:
        index = publish_child(
            home,
            QuestionIndexPage(
                title=index_spec["title"], slug=index_spec["slug"], summary=index_spec["summary"]
            ),
        )
        added += 1
    for spec in demo_data("questions.json")["questions"]:
        if child_get(index, QuestionPage, spec["slug"]) is not None:
            continue
        asked_on = date.fromisoformat(spec["asked_on"])
        answered_on = date.fromisoformat(spec["answered_on"])
        question = QuestionPage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["question"],
            question=spec["question"],
            topic=ReformArea.objects.get(slug=spec["topic"]),
            asker_province=unit_named(spec["asker_province"], on=asked_on),
            asked_on=asked_on,
            answer=spec["answer"],
            answering_unit=unit_named(spec["answering_unit"], on=answered_on),
            answered_on=answered_on,
        )
        publish_child(index, question)
        added += 1
    return added


def about_page_ensure(*, home: Page) -> int:
    spec = demo_data("pages.json")["about_page"]
    if child_get(home, StandardPage, spec["slug"]) is not None:
        return 0
    publish_child(
        home, StandardPage(title=spec["title"], slug=spec["slug"], summary=spec["summary"], body=spec["body"])
    )
    return 1
