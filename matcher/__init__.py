"""Matching needs with providers: embeddings, the FAISS index, lexical evidence, fusion, rules, teams, assignment.

Other packages call ``matcher.service`` (keyword-only functions) and read ``matcher.schemas``.
"""
