"""Full-text search that ignores script and needs no word breaks: `terms` (what text and
queries become: character pairs, folded to simplified script), `index` (search.sqlite and
how it keeps up with the archive), `ranking` (matches in date order, no more read than a
limited search shows)."""

from newsarc.search.index import Hit, SearchIndex, index_version
from newsarc.search.terms import SearchQuery, fold, index_tokens, snippet, term_query, text_tokens
from newsarc.store.store import INDEX_FILE

__all__ = [
    "INDEX_FILE",
    "Hit",
    "SearchIndex",
    "SearchQuery",
    "fold",
    "index_tokens",
    "index_version",
    "snippet",
    "term_query",
    "text_tokens",
]
