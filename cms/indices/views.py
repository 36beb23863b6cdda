"""Admin screen to upload an edition's results from CSV or XLSX (the same import as the command)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.generic.edit import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.indices.importing import ImportAborted
from cms.indices.importing.reading import MAX_BYTES
from cms.indices.models import IndexEdition
from cms.indices.services import ImportReport, index_results_import, results_import_announce

IMPORT_PERMISSIONS = ("indices.add_indexresult", "indices.delete_indexresult")


def user_can_import(user) -> bool:  # noqa: ANN001 - a Django user
    return user.has_perms(IMPORT_PERMISSIONS)


class ImportForm(forms.Form):
    edition = forms.ModelChoiceField(
        label="Kỳ công bố",
        queryset=IndexEdition.objects.order_by("index", "-year", "scope"),
        empty_label="Chọn kỳ công bố",
        error_messages={"required": "Hãy chọn kỳ công bố.", "invalid_choice": "Kỳ công bố không hợp lệ."},
    )
    file = forms.FileField(
        label="Tệp kết quả",
        help_text="CSV (UTF-8) hoặc Excel .xlsx, tối đa 5 MB. Cột: ma_don_vi, chi_so, xep_hang, nhom, "
        "thay_doi, ghi_chu và một cột cho mỗi mã thành phần.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": "Hãy chọn tệp cần nhập.", "empty": "Tệp đã chọn không có nội dung."},
    )
    dry_run = forms.BooleanField(label="Chỉ kiểm tra, không ghi", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"Tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB.")
        return upload


class IndexImportView(WagtailAdminTemplateMixin, FormView):
    """Check the file; import it only when every row is valid (all or nothing)."""

    form_class = ImportForm
    template_name = "indices/import.html"
    page_title = "Nhập kết quả chỉ số"
    header_icon = "upload"
    _breadcrumbs_items = None

    def dispatch(self, request, *args, **kwargs):
        if not user_can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def form_valid(self, form):
        edition, upload = form.cleaned_data["edition"], form.cleaned_data["file"]
        try:
            report = index_results_import(
                edition=edition,
                content=upload.read(),
                file_name=upload.name,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ImportAborted as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        if report.ok and not report.dry_run:
            results_import_announce(report=report, user=self.request.user)
            messages.success(self.request, _summary(report))
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse("indices_import:index")
        report = kwargs.get("report")
        context["summary"] = _summary(report) if report else ""
        return context


def _summary(report: ImportReport) -> str:
    name = report.edition.title
    if report.errors:
        return f"Tệp bị từ chối: {len(report.errors)} lỗi; chưa ghi gì vào «{name}»."
    if report.dry_run:
        return f"Tệp hợp lệ: {report.rows} dòng cho «{name}». Chưa ghi gì (chỉ kiểm tra)."
    return f"Đã nhập {report.written} kết quả vào «{name}» (thay {report.replaced} kết quả trước đó)."
