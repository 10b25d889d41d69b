"""The provider's own cartridge catalogue rows (they win over the built-in catalogue)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from collector.db.base import Base, slug_enum
from schemas import SupplyKind


class CatalogueEntry(Base):
    """One part a printer model takes, added by the provider (``source`` says who/where from)."""

    __tablename__ = "supply_catalogue"
    __table_args__ = (Index("ix_supply_catalogue_model_key", "model_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor: Mapped[str] = mapped_column(String(128))
    model: Mapped[str] = mapped_column(String(256))
    model_key: Mapped[str] = mapped_column(String(256))  # catalogue.model_key(model)
    kind: Mapped[SupplyKind] = mapped_column(slug_enum(SupplyKind))
    colour: Mapped[str | None] = mapped_column(String(32))
    part: Mapped[str] = mapped_column(String(128))
    description: Mapped[str] = mapped_column(String(256), default="")
    yield_pages: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(512))
    added_by: Mapped[str] = mapped_column(String(128))
    added_at: Mapped[datetime]
