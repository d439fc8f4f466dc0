"""GET /dev/mail: what the development mailcatcher received (only when NOTIFICATIONS_DEV_MAIL_DIR is set)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from servicekit.errors import NotFound

from notifications.adapters.mailcatcher import describe, list_mail, read_mail

router = APIRouter(prefix="/dev/mail", tags=["development"])


@router.get("", summary="Messages the mailcatcher stored, oldest first")
async def list_messages(request: Request) -> list[dict]:
    return [asdict(m) for m in list_mail(Path(request.app.state.dev_mail_dir))]


@router.get("/{name}", response_class=PlainTextResponse, summary="One stored message: headers, plain text and attachments")
async def show_message(name: str, request: Request) -> str:
    try:
        return describe(read_mail(Path(request.app.state.dev_mail_dir), name))
    except FileNotFoundError:
        raise NotFound("Message", name) from None
