"""One bounded schemathesis pass, shared by the fuzz tests: no 5xx, and every response as the schema says."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.core.result import Ok


def check_operations(schema: Any, *, headers: dict[str, str], examples: int) -> list[str]:
    """Run every operation of ``schema`` with ``examples`` generated cases each; return the operations' labels.

    "Schema-valid data is accepted" is not a promise of this API: domain rules (a center org needs a kb center id, a
    credit code its check character, a need a service type before it is published, a review's version must be
    current) answer 4xx to data the schema alone cannot rule out. No 5xx and schema-true responses are the promise.
    """
    labels = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # an operation the schema cannot describe is itself a failure
        operation = result.ok()
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=examples, deadline=None, database=None,
                             suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        check()
    return labels
