"""The learned ranker refitted on the coordinators' decisions (issue 28, item 4; flows.ranker_training): the decided
rounds as training groups, the held-out rule (adopted only when the candidate orders the latest decisions better than
the current model), both figures recorded on a finished job, and nothing fitted from too few decisions. Tiny: a few
needs of the test world and a two-group stand-in for the shipped sets."""

from __future__ import annotations

from datetime import UTC, datetime

from core.db import session_scope
from flows import jobs, ranker_training, reviews
from flows.access import pipeline_actor
from matcher import ranker
from outbox import jobs as job_rows
from tests.flows.flowhelpers import Flows

# A need both centers of the test world may take: two proposals to decide on.
BOTH = "动力电池电芯热失控试验，以及稀土永磁材料的磁性能测量。"
TYPES = ["inspection_testing", "key_parameter_measurement"]


def _decided(flows: Flows, n: int) -> None:
    """``n`` needs, each with its first proposal declined as not suitable and its second accepted."""
    for _ in range(n):
        _, review_id = flows.submitted_need(text=BOTH, service_types=TYPES)
        first, second = [p.center_id for p in flows.review(review_id).proposals[:2]]
        with session_scope(flows.settings) as session:
            reviews.reject(session=session, principal=flows("coord-assoc"), review_id=review_id,
                           reason="not_suitable", text="不做这类试验", center_id=first,
                           version=flows.review(review_id).version, outbox=flows.outbox)
        flows.accept(review_id, second)


def _shipped() -> list[ranker.Group]:
    x = ranker.features([{"center_id": c, "score": s, "reasons": [{"kind": "score", "text": "", "relevance": s}]}
                         for c, s in (("a", 0.9), ("b", 0.5))])
    return [ranker.Group("s1", x, (1.0, 0.0)), ranker.Group("s2", x, (1.0, 0.0))]


def test_too_few_decisions_fit_nothing_and_say_so_on_a_recorded_job(flows: Flows) -> None:
    result = ranker_training.retrain_recorded(settings=flows.settings, principal=flows("coord-assoc"))
    assert (result["decided_rounds"], result["adopted"], result["current"], result["candidate"]) == (0, False, None,
                                                                                                     None)
    assert "too few" in result["note"] and not ranker.deployment_model(flows.settings.home).exists()
    with session_scope(flows.settings) as session:
        job = job_rows.get_job(session=session, job_id=result["job_id"], org_id=None, home=flows.settings.home)
    assert job.name == ranker_training.JOB and job.status == "finished" and job.result["decided_rounds"] == 0
    # The queued job runs the same retraining on behalf of the pipeline's view of who asked.
    with session_scope(flows.settings) as session:
        asked = pipeline_actor(flows("coord-assoc"), session).model_dump(mode="json")
    queued = jobs.ranker_retrain(flows.settings, actor=asked)
    assert (queued["decided_rounds"], queued["adopted"]) == (0, False) and "ranker_retrain" in jobs.HANDLERS


def test_decisions_become_groups_and_the_candidate_is_adopted_only_on_a_held_out_gain(flows: Flows) -> None:
    _decided(flows, 4)
    with session_scope(flows.settings) as session:
        who = pipeline_actor(flows("coord-assoc"), session)
        groups, unmatched = ranker_training.decision_groups(session=session, actor=who)
        assert len(groups) == 4 and unmatched == 0
        # The declined center 0, the accepted 1, the rest of the round (passed over beside an acceptance) 0.
        assert all(g.grades[:2] == (0.0, 1.0) and sum(g.grades) == 1.0 for _, g in groups)
        assert [t for t, _ in groups] == sorted(t for t, _ in groups)
        result = ranker_training.retrain(session=session, settings=flows.settings, actor=who, min_held=1,
                                         shipped=_shipped(), now=datetime(2026, 11, 26, tzinfo=UTC))
    assert result["held_out"] == 2 and result["trained_on"] == 2
    assert isinstance(result["current"], float) and isinstance(result["candidate"], float)
    assert result["adopted"] == (result["candidate"] > result["current"])
    target = ranker.deployment_model(flows.settings.home)
    assert target.exists() == result["adopted"]

    # A deployment model that puts the declined center first is beaten on the held-out decisions by a candidate fitted
    # on the earlier ones: adopted, written, and read as the current model from then on.
    weights = [0.0] * len(ranker.FEATURES)
    weights[ranker.FEATURES.index("inv_position")] = 1.0
    ranker.RankerModel(features=ranker.FEATURES, mean=(0.0,) * len(weights), scale=(1.0,) * len(weights),
                       weights=tuple(weights)).save(target)
    with session_scope(flows.settings) as session:
        who = pipeline_actor(flows("coord-assoc"), session)
        again = ranker_training.retrain(session=session, settings=flows.settings, actor=who, min_held=1, shipped=[])
    assert again["current_model"] == str(target) and again["adopted"] is True
    assert again["candidate"] > again["current"]
    model = ranker.load_model(target)
    assert model is not None and model.meta["held_out"]["candidate"] == again["candidate"]
    assert model.meta["held_out"]["current"] == again["current"]
