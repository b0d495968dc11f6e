"""The append-only audit log: who saw or changed what, chained by hashes per tenant."""

from portal.audit.service import AuditProblem, record, verify, views_of_case

__all__ = ["AuditProblem", "record", "verify", "views_of_case"]
