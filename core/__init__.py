"""Shared plumbing for every innodock package: settings, the database, errors and the root CLI."""
