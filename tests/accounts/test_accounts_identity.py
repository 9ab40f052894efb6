"""Identity rules at the service level: argon2 passwords, credit codes, key tokens, roles that fit their org."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from accounts import hashing
from accounts import service as auth
from accounts.credit_code import normalise_credit_code
from accounts.models import ApiKey, User
from accounts.vocab import OrgKind, Role
from core.db import session_scope
from core.errors import ConflictError, InnodockError, NotFoundError
from flows import accounts as accounts_flow
from tests.api.apihelpers import PASSWORD, World, second_association


def test_password_hash_is_argon2id_and_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hashing, "_hasher", PasswordHasher())  # the production parameters
    digest = hashing.hash_password("密码-secret-1")
    assert digest.startswith("$argon2id$") and "密码" not in digest
    assert hashing.verify_password(digest, "密码-secret-1")
    assert not hashing.verify_password(digest, "密码-secret-2")
    assert not hashing.verify_password("not-a-hash", "密码-secret-1")
    assert not hashing.verify_password(None, "anything")  # unknown user: still costs one verification
    assert hashing.hash_password("same") != hashing.hash_password("same")  # salted


def test_api_key_tokens_parse() -> None:
    prefix, token = hashing.new_api_key()
    assert token.startswith(f"ik_{prefix}_") and len(token) > 50
    assert hashing.split_api_key(token) == prefix
    for bad in ["", "ik_", "ik_zzzzzzzz_abc", "ik_0123abcd_", "is_0123abcd_abc", f"ik_{prefix}", "ik_0123abc_x"]:
        assert hashing.split_api_key(bad) is None, bad


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000802100433B", " 91350100m000100y43 "])
def test_credit_code_accepts_valid(code: str) -> None:
    assert normalise_credit_code(code) == code.strip().upper()


@pytest.mark.parametrize("code", ["91350100M000100Y44", "9135010OM000100Y43", "12345", "91350100M000100Y4３"])
def test_credit_code_refuses_invalid(code: str) -> None:
    with pytest.raises(InnodockError) as info:
        normalise_credit_code(code)
    assert info.value.field == "credit_code"


def test_org_and_user_rules(world: World) -> None:
    with session_scope(world.settings) as session:
        with pytest.raises(InnodockError, match="cannot be admin"):
            auth.create_user(session=session, org_id=world.orgs["a"], username="boss", password=PASSWORD,
                             role=Role.admin)
        with pytest.raises(ConflictError):
            auth.create_user(session=session, org_id=world.orgs["b"], username="ENT-A", password=PASSWORD,
                             role=Role.enterprise)
        with pytest.raises(InnodockError, match="8"):
            auth.create_user(session=session, org_id=world.orgs["b"], username="shorty", password="short",
                             role=Role.enterprise)
        with pytest.raises(NotFoundError):
            accounts_flow.create_org(session=session, kind=OrgKind.center, name="不存在", center_id="no-such-center")
        with pytest.raises(ConflictError):
            auth.create_org(session=session, kind=OrgKind.center, name="重复", center_id="qic-js-battery")
        with pytest.raises(ConflictError):
            auth.create_org(session=session, kind=OrgKind.enterprise, name="冒名", credit_code="91350100M000100Y43")
        with pytest.raises(InnodockError, match="center id"):
            auth.create_org(session=session, kind=OrgKind.center, name="无编号")
        stored = session.scalar(select(User.password_hash).where(User.username == "ent-a"))
        assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored


def test_authenticate(world: World) -> None:
    with session_scope(world.settings) as session:
        user = auth.authenticate(session=session, username=" Ent-A ", password=PASSWORD)
        assert user.username == "ent-a" and user.last_login_at is not None
        messages = set()
        for username, password in [("ent-a", "wrong-password"), ("nobody", PASSWORD)]:
            with pytest.raises(auth.UnauthorizedError) as info:
                auth.authenticate(session=session, username=username, password=password)
            messages.add(info.value.message)
        assert len(messages) == 1  # the same answer whether or not the user exists
        session.get(User, world.users["ent-a"]).active = False  # type: ignore[union-attr]
        with pytest.raises(auth.UnauthorizedError):
            auth.authenticate(session=session, username="ent-a", password=PASSWORD)


def test_keys_are_stored_as_sha256_only(world: World) -> None:
    secret = world.keys["site"]
    with session_scope(world.settings) as session:
        row = session.get(ApiKey, world.key_ids["site"])
        assert row is not None
        assert row.secret_hash == hashing.sha256_hex(secret) and secret not in repr(row.__dict__)
        actor = auth.verify_api_key(session=session, token=secret)
        assert actor.role == Role.association_coordinator and actor.via == "key" and not actor.is_admin
    with session_scope(world.settings) as session:
        assert session.get(ApiKey, world.key_ids["site"]).last_used_at is not None  # type: ignore[union-attr]


def test_set_password_ends_logins(world: World) -> None:
    with session_scope(world.settings) as session:
        token, _ = auth.start_session(session=session, user_id=world.users["ent-b"], hours=1)
        assert auth.actor_for_session(session=session, token=token).username == "ent-b"
        auth.set_password(session=session, user_id=world.users["ent-b"], password="a-new-password")
        with pytest.raises(auth.UnauthorizedError):
            auth.actor_for_session(session=session, token=token)
        assert auth.authenticate(session=session, username="ent-b", password="a-new-password")


def test_actor_maps_onto_the_pipelines_actor(world: World) -> None:
    from pipeline.schemas import Actor as PipelineActor

    with session_scope(world.settings) as session:
        enterprise = auth.verify_api_key(session=session, token=world.keys["ent-a-key"])
        token, _ = auth.start_session(session=session, user_id=world.users["coord-center"], hours=1)
        center = auth.actor_for_session(session=session, token=token)
    assert enterprise.enterprise_id == world.orgs["a"] and center.enterprise_id is None
    as_enterprise = PipelineActor.model_validate(enterprise.pipeline_fields())
    assert as_enterprise.role.value == "enterprise" and as_enterprise.id == world.orgs["a"]
    as_center = PipelineActor.model_validate(center.pipeline_fields())
    assert as_center.org == "qic-js-battery" and as_center.id == world.users["coord-center"]


def test_parties_are_the_events_organisations_only(world: World) -> None:
    """The outbox asks for an event's parties on every event: exactly the enterprise, the center's organisation and
    the associations given (every one when None), oldest first, never another enterprise."""
    second_association(world)
    o = world.orgs
    with session_scope(world.settings) as session:
        every = auth.parties(session=session, enterprise_id=o["a"], center_id="qic-js-battery", association_ids=None)
        assert [p.id for p in every] == [o["a"], o["center"], o["assoc"], o["assoc2"]]
        theirs = auth.parties(session=session, enterprise_id=o["c"], center_id=None, association_ids={o["assoc2"]})
        assert [p.id for p in theirs] == [o["assoc2"], o["c"]]
        assert auth.parties(session=session, enterprise_id=None, center_id="no-such-center",
                            association_ids=set()) == []
        # An id of the wrong kind finds nothing: an enterprise is not an association, a center not an enterprise.
        assert auth.parties(session=session, enterprise_id=o["center"], center_id=None,
                            association_ids={o["a"]}) == []
        # Several events' parties in one read (a submission tells each proposed center): each answer is its own ask's.
        asks = [(o["a"], "qic-js-battery", None), (o["c"], None, {o["assoc2"]}), (None, "no-such-center", set()),
                (o["center"], None, {o["a"]})]
        assert [[p.id for p in answer] for answer in auth.parties_many(session=session, asks=asks)] == [
            [o["a"], o["center"], o["assoc"], o["assoc2"]], [o["assoc2"], o["c"]], [], []]
        assert auth.parties_many(session=session, asks=[]) == []


def test_a_credit_code_with_a_letter_the_code_never_uses_is_told_which() -> None:
    """The enterprise's day (2026-11-28): "91320400MA1XYZ1234", 18 digits and capitals, was refused "应为18位数字或大写
    字母", which it is; the code's alphabet leaves out I, O, S, V and Z, and the refusal now says so."""
    with pytest.raises(InnodockError) as info:
        normalise_credit_code("91320400MA1XYZ1234")
    zh, _, en = info.value.message.partition(" / ")
    assert "Z" in zh and "I、O、S、V、Z" in zh and "I, O, S, V" in en, info.value.message


def test_a_refusal_of_the_wire_schema_names_the_field_in_words(world: World) -> None:
    """An account form's refusal says which field and what is wrong ("输入不正确" alone named nothing: the admin's
    day walked as a new user, 2026-11-28, a new organisation with no name)."""
    with session_scope(world.settings) as session:
        with pytest.raises(InnodockError) as nameless:
            auth.create_org(session=session, kind=OrgKind.enterprise, name="")
        assert nameless.value.field == "name"
        assert nameless.value.message.startswith("“名称”未填写")
        assert "the name is missing" in nameless.value.message
        with pytest.raises(InnodockError) as email:
            auth.create_user(session=session, org_id=world.orgs["b"], username="li-gong", password=PASSWORD,
                             role=Role.enterprise, email="li at example")
        assert email.value.field == "email" and email.value.message.startswith("“邮箱”格式不正确")
        with pytest.raises(InnodockError) as scopeless:  # the key form sent with no scope ticked
            auth.create_api_key(session=session, org_id=world.orgs["b"], name="ERP", scopes=[])
        assert scopeless.value.field == "scopes" and scopeless.value.message.startswith("“权限范围”至少选择一项")
