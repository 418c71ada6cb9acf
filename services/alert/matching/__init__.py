"""Watch-rule matching: the rule language, the rule index and explanations. Pure: no broker, no database.

index = RuleIndex(gazetteer)
index.add("r1", RuleFilter(actors=["Washington"], query="tariff AND NOT exemption"))
index.match(shift, sources=2)  # -> [RuleMatch("r1", ['actor: "Washington" = United States', ...])]
"""

from services.alert.matching.actors import AliasResolver
from services.alert.matching.index import RuleIndex
from services.alert.matching.linear import match_linear
from services.alert.matching.query import Query, QuerySyntaxError, format_query, parse_query
from services.alert.matching.rules import RuleFilter, RuleMatch

__all__ = [
    "AliasResolver",
    "Query",
    "QuerySyntaxError",
    "RuleFilter",
    "RuleIndex",
    "RuleMatch",
    "format_query",
    "match_linear",
    "parse_query",
]
