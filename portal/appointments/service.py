"""The appointments domain's public interface for other packages (cases, back office)."""

from portal.appointments.booking import Booked, BookingError, SlotTaken, book, cancel, move
from portal.appointments.queries import appointments_for_case, list_for_citizen

__all__ = ["Booked", "BookingError", "SlotTaken", "appointments_for_case", "book", "booking_link", "cancel", "list_for_citizen", "move"]


def booking_link(tenant, type_id: str) -> str | None:
    """Where to book an appointment of `type_id` (its first step already chosen), or None
    when the tenant's agenda has no such type: another page then links to nothing dead."""
    from portal.appointments.config import config_of

    if config_of(tenant).type(type_id) is None:
        return None
    return f"{tenant.base_path}/appointments?type={type_id}"
