"""The README's path for a newcomer: `make run`, then a REST message; `make shell`."""

import subprocess
import uuid

import pexpect

from tests.servers import ROOT, http_ok, say, stop_group, wait_until


def test_make_run_answers_a_lost_card_over_rest(ports_env, tmp_path):
    log = open(tmp_path / "make-run.log", "w")
    process = subprocess.Popen(
        ["make", "run"],
        cwd=ROOT,
        env=ports_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        port = ports_env["RASA_PORT"]
        wait_until(lambda: http_ok(f"http://127.0.0.1:{port}/"), 300, "make run", process)
        replies = say(f"http://127.0.0.1:{port}", f"newcomer-{uuid.uuid4()}", "カードをなくしました")
        text = "\n".join(r.get("text", "") for r in replies)
        assert "0120-95-0178" in text
        assert "050-3818-1250" in text
    finally:
        stop_group(process)
        log.close()
    printed = (tmp_path / "make-run.log").read_text()
    assert "/webhooks/rest/webhook" in printed  # it says how to talk to it


def test_make_shell_converses(ports_env):
    shell = pexpect.spawn("make", ["shell"], cwd=str(ROOT), env=ports_env, encoding="utf-8", timeout=300)
    try:
        shell.expect("Your input ->")
        started = shell.before
        # Staff see no third-party warnings or notices.
        for noise in ("Warning", "tensorflow", "pkg_resources", "SQLAlchemy"):
            assert noise not in started, started
        shell.sendline("こんにちは")
        shell.expect("アシスタントです", timeout=60)
        shell.expect("Your input ->")
        # (answers with buttons open a selection prompt, so the turn is button-free)
        shell.sendline("資格確認書ってなんですか")
        shell.expect("資格確認書は", timeout=60)
        shell.expect("Your input ->")
        # A tel: button is a number to dial, not a choice that would send "tel:...".
        shell.sendline("カードをなくしました")
        shell.expect("☎ 0120-95-0178", timeout=60)
        shell.expect("Your input ->")
        shell.sendline("/stop")
        shell.expect(pexpect.EOF, timeout=60)
    finally:
        if shell.isalive():
            shell.terminate(force=True)
