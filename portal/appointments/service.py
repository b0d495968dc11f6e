"""The appointments domain's public interface for other packages (cases, back office)."""

from portal.appointments.booking import Booked, BookingError, SlotTaken, book, cancel, move
from portal.appointments.queries import appointments_for_case

__all__ = ["Booked", "BookingError", "SlotTaken", "appointments_for_case", "book", "cancel", "move"]
