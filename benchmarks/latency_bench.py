"""Latency of the main reads for a person with years of daily data, against a trivial endpoint.

A person gets ``--days`` (default 1095: three years) of demo data (the same generator as
``vagal demo``), the app is served by uvicorn (``vagal serve``) in a child process, and each
endpoint is requested ``--requests`` times over one kept-alive HTTP connection, the endpoints
taking turns so all see the same conditions. Reported: p50 and p95 per endpoint and the ratio of
each p50 and p95 to the trivial endpoint's (``/api/v1/health``, no database). Target: within 5x.

    .venv/bin/python benchmarks/latency_bench.py                    # SQLite
    .venv/bin/python benchmarks/latency_bench.py --postgres URL     # and PostgreSQL (a database
                                                                     # is created and dropped)

``/progress`` and ``/api/v1/progress`` are measured when the app has them, and listed as skipped
otherwise.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "a calm benchmark password"
EMAIL = "bench@example.org"
TIMEZONE = "Europe/Berlin"
TARGET_RATIO = 5.0


@dataclass(frozen=True)
class Result:
    name: str
    path: str
    p50_ms: float
    p95_ms: float
    ratio_p50: float
    ratio_p95: float
    status: int


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(url: str, days: int, seed: int) -> tuple[str, float, date]:
    """Schema, the account, ``days`` of demo data and a token; returns the token, the seconds
    taken and the person's local day the data ends on."""
    from vagal.services import accounts, demo
    from vagal.storage import migrate
    from vagal.storage.db import Database

    database = Database.from_url(url)
    now = datetime.now(UTC)
    migrate.upgrade(database.engine, now=now, backup=False)
    hasher = accounts.make_password_hasher("fast-insecure-for-tests")
    started = time.perf_counter()
    try:
        with database.session(write=True) as session:
            account = accounts.sign_up(
                session, hasher, email=EMAIL, password=PASSWORD, timezone=TIMEZONE, now=now
            )
        with database.session(write=True) as session:
            demo.generate(session, account, now=now, days=days, seed=seed)
        with database.session(write=True) as session:
            token, _ = accounts.create_token(session, account, name="bench", now=now)
    finally:
        database.dispose()
    return token, time.perf_counter() - started, now.astimezone(ZoneInfo(TIMEZONE)).date()


