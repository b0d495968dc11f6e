"""Benefits: the running uitkering after a bijstand grant (issue 18)."""
