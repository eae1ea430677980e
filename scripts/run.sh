#!/usr/bin/env bash
# Starts the action server, then the Rasa server (`server`) or a terminal
# conversation (`shell`), with the embedded defaults of endpoints.yml.
# The action server is stopped when this script ends.
set -euo pipefail
mode=${1:-server}
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
venv=.venv/bin
model=${MODEL:-models/myna.tar.gz}
action_port=${ACTION_PORT:-5055}
rasa_port=${RASA_PORT:-5005}
export ACTION_ENDPOINT_URL="http://localhost:$action_port/webhook"
if [ -n "${LINE_CHANNEL_SECRET:-}" ] && [ -n "${LINE_CHANNEL_ACCESS_TOKEN:-}" ]; then
  credentials=credentials.yml
else
  credentials=credentials.local.yml
  echo "LINE は未設定です (LINE_CHANNEL_SECRET / LINE_CHANNEL_ACCESS_TOKEN): LINE 以外のチャネルで起動します。"
fi

"$venv/python" -m actions.settings  # a bad settings file stops here, with the reason
"$venv/rasa" run actions --actions actions --port "$action_port" >actions.log 2>&1 &
action_pid=$!
trap 'kill "$action_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  if "$venv/python" -c "import urllib.request; urllib.request.urlopen('http://localhost:$action_port/health', timeout=1)" 2>/dev/null; then
    break
  fi
  kill -0 "$action_pid" 2>/dev/null || { echo "アクションサーバーが起動しませんでした。actions.log を確認してください。" >&2; exit 1; }
  sleep 0.5
done

case "$mode" in
  server)
    cat <<MSG
Rasa サーバーを起動します (http://localhost:$rasa_port)。止めるには Ctrl+C。
チャット画面のデモ: http://localhost:$rasa_port/webhooks/widget/demo
話しかけるには:
  curl -s -X POST http://localhost:$rasa_port/webhooks/rest/webhook \\
       -H 'Content-Type: application/json' \\
       -d '{"sender":"test","message":"カードをなくしました"}'
MSG
    "$venv/rasa" run --model "$model" --endpoints endpoints.yml --credentials "$credentials" \
      --interface 127.0.0.1 --port "$rasa_port"
    ;;
  shell)
    echo "ターミナルで会話します。終わるには /stop と入力してください。"
    "$venv/rasa" shell --model "$model" --endpoints endpoints.yml --port "$rasa_port"
    ;;
  *)
    echo "usage: $0 [server|shell]" >&2
    exit 2
    ;;
esac
