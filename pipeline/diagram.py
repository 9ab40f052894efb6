"""The state diagram, generated from ``EngagementMachine`` itself, for docs/workflow.md.

python-statemachine renders Mermaid without Graphviz, so the diagram in the docs is the machine's own rendering
(``python -m pipeline.diagram`` prints it; a test fails when the docs fall out of step with the machine).
"""

from __future__ import annotations

from pipeline.machine import ENGAGEMENT

mermaid = ENGAGEMENT.mermaid


if __name__ == "__main__":
    print(mermaid(), end="")
