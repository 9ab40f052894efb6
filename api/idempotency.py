"""``Idempotency-Key`` for POSTs that create something: a client that retries (a timeout, a double click, 20 parallel
copies) gets the first answer again, and the thing is created once.

The claim is a row with a unique (caller + route, key) written as the request's first write, in the request's own
transaction. Parallel copies queue on that constraint: PostgreSQL holds the second insert until the first
transaction ends, SQLite's write lock does the same. The loser then finds the winner's row, committed with its
answer, and replays it. If the winner fails, its row rolls back with everything else and the next copy wins.
The same key with a different body is a client error (422), never a silent replay of something else.
Keys are kept for a day.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.models import IdempotencyRecord
from authz.principal import Principal
from core.db import utcnow
from core.errors import ConflictError, InnodockError

HEADER = "Idempotency-Key"
KEEP = timedelta(days=1)
_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


class Idempotency:
    def __init__(self, request: Request) -> None:
        self.key = request.headers.get(HEADER)
        route = request.scope.get("route")
        self.route = f"{request.method} {getattr(route, 'path_format', request.url.path)}"
        self._row: IdempotencyRecord | None = None

    def claim(self, *, session: Session, actor: Principal, body: Any) -> JSONResponse | None:
        """The first answer, when this is a retry; None when the request should run (and then :meth:`remember`)."""
        if self.key is None:
            return None
        if not _KEY.match(self.key):
            raise InnodockError("Idempotency-Key 须为1–200个可见ASCII字符 / Idempotency-Key must be 1–200 visible "
                                "ASCII characters", field=HEADER)
        scope = f"{actor.key_id or actor.user_id or actor.org_id}|{self.route}"[:200]
        digest = hashlib.sha256(json.dumps(jsonable_encoder(body), sort_keys=True, ensure_ascii=False)
                                .encode("utf-8")).hexdigest()
        row = IdempotencyRecord(scope=scope, key=self.key, request_hash=digest, created_at=utcnow())
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            # Another copy holds (held) the key. Nothing of this request was written yet but the claim, so the whole
            # transaction goes, and the winner's committed row is read afresh.
            session.rollback()
            return self._replay(session, scope, digest)
        session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < utcnow() - KEEP))
        self._row = row
        return None

    def _replay(self, session: Session, scope: str, digest: str) -> JSONResponse:
        found = session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.scope == scope,
                                                               IdempotencyRecord.key == self.key))
        if found is None or found.status_code is None:
            raise ConflictError("相同 Idempotency-Key 的请求正在处理 / a request with this Idempotency-Key is in "
                                "progress; retry shortly", field=HEADER, code="idempotency_in_progress")
        if found.request_hash != digest:
            raise _reused()
        return JSONResponse(found.response, status_code=found.status_code, headers={"Idempotent-Replayed": "true"})

    def remember(self, *, session: Session, status_code: int, answer: Any) -> Any:
        """Keep the answer with the claim (committed together with what the request did) and return it."""
        if self._row is not None:
            self._row.status_code = status_code
            self._row.response = jsonable_encoder(answer)
            session.flush()
        return answer


class _Reused(InnodockError):
    status_code = 422


def _reused() -> InnodockError:
    return _Reused("该 Idempotency-Key 已用于另一请求 / this Idempotency-Key was used with a different request",
                   field=HEADER, code="idempotency_key_reused")


def get_idempotency(request: Request) -> Idempotency:
    return Idempotency(request)


IdempotencyDep = Annotated[Idempotency, Depends(get_idempotency)]
