"""`perfbot shell` + `perfbot serve --api-only` on the shell's database: HR creates a token in the shell and
the `curl` line it prints records a value that the shell then shows."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.test_serve_http import free_port

CURL = shutil.which("curl")


def shell(folder, script: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "shell"],
        input=script,
        capture_output=True,
        text=True,
        cwd=folder,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        timeout=300,
        check=True,
    )
    return done.stdout


@pytest.mark.skipif(CURL is None, reason="needs the curl command")
def test_the_shell_prints_a_curl_line_that_works_against_api_only_serve(tmp_path):
    shown = shell(tmp_path, '/as @hana\n/perf api-token new "Nightly sync"\n')
    curl = re.search(r"```(curl -sS [^`]+)```", shown).group(1)
    assert "perfbot serve --api-only --port 3000" in shown
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_") and k != "DATABASE_URL"}
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "serve", "--api-only", "--port", str(port), "--host", "127.0.0.1"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):  # wait for the process to listen (bounded; not a timing assertion)
            assert server.poll() is None
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        line = curl.replace("127.0.0.1:3000", f"127.0.0.1:{port}").replace('"value": 360.0', '"value": 300')
        answer = subprocess.run(shlex.split(line), capture_output=True, text=True, timeout=30, check=True).stdout
        assert '"recorded":1' in answer
    finally:
        server.terminate()
        server.wait(timeout=10)
    listed = shell(tmp_path, "/as @hana\n/goal list @ken\n")
    assert "p95 latency: 300ms (start 420, target 250)" in listed
