"""Parse a source row into model values, and validate a document's values with the model's own rules."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from wagtail.utils.file import hash_filelike

from cms.documents.importing.columns import BY_FIELD
from cms.documents.importing.linking import RelationSpec, history_parse, relations_parse
from cms.documents.importing.lookups import Lookups, Vocabulary
from cms.documents.importing.reading import SourceRow, Value
from cms.documents.importing.richtext import rich_text_from
from cms.documents.models import LegalDocumentPage, ValidityStatus
from cms.documents.models.pages import Scope, normalize_number

DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
SUMMARY_MAX = 600
# Model fields whose own validators run on the merged values (foreign keys are checked by lookup).
VALIDATED = ("title", "number", "signer_name", "issued_on", "effective_on", "expires_on", "status", "scope")
DEFAULTS: dict[str, object] = {
    "title": "",
    "kind_id": None,
    "issued_on": None,
    "signer_name": "",
    "signer_title_id": None,
    "effective_on": None,
    "expires_on": None,
    "status": ValidityStatus.IN_FORCE.value,
    "scope": Scope.NATIONAL.value,
    "summary": "",
    "body": "",
    "unit_id": None,
    "reform_areas": (),
    "files": (),
    "relations": (),
    "validity_history": (),
}
# Values that are lists of child rows rather than attributes of the page row.
CHILDREN = ("reform_areas", "files", "relations", "validity_history")


class Rejected(Exception):
    """A row that cannot be imported, with its reasons in Vietnamese."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Attachment:
    name: str
    path: Path
    sha1: str


@dataclass
class ParsedRow:
    """A row's key and the values of the columns it has (model attribute names)."""

    source: SourceRow
    number: str
    issuer_id: int
    values: dict[str, object]
    attachments: list[Attachment] | None
    # None when the file has no such column: the page keeps what it has.
    relations: tuple[RelationSpec, ...] | None = None
    unit_code: str | None = None

    @property
    def year(self) -> int | None:
        issued_on = self.values.get("issued_on")
        return issued_on.year if issued_on else None

    @property
    def key(self) -> tuple[str, int, int | None]:
        """Numbers restart every year: a document is its number, issuer and year of issue."""
        return number_key(self.number), self.issuer_id, self.year


def number_key(number: str) -> str:
    return normalize_number(number).casefold()


def blank_message(field: str) -> str:
    return str(LegalDocumentPage._meta.get_field(field).error_messages["blank"])


def row_parse(source: SourceRow, lookups: Lookups, attachments_dir: Path | None) -> ParsedRow:
    """The row's values, or Rejected with every problem found in it."""
    if source.problem:
        raise Rejected([source.problem])
    errors: list[str] = []
    values: dict[str, object] = {}
    for attname, (column, parse) in _parsers(lookups).items():
        if column in source.values:
            try:
                values[attname] = parse(source.values[column])
            except ValueError as exc:
                errors.append(f"{column}: {exc}")
    number, issuer_id = _key(source, lookups, errors)
    attachments = None
    if "tep_dinh_kem" in source.values:
        attachments = _attachments(source.values["tep_dinh_kem"], attachments_dir, errors)
        values["files"] = tuple(a.sha1 for a in attachments)
    relations = None
    if "quan_he" in source.values:
        try:
            relations = relations_parse(source.values["quan_he"])
        except ValueError as exc:
            errors.append(f"quan_he: {exc}")
    if errors:
        raise Rejected(errors)
    unit_code = str(source.values["don_vi"]) if "don_vi" in source.values else None
    return ParsedRow(source, number, issuer_id, values, attachments, relations, unit_code)


def _parsers(lookups: Lookups) -> dict[str, tuple[str, Callable[[Value], object]]]:
    """Model attribute → (column, parser); a parser raises ValueError with the reason."""
    return {
        "kind_id": ("loai_van_ban", lambda v: _lookup(v, lookups.kinds, "loại văn bản")),
        "title": ("trich_yeu", lambda v: " ".join(v.split())),
        "issued_on": ("ngay_ban_hanh", _date),
        "effective_on": ("ngay_co_hieu_luc", _date),
        "expires_on": ("ngay_het_hieu_luc", _date),
        "status": ("tinh_trang_hieu_luc", lambda v: _choice(v, lookups.statuses, "status")),
        "scope": ("pham_vi", lambda v: _choice(v, lookups.scopes, "scope")),
        "signer_name": ("nguoi_ky", lambda v: " ".join(v.split())),
        "signer_title_id": ("chuc_danh_nguoi_ky", lambda v: _lookup(v, lookups.signer_titles, "chức danh")),
        "reform_areas": ("linh_vuc", lambda v: _areas(v, lookups)),
        "summary": ("tom_tat", str),
        "body": ("toan_van", rich_text_from),
        "validity_history": ("lich_su_hieu_luc", lambda v: history_parse(v, _date)),
    }


