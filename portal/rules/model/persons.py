"""Person variables: what a citizen can answer about each member of the household."""

from __future__ import annotations

from datetime import date

from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.variables import Variable

from ._helpers import months_since, on_date
from .entities import Person


class birth_date(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Person
    definition_period = ETERNITY
    label = "Birth date"


class age_in_months(Variable):
    value_type = int
    entity = Person
    definition_period = DAY
    label = "Age in whole months on the day"

    def formula(person, period, parameters):
        return months_since(person("birth_date", period), on_date(period))


class age(Variable):
    value_type = int
    entity = Person
    definition_period = DAY
    label = "Age in whole years on the day"

    def formula(person, period, parameters):
        return person("age_in_months", period) // 12


class has_aow_age(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY
    label = "Has reached the AOW age on the day"

    def formula(person, period, parameters):
        return person("age_in_months", period) >= parameters(period).aow_age_months


class net_income(Variable):
    value_type = float
    entity = Person
    definition_period = DAY
    label = "Net monthly income (euros)"


class student_finance(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY
    label = "Has a right to student finance"


class in_detention(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY
    label = "Is in detention"


variables = [birth_date, age_in_months, age, has_aow_age, net_income, student_finance, in_detention]
