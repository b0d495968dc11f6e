"""Rules as code: the OpenFisca model of the schemes (see docs/rules.md).

Entry points: :class:`portal.rules.engine.RulesEngine`, :func:`portal.rules.situation.parse_situation`,
:func:`portal.rules.advice.advise` and the ``rules`` click group in :mod:`portal.rules.cli`.
"""
