"""The lifecycle diagram, generated from ``ProviderMachine`` itself, for docs/providers.md (``python -m
providers.diagram`` prints it; a test fails when the docs fall out of step with the machine)."""

from __future__ import annotations

from providers.machine import PROVIDER

mermaid = PROVIDER.mermaid


if __name__ == "__main__":
    print(mermaid(), end="")
