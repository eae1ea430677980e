#!/usr/bin/env bash
# Starts the action server (`python -m actions`), then the Rasa server (`server`) or
# a terminal conversation (`shell`) through `python -m serving`; both check the
# configuration first (see README, "Configuration"). Embedded defaults: SQLite
# tracker store tracker.db, in-memory lock store. The action server is stopped when
# this script ends.
set -euo pipefail
mode=${1:-server}
case "$mode" in server|shell) ;; *) echo "usage: $0 [server|shell]" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
python=.venv/bin/python
# A bad variable or settings file stops here, with the reason; otherwise the values
# this script needs (action_port, rasa_port, line_configured), read by myna/config.py.
checked=$("$python" -m myna.config --shell)
eval "$checked"
if [ "$line_configured" = 0 ]; then
  echo "LINE は未設定です (LINE_CHANNEL_SECRET / LINE_CHANNEL_ACCESS_TOKEN): LINE 以外のチャネルで起動します。"
fi

"$python" -m actions >actions.log 2>&1 &
action_pid=$!
trap 'kill "$action_pid" 2>/dev/null || true' EXIT

action_server_failed() {
  # The launcher's one-line reason (a port in use, a bad setting) is the log's last line.
  echo "アクションサーバーが起動しませんでした: $(tail -n 1 actions.log)" >&2
  exit 1
}
for _ in $(seq 1 120); do
  kill -0 "$action_pid" 2>/dev/null || action_server_failed
  if "$python" -c "import urllib.request; urllib.request.urlopen('http://localhost:$action_port/health', timeout=1)" 2>/dev/null; then
    break
  fi
  sleep 0.5
done

if [ "$mode" = server ]; then
  cat <<MSG
Rasa サーバーを起動します (http://localhost:$rasa_port)。止めるには Ctrl+C。
チャット画面のデモ: http://localhost:$rasa_port/webhooks/widget/demo
話しかけるには:
  curl -s -X POST http://localhost:$rasa_port/webhooks/rest/webhook \\
       -H 'Content-Type: application/json' \\
       -d '{"sender":"test","message":"カードをなくしました"}'
MSG
else
  echo "ターミナルで会話します。終わるには /stop と入力してください。"
fi
if [ "$mode" = shell ]; then
  "$python" -m staff.shell  # python -m serving shell; MYNA_SHELL_EXPLAIN=1 explains each answer
else
  "$python" -m serving server
fi
