"""The columns an import file may have, with their meaning in Vietnamese (help, docs and rejects CSV)."""

import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    field: str
    help: str


COLUMNS: tuple[Column, ...] = (
    Column("so_ky_hieu", "number", "Số ký hiệu, ví dụ 876/QĐ-BNV, 202/2025/QH15 (bắt buộc)."),
    Column(
        "co_quan_ban_hanh",
        "issuer",
        "Cơ quan ban hành: tên, đường dẫn (slug) hoặc mã đơn vị, ví dụ «Bộ Nội vụ», «bnv» (bắt buộc).",
    ),
    Column(
        "loai_van_ban",
        "kind",
        "Loại văn bản: tên, slug hoặc chữ viết tắt, ví dụ «Quyết định», «quyet-dinh», «QĐ» "
        "(bắt buộc khi tạo mới).",
    ),
    Column("trich_yeu", "title", "Trích yếu, thành tiêu đề trang (bắt buộc khi tạo mới)."),
    Column("ngay_ban_hanh", "issued_on", "Ngày ban hành, dd/mm/yyyy hoặc yyyy-mm-dd (bắt buộc khi tạo mới)."),
    Column("ngay_co_hieu_luc", "effective_on", "Ngày có hiệu lực, dd/mm/yyyy hoặc yyyy-mm-dd."),
    Column("ngay_het_hieu_luc", "expires_on", "Ngày hết hiệu lực, dd/mm/yyyy hoặc yyyy-mm-dd."),
    Column(
        "tinh_trang_hieu_luc",
        "status",
        "Tình trạng hiệu lực: «Còn hiệu lực», «Hết hiệu lực một phần», «Hết hiệu lực toàn bộ», "
        "«Chưa có hiệu lực», «Ngưng hiệu lực» hoặc slug (con-hieu-luc …); mặc định Còn hiệu lực.",
    ),
    Column("nguoi_ky", "signer_name", "Họ tên người ký."),
    Column("chuc_danh_nguoi_ky", "signer_title", "Chức danh người ký, ví dụ «Bộ trưởng», «Thứ trưởng»."),
    Column(
        "linh_vuc",
        "reform_areas",
        "Lĩnh vực CCHC (tên hoặc slug), nhiều giá trị cách nhau bằng dấu chấm phẩy «;».",
    ),
    Column(
        "pham_vi",
        "scope",
        "Phạm vi: «Toàn quốc», «Bộ, ngành», «Địa phương» (hoặc toan-quoc, bo-nganh, dia-phuong); "
        "mặc định Toàn quốc.",
    ),
    Column("tom_tat", "summary", "Tóm tắt, văn bản thường, tối đa 600 ký tự."),
    Column("toan_van", "body", "Toàn văn: HTML hoặc văn bản thường (dòng trống tách đoạn)."),
    Column(
        "tep_dinh_kem",
        "files",
        "Tệp văn bản gốc: tên tệp trong thư mục --attachments, nhiều tệp cách nhau bằng «;».",
    ),
    Column(
        "quan_he",
        "relations",
        "Văn bản liên quan: «quan hệ: số ký hiệu (năm): ghi chú», nhiều quan hệ cách nhau bằng «;», "
        "ví dụ «can-cu: 979/QĐ-BNV (2020); Thay thế: 1149/QĐ-BNV». Quan hệ theo slug hoặc tên "
        "(can-cu, huong-dan, quy-dinh-chi-tiet, sua-doi-bo-sung, thay-the, bai-bo, dinh-chinh, hop-nhat, "
        "trien-khai); năm bắt buộc khi số ký hiệu có ở nhiều năm; ghi chú tùy chọn. Văn bản liên quan "
        "phải có trong CSDL hoặc trong tệp. JSON: danh sách đối tượng "
        '{"quan_he", "so_ky_hieu", "nam", "ghi_chu"}. Có cột này thì thay toàn bộ quan hệ của văn bản.',
    ),
    Column(
        "lich_su_hieu_luc",
        "validity_history",
        "Lịch sử hiệu lực: «ngày: tình trạng: ghi chú», cách nhau bằng «;», ví dụ «10/11/2022: "
        "het-hieu-luc-toan-bo: Bị thay thế bởi 876/QĐ-BNV». JSON: danh sách đối tượng "
        '{"ngay", "tinh_trang", "ghi_chu"}. Có cột này thì thay toàn bộ lịch sử của văn bản.',
    ),
    Column("don_vi", "unit", "Mã đơn vị (ví dụ BNV, 01), tra theo danh mục đơn vị vào ngày ban hành."),
)

BY_NAME = {column.name: column for column in COLUMNS}
BY_FIELD = {column.field: column for column in COLUMNS}
# Without these two a row cannot even be matched against the database.
KEY_COLUMNS = ("so_ky_hieu", "co_quan_ban_hanh")
# A new document needs these; an update may leave them out of the file.
CREATE_COLUMNS = ("loai_van_ban", "trich_yeu", "ngay_ban_hanh")
LIST_COLUMNS = ("linh_vuc", "tep_dinh_kem")
# In JSON these may also be lists of objects; in CSV they are «;»-separated items of «:»-separated parts.
STRUCTURED_COLUMNS = ("quan_he", "lich_su_hieu_luc")
# Added by --rejects; ignored on input, so a fixed rejects file can be imported as it is.
REJECT_COLUMNS = ("dong", "ly_do")


def columns_help(width: int = 100) -> str:
    """One paragraph per column, for the command's --help."""
    return "\n".join(
        textwrap.fill(
            f"{column.name}: {column.help}",
            width,
            initial_indent="  ",
            subsequent_indent="      ",
            break_on_hyphens=False,  # keep slugs such as hop-nhat whole
        )
        for column in COLUMNS
    )
