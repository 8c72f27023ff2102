import importlib
import os

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API keeps an asyncio event loop running in this thread, and Django
# refuses ORM calls from a thread with a running loop. The loop only drives the browser,
# never Django, so the ORM calls these tests make between browser steps are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

TIMEOUT_MS = 15_000
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

ROLES = importlib.import_module("articles.migrations.0002_roles").ROLES
EDITOR_PAGE_PERMISSIONS = importlib.import_module("articles.migrations.0004_page_permissions").CODENAMES


@pytest.fixture(scope="session")
def browser():
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context: its own cookies, so its own user."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def create_roles():
    """The Reporter and Editor groups, as migrations articles.0002 and 0004 make them."""
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in grants.items():
            group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    Group.objects.get(name="Editor").permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=EDITOR_PAGE_PERMISSIONS)
    )


@pytest.fixture(autouse=True)
def roles(transactional_db):
    # live_server tests run on a database flushed after each test: the flush removes the
    # groups the migration made, and post_migrate only brings back the permissions.
    create_roles()


@pytest.fixture(scope="package", autouse=True)
def roles_after_browser_tests(django_db_setup, django_db_blocker):
    """Leave the groups behind for tests that run after these and expect the migrated database."""
    yield
    with django_db_blocker.unblock():
        create_roles()
        # Opened while Playwright's loop runs, this connection is not the one the test
        # database teardown closes; left open, it stops PostgreSQL dropping the database.
        connection.close()


def watch_for_problems(page):
    """What the browser reports as broken on `page`: console errors, script errors, failed requests."""
    problems = []

    def on_console(message):
        if message.type == "error":
            problems.append(f"console: {message.text} ({message.location.get('url', '')})")

    def on_response(response):
        if response.status >= 400:
            problems.append(f"{response.status}: {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url} {request.failure}"))
    return problems
