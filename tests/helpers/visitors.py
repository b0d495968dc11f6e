"""Several people on the one test client, each with a cookie jar of their own.

A second client would start the app's background tasks twice; swapping the cookies on
the one client gives each person their own session instead:

    visitors = Visitors(client)                      # whoever is logged in now is "owner"
    await login_citizen(visitors.as_("stranger"), "rotterdam")
    await visitors.as_("owner").get(path, expect=200)
    await visitors.as_("stranger").get(path, expect=404)
"""

from __future__ import annotations


class Visitors:
    def __init__(self, client, current: str = "owner"):
        self.client = client
        self.jars: dict[str, dict] = {}
        self.current = current

    def as_(self, name: str):
        """The client with `name`'s cookies on it (none, the first time)."""
        if name != self.current:
            self.jars[self.current] = dict(self.client.cookies)
            self.client.cookies.clear()
            self.client.cookies.update(self.jars.get(name, {}))
            self.current = name
        return self.client
