"""The in-app inbox: what needs a person's attention (a new proposal, their turn in the workflow, a complaint)."""
