"""Providers over time (issue 14): the lifecycle from application to revocation, centers' own edits waiting for the
association's approval, and the periodic obligations of seeds 002, 003 and 004."""