def _serve(url: str, port: int, data_dir: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        VAGAL_DATABASE_URL=url,
        VAGAL_SECRET_KEY=secrets.token_urlsafe(48),
        VAGAL_DATA_DIR=str(data_dir),
        VAGAL_PASSWORD_HASHING="fast-insecure-for-tests",
    )
    vagal = Path(sys.executable).with_name("vagal")
    process = subprocess.Popen(
        [str(vagal), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/health")
            if conn.getresponse().status == 200:
                conn.close()
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(
        f"the server did not start: {process.stderr.read().decode() if process.stderr else ''}"
    )


def _session_cookie(port: int) -> str:
    """Log in through the form (for pages such as /progress); returns the Cookie header."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = (response.getheader("set-cookie") or "").split(";")[0]
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "no CSRF token on /login"
    form = urllib.parse.urlencode(
        {"csrf_token": match.group(1), "email": EMAIL, "password": PASSWORD}
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    conn.request("POST", "/login", body=form, headers=headers)
    response = conn.getresponse()
    response.read()
    new_cookie = (response.getheader("set-cookie") or cookie).split(";")[0]
    conn.close()
    return new_cookie


def _exists(port: int, path: str, headers: dict[str, str]) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status != 404


def _measure(
    port: int, endpoints: list[tuple[str, str, dict[str, str]]], requests: int, warmup: int
) -> dict[str, tuple[list[float], int]]:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    times: dict[str, list[float]] = {name: [] for name, _, _ in endpoints}
    status: dict[str, int] = {}
    for round_index in range(warmup + requests):
        for name, path, headers in endpoints:
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            status[name] = response.status
            if round_index >= warmup:
                times[name].append(elapsed * 1000.0)
    conn.close()
    return {name: (values, status[name]) for name, values in times.items()}


def run(
    url: str, label: str, *, days: int, requests: int, warmup: int, seed: int
) -> dict[str, object]:
    token, prepare_s, local_day = _prepare(url, days, seed)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="vagal-latency-") as data_dir:
        port = _free_port()
        server = _serve(url, port, Path(data_dir))
        try:
            bearer = {"Authorization": f"Bearer {token}"}
            today = datetime.now(UTC).date()

            def span(n: int) -> str:
                return f"from={(today - timedelta(days=n + 1)).isoformat()}&to={(today + timedelta(days=1)).isoformat()}"

            endpoints = [
                ("trivial: GET /api/v1/health", "/api/v1/health", bearer),
                ("GET /api/v1/me (sign-in check only)", "/api/v1/me", bearer),
                ("GET /api/v1/checkins (30 days)", f"/api/v1/checkins?{span(30)}", bearer),
                ("GET /api/v1/checkins (90 days)", f"/api/v1/checkins?{span(90)}", bearer),
                ("GET /api/v1/checkins (365 days)", f"/api/v1/checkins?{span(365)}", bearer),
                ("GET /api/v1/recordings", "/api/v1/recordings", bearer),
                # The person's day when the data was made: a run that crosses local midnight
                # would otherwise ask for a day without a check-in (a quick 409).
                ("GET /api/v1/plan/today", f"/api/v1/plan/today?date={local_day}", bearer),
            ]
            skipped: list[str] = []
            if _exists(port, "/api/v1/progress", bearer):
                endpoints.append(("GET /api/v1/progress", "/api/v1/progress", bearer))
            else:
                skipped.append("/api/v1/progress (not in this build)")
            cookie = {"Cookie": _session_cookie(port)}
            if _exists(port, "/progress", cookie):
                endpoints.append(("GET /progress (page)", "/progress", cookie))
            else:
                skipped.append("/progress (not in this build)")
            measured = _measure(port, endpoints, requests, warmup)
        finally:
            server.terminate()
            server.wait(timeout=10)
    load_after = os.getloadavg()[0]
    base_name = endpoints[0][0]
    base50 = statistics.median(measured[base_name][0])
    base95 = statistics.quantiles(measured[base_name][0], n=20)[18]
    results: list[Result] = []
    for name, path, _ in endpoints:
        values, status = measured[name]
        p50 = statistics.median(values)
        p95 = statistics.quantiles(values, n=20)[18]
        results.append(Result(name, path, p50, p95, p50 / base50, p95 / base95, status))
    return {
        "database": label,
        "days": days,
        "requests": requests,
        "prepare_s": round(prepare_s, 1),
        "load": (round(load_before, 2), round(load_after, 2)),
        "results": [r.__dict__ for r in results],
        "skipped": skipped,
    }


def markdown(report: dict[str, object]) -> str:
    lines = [
        f"**{report['database']}**, {report['days']} days of data, {report['requests']} requests "
        f"per endpoint (demo data generated in {report['prepare_s']} s; 1-minute load average "
        f"{report['load'][0]} before the requests, {report['load'][1]} after, "  # type: ignore[index]
        f"on {os.cpu_count()} CPUs)",
        "",
        "| endpoint | status | p50 ms | p95 ms | p50 / trivial | p95 / trivial | within 5× |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in report["results"]:  # type: ignore[attr-defined]
        ok = row["ratio_p50"] <= TARGET_RATIO and row["ratio_p95"] <= TARGET_RATIO
        verdict = "yes" if ok else "**no**"
        if row["status"] != 200:
            verdict = f"**not measured: status {row['status']}**"
        lines.append(
            f"| {row['name']} | {row['status']} | {row['p50_ms']:.2f} | {row['p95_ms']:.2f} | "
            f"{row['ratio_p50']:.1f}× | {row['ratio_p95']:.1f}× | {verdict} |"
        )
    for note in report["skipped"]:  # type: ignore[attr-defined]
        lines.append(f"\nSkipped: {note}.")
    return "\n".join(lines)


def _postgres_database(admin_url: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"vagal_latency_{secrets.token_hex(4)}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), name


def _drop_postgres(admin_url: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=1095)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--postgres", help="A PostgreSQL admin URL: also measure on PostgreSQL.")
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    args = parser.parse_args()
    reports = []
    with tempfile.TemporaryDirectory(prefix="vagal-latency-db-") as tmp:
        sqlite_url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        reports.append(
            run(
                sqlite_url,
                "SQLite",
                days=args.days,
                requests=args.requests,
                warmup=args.warmup,
                seed=args.seed,
            )
        )
    if args.postgres:
        url, name = _postgres_database(args.postgres)
        try:
            reports.append(
                run(
                    url,
                    "PostgreSQL",
                    days=args.days,
                    requests=args.requests,
                    warmup=args.warmup,
                    seed=args.seed,
                )
            )
        finally:
            _drop_postgres(args.postgres, name)
    for report in reports:
        print(markdown(report))
        print()
    if args.json:
        args.json.write_text(json.dumps(reports, indent=2))


if __name__ == "__main__":
    main()
