"""Wire shapes of background jobs: the job as every API worker reports it, and the inputs that queue one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.auth.schemas import Id

JobStatus = Literal["queued", "started", "finished", "failed"]


class JobOut(BaseModel):
    """``result`` once ``finished`` (what the job returned), ``error`` once ``failed``; a job that wrote a file
    (a report) has ``download``, the path to fetch it from."""

    id: str
    name: str
    status: JobStatus
    params: dict[str, Any] = Field(default_factory=dict)
    result: Any = None
    error: str | None = None
    download: str | None = Field(default=None, description="下载地址（报告）/ where to fetch the file (reports)")
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None


class StrictIn(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IndexRebuildIn(StrictIn):
    force: bool = Field(default=False, description="重建整个索引（否则只同步变化）/ rebuild everything instead of "
                        "syncing what changed")


class AssignmentsIn(StrictIn):
    need_ids: Annotated[list[Id], Field(min_length=1, max_length=500)] | None = Field(
        default=None, description="待审核需求的编号；不填则为整个审核队列 / needs waiting for review; without it, "
        "the whole review queue (as it is when the job runs)")
    alternates: Annotated[int, Field(ge=0, le=10)] = 2


class ReportJobIn(StrictIn):
    fmt: Literal["html", "pdf"] = "html"
