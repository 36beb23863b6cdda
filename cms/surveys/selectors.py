"""Reads for surveys: results aggregated in the database, per question and per province.

Only aggregates leave here: counts and percentages per choice or scale value, the mean of a scale,
how many answered or skipped. Text answers are counted, never shown. Provinces with fewer than
MIN_CELL responses are grouped as "Khác", since a small cell could point at a person.
"""

from collections import Counter
from typing import Any

from django.db.models import Count, Q
from django.db.models.fields.json import KT

from cms.surveys.blocks import QuestionKind
from cms.surveys.models import SurveyPage, SurveyQuestion, SurveyResponse
from cms.units.models import Unit

MIN_CELL = 5
OTHER = "Khác"


def responses_counted(*, survey: SurveyPage):
    """Responses that count in the results: spam and flagged ones are left out."""
    return SurveyResponse.objects.filter(survey=survey, is_spam=False, flagged=False)


def _option_filter(question: SurveyQuestion, i: int, value: str) -> Q:
    key = f"answers__{question.id}"
    if question.kind == QuestionKind.MULTIPLE:
        # The list as JSON text holds the quoted id; ids are UUIDs, so no id is part of another.
        return Q(**{f"m{i}__contains": f'"{value}"'})
    if question.kind == QuestionKind.SCALE:
        return Q(**{key: int(value)})
    return Q(**{key: value})


def _counts(survey: SurveyPage, questions: list[SurveyQuestion]) -> list[dict[str, Any]]:
    """One row per province (None = not given): responses, answered per question, count per option."""
    aggregates: dict[str, Any] = {"n": Count("pk")}
    for i, question in enumerate(questions):
        aggregates[f"q{i}"] = Count("pk", filter=Q(answers__has_key=question.id))
        for j, (value, _) in enumerate(question.options):
            aggregates[f"q{i}_{j}"] = Count("pk", filter=_option_filter(question, i, value))
    multiple = {
        f"m{i}": KT(f"answers__{q.id}") for i, q in enumerate(questions) if q.kind == QuestionKind.MULTIPLE
    }
    rows = responses_counted(survey=survey).annotate(**multiple).values("province").annotate(**aggregates)
    return list(rows.order_by())


def _question_result(question: SurveyQuestion, i: int, row: Counter, total: int) -> dict[str, Any]:
    answered = row[f"q{i}"]
    options = [
        {
            "id": value,
            "label": label,
            "count": row[f"q{i}_{j}"],
            "percent": round(100 * row[f"q{i}_{j}"] / answered, 1) if answered else 0.0,
        }
        for j, (value, label) in enumerate(question.options)
    ]
    mean = None
    if question.kind == QuestionKind.SCALE and answered:
        mean = round(sum(int(o["id"]) * o["count"] for o in options) / answered, 2)
    return {
        "id": question.id,
        "text": question.text,
        "kind": question.kind,
        "answered": answered,
        "skipped": total - answered,
        "options": options,
        "mean": mean,
    }


def _group(questions: list[SurveyQuestion], row: Counter) -> dict[str, Any]:
    return {
        "total": row["n"],
        "questions": [_question_result(q, i, row, row["n"]) for i, q in enumerate(questions)],
    }


def _by_province(questions: list[SurveyQuestion], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    shown = [r for r in rows if r["province"] is not None and r["n"] >= MIN_CELL]
    units = Unit.objects.in_bulk([r["province"] for r in shown])
    groups = [
        {
            "code": units[r["province"]].code,
            "name": units[r["province"]].name,
            **_group(questions, Counter(r)),
        }
        for r in sorted(shown, key=lambda r: units[r["province"]].name)
    ]
    rest: Counter = Counter()
    for row in rows:
        if row not in shown:
            rest.update({k: v for k, v in row.items() if k != "province"})
    if rest["n"]:
        groups.append({"code": "", "name": OTHER, **_group(questions, rest)})
    return groups


def survey_results(*, survey: SurveyPage) -> dict[str, Any]:
    """The survey's aggregates as plain JSON-ready data (the API, the static page and the CSV share it)."""
    questions = survey.survey_questions()
    rows = _counts(survey, questions)
    everything: Counter = Counter()
    for row in rows:
        everything.update({k: v for k, v in row.items() if k != "province"})
    results = {"total": everything["n"], **_group(questions, everything)}
    results["by_province"] = _by_province(questions, rows) if survey.ask_province else []
    return results


def surveys_with_counts():
    """Every survey (newest first) with its responses: counted, flagged and spam."""
    return SurveyPage.objects.order_by("-opens_at").annotate(
        counted=Count("responses", filter=Q(responses__is_spam=False, responses__flagged=False)),
        flagged=Count("responses", filter=Q(responses__flagged=True, responses__is_spam=False)),
        spam=Count("responses", filter=Q(responses__is_spam=True)),
    )


def response_answers(*, response: SurveyResponse) -> list[tuple[str, str]]:
    """(question, answer) of one response as a moderator reads it: choice labels, "—" when skipped."""
    rows = []
    answers = dict(response.answers)
    for question in response.survey.survey_questions():
        value = answers.pop(question.id, None)
        labels = dict(question.choices)
        if value is None:
            shown = "—"
        elif isinstance(value, list):
            shown = "; ".join(labels.get(v, v) for v in value)
        else:
            shown = labels.get(value, str(value)) if isinstance(value, str) else str(value)
        rows.append((question.text, shown))
    # Answers to questions since removed from the survey still show, under their id.
    rows += [(f"Câu hỏi đã xóa ({qid})", str(value)) for qid, value in answers.items()]
    return rows
