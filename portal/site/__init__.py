"""The public pages: the list of municipalities, each tenant's home, statements, health."""
