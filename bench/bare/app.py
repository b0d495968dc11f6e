"""The yardstick of bench/pages.py: a bare Litestar + Jinja page with one indexed query.

What a page costs with nothing of the portal around it: one uvicorn worker, Litestar,
a Jinja template, a pooled SQLAlchemy async session and one primary-key lookup in the
same database as the portal (DATABASE_URL; its own table `bench_bare_items`).

    DATABASE_URL=sqlite+aiosqlite:///var/portal.db uvicorn bench.bare.app:app --port 8100
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from litestar import Litestar, get
from litestar.plugins.jinja import JinjaTemplateEngine as Engine
from litestar.response import Template
from litestar.template.config import TemplateConfig
from sqlalchemy import Integer, String, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROWS = 1000


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "bench_bare_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


engine = create_async_engine(os.environ["DATABASE_URL"])
sessions = async_sessionmaker(engine, expire_on_commit=False)


async def create_rows() -> None:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    async with sessions() as session:
        if await session.get(Item, 1) is None:
            session.add_all(Item(id=n, name=f"item {n}") for n in range(1, ROWS + 1))
            await session.commit()


@get("/")
async def page() -> Template:
    async with sessions() as session:
        item = await session.scalar(select(Item).where(Item.id == random.randint(1, ROWS)))
    return Template("page.html", context={"item": item})


async def dispose() -> None:
    await engine.dispose()


app = Litestar(
    route_handlers=[page],
    template_config=TemplateConfig(directory=Path(__file__).parent, engine=Engine),
    on_startup=[create_rows],
    on_shutdown=[dispose],
)
