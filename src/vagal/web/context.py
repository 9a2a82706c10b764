"""Per-request access to what create_app put on app.state, with types."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from fastapi import Request
from fastapi.templating import Jinja2Templates
from pwdlib import PasswordHash

from vagal.catalog import CrisisResource
from vagal.services.accounts import LoginPolicy
from vagal.settings import Settings
from vagal.storage.db import Database


def db(request: Request) -> Database:
    return cast(Database, request.app.state.db)


def now(request: Request) -> datetime:
    return cast(datetime, request.app.state.clock())


def settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


def hasher(request: Request) -> PasswordHash:
    return cast(PasswordHash, request.app.state.hasher)


def login_policy(request: Request) -> LoginPolicy:
    return cast(LoginPolicy, request.app.state.login_policy)


def templates(request: Request) -> Jinja2Templates:
    return cast(Jinja2Templates, request.app.state.templates)


def crisis_resources(request: Request) -> tuple[CrisisResource, ...]:
    return cast(tuple[CrisisResource, ...], request.app.state.crisis_resources)
