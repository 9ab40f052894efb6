"""``innodock serve``: the API and the web UI at a terminal (the account commands are :mod:`cli.accounts`)."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from api.config import ApiConfig
from core.settings import get_settings


def serve(
    host: Annotated[str, typer.Option(help="监听地址 / address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="端口 / port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="进程数 / worker processes")] = 1,
) -> None:
    """启动 API 与网页界面 / serve the API and the web UI.

    例 / example: innodock serve --host 127.0.0.1 --port 8000 --workers 2
    """
    settings = get_settings()
    typer.echo(f"innodock 已启动 / serving on http://{host}:{port}/  (API 文档 docs: http://{host}:{port}/docs, "
               f"数据目录 data: {settings.home})", err=True)
    # uvloop and httptools, not uvicorn's pure-Python defaults: with several workers, plain asyncio gets the
    # listening socket by file descriptor with proto 0, so it never sets TCP_NODELAY on accepted connections, and
    # every request after the first on a keep-alive connection waited ~40 ms for a delayed ACK (measured: 44 ms).
    if workers > 1:
        # Each worker's query embeddings get their share of the cores (see MatcherConfig.torch_threads).
        os.environ.setdefault("INNODOCK_MATCHER_TORCH_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))
    # The app is imported by name (``api.asgi``: these settings, the index warmed up at start), one per worker, so a
    # terminal command that does not serve never loads the web app.
    uvicorn.run("api.asgi:app", host=host, port=port, workers=workers, log_level="warning", loop="uvloop",
                http="httptools", timeout_worker_healthcheck=ApiConfig().worker_healthcheck_seconds)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
