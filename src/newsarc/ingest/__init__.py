"""Turning files into articles: discover → decode → detect format → read → clean.

Each stage is a plain function on one item, so the importer can run them in worker processes.
"""

from newsarc.ingest.extract import Extracted, extract_article

__all__ = ["Extracted", "extract_article"]
