"""Processes as tenant data: Wmo, schuldhulpverlening, inburgering and bijstand (issue 19)."""
