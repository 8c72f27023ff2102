"""What a newsroom runs after moving here: does every old address still lead somewhere?

Reads addresses, one a line, or a web server's access log (common or combined format, as nginx and Apache write
them), asks this site for each as a reader would (in this process, no server needed), follows redirects on this
site, and reports each as 200, a redirect and where it ends, 410 Gone, or 404. Checking counts no hits.
"""

import csv
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from redirects.services import hits_not_counted

LOG_REQUEST = re.compile(r'"(?:GET|HEAD) (\S+) HTTP/[0-9.]+"')
LOG_OTHER_METHOD = re.compile(r'"[A-Z]+ \S+ HTTP/[0-9.]+"')
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
HOPS = 10


class Command(BaseCommand):
    help = (
        "Check a list of addresses (one a line, full or from the first slash) or a web server's access log: "
        "each is reported as 200, a redirect and where it ends, 410 Gone or 404. Exits non-zero when an address "
        "leads nowhere (404, or an error)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE", help="A list of addresses, or an access log.")
        parser.add_argument("--csv", action="store_true", help="Write the report as CSV (address,status,ends_at,…).")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        addresses, unreadable = read_addresses(text)
        for number, line in unreadable:
            self.stderr.write(f"{path.name} line {number}: not an address or a GET request: {line[:120]}")
        if not addresses:
            raise CommandError(f"{path.name} holds no address to check.")

        site = urlsplit(settings.SITE_URL)
        client = Client(HTTP_HOST=site.netloc, raise_request_exception=False)
        outcomes = Counter()
        writer = csv.writer(self.stdout) if options["csv"] else None
        if writer:
            writer.writerow(["address", "status", "ends_at", "final_status", "seen"])
        with hits_not_counted():
            for address, seen in addresses.items():
                first, hops, final = follow(client, address, secure=site.scheme == "https")
                outcomes[kind(first, final)] += 1
                if writer:
                    writer.writerow([address, first, hops[-1] if hops else "", final, seen])
                else:
                    self.stdout.write(describe(address, first, hops, final, seen))

        summary = ", ".join(f"{count} {name}" for name, count in sorted(outcomes.items()))
        if not writer:
            self.stdout.write(f"{len(addresses)} address{'es' if len(addresses) != 1 else ''}: {summary}.")
        broken = outcomes["lead nowhere"]
        if broken:
            raise CommandError(f"{broken} of {len(addresses)} addresses lead nowhere (404 or an error): listed above.")


def read_addresses(text: str) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """{address: times listed} in first-seen order, and the lines that name none."""
    addresses, unreadable = Counter(), []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if match := LOG_REQUEST.search(line):
            address = match[1]
        elif LOG_OTHER_METHOD.search(line):
            continue  # a POST or PUT in a log is not an address someone follows
        else:
            address = line
        parts = urlsplit(address)
        if parts.scheme in ("http", "https") and parts.netloc:
            address = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if not address.startswith("/") or any(character.isspace() for character in address):
            unreadable.append((number, line))
            continue
        addresses[address] += 1
    return dict(addresses), unreadable


def follow(client, address: str, *, secure: bool) -> tuple[int, list[str], int]:
    """(first status, the addresses redirected to, final status); an address on another site ends the chain."""
    response = client.get(address, secure=secure)
    first, hops = response.status_code, []
    while response.status_code in REDIRECT_STATUSES and len(hops) < HOPS:
        location = response["Location"]
        hops.append(location)
        target = urlsplit(location)
        if target.netloc and target.netloc != client.defaults["HTTP_HOST"]:
            return first, hops, 0  # elsewhere: not this site's to check
        response = client.get(target.path + (f"?{target.query}" if target.query else ""), secure=secure)
    return first, hops, response.status_code


def kind(first: int, final: int) -> str:
    if first in REDIRECT_STATUSES:
        return "redirected" if final in (0, 200) else ("redirected to a page gone" if final == 410 else "lead nowhere")
    return {200: "fine", 410: "gone"}.get(first, "lead nowhere")


def describe(address: str, first: int, hops: list[str], final: int, seen: int) -> str:
    times = f"  (listed {seen} times)" if seen > 1 else ""
    if not hops:
        label = {200: "200", 404: "404 Not Found", 410: "410 Gone"}.get(first, str(first))
        return f"{label:<14} {address}{times}"
    end = "another site, not checked" if final == 0 else str(final)
    loop = " — still redirecting after 10 hops" if final in REDIRECT_STATUSES else ""
    return f"{first:<14} {address} → {hops[-1]} ({end}){loop}{times}"
