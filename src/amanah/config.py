"""Settings from the environment (AMANAH_*), with defaults that need no configuration."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AMANAH_")

    data_dir: Path = Path(".amanah")
    database_url: str | None = None
    home_state: str = "XH"
    home_state_name: str = "Home State"
    home_state_sipri_name: str = ""  # the home state as SIPRI names suppliers, for world rank
    # Regimes binding the home state beyond the UN's, whose Chapter VII measures always bind.
    # The default fits a state that is not an EU member: add "EU", "ARAB_LEAGUE", "OIC" or
    # "NATIONAL" (AMANAH_ADOPTED_REGIMES='["UN","ARAB_LEAGUE"]') as the home state's law adopts them.
    adopted_regimes: list[str] = ["UN"]
    # the optional rule set of the EU Common Position 2008/944/CFSP's eight criteria
    eu_common_position: bool = False
    conventions: list[str] = ["APMBC", "CCM"]
    max_document_bytes: int = 10 * 1024 * 1024
    session_hours: int = 8
    token_days: int = 30
    # the audit seal key lives outside the database: this file, or AMANAH_AUDIT_KEY (hex)
    audit_key: str | None = None
    audit_key_file: Path | None = None
    audit_checkpoint_every: int = 100
    host: str = "127.0.0.1"
    port: int = 8000
    # screening: a hit at or above `match_threshold` is a match, between the two it goes to review
    match_threshold: float = 0.70
    review_threshold: float = 0.50
    # `amanah screen` asks a screening process that stays up this many seconds after its last
    # request (`screening.server`); 0: each command screens in its own process
    screening_idle: int = 900
    # processes that share a bulk re-assessment of the open cases; 0: one per core
    compliance_workers: int = 0
    # background jobs: "auto" (procrastinate on PostgreSQL, in-process on SQLite), "queue", "inline"
    jobs_runner: str = "auto"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'amanah.db').resolve()}"

    @property
    def resolved_audit_key_file(self) -> Path:
        return self.audit_key_file or self.data_dir / "audit.key"

    @property
    def audit_checkpoint_file(self) -> Path:
        return self.data_dir / "audit-checkpoints.jsonl"

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"


@lru_cache
def get_settings() -> Settings:
    return Settings()
