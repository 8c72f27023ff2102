"""Logging in through the admin's form, from a client address."""

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"  # the factories' password
ADDRESS, OTHER_ADDRESS = "203.0.113.7", "198.51.100.20"


def log_in(client, username, password, address=ADDRESS, **headers):
    form = {"username": username, "password": password, "next": "/admin/"}
    return client.post(LOGIN, form, REMOTE_ADDR=address, **headers)


def fail(client, username, times, address=ADDRESS, **headers):
    return [log_in(client, username, "not the password", address, **headers) for _ in range(times)]


def logged_in(client):
    return "_auth_user_id" in client.session
