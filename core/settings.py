"""One settings object for the whole service.

Read from the environment (prefix ``INNODOCK_``) once, at the edge (CLI or app factory), and passed down;
nothing deeper in the code reads the environment.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INNODOCK_", extra="ignore")

    home: Path = Field(
        default=PROJECT_ROOT / "var",
        description="Data folder: SQLite file, index files, model cache, reports.",
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default is a SQLite file under `home`."
    )
    index_dir: Path | None = Field(
        default=None,
        description="Folder of the vector index files; default `<home>/index`. Several API hosts share one (a shared "
                    "mount) when the index is built by a job (`INNODOCK_MATCHER_INDEX_BUILDS=job`, docs/deploy.md).",
    )
    echo_sql: bool = False
    # How long a client has to confirm (or reopen) a complaint's handling before the association may close it (issue 30,
    # item 2), in calendar days from the handling. The seeds set no such period (seed 001 §5.2.9 only asks that
    # complaints be handled). 15 days is our reading: three times the provider's own 5 working days to handle it
    # (flows.engagements.COMPLAINT_HANDLING_WORKDAYS), so the client is never rushed more than the provider was, and two
    # full working weeks even across a weekend or a short holiday; short enough that a complaint does not stay open
    # into the next rating period for want of an answer. The association closes it by hand, never a timer.
    complaint_confirm_days: int = Field(
        default=15, ge=1, le=365,
        description="Days a client has to confirm a complaint's handling before the association may close it.",
    )
    # How long an association usually takes to review a submitted need and settle the providers to propose, in working
    # days, as the 办事指南 tells the enterprise (issue 30, item 6: api.pages.ui_guide). A promise the association
    # makes, not a timer: nothing is refused or escalated when it passes. The seeds set no such period; 5 working days
    # is our reading — one working week, the period the provider has to handle a complaint
    # (flows.engagements.COMPLAINT_HANDLING_WORKDAYS) and seed 003 art. 18 gives for reporting a change of staff.
    review_expected_workdays: int = Field(
        default=5, ge=1, le=60,
        description="Working days an association usually takes to review a submitted need (shown to the enterprise).",
    )

    # How many newly published needs a provider is told of a day (issue 28, item 6: "needs offered to providers"): a
    # congested inbox makes providers stop answering, and a provider that stopped reading its notices misses the needs
    # it was proposed for too. The seeds set no number: three is our reading, a handful a coordinator reads in one
    # sitting. The needs over the cap are not lost: they wait on the provider's opportunities page
    # (/centers/{id}/opportunities), which lists every published need that fits it.
    opportunity_daily_cap: int = Field(
        default=3, ge=0, le=100,
        description="New fitting needs a provider is told of per day; the rest wait on its opportunities page.",
    )

    # How often the learned ranker is refitted on the coordinators' decisions by the scheduled ``ranker_retrain`` job
    # (issue 28, item 4; the rule: flows.ranker_training.retrain_due). A retrain falls due once this long has passed
    # since the last recorded one AND some decision was taken since; otherwise the scheduled run records a skip and
    # trains nothing. Weekly is our reading, not a measurement: the held-out comparison needs decisions to accumulate
    # (the replay in docs/matching.md §8f adopted its first model only after 42 decided rounds), and a ranking that
    # changes under the coordinators every day is harder to trust than one that changes weekly. A retrain is cheap
    # today (one fit on the 392 shipped groups: 3.4 s) and grows with the decisions. 0: never on a schedule
    # (``innodock match retrain`` still refits by hand).
    matcher_retrain_interval_hours: int = Field(
        default=168, ge=0, le=8760,
        description="Hours between scheduled ranker retrains (only when new decisions exist); 0 turns them off.",
    )

    @field_validator("home", mode="after")
    @classmethod
    def _absolute_home(cls, value: Path) -> Path:
        # A relative home would move with the working directory; resolve it once, here.
        return value.expanduser().resolve()

    @field_validator("index_dir", mode="after")
    @classmethod
    def _absolute_index_dir(cls, value: Path | None) -> Path | None:
        return value.expanduser().resolve() if value is not None else None

    @cached_property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'innodock.sqlite3'}"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home


def get_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
