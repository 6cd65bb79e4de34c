"""Locust users for P5, started by ``p5_load.py`` (not on its own: it reads the accounts it prepared).

Each user is one prepared account with a session cookie (no login request, no password hash); it
opens, with the think time given, the registry list, a person of its region, the dashboard of its
region and the 附件1 page of its region. Anything but 200 (a redirect to the login page included)
is a failure. This file imports no Django: locust runs it under gevent.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

CONFIG = json.loads(Path(os.environ["FANGFAN_LOCUST_CONFIG"]).read_text())
WAIT = [float(x) for x in os.environ.get("FANGFAN_LOCUST_WAIT", "1 3").split()]
ACCOUNTS = itertools.count()


class Clerk(HttpUser):
    wait_time = between(WAIT[0], WAIT[1])

    def on_start(self) -> None:
        self.account = CONFIG["accounts"][next(ACCOUNTS) % len(CONFIG["accounts"])]
        self.client.cookies.set(CONFIG["cookie"], self.account["session"])

    def open(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(3)
    def person_list(self) -> None:
        self.open("/registry/", "list")

    @task(3)
    def person(self) -> None:
        self.open(f"/registry/people/{random.choice(self.account['people'])}/", "person")

    @task(2)
    def dashboard(self) -> None:
        self.open(f"/monitoring/?region={self.account['region']}", "dashboard")

    @task(1)
    def report(self) -> None:
        self.open(self.account["report"], "report")
