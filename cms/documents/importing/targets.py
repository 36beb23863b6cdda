"""Resolve what a row points at: the documents of its relations (database or file) and its unit."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from cms.documents.importing.linking import RelationSpec
from cms.documents.importing.rows import ParsedRow, Rejected
from cms.documents.models.relations import RelationKind
from cms.units.models import Unit
from cms.units.selectors import unit_get

# A relation's target: the id of a page, or a row of the file whose page does not exist yet.
Target = int | ParsedRow
# (kind, target, note) in the file's order, the form the page's relations are compared in.
Relation = tuple[str, Target, str]


class Targets:
    """Every document a relation may name, by number: the database's and the file's rows.

    A row of the file that matches an existing page is that page (its id), so a document named
    both ways is one candidate, not two.
    """

    def __init__(self, pages: Iterable[tuple[str, int, int]], rows: Iterable[tuple[ParsedRow, int | None]]):
        self._by_number: dict[str, dict[tuple, tuple[int, Target]]] = defaultdict(dict)
        for number, year, pk in pages:
            self._by_number[number][("pk", pk)] = (year, pk)
        for row, pk in rows:
            if pk is None and row.year is not None:
                self._by_number[row.key[0]][("row", id(row))] = (row.year, row)
        self._units: dict[tuple[str, date], int] = {}

    def relations(self, row: ParsedRow, own: int | None) -> tuple[Relation, ...]:
        """The row's relations with their targets found; raise Rejected naming what is missing."""
        found, errors = [], []
        for spec in row.relations or ():
            try:
                target = self.target(spec)
                if target is row or target == own:
                    raise ValueError(f"văn bản không thể có quan hệ với chính nó ({spec.label}).")
                found.append((spec.kind, target, spec.note))
            except ValueError as exc:
                errors.append(f"quan_he: {exc}")
        if errors:
            raise Rejected(errors)
        return tuple(found)

    def target(self, spec: RelationSpec) -> Target:
        candidates = self._by_number.get(spec.number.casefold(), {}).values()
        if spec.year is not None:
            candidates = [(year, t) for year, t in candidates if year == spec.year]
        candidates = list(candidates)
        kind = RelationKind(spec.kind).label
        if not candidates:
            raise ValueError(
                f"không tìm thấy văn bản {spec.label} (quan hệ «{kind}») trong cơ sở dữ liệu hay trong tệp."
            )
        if len(candidates) > 1:
            years = sorted({year for year, _ in candidates})
            if spec.year is None and len(years) > 1:
                listed = ", ".join(str(y) for y in years)
                raise ValueError(
                    f"có {len(candidates)} văn bản số {spec.number} (năm {listed}); "
                    f"ghi năm trong ngoặc, ví dụ «{spec.number} ({years[-1]})»."
                )
            raise ValueError(f"có {len(candidates)} văn bản số {spec.label} của các cơ quan khác nhau.")
        return candidates[0][1]

    def unit_id(self, code: str, on: date | None) -> int | None:
        """The unit holding `code` on the date of issue (codes are reused after mergers)."""
        if not code or on is None:
            return None
        if (code, on) not in self._units:
            try:
                self._units[(code, on)] = unit_get(code=code, on=on).pk
            except Unit.DoesNotExist:
                raise Rejected(
                    [f"don_vi: không có đơn vị mã «{code}» vào ngày {on:%d/%m/%Y} (ngày ban hành)."]
                ) from None
        return self._units[(code, on)]


def dependency_order(rows: list[ParsedRow], targets: Targets) -> list[ParsedRow]:
    """The rows with every row after the rows of the file it relates to, file order otherwise.

    Relation rows are written right after their batch's pages, so a target must be written in the
    same batch or an earlier one. Ordering the rows (rather than writing every relation after the
    whole file) keeps each row, relations included, in one transaction: all or nothing. Only a cycle
    spanning two batches of 500 rows can still leave a row without its target; it is rejected.
    """
    ordered: list[ParsedRow] = []
    state: dict[int, bool] = {}  # False: being visited, True: placed
    for row in rows:
        stack = [(row, iter(_file_targets(row, targets)))]
        state.setdefault(id(row), False)
        while stack:
            current, pending = stack[-1]
            following = next((t for t in pending if id(t) not in state), None)
            if following is not None:
                state[id(following)] = False
                stack.append((following, iter(_file_targets(following, targets))))
                continue
            stack.pop()
            if state[id(current)] is False:
                state[id(current)] = True
                ordered.append(current)
    return ordered


def _file_targets(row: ParsedRow, targets: Targets) -> list[ParsedRow]:
    found = []
    for spec in row.relations or ():
        try:
            target = targets.target(spec)
        except ValueError:
            continue
        if isinstance(target, ParsedRow) and target is not row:
            found.append(target)
    return found
