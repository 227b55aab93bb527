#!/usr/bin/env python
"""Benchmark: the busiest pages against a real server (gunicorn, PostgreSQL, Redis), measured with wrk.

    .venv/bin/python benchmarks/pages.py                        # drop, create and seed yhdessa_bench
    .venv/bin/python benchmarks/pages.py --reuse --duration 5   # keep the database from the last run
    .venv/bin/python benchmarks/pages.py --json /tmp/pages.json # also write the figures as JSON

One run: (re)creates the PostgreSQL database, migrates it, seeds the demo data (manage.py seed_demo),
collects the static files into a temporary folder, and starts gunicorn (2 sync workers, DEBUG=false,
Redis cache, CONN_MAX_AGE=60) on a free loopback port with DJANGO_SETTINGS_MODULE=benchmarks.settings,
which adds the baseline endpoint of benchmarks/baseline_urls.py. The demo people sign in through the
sign-in form (session cookies); the API is called with a DRF token. Every URL is fetched once and its
status and content checked before it is measured, so a redirect to the sign-in page is never timed.

Each page is then measured with wrk (8 connections, 2 threads, 10 s by default), between two runs of
the baseline endpoint (one indexed query, 50 rows through a small DRF serializer) measured the same way,
and reported as req/s, p50 and p99 latency and its share of the mean of those two baseline req/s.
Goals: each page at least 40 % of the baseline, p99 under 100 ms; the published PDF's p99 under 50 ms.
The exit code is 0 whether the goals are met or not: this is a measurement. Not part of the unit suite.
wrk counts only the requests that completed within a run, so a page slower than the run has few samples.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_SERVER = "postgres://root@127.0.0.1:5432/"
DEFAULT_REDIS = "redis://127.0.0.1:6379/3"

PRINCIPAL = "rehtori@esimerkkila.fi"
TEACHER = "opettaja@esimerkkila.fi"
COORDINATOR = "koordinaattori@esimerkkila.fi"
SCHOOL = "Keskustan koulukeskus"
PUBLISHED_YEAR = 2025  # the demo's published tool is the school's 2025–2026 one

SHARE_GOAL = 40.0  # % of the baseline's req/s
P99_GOAL_MS = 100.0
PDF_P99_GOAL_MS = 50.0

# wrk's Lua hooks: the headers of every request, a count of non-200 answers per thread (a redirect to
# the sign-in page would otherwise be timed as a fast page) and one parsable summary line at the end.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0 end
function response(status, headers, body) if status ~= 200 then non200 = non200 + 1 end end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non200") end
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT {\\"requests\\":%d,\\"duration_us\\":%d,\\"bytes\\":%d,\\"p50_us\\":%d,\\"p90_us\\":%d," ..
    "\\"p99_us\\":%d,\\"max_us\\":%d,\\"mean_us\\":%.1f,\\"non200\\":%d,\\"socket_errors\\":%d," ..
    "\\"timeouts\\":%d}\\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, bad, e.connect + e.read + e.write, e.timeout))
end
"""


@dataclass
class Target:
    """One measured URL: who asks, and what its answer must contain to count as the real page."""

    key: str
    label: str
    path: str
    user: str | None = None  # signed in through the form: session cookie
    token: str | None = None  # DRF token: Authorization header
    expect: list[str] = field(default_factory=list)
    content_type: str = "text/html"
    p99_goal_ms: float = P99_GOAL_MS


@dataclass
class Measurement:
    requests: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    non200: int
    socket_errors: int
    timeouts: int
    bytes_per_response: float


# --- Inside the bench environment (a subprocess): what to measure --------------------------------------


