"""Applying: drafts per scheme (defined in data), validation, submission into a case."""
