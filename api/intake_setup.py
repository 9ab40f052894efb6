"""How the API reads enterprises' messages: the :class:`flows.intake.IntakeSetup` chosen once in
:func:`api.app.create_app` (rules, semantic service types, and the LLM when configured), reached by every router
through :data:`IntakeDep` so no handler chooses a model.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from flows.intake import IntakeSetup


def get_intake(request: Request) -> IntakeSetup:
    setup: IntakeSetup = request.app.state.intake
    return setup


IntakeDep = Annotated[IntakeSetup, Depends(get_intake)]
