"""Appointments: types, locations, opening hours, slots, bookings, reminders."""
