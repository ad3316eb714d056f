"""The label grammar's old address: `kcheck.grammar.parse_label(text, forms)` is `kcheck.label`'s."""

from kcheck.label import MASS_UNITS as MASS_UNITS
from kcheck.label import Amount as Amount
from kcheck.label import Candidate as Candidate
from kcheck.label import Ingredient as Ingredient
from kcheck.label import Label as Label
from kcheck.label import Problem as Problem
from kcheck.label import Span as Span
from kcheck.label import directions_per_day as directions_per_day
from kcheck.label import parse_label as parse_label
