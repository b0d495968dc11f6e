"""Anonymous "Check what you could get" built on portal.rules (see docs/rules.md)."""