def describe_targets(out: Path) -> None:
    """Run with the bench settings: find the demo objects, make the API token, reverse every URL."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.urls import reverse
    from rest_framework.authtoken.models import Token

    from roles.models import RolesTool, StaffAssignment, ToolState
    from schools.models import School, User

    try:
        from schools.demo import DEMO_PASSWORD
    except ImportError:  # the demo module moved: the README's password
        DEMO_PASSWORD = "Yhdessa-demo-2026"

    users = {u.email: u for u in User.objects.filter(email__in=[PRINCIPAL, TEACHER, COORDINATOR])}
    missing = {PRINCIPAL, TEACHER, COORDINATOR} - set(users)
    if missing:
        raise SystemExit(f"demo accounts missing from the bench database: {', '.join(sorted(missing))}")
    tools = RolesTool.objects.filter(school__name=SCHOOL, state=ToolState.PUBLISHED).select_related(
        "school", "school_year"
    )
    tool = tools.filter(school_year__starts_on__year=PUBLISHED_YEAR).first() or tools.first()
    if tool is None:
        raise SystemExit(f"no published roles tool of {SCHOOL} in the bench database")
    revision = (
        tool.revisions.filter(number=tool.revision).first() or tool.revisions.order_by("-number").first()
    )
    if revision is None:
        raise SystemExit(f"the published tool {tool.pk} has no revision")
    token, _ = Token.objects.get_or_create(user=users[PRINCIPAL])
    principal_schools = list(
        School.objects.filter(assignments__user=users[PRINCIPAL], assignments__role__key="principal")
        .distinct()
        .values_list("name", flat=True)
    )
    teacher_roles = list(
        StaffAssignment.objects.filter(user=users[TEACHER], school=tool.school)
        .select_related("role")
        .order_by("-school_year__starts_on")
        .values_list("role__name_fi", flat=True)[:1]
    )
    city_schools = list(
        School.objects.filter(municipality=tool.school.municipality)
        .order_by("name")
        .values_list("name", flat=True)
    )
    targets = [
        Target(
            "principal_home", "principal's home /", reverse("home"), user=PRINCIPAL, expect=principal_schools
        ),
        Target(
            "roles_tool",
            f"roles tool page (tool {tool.pk})",
            reverse("roles_tool_detail", args=[tool.pk]),
            user=PRINCIPAL,
            expect=[tool.school.name],
        ),
        Target("my_role", "my role (teacher)", reverse("my_role"), user=TEACHER, expect=teacher_roles),
        Target(
            "acts_api",
            "practical acts API list",
            reverse("practical-act-list") + "?" + urlencode({"tool": tool.pk}),
            token=token.key,
            expect=[f'"tool":{tool.pk}'],
            content_type="application/json",
        ),
        Target(
            "coordinator_home", "coordinator's home /", reverse("home"), user=COORDINATOR, expect=city_schools
        ),
        Target(
            "published_pdf",
            f"published PDF (revision {revision.number})",
            reverse("roles_tool_revision_pdf", args=[tool.pk, revision.number]),
            user=TEACHER,
            expect=["%PDF-"],
            content_type="application/pdf",
            p99_goal_ms=PDF_P99_GOAL_MS,
        ),
    ]
    baseline_rows = min(tool.acts.count(), 50)
    description = {
        "password": DEMO_PASSWORD,
        "login": reverse("login"),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "tool": tool.pk,
        "revision": revision.number,
        "baseline": {
            "path": reverse("bench_baseline") + "?" + urlencode({"tool": tool.pk}),
            "rows": baseline_rows,
        },
        "targets": [asdict(t) for t in targets],
    }
    out.write_text(json.dumps(description))


# --- The driver: database, server, sign-in, wrk ---------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def bench_env(args: argparse.Namespace, static_root: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DATABASE_URL=args.server.rstrip("/") + "/" + args.database,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        CONN_MAX_AGE="60",
        REDIS_URL=args.redis,
        CELERY_BROKER_URL=args.redis,
        BENCH_STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def run_step(label: str, command: list[str], env: dict[str, str]) -> None:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{label} failed (exit {result.returncode})")
    print(f"  {label}: {time.perf_counter() - started:.1f} s")


def prepare_database(args: argparse.Namespace) -> None:
    """Drop and create the bench database (unless --reuse); other databases are never touched."""
    import psycopg2
    from psycopg2 import sql

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database) or "bench" not in args.database:
        raise SystemExit("--database must be a plain lower-case name containing 'bench'")
    connection = psycopg2.connect(args.server.rstrip("/") + "/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.database])
            exists = cursor.fetchone() is not None
            if exists and args.reuse:
                print(f"  reusing database {args.database}")
                return
            if exists:
                cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(args.database)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(args.database)))
            print(f"  created database {args.database}")
    finally:
        connection.close()


def flush_redis(url: str) -> None:
    """The spare Redis database is the bench's own: start it empty (cache, queued tasks)."""
    import redis

    if urlsplit(url).path.strip("/") in ("", "0"):
        raise SystemExit("--redis must name a spare database number, e.g. redis://127.0.0.1:6379/3")
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: str | None = None
) -> tuple[int, dict[str, list[str]], bytes]:
    """One request, redirects not followed; returns status, headers (lower-case names, all values), body."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        received: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            received.setdefault(name.lower(), []).append(value)
        return response.status, received, response.read()
    finally:
        connection.close()


def cookies_of(headers: dict[str, list[str]]) -> dict[str, str]:
    # Parsed by hand: the production cookies are Secure, which a cookie jar withholds from http://.
    jar = SimpleCookie()
    for value in headers.get("set-cookie", []):
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int, info: dict[str, Any], email: str) -> str:
    """Through the sign-in form as a browser does; returns the Cookie header of the signed-in session."""
    status, headers, body = request(port, "GET", info["login"])
    if status != 200:
        raise SystemExit(f"sign-in page answered {status}")
    cookies = cookies_of(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not match or info["csrf_cookie"] not in cookies:
        raise SystemExit("sign-in page has no CSRF token")
    form = urlencode(
        {"csrfmiddlewaretoken": match.group(1).decode(), "username": email, "password": info["password"]}
    )
    cookie = f"{info['csrf_cookie']}={cookies[info['csrf_cookie']]}"
    status, headers, _ = request(
        port,
        "POST",
        info["login"],
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        form,
    )
    cookies.update(cookies_of(headers))
    if status != 302 or info["session_cookie"] not in cookies:
        raise SystemExit(f"signing in as {email} failed (status {status}): wrong password or locked out?")
    return "; ".join(f"{name}={cookies[name]}" for name in (info["csrf_cookie"], info["session_cookie"]))


def headers_for(target: Target, cookies: dict[str, str]) -> dict[str, str]:
    if target.token:
        return {"Authorization": f"Token {target.token}"}
    if target.user:
        return {"Cookie": cookies[target.user]}
    return {}


def check(port: int, target: Target, headers: dict[str, str]) -> int:
    """The real page, not a redirect or an error: 200, the right content type, the expected content."""
    status, received, body = request(port, "GET", target.path, headers)
    content_type = received.get("content-type", [""])[0]
    problems = []
    if status != 200:
        problems.append(f"status {status} {received.get('location', [''])[0]}".strip())
    if not content_type.startswith(target.content_type):
        problems.append(f"content type {content_type!r}, expected {target.content_type}")
    text = body.decode("utf-8", "replace")
    for snippet in target.expect:
        if snippet not in text and html.escape(snippet) not in text:
            problems.append(f"{snippet!r} not in the answer")
    if not target.expect:
        problems.append("nothing to check the answer against (demo data changed?)")
    if problems:
        raise SystemExit(f"{target.label} ({target.path}): " + "; ".join(problems))
    return len(body)


def serial_ms(port: int, target: Target, headers: dict[str, str], times: int) -> float | None:
    """Median time of one request at a time on an idle server: the page's own cost, without queueing."""
    if times < 1:
        return None
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        status, _, _ = request(port, "GET", target.path, headers)
        samples.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{target.label} answered {status} between runs")
    return statistics.median(samples)


