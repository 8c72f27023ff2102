"""Measurements against a running server: wrk runs, sequential timings, the admin login, static headers."""

import http.client
import re
import statistics
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

# Every request of a run goes to a different path of a list: each wrk thread starts at its own
# offset and steps by the number of threads, so no two requests of a run share a path until
# the list is used up.
CYCLE_LUA = """
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  step = tonumber(args[2])
  position = offset
end
function request()
  local path = paths[(position % #paths) + 1]
  position = position + step
  return wrk.format("GET", path)
end
"""

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass
class WrkResult:
    name: str
    path: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    kilobytes_per_response: float
    errors: list[str] = field(default_factory=list)
    distinct_paths: int = 1


def milliseconds(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(f"wrk printed a latency I cannot read: {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def parse_wrk(output):
    """Requests/s, p50 and p99 in milliseconds, requests, kilobytes per response and errors from `wrk --latency`."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    count = re.search(r"(\d+) requests in [^,]+, ([\d.]+)([KMG]?B) read", output)
    if not (rate and p50 and p99 and count):
        raise RuntimeError(f"Unexpected wrk output:\n{output}")
    requests = int(count.group(1))
    kilobytes = float(count.group(2)) * {"B": 1 / 1024, "KB": 1, "MB": 1024, "GB": 1024**2}[count.group(3)]
    errors = [line.strip() for line in output.splitlines() if "Non-2xx" in line or "Socket errors" in line]
    return (
        float(rate.group(1)),
        milliseconds(p50.group(1)),
        milliseconds(p99.group(1)),
        requests,
        kilobytes / requests if requests else 0.0,
        errors,
    )


def run_wrk(wrk, base_url, name, path, *, threads, connections, seconds, paths_file=None, workdir=None):
    """One bounded wrk run of `path`, or of every path in `paths_file` in turn."""
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    distinct = 1
    if paths_file:
        script = Path(workdir) / "cycle.lua"
        script.write_text(CYCLE_LUA)
        command += ["-s", str(script), base_url + path, "--", str(paths_file), str(threads)]
        distinct = len(Path(paths_file).read_text().split())
    else:
        command.append(base_url + path)
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True)  # noqa: S603
    return WrkResult(name, path, *parse_wrk(completed.stdout), distinct_paths=distinct)


def request(port, path, *, method="GET", headers=None, body=None, timeout=30):
    """(status, headers, body bytes, milliseconds) of one request on a fresh connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        start = time.perf_counter()
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        return response.status, response.headers, content, elapsed
    finally:
        connection.close()


def get_ok(port, path, headers=None):
    status, response_headers, content, elapsed = request(port, path, headers=headers)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}, not 200")
    return response_headers, content, elapsed


def wait_until_up(port, path, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if request(port, path, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"The server did not answer GET {path} within {seconds} s")


@dataclass
class Timings:
    samples_ms: list[float]
    failures: list[str] = field(default_factory=list)

    @property
    def median(self):
        return statistics.median(self.samples_ms) if self.samples_ms else float("inf")

    @property
    def p95(self):
        ordered = sorted(self.samples_ms) or [float("inf")]
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_sequential(port, paths, headers=None, budget_seconds=60):
    """Request `paths` one at a time, stopping early (after at least 3) once `budget_seconds` have gone.

    A request that fails (no answer within 35 s, a dropped connection, a status other than 200)
    is counted as a failure, not timed.
    """
    deadline = time.monotonic() + budget_seconds
    timings = Timings([])
    for number, path in enumerate(paths):
        if number >= 3 and time.monotonic() > deadline:
            break
        try:
            status, _, _, elapsed = request(port, path, headers=headers, timeout=35)
        except (OSError, http.client.HTTPException) as error:
            timings.failures.append(f"{path}: {type(error).__name__}")
            continue
        if status == 200:
            timings.samples_ms.append(elapsed)
        else:
            timings.failures.append(f"{path}: HTTP {status}")
    return timings


def cookies_of(headers):
    jar = {}
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def admin_login(port, username, password):
    """The Cookie header of a logged-in admin session, got through the login form like a browser."""
    headers, content, _ = get_ok(port, "/admin/login/")
    jar = cookies_of(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if not token or "csrftoken" not in jar:
        raise RuntimeError("The admin login form has no CSRF token")
    form = {
        "username": username,
        "password": password,
        "csrfmiddlewaretoken": token.group(1).decode(),
        "next": "/admin/",
    }
    status, headers, _, _ = request(
        port,
        "/admin/login/",
        method="POST",
        body=urllib.parse.urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
        },
    )
    jar.update(cookies_of(headers))
    if status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"Logging in to the admin failed (HTTP {status})")
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def static_check(port):
    """How the stylesheet and script the pages link to are served: hashed names, compression, cache headers."""
    _, content, _ = get_ok(port, "/")
    found = []
    for url in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', content):
        path = url.decode()
        headers, body, _ = get_ok(port, path, {"Accept-Encoding": "br, gzip"})
        found.append(
            {
                "path": path,
                "hashed": bool(re.search(r"\.[0-9a-f]{12}\.(css|js)$", path)),
                "encoding": headers.get("Content-Encoding", "none"),
                "cache_control": headers.get("Cache-Control", ""),
                "bytes": len(body),
            }
        )
    if not found:
        raise RuntimeError("The home page links to no stylesheet or script under /static/")
    return found
