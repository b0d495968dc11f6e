"""Benchmark: the portal's pages against a bare Litestar + Jinja page, with wrk.

Starts the portal as the README does (`portal db upgrade`, `portal demo load`, `portal
serve`, one uvicorn worker, the development login on) on a scratch SQLite database, and
on PostgreSQL too when DATABASE_URL names one (its database gets migrated and the demo
data). Logs in a citizen and a caseworker of Amsterdam through the development provider,
then for each round and page runs wrk (1 thread, 16 connections) on the bare page
(bench/bare/app.py: one indexed query) and then on the page, and prints req/s, p99 and the
page's req/s as a share of the bare page's of the same round.

Everything listens on 127.0.0.1. Time: about 2 × rounds × pages × duration per database
(defaults: 2 × 3 × 6 × 8 s ≈ 5 minutes), plus a minute to start.

    .venv/bin/python bench/pages.py [--duration 8] [--rounds 3] [--connections 16] [--pages "case file,work queue"]
    DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1/bench .venv/bin/python bench/pages.py

Needs Debian's `wrk` (installed with apt-get when missing and running as root).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
# The interpreter running this script and its `portal` command (the project's .venv);
# PYTHONPATH=ROOT makes them serve the tree this script is in.
PYTHON = Path(sys.executable)
PORTAL = PYTHON.parent / "portal"
TENANT = "amsterdam"
CITIZEN = "111222333"  # the first demo citizen of Amsterdam, who has cases
PAGES = ("tenant home", "check start", "mijn overzicht", "case page", "work queue", "case file")
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("bench/pages.py needs wrk: sudo apt-get install -y wrk")
    print("installing wrk (apt-get) ...", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or sys.exit("wrk did not install")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{url} did not start:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    sys.exit(f"{url} did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


@contextmanager
def server(command: list[str], env: dict, url: str, log: Path):
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(url, process, log)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def login(base: str, kind: str, person: str) -> httpx.Client:
    """The development provider's flow, as a browser does it; the client keeps the cookies."""
    client = httpx.Client(base_url=base, timeout=30)
    start = client.get(f"/{TENANT}/login/start", params={"kind": kind})
    authorize = start.headers["location"]
    page = client.get(authorize)
    form = dict(parse_qsl(urlsplit(authorize).query))
    form.update(person=person, action="login", level="midden",
                _csrf_token=html.unescape(CSRF.search(page.text).group(1)))
    chosen = client.post("/dev-idp/authorize", data=form)
    landed = client.get(chosen.headers["location"])
    if landed.status_code != 303:
        sys.exit(f"{kind} login failed: {landed.status_code} {landed.text[:300]}")
    return client


def page_urls(base: str) -> tuple[dict[str, tuple[str, dict]], dict]:
    citizen = login(base, "citizen", CITIZEN)
    employee_subject = employee_of()
    employee = login(base, "employee", employee_subject)
    mine = citizen.get(f"/{TENANT}/mijn")
    case = re.search(rf'href="/{TENANT}/zaken/([0-9a-f-]{{36}})', mine.text)
    queue = employee.get(f"/{TENANT}/backoffice/queue")
    file = re.search(rf'href="/{TENANT}/backoffice/cases/([0-9a-f-]{{36}})', queue.text)
    if not (case and file):
        sys.exit("no case found on Mijn overzicht or in the work queue: is the demo data loaded?")
    cookie = lambda client: "; ".join(f"{k}={v}" for k, v in client.cookies.items())  # noqa: E731
    urls = {
        "tenant home": (f"/{TENANT}/", {}),
        "check start": (f"/{TENANT}/check", {}),
        "mijn overzicht": (f"/{TENANT}/mijn", {"Cookie": cookie(citizen)}),
        "case page": (f"/{TENANT}/zaken/{case.group(1)}", {"Cookie": cookie(citizen)}),
        "work queue": (f"/{TENANT}/backoffice/queue", {"Cookie": cookie(employee)}),
        "case file": (f"/{TENANT}/backoffice/cases/{file.group(1)}", {"Cookie": cookie(employee)}),
    }
    for name, (path, headers) in urls.items():
        answer = httpx.get(base + path, headers=headers, timeout=30)
        if answer.status_code != 200:
            sys.exit(f"{name} ({path}) answers {answer.status_code}")
    return urls, {"citizen": citizen, "employee": employee}


