"""What one webhook POST costs the sender, by client (prints figures; not a timed test).

The dispatch goal (>= 1,000 notifications/s on two cores, the receiver on the same machine) needs
well under 1 ms of the sender's CPU a message. This prints that cost, one POST at a time to the
JSON receiver of bench/sweep.py (a process of its own), for what Apprise's JSON plugin calls
(`requests.request`, a new session each time), a kept `requests.Session`, a kept `httpx.Client`,
and a whole send as dondoc's dispatch makes it (`Apprise.notify` of the agency's json:// URL).
The receiver speaks HTTP/1.0, as a plain webhook may: every POST is a new connection.

Run: .venv/bin/python bench/webhook_clients.py [--posts 500]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import apprise  # noqa: E402
import httpx  # noqa: E402
import requests  # noqa: E402

from bench.sweep import serve_receiver  # noqa: E402

BODY = {"title": "Nhắc việc: còn 3 ngày", "message": "Rà soát hộ nghèo tại thôn, báo cáo UBND xã. " * 5}


def process_cpu(pid: int) -> float:
    """User and system CPU seconds of another process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cost(post: Callable[[], object], posts: int, receiver: int) -> tuple[float, float, float]:
    """The sender's CPU, the receiver's and the wall time of one POST, in ms, after one to warm up."""
    post()
    cpu, theirs, wall = time.process_time(), process_cpu(receiver), time.perf_counter()
    for _ in range(posts):
        post()
    return tuple(  # type: ignore[return-value]
        1000 * spent / posts
        for spent in (time.process_time() - cpu, process_cpu(receiver) - theirs, time.perf_counter() - wall)
    )


def clients(port: int) -> dict[str, Callable[[], object]]:
    url, data = f"http://127.0.0.1:{port}/bench", json.dumps(BODY)
    headers = {"Content-Type": "application/json"}
    session, client = requests.Session(), httpx.Client(headers=headers)

    def whole_send() -> None:
        sender = apprise.Apprise()
        sender.add(f"json://127.0.0.1:{port}/bench")
        assert sender.notify(title=BODY["title"], body=BODY["message"], body_format=apprise.NotifyFormat.TEXT)

    return {
        "requests.request (Apprise's JSON plugin)": lambda: requests.request(
            "POST", url, data=data, headers=headers
        ),
        "requests.Session, kept": lambda: session.post(url, data=data, headers=headers),
        "httpx.Client, kept": lambda: client.post(url, content=data),
        "Apprise.notify, json:// (a dispatch send)": whole_send,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=500)
    args = parser.parse_args()
    ours, theirs = multiprocessing.Pipe()
    receiver = multiprocessing.get_context("spawn").Process(target=serve_receiver, args=(theirs,))
    receiver.start()
    port = ours.recv()
    print("load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    for name, post in clients(port).items():
        assert receiver.pid is not None
        cpu, theirs, wall = cost(post, args.posts, receiver.pid)
        print(
            f"{name:<44} CPU a POST: sender {cpu:5.2f} ms, receiver {theirs:5.2f} ms; wall {wall:5.2f} ms",
            flush=True,
        )
    ours.send("done")
    received = ours.recv()
    receiver.join()
    print(
        f"received {len(received)} POSTs; 1,000/s on 2 cores leaves < 2 ms of CPU a message for sender and receiver together"
    )


if __name__ == "__main__":
    main()
