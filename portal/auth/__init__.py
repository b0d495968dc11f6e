"""Citizens and employees: OpenID Connect login, sessions, guards."""
