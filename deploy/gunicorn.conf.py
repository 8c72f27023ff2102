"""gunicorn for `make serve`, configured from the environment (README.md, "Production").

Other options go in GUNICORN_CMD_ARGS, which gunicorn reads itself (e.g. "--timeout 60").
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers serve one request each at a time: WEB_CONCURRENCY is how many requests are served at once.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 30
accesslog = "-"
# gunicornc is not used; without this, every gunicorn on the machine would share one control socket path.
control_socket_disable = True
