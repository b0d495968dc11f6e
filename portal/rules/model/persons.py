"""Person variables: what a citizen can answer about each member of the household."""

from __future__ import annotations

from datetime import date

import numpy as np

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


class aow_age_months(Variable):
    value_type = int
    entity = Person
    definition_period = DAY
    label = "The person's AOW age in months, looked up by birth date (AOW art. 7a)"

    def formula(person, period, parameters):
        # The AOW age is set per year in which people reach it, so it follows from the
        # birth date: someone born 31 December 1960 reached it at 67 in 2027 and keeps it
        # in 2028, when the AOW age for people reaching it then is 67 years and 3 months.
        births = person("birth_date", period).astype("datetime64[D]")
        limits = np.empty(births.shape, dtype=np.int64)
        for day in np.unique(births):
            limits[births == day] = int(parameters(str(day)).aow_age_by_birth_date)
        return limits


class has_aow_age(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY
    label = "Has reached the AOW age on the day (the AOW age of the person's birth date)"

    def formula(person, period, parameters):
        return person("age_in_months", period) >= person("aow_age_months", period)


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
    label = "Is in detention (Participatiewet art. 13 lid 1 a)"


class excluded_from_bijstand(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY
    label = "Has no right to bijstand of their own: in detention (art. 13 lid 1 a) or under 27 with student finance (art. 13 lid 2 c)"

    def formula(person, period, parameters):
        young = person("age", period) < parameters(period).bijstand.ages.young_person_age
        return person("in_detention", period) + young * person("student_finance", period)


variables = [birth_date, age_in_months, age, aow_age_months, has_aow_age, net_income, student_finance, in_detention,
             excluded_from_bijstand]