def employee_of() -> str:
    """The first caseworker of the tenant's demo people (read from the file: the benchmark
    does not depend on the portal's modules)."""
    import tomllib

    people = tomllib.loads((ROOT / "tenants" / TENANT / "demo-people.toml").read_text())
    return next(e["subject"] for e in people["employees"] if "caseworker" in e["roles"])


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(binary: str, url: str, headers: dict, args) -> dict:
    command = [binary, "-t1", f"-c{args.connections}", f"-d{args.duration}s", f"--timeout={args.timeout}s", "--latency", url]
    for key, value in headers.items():
        command[1:1] = ["-H", f"{key}: {value}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": rps, "requests": requests, "p99": float(value) * _UNITS[unit],
            "errors": int(errors.group(1)) if errors else 0,
            "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0}


def run_database(label: str, database_url: str, workdir: Path, args, binary: str) -> None:
    port, bare_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": database_url, "PORTAL_VAR_DIR": str(workdir / "var"), "PORTAL_DEV_IDP": "1",
           "PORT": str(port), "HOST": "127.0.0.1", "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None) if not args.redis else None
    for step in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run([str(PORTAL), *step], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    serve = [str(PORTAL), "serve", "--port", str(port), "--workers", str(args.workers)]
    bare = [str(PYTHON), "-m", "uvicorn", "bench.bare.app:app", "--host", "127.0.0.1", "--port", str(bare_port)]
    with server(serve, env, f"{base}/healthz", workdir / f"portal-{label}.log") as portal, \
            server(bare, env, f"http://127.0.0.1:{bare_port}/", workdir / f"bare-{label}.log"):
        urls, _clients = page_urls(base)
        chosen = [p for p in PAGES if p in args.pages]
        results: dict[str, list[dict]] = {p: [] for p in ["bare page", *chosen]}
        for round_no in range(1, args.rounds + 1):
            for name in chosen:
                bare_result = wrk(binary, f"http://127.0.0.1:{bare_port}/", {}, args)
                path, headers = urls[name]
                result = wrk(binary, base + path, headers, args)
                result["ratio"] = result["rps"] / bare_result["rps"]
                results["bare page"].append(bare_result)
                results[name].append(result)
                print(f"  [{label} round {round_no}] {name:15} {result['rps']:8.0f} req/s  "
                      f"(bare {bare_result['rps']:.0f}), {result['requests']} requests, "
                      f"{result['errors'] + result['socket_errors']} errors", flush=True)
        if args.profile:
            profile(args.profile, portal.pid, urls, base, binary, args, workdir, label)
    print(f"\n{label}: {args.rounds} rounds x {args.duration} s, wrk 1 thread x {args.connections} connections, "
          f"{args.workers} worker(s)")
    print(f"| page | req/s | × bare | p99 | errors |\n|---|---|---|---|---|")
    for name, runs in results.items():
        rps = statistics.median(r["rps"] for r in runs)
        ratio = statistics.median(r.get("ratio", 1.0) for r in runs)
        p99 = statistics.median(r["p99"] for r in runs)
        errors = sum(r["errors"] + r["socket_errors"] for r in runs)
        print(f"| {name} | {rps:,.0f} | {ratio:.2f} | {p99:.0f} ms | {errors} |")


def profile(page: str, pid: int, urls, base, binary, args, workdir: Path, label: str) -> None:
    """py-spy (from PyPI) on the serving process while wrk loads `page`; needs root."""
    spy = shutil.which("py-spy") or str(PYTHON.parent / "py-spy")
    out = workdir / f"profile-{label}-{page.replace(' ', '-')}.txt"
    path, headers = urls[page]
    recorder = subprocess.Popen([spy, "record", "--format", "raw", "--duration", str(args.duration), "--rate", "250",
                                 "--pid", str(pid), "--output", str(out), "--nonblocking"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wrk(binary, base + path, headers, args)
    recorder.wait()
    print(f"  profile of {page} ({label}): {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run (default 8)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--timeout", type=int, default=10,
                        help="seconds before wrk counts a request as failed (default 10; wrk's own is 2)")
    parser.add_argument("--workers", type=int, default=1, help="portal serve --workers")
    parser.add_argument("--pages", type=lambda s: [p.strip() for p in s.split(",")], default=list(PAGES))
    parser.add_argument("--databases", type=lambda s: [d.strip() for d in s.split(",")], default=["sqlite", "postgresql"],
                        help="sqlite, postgresql or both (default; PostgreSQL only when DATABASE_URL names one)")
    parser.add_argument("--redis", action="store_true", help="keep REDIS_URL (sessions in Redis)")
    parser.add_argument("--profile", metavar="PAGE", help="also record a py-spy profile of this page")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (logs, profiles)")
    args = parser.parse_args()
    binary = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    try:
        if "sqlite" in args.databases:
            run_database("SQLite", f"sqlite+aiosqlite:///{workdir / 'portal.db'}", workdir, args, binary)
        url = os.environ.get("DATABASE_URL")
        if url and url.startswith("postgresql") and "postgresql" in args.databases:
            if url.startswith("postgresql://"):
                url = url.replace("postgresql://", "postgresql+asyncpg://", 1)
            run_database("PostgreSQL", url, workdir, args, binary)
    finally:
        if args.keep or args.profile:
            print(f"scratch folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
