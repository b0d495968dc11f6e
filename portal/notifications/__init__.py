"""Outbox, email rendering and sending."""
