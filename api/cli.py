"""``innodock serve``: the API and the UI on the data folder of ``INNODOCK_HOME``."""

from __future__ import annotations

from typing import Annotated

import typer

from core.settings import get_settings


def serve(
    host: Annotated[str, typer.Option(help="监听地址 / address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="端口 / port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="进程数 / worker processes")] = 1,
) -> None:
    """启动 API 与网页界面 / serve the API and the web UI."""
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    app = create_app(settings)
    typer.echo(f"innodock 已启动 / serving on http://{host}:{port}/  (API 文档 docs: http://{host}:{port}/docs, "
               f"数据目录 data: {settings.home})", err=True)
    if workers > 1:
        uvicorn.run("api.asgi:app", host=host, port=port, workers=workers, log_level="warning")
    else:
        uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
