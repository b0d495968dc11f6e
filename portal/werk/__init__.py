"""Werk: re-integration, activation and client management (RAAK), issue 17."""
