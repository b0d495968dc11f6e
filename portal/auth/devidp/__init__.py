"""The development identity provider: real OpenID Connect, demo people, test only.

Switched on by PORTAL_DEV_IDP (`make run`, tests); `Settings.validate()` refuses it in
production. Its routes live under `/dev-idp/` and are registered only when it is on.
"""
