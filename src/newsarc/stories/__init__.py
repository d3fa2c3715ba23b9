"""Copies of one story (a wire story republished by other outlets): `signature` (what a
text becomes: a MinHash of its character shingles, folded to one script; pure, made in
the import's workers) and `index` (stories.sqlite: the LSH bands, the groups, how they keep
up with the archive)."""

from newsarc.stories.index import Story, StoryIndex
from newsarc.stories.signature import SIMILAR, similarity, text_signature

__all__ = ["SIMILAR", "Story", "StoryIndex", "similarity", "text_signature"]
