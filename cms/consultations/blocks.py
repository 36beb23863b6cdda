"""A draft's structure: chapters (Chương) and articles (Điều) with clauses (Khoản).

Each article is a top-level stream block, so its block id is stable across edits and an
opinion can point at exactly one article (and one clause, by its list-item id).
"""

from wagtail import blocks


class ChapterBlock(blocks.StructBlock):
    number = blocks.CharBlock(label="Số chương", max_length=20, help_text="Ví dụ: Chương I")
    title = blocks.CharBlock(label="Tên chương", max_length=255)

    class Meta:
        icon = "title"
        label = "Chương"


class ClauseBlock(blocks.StructBlock):
    number = blocks.CharBlock(label="Số khoản", max_length=10, help_text="Ví dụ: 1")
    text = blocks.TextBlock(label="Nội dung khoản")

    class Meta:
        label = "Khoản"


class ArticleBlock(blocks.StructBlock):
    number = blocks.CharBlock(label="Số điều", max_length=20, help_text="Ví dụ: Điều 1")
    title = blocks.CharBlock(label="Tên điều", max_length=255)
    text = blocks.TextBlock(label="Nội dung chung", required=False)
    clauses = blocks.ListBlock(ClauseBlock(), label="Các khoản", min_num=0)

    class Meta:
        icon = "list-ol"
        label = "Điều"


class DraftBlock(blocks.StreamBlock):
    chapter = ChapterBlock()
    article = ArticleBlock()

    class Meta:
        block_counts = {"article": {"min_num": 1}}