def wrk(
    port: int, path: str, headers: dict[str, str], *, duration: float, args: argparse.Namespace, script: Path
) -> Measurement:
    lua = "".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n" for k, v in headers.items())
    script.write_text(lua + WRK_SCRIPT)
    command = [
        args.wrk,
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={max(1, round(duration))}s",
        "--timeout=30s",
        f"--script={script}",
        f"http://{HOST}:{port}{path}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 120)
    match = re.search(r"^WRK_RESULT (\{.*\})$", result.stdout, re.MULTILINE)
    if result.returncode != 0 or not match:
        raise SystemExit(f"wrk failed on {path}:\n{result.stdout}{result.stderr}")
    raw = json.loads(match.group(1))
    requests = raw["requests"]
    seconds = raw["duration_us"] / 1e6
    return Measurement(
        requests=requests,
        rps=requests / seconds if seconds else 0.0,
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        mean_ms=raw["mean_us"] / 1000,
        non200=raw["non200"],
        socket_errors=raw["socket_errors"],
        timeouts=raw["timeouts"],
        bytes_per_response=raw["bytes"] / requests if requests else 0.0,
    )


def wait_until_serving(port: int, server: subprocess.Popen, log: Path, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not listen on port {port} within {limit:.0f} s:\n{log.read_text()}")


def _cpu_ticks_of_children(parent: int) -> int | None:
    """CPU time (clock ticks) of the gunicorn workers, from /proc; None where there is no /proc."""
    total, found = 0, False
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return None
    for entry in entries:
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        if int(fields[1]) == parent:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime + stime
            found = True
    return total if found else None


def wait_until_idle(server: subprocess.Popen, limit: float = 180.0) -> None:
    """Wait for the requests wrk left behind: when a run ends, the workers still answer what is queued
    (a backlog of slow PDFs would otherwise be timed as part of the next run). Idle = no worker CPU
    time for a full second."""
    deadline = time.monotonic() + limit
    last, quiet_since = _cpu_ticks_of_children(server.pid), time.monotonic()
    if last is None:
        time.sleep(2)
        return
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = _cpu_ticks_of_children(server.pid)
        if now != last:
            last, quiet_since = now, time.monotonic()
        elif time.monotonic() - quiet_since >= 1.0:
            return


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to the gunicorn master (it stops its own workers); SIGKILL if it has not gone in 20 s."""
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def problems_of(page: Measurement) -> list[str]:
    """What makes a run not count: nothing completed, or answers that were not the page."""
    problems = []
    if page.requests == 0:
        problems.append("no request completed")
    if page.non200:
        problems.append(f"{page.non200} answers not 200")
    if page.socket_errors or page.timeouts:
        problems.append(f"{page.socket_errors} socket errors, {page.timeouts} timeouts")
    return problems


def verdicts(target: Target, page: Measurement, share: float) -> dict[str, bool]:
    valid = not problems_of(page)
    return {
        f">={SHARE_GOAL:.0f}% of baseline": valid and share >= SHARE_GOAL,
        f"p99<{target.p99_goal_ms:.0f}ms": valid and page.p99_ms < target.p99_goal_ms,
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    header = (
        f"{'page':<30} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'alone ms':>8} "
        f"{'base r/s':>8} {'% base':>7}"
        "  goals"
    )
    print()
    print(header)
    print("-" * (len(header) + 40))
    for row in rows:
        page = row["page"]
        goals = ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in row["goals"].items())
        if row["problems"]:
            goals += " (" + "; ".join(row["problems"]) + ")"
        base, share = row["baseline"]["rps"], row["share_of_baseline"]
        alone = f"{row['serial_median_ms']:>8.1f}" if row["serial_median_ms"] is not None else f"{'-':>8}"
        print(
            f"{row['label']:<30} {page['requests']:>8} {page['rps']:>7.1f} {page['p50_ms']:>8.1f} "
            f"{page['p99_ms']:>8.1f} {alone} {base:>8.1f} {share:>6.1f}%  {goals}"
        )
    print()


def git_commit() -> str:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        )
    except OSError:
        return "?"
    return result.stdout.strip() or "?"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of each wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="seconds of unmeasured load before each run"
    )
    parser.add_argument(
        "--serial", type=int, default=5, help="requests one at a time before each page's run, median shown"
    )
    parser.add_argument("--reuse", action="store_true", help="keep the bench database if it exists")
    parser.add_argument(
        "--server", default=DEFAULT_SERVER, help=f"PostgreSQL server (default {DEFAULT_SERVER})"
    )
    parser.add_argument(
        "--database", default="yhdessa_bench", help="bench database name (default yhdessa_bench)"
    )
    parser.add_argument(
        "--redis", default=DEFAULT_REDIS, help=f"a spare Redis database, flushed (default {DEFAULT_REDIS})"
    )
    parser.add_argument("--only", action="append", metavar="KEY", help="measure only this page (repeatable)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON")
    parser.add_argument("--describe-targets", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.describe_targets:
        describe_targets(args.describe_targets)
        return 0
    args.wrk = shutil.which("wrk")
    if args.wrk is None:
        print(
            "wrk is not installed: install it (Debian: apt-get install -y wrk) and run again.",
            file=sys.stderr,
        )
        return 2
    if args.duration <= 0 or args.connections < 1 or args.threads < 1 or args.threads > args.connections:
        parser.error("--duration must be positive and 1 <= --threads <= --connections")

    scratch = Path(tempfile.mkdtemp(prefix="yhdessa-bench-"))
    server: subprocess.Popen | None = None
    try:
        static_root = scratch / "static"
        env = bench_env(args, static_root)
        manage = [sys.executable, "manage.py"]
        print("Preparing:")
        prepare_database(args)
        flush_redis(args.redis)
        run_step("migrate", [*manage, "migrate", "--noinput", "-v0"], env)
        run_step("seed_demo", [*manage, "seed_demo", "-v0"], env)
        run_step("collectstatic", [*manage, "collectstatic", "--noinput", "-v0"], env)
        described = scratch / "targets.json"
        run_step("targets", [sys.executable, __file__, "--describe-targets", str(described)], env)
        info = json.loads(described.read_text())
        targets = [Target(**t) for t in info["targets"]]
        if args.only:
            unknown = set(args.only) - {t.key for t in targets}
            if unknown:
                known = ", ".join(t.key for t in targets)
                parser.error(f"unknown page(s) {', '.join(sorted(unknown))}; the pages are {known}")
            targets = [t for t in targets if t.key in args.only]

        port = free_port()
        log = scratch / "gunicorn.log"
        with log.open("w") as log_file:
            server = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                    *(f"--bind={HOST}:{port}", f"--workers={args.workers}", "--worker-class=sync"),
                    *("--no-control-socket", "--timeout=60"),
                ],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        wait_until_serving(port, server, log)
        print(f"  gunicorn: {args.workers} workers on http://{HOST}:{port}/ (pid {server.pid})")

        cookies = {user: sign_in(port, info, user) for user in sorted({t.user for t in targets if t.user})}
        baseline = Target(
            "baseline",
            f"baseline ({info['baseline']['rows']} rows)",
            info["baseline"]["path"],
            expect=['"text":'],
            content_type="application/json",
        )
        if info["baseline"]["rows"] < 50:
            print(
                f"  note: the baseline serializes only {info['baseline']['rows']} rows (demo data changed?)"
            )
        sizes = {t.key: check(port, t, headers_for(t, cookies)) for t in [baseline, *targets]}
        print(
            "  every URL answers 200 with its content: "
            + ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sizes.items())
        )

        load_before = os.getloadavg()
        print(
            f"\nMeasuring: wrk {args.connections} connections, {args.threads} threads, {args.duration:g} s "
            f"per run (+{args.warmup:g} s warm-up), baseline before and after each page; "
            f"load average {load_before[0]:.2f}"
        )
        script = scratch / "wrk.lua"

        def measure(which: Target) -> Measurement:
            headers = headers_for(which, cookies)
            if args.warmup > 0:
                wrk(port, which.path, headers, duration=args.warmup, args=args, script=script)
                wait_until_idle(server)
            measured = wrk(port, which.path, headers, duration=args.duration, args=args, script=script)
            wait_until_idle(server)
            return measured

        # The baseline brackets every page (measured before and after it; one run serves two pages), and
        # the page is compared with the mean of its two: load from elsewhere shifts the pair alike.
        rows = []
        base_before = measure(baseline)
        for target in targets:
            alone_ms = serial_ms(port, target, headers_for(target, cookies), args.serial)
            page = measure(target)
            check(port, target, headers_for(target, cookies))  # still the real page after the run
            base_after = measure(baseline)
            base_rps = (base_before.rps + base_after.rps) / 2
            share = 100 * page.rps / base_rps if base_rps else 0.0
            row = {
                "key": target.key,
                "label": target.label,
                "path": target.path,
                "page": asdict(page),
                "serial_median_ms": alone_ms,
                "baseline": {"rps": base_rps, "before": asdict(base_before), "after": asdict(base_after)},
                "share_of_baseline": share,
                "goals": verdicts(target, page, share),
                "problems": problems_of(page)
                + [f"baseline: {p}" for p in problems_of(base_before) + problems_of(base_after)],
            }
            rows.append(row)
            alone = f", alone {alone_ms:.1f} ms" if alone_ms is not None else ""
            print(
                f"  {target.label}: {page.rps:.1f} req/s, p50 {page.p50_ms:.1f} ms, "
                f"p99 {page.p99_ms:.1f} ms{alone} "
                f"(baseline {base_before.rps:.1f} before, {base_after.rps:.1f} req/s after; "
                f"p99 {base_before.p99_ms:.1f}, {base_after.p99_ms:.1f} ms)"
            )
            base_before = base_after

        print_table(rows)
        load_after = os.getloadavg()
        print(
            f"Load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, on {os.cpu_count()} CPUs "
            "(wrk, gunicorn and PostgreSQL share them; figures from a busy machine are low)."
        )
        if args.json:
            report = {
                "commit": git_commit(),
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "settings": {
                    "duration_s": args.duration,
                    "warmup_s": args.warmup,
                    "connections": args.connections,
                    "threads": args.threads,
                    "gunicorn_workers": args.workers,
                    "cpus": os.cpu_count(),
                    "load_average_before": load_before,
                    "load_average_after": load_after,
                    "tool": info["tool"],
                    "revision": info["revision"],
                    "baseline_rows": info["baseline"]["rows"],
                },
                "goals": {
                    "share_of_baseline_pct": SHARE_GOAL,
                    "p99_ms": P99_GOAL_MS,
                    "published_pdf_p99_ms": PDF_P99_GOAL_MS,
                },
                "pages": rows,
            }
            args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
            print(f"Results written to {args.json}")
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
