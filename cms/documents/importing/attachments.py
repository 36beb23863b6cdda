"""Store a row's attachments as Wagtail documents: files first (per row), then the rows in bulk."""

from django.core.files import File
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.documents.importing.plan import Planned

Document = get_document_model()


class StoredFiles:
    """Names of the files written to storage in the current transaction, to delete on rollback."""

    def __init__(self) -> None:
        self.names: list[tuple[object, str]] = []

    def add(self, storage: object, name: str) -> None:
        self.names.append((storage, name))

    def mark(self) -> int:
        return len(self.names)

    def discard_since(self, mark: int) -> None:
        for storage, name in self.names[mark:]:
            storage.delete(name)
        del self.names[mark:]


def files_store(
    item: Planned, *, collection: Collection, user: object | None, stored: StoredFiles
) -> list[Document | int]:
    """The row's files in order: the id of a document the page already has with the same content,
    or a new, unsaved document whose file is already in storage (saved later by documents_save)."""
    known: dict[str, Document | int] = dict(item.documents_by_hash or {})
    files: list[Document | int] = []
    for attachment in item.row.attachments or []:
        if attachment.sha1 not in known:
            document = Document(
                title=attachment.name,
                collection=collection,
                uploaded_by_user=user,
                file_hash=attachment.sha1,
                file_size=attachment.path.stat().st_size,
            )
            with attachment.path.open("rb") as handle:
                document.file.save(attachment.name, File(handle), save=False)
            stored.add(document.file.storage, document.file.name)
            known[attachment.sha1] = document
        files.append(known[attachment.sha1])
    return files


def document_ids(files: list[Document | int]) -> list[int]:
    return [file if isinstance(file, int) else file.pk for file in files]
