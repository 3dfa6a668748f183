"""Two egov instances on localhost, each with its own database, exchange a document over
HTTP: A issues a letter to B's agency, B receives the edXML package, its clerk accepts it
and its director assigns it, and A sees each status come back. Bad packages sent to B's
server are refused with a status message."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from egov.documents import edxml

HERE = Path(__file__).resolve().parent
EGOV = Path(sys.executable).with_name("egov")
TOKEN = "bi-mat-dung-chung-A-B-2017"
A = {"code": "000.00.31.H59", "name": "Sở Thông tin và Truyền thông", "short": "STTTT"}
B = {"code": "000.00.23.H59", "name": "Sở Tư pháp", "short": "STP"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(var_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(EGOV_VAR_DIR=str(var_dir), EGOV_TASKS_BACKEND="immediate",
               EGOV_SITE_URL=f"http://127.0.0.1:{port}", DJANGO_SETTINGS_MODULE="egov.settings",
               EGOV_DEBUG="0")
    return env


def run(env: dict[str, str], command: str, **arguments: object) -> dict:
    result = subprocess.run(
        [sys.executable, str(HERE / "exchange_instance.py"), command, json.dumps(arguments)],
        env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped"
        with contextlib.suppress(OSError), urllib.request.urlopen(
                f"http://127.0.0.1:{port}/accounts/login/", timeout=2):
            return
        time.sleep(0.3)
    raise AssertionError(f"no server on port {port}")


@pytest.fixture
def instances(tmp_path):
    ports = {"a": free_port(), "b": free_port()}
    envs = {side: environment(tmp_path / side, port) for side, port in ports.items()}
    migrations = [subprocess.Popen([str(EGOV), "migrate", "-v0"], env=env)
                  for env in envs.values()]
    assert [m.wait(timeout=300) for m in migrations] == [0, 0]
    for side, other, agency, peer in (("a", "b", A, B), ("b", "a", B, A)):
        run(envs[side], "setup", code=agency["code"], name=agency["name"],
            short=agency["short"], peer_code=peer["code"], token=TOKEN,
            peer_url=f"http://127.0.0.1:{ports[other]}/api/v1/exchange/")
    servers = {side: subprocess.Popen(
        [str(EGOV), "runserver", "--noreload", f"127.0.0.1:{ports[side]}"], env=envs[side],
        stdout=subprocess.DEVNULL, stderr=(tmp_path / f"{side}.log").open("w"))
        for side in ports}
    try:
        for side, server in servers.items():
            wait_for(ports[side], server)
        yield envs, ports
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(timeout=30)


def test_a_document_travels_between_two_instances(instances):
    envs, ports = instances
    issued = run(envs["a"], "issue", receiver_code=B["code"], receiver_name=B["name"])
    assert issued == {"number_symbol": "01/STTTT-VP"}
    # B answered the package at once: received.
    assert run(envs["a"], "statuses") == {"status": "received", "statuses": ["received"]}
    received = run(envs["b"], "accept")
    assert received == {"arrival_number": 1, "number_symbol": "01/STTTT-VP",
                        "issuer": A["name"], "files": ["01_STTTT-VP.pdf"]}
    # B's status messages reached A's server.
    assert run(envs["a"], "statuses") == {
        "status": "assigned", "statuses": ["received", "accepted", "assigned"]}

    def post(body: bytes, token: str) -> tuple[int, edxml.StatusMessage]:
        boundary = "egov-test-boundary"
        payload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"package\"; "
                   f"filename=\"edxml.xml\"\r\nContent-Type: application/xml\r\n\r\n"
                   ).encode() + body + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{ports['b']}/api/v1/exchange/packages/", data=payload,
            method="POST", headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                                    "X-Egov-Exchange-Token": token})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, edxml.parse_status(response.read())
        except urllib.error.HTTPError as error:
            return error.code, edxml.parse_status(error.read())

    status, answer = post(b"<not-edxml", TOKEN)
    assert (status, answer.status) == (400, "rejected")
    status, answer = post(b'<?xml version="1.0"?><x/>', "wrong-token-for-b")
    assert (status, answer.status) == (400, "rejected")
