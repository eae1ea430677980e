"""The README's path for a newcomer: `make run`, then a REST message; `make shell`."""

import json
import subprocess
import urllib.request

import pexpect

from .conftest import ROOT, stop_group, wait_until


def post_message(port: str, text: str, sender: str = "newcomer"):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def server_ready(port: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
            return True
    except OSError:
        return False


def test_make_run_answers_a_lost_card_over_rest(ports_env, tmp_path):
    log = open(tmp_path / "make-run.log", "w")
    process = subprocess.Popen(
        ["make", "run"], cwd=ROOT, env=ports_env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        port = ports_env["RASA_PORT"]
        wait_until(lambda: server_ready(port), 300, "make run", process)
        replies = post_message(port, "カードをなくしました")
        text = "\n".join(r.get("text", "") for r in replies)
        assert "0120-95-0178" in text
        assert "050-3818-1250" in text
    finally:
        stop_group(process)
        log.close()
    printed = (tmp_path / "make-run.log").read_text()
    assert "/webhooks/rest/webhook" in printed  # it says how to talk to it


def test_make_shell_converses(ports_env):
    shell = pexpect.spawn(
        "make", ["shell"], cwd=str(ROOT), env=ports_env, encoding="utf-8", timeout=300
    )
    try:
        shell.expect("Your input ->")
        shell.sendline("マイナ保険証をなくしてしまいました")
        shell.expect("0120-95-0178", timeout=60)
        shell.expect("Your input ->")
        shell.sendline("/stop")
        shell.expect(pexpect.EOF, timeout=60)
    finally:
        if shell.isalive():
            shell.terminate(force=True)