def _key(source: SourceRow, lookups: Lookups, errors: list[str]) -> tuple[str, int | None]:
    number = normalize_number(str(source.values.get("so_ky_hieu", "")))
    issuer = str(source.values.get("co_quan_ban_hanh", ""))
    if not number:
        errors.append(f"so_ky_hieu: {blank_message('number')}")
    issuer_id = lookups.issuers.get(issuer) if issuer else None
    if issuer_id is None:
        reason = (
            f"không có cơ quan ban hành «{issuer}» trong danh mục." if issuer else blank_message("issuer")
        )
        errors.append(f"co_quan_ban_hanh: {reason}")
    return number, issuer_id


def _lookup(value: str, vocabulary: Vocabulary, what: str) -> int | None:
    if not value:
        return None
    found = vocabulary.get(value)
    if found is None:
        raise ValueError(f"không có {what} «{value}» trong danh mục.")
    return found


def _choice(value: str, vocabulary: Vocabulary, field: str) -> str:
    if not value:
        return DEFAULTS[field]
    found = vocabulary.get(value)
    if found is None:
        labels = ", ".join(str(label) for _, label in LegalDocumentPage._meta.get_field(field).choices)
        raise ValueError(f"giá trị «{value}» không hợp lệ (chọn một trong: {labels}).")
    return found


def _areas(values: list[str], lookups: Lookups) -> tuple[int, ...]:
    found = {value: lookups.reform_areas.get(value) for value in values}
    unknown = [value for value, pk in found.items() if pk is None]
    if unknown:
        raise ValueError(f"không có lĩnh vực {', '.join(f'«{u}»' for u in unknown)} trong danh mục.")
    return tuple(sorted(set(found.values())))


def _date(value: str) -> date | None:
    if not value:
        return None
    if match := DMY.match(value):
        day, month, year = match.groups()
    elif match := YMD.match(value):
        year, month, day = match.groups()
    else:
        day = month = year = "0"
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"ngày «{value}» không hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd).") from None


def _attachments(names: list[str], folder: Path | None, errors: list[str]) -> list[Attachment]:
    if names and folder is None:
        errors.append("tep_dinh_kem: có tệp đính kèm nhưng lệnh không có --attachments THƯ_MỤC.")
        return []
    allowed = {ext.lower() for ext in settings.WAGTAILDOCS_EXTENSIONS}
    found = []
    for name in names:
        path = folder / name
        if Path(name).name != name or name in (".", ".."):
            errors.append(f"tep_dinh_kem: tên tệp «{name}» không được chứa đường dẫn thư mục.")
        elif path.suffix.lower().lstrip(".") not in allowed:
            errors.append(
                f"tep_dinh_kem: loại tệp «{name}» không được phép (chỉ {', '.join(sorted(allowed))})."
            )
        elif not path.is_file():
            errors.append(f"tep_dinh_kem: không tìm thấy tệp «{name}» trong {folder}.")
        else:
            with path.open("rb") as handle:
                found.append(Attachment(name, path, hash_filelike(handle)))
    return found


def document_validate(values: dict[str, object]) -> None:
    """Run the model's field validators and clean() on a document's merged values; raise Rejected."""
    fields = {k: v for k, v in values.items() if k not in (*CHILDREN, "issuer_id")}
    # Without issuer_id, clean() skips its database check for a taken number: the importer matches
    # numbers itself, an existing (number, issuer) being an update rather than an error.
    page = LegalDocumentPage(**fields)
    errors: dict[str, list[str]] = {}
    for check in (_check_fields, _check_clean):
        try:
            check(page)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if values.get("kind_id") is None:
        errors.setdefault("kind", []).append(blank_message("kind"))
    try:
        MaxLengthValidator(SUMMARY_MAX)(values.get("summary") or "")
    except ValidationError as exc:
        errors.setdefault("summary", []).extend(exc.messages)
    if errors:
        raise Rejected([f"{_column(field)}: {' '.join(messages)}" for field, messages in errors.items()])


def _check_fields(page: LegalDocumentPage) -> None:
    exclude = [f.name for f in LegalDocumentPage._meta.fields if f.name not in VALIDATED]
    page.clean_fields(exclude=exclude)


def _check_clean(page: LegalDocumentPage) -> None:
    page.clean()


def _column(field: str) -> str:
    column = BY_FIELD.get(field.removesuffix("_id"))
    return column.name if column else field
