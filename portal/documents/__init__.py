"""Uploaded documents: checked by content, stored behind an interface, shown only to
the owning citizen and the tenant's employees."""

from portal.documents.service import DocumentRefused, documents_for_application, documents_for_case, store_upload
from portal.documents.store import DocumentStore, FilesystemStore, provide_document_store

__all__ = [
    "DocumentRefused",
    "DocumentStore",
    "FilesystemStore",
    "documents_for_application",
    "documents_for_case",
    "provide_document_store",
    "store_upload",
]
