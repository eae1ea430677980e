/*!
 * マイナ保険証 質問チャット (Myna chat widget) — vanilla JS (ES2017), no build step.
 *
 * Embed on any page:
 *   <script>window.MynaChatConfig = {insurerName: "○○健康保険組合"};</script>
 *   <script src="https://RASA-HOST/webhooks/widget/myna-chat.js" defer></script>
 *
 * Config (all optional):
 *   serverUrl     Rasa server; default: where this script was loaded from
 *   insurerName   shown under the title
 *   primaryColor  "#rrggbb" or "#rgb"; the text on it is chosen black or white for contrast
 *   greeting      first message shown to a new visitor
 *   storage       "session" (default: kept across reloads in this tab only, safer on a
 *                 shared computer) or "local" (kept across tabs and browser restarts)
 *   open          true to show the chat open on first visit
 *
 * Talks to Rasa's socketio channel (session_persistence: true); when socket.io cannot
 * connect, messages go to the REST channel with the same sender id, so the
 * conversation continues. Message text is always put in the page with textContent.
 */
(function () {
  'use strict';

  if (window.MynaChat) return; // embedded twice: keep the first

  var VERSION = '1';
  var STORE_KEY = 'mynaChat.v' + VERSION;
  var MAX_STORED = 200; // messages kept for re-rendering after a reload
  var STORE_TTL_MS = 60 * 60 * 1000; // same as the domain's session_expiration_time
  var REPLY_TIMEOUT_MS = 30000;
  var SOCKET_PATH = '/socket.io';

  var script = document.currentScript;
  var userConfig = window.MynaChatConfig || {};

  function defaultServerUrl() {
    try {
      if (script && script.src) return new URL(script.src, location.href).origin;
    } catch (e) { /* fall through */ }
    return location.origin;
  }

  function validColor(value, fallback) {
    return typeof value === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) ? value : fallback;
  }

  var config = {
    serverUrl: String(userConfig.serverUrl || defaultServerUrl()).replace(/\/+$/, ''),
    insurerName: userConfig.insurerName ? String(userConfig.insurerName) : '',
    primaryColor: validColor(userConfig.primaryColor, '#005a9c'),
    greeting: userConfig.greeting ? String(userConfig.greeting) :
      'こんにちは。マイナ保険証についてのご質問に、自動でお答えします。\n' +
      '知りたいことを入力して「送信」を押してください。\n' +
      '例: 「カードをなくしました」「暗証番号を忘れました」',
    storage: userConfig.storage === 'local' ? 'local' : 'session',
    open: userConfig.open === true
  };

  // ---- colours: pick black or white text on the primary colour (WCAG contrast) ----
  function rgb(hex) {
    var h = hex.slice(1);
    if (h.length === 3) h = h[0] + h[0] + h[1] + h[1] + h[2] + h[2];
    return [0, 2, 4].map(function (i) { return parseInt(h.slice(i, i + 2), 16) / 255; });
  }
  function luminance(hex) {
    var c = rgb(hex).map(function (v) { return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  var onPrimary = contrast(config.primaryColor, '#ffffff') >= contrast(config.primaryColor, '#111111') ? '#ffffff' : '#111111';
  var accentText = contrast(config.primaryColor, '#ffffff') >= 4.5 ? config.primaryColor : '#111111';

  // ---- storage ----
  function storageArea() {
    try {
      var area = config.storage === 'local' ? window.localStorage : window.sessionStorage;
      var probe = STORE_KEY + '.probe';
      area.setItem(probe, '1');
      area.removeItem(probe);
      return area;
    } catch (e) {
      return null; // storage blocked: the chat still works, without surviving reloads
    }
  }
  var area = storageArea();

  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function loadState() {
    var fresh = { sessionId: newSessionId(), messages: [], open: config.open, large: false, savedAt: Date.now(), serverUrl: config.serverUrl };
    if (!area) return fresh;
    try {
      var saved = JSON.parse(area.getItem(STORE_KEY) || 'null');
      if (!saved || saved.serverUrl !== config.serverUrl || typeof saved.sessionId !== 'string' || !Array.isArray(saved.messages)) return fresh;
      if (Date.now() - (saved.savedAt || 0) > STORE_TTL_MS) {
        fresh.large = !!saved.large; // keep the reading preference, not the old conversation
        return fresh;
      }
      return saved;
    } catch (e) {
      return fresh;
    }
  }
  var state = loadState();

  function saveState() {
    if (!area) return;
    state.savedAt = Date.now();
    if (state.messages.length > MAX_STORED) state.messages = state.messages.slice(-MAX_STORED);
    try { area.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* quota: ignore */ }
  }

  // ---- CSS (injected once; every rule is scoped under .myna-chat) ----
  var CSS = [
    '.myna-chat{--myna-primary:' + config.primaryColor + ';--myna-on-primary:' + onPrimary + ';--myna-accent-text:' + accentText + ';',
    '  --myna-fs:max(18px,1rem);font-size:var(--myna-fs);line-height:1.6;color:#1a1a1a;',
    '  font-family:system-ui,-apple-system,"Hiragino Kaku Gothic ProN","Hiragino Sans",Meiryo,"Noto Sans JP","Noto Sans CJK JP",sans-serif;',
    '  letter-spacing:normal;text-align:left;}',
    '.myna-chat.myna-large{--myna-fs:max(23px,1.3rem);}',
    '.myna-chat.myna-large .myna-header{font-size:.8em;}', /* the conversation grows, the header keeps its room */
    '.myna-chat *,.myna-chat *::before,.myna-chat *::after{box-sizing:border-box;}',
    '.myna-chat button,.myna-chat textarea{font:inherit;font-size:1em;line-height:1.4;letter-spacing:normal;text-transform:none;}',
    '.myna-chat button{cursor:pointer;min-height:44px;min-width:44px;margin:0;border-radius:8px;}',
    '.myna-chat :focus{outline:none;}',
    '.myna-chat :focus-visible{outline:3px solid #111;outline-offset:2px;box-shadow:0 0 0 5px #fff;}',
    '.myna-chat .myna-header :focus-visible,.myna-chat .myna-launcher:focus-visible{outline-color:var(--myna-on-primary);box-shadow:0 0 0 5px var(--myna-primary);}',
    '.myna-sr{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0;}',
    '.myna-launcher{position:fixed;right:16px;bottom:16px;z-index:2147483000;display:inline-flex;align-items:center;gap:.4em;',
    '  padding:.5em 1em;border:2px solid var(--myna-on-primary);background:var(--myna-primary);color:var(--myna-on-primary);',
    '  border-radius:999px!important;font-weight:bold;box-shadow:0 2px 8px rgba(0,0,0,.35);max-width:calc(100vw - 32px);}',
    '.myna-launcher[hidden]{display:none;}',
    '.myna-launcher svg{width:1.3em;height:1.3em;flex:none;fill:currentColor;}',
    '.myna-panel{position:fixed;right:16px;bottom:16px;z-index:2147483001;display:flex;flex-direction:column;',
    '  width:min(420px,calc(100vw - 32px));height:min(680px,calc(100vh - 32px));background:#fff;color:#1a1a1a;',
    '  border:1px solid #6b6b6b;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.3);overflow-x:hidden;overflow-y:auto;}',
    '.myna-panel[hidden]{display:none;}',
    '.myna-header{flex:none;background:var(--myna-primary);color:var(--myna-on-primary);padding:.5em .75em;}',
    '.myna-title{margin:0;font-size:1.1em;font-weight:bold;line-height:1.4;color:inherit;}',
    '.myna-sub{margin:0;font-size:.85em;color:inherit;}',
    '.myna-top{display:flex;align-items:flex-start;gap:.5em;}',
    '.myna-titles{flex:1 1 auto;min-width:0;}',
    '.myna-tools{display:flex;flex-wrap:wrap;gap:.4em;margin-top:.4em;}',
    '.myna-header button{flex:none;background:transparent;color:var(--myna-on-primary);border:2px solid var(--myna-on-primary);padding:.2em .6em;font-size:.85em;}',
    '.myna-header button[aria-pressed="true"]{background:var(--myna-on-primary);color:var(--myna-primary);}',
    '.myna-log{position:relative;flex:1 1 auto;min-height:10em;overflow-y:auto;overflow-x:hidden;padding:.75em;background:#fff;display:flex;flex-direction:column;gap:.6em;}',
    '.myna-msg{position:relative;max-width:90%;padding:.5em .8em;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:normal;}',
    '.myna-msg-bot{align-self:flex-start;background:#eef1f4;color:#1a1a1a;border:1px solid #c9d0d6;border-bottom-left-radius:2px;}',
    '.myna-msg-user{align-self:flex-end;background:var(--myna-primary);color:var(--myna-on-primary);border-bottom-right-radius:2px;}',
    '.myna-msg-error{align-self:stretch;max-width:100%;background:#fff4f2;color:#7a1a0a;border:2px solid #b3261e;}',
    '.myna-msg a{color:#00468c;text-decoration:underline;text-underline-offset:.15em;}',
    '.myna-msg a:hover{color:#002d5c;}',
    '.myna-who{display:block;font-size:.8em;font-weight:bold;color:inherit;}',
    '.myna-replies{display:flex;flex-wrap:wrap;gap:.5em;margin:0;padding:0;border:0;align-self:flex-start;max-width:100%;}',
    '.myna-reply{display:inline-flex;align-items:center;min-height:44px;text-decoration:none;font-size:1em;line-height:1.4;background:#fff;color:var(--myna-accent-text);border:2px solid var(--myna-accent-text);border-radius:999px!important;padding:.3em 1em;text-align:left;max-width:100%;overflow-wrap:anywhere;}',
    '.myna-reply:hover{background:var(--myna-primary);color:var(--myna-on-primary);border-color:var(--myna-primary);}',
    '.myna-retry{background:#fff;color:#7a1a0a;border:2px solid #b3261e;margin-top:.4em;padding:.2em .8em;}',
    '.myna-typing{flex:none;display:flex;align-items:center;gap:.5em;padding:.25em .75em;color:#3d3d3d;font-size:.9em;}',
    '.myna-typing[hidden]{display:none;}',
    '.myna-dots{display:inline-flex;gap:.25em;}',
    '.myna-dots span{width:.5em;height:.5em;border-radius:50%;background:#555;animation:myna-blink 1.2s infinite ease-in-out;}',
    '.myna-dots span:nth-child(2){animation-delay:.2s;}.myna-dots span:nth-child(3){animation-delay:.4s;}',
    '@keyframes myna-blink{0%,80%,100%{opacity:.25;}40%{opacity:1;}}',
    '@media (prefers-reduced-motion:reduce){.myna-dots span{animation:none;}}',
    '.myna-status{flex:none;margin:0;padding:0 .75em;color:#7a1a0a;font-size:.9em;}',
    '.myna-status:empty{display:none;}',
    '.myna-form{flex:none;margin:0;padding:.5em .75em .6em;border-top:1px solid #c9d0d6;background:#f7f8f9;}',
    '.myna-label{display:block;font-weight:bold;font-size:.9em;margin-bottom:.2em;color:#1a1a1a;}',
    '.myna-row{display:flex;gap:.5em;align-items:stretch;}',
    '.myna-input{flex:1 1 auto;min-width:0;min-height:44px;max-height:8em;resize:vertical;padding:.4em .5em;border:2px solid #595959;border-radius:8px;background:#fff;color:#1a1a1a;}',
    '.myna-send{flex:none;background:var(--myna-primary);color:var(--myna-on-primary);border:2px solid var(--myna-primary);padding:.2em .9em;font-weight:bold;}',
    '.myna-send:disabled{opacity:.6;cursor:default;}',
    '.myna-hint{margin:.35em 0 0;font-size:.85em;font-weight:bold;color:#7a1a0a;}',
    '.myna-keyhint{margin:.1em 0 0;font-size:.8em;color:#3d3d3d;}',
    '@media (max-width:480px){.myna-panel{right:0;bottom:0;width:100%;height:100%;max-height:100%;border-radius:0;border:0;}.myna-keyhint{display:none;}}',
    '@media (max-height:480px){.myna-keyhint{display:none;}.myna-log{min-height:6em;}}',
    '@media (forced-colors:active){.myna-msg,.myna-reply,.myna-launcher,.myna-send{border:2px solid CanvasText;}}'
  ].join('\n');

  function injectCss() {
    if (document.getElementById('myna-chat-style')) return;
    var style = document.createElement('style');
    style.id = 'myna-chat-style';
    style.textContent = CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  // ---- small DOM helper: text only ever goes through textContent ----
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        if (attrs[name] === false || attrs[name] == null) return;
        if (name === 'className') node.className = attrs[name];
        else node.setAttribute(name, attrs[name] === true ? '' : String(attrs[name]));
      });
    }
    if (text != null) node.textContent = String(text);
    return node;
  }

  // ---- links in bot text: http(s) URLs and Japanese phone numbers ----
  var DIGIT = '[0-9０-９]';
  var DASH = '[-‐－ー−]';
  var LINK_RE = new RegExp(
    '(https?://[^\\s<>"\'（）「」『』、。，！？]+)' +
    '|((?:[+＋][8８][1１]' + DASH + '?' + DIGIT + '{1,4}|[0０]' + DIGIT + '{1,4})' + DASH + DIGIT + '{1,4}' + DASH + DIGIT + '{3,4})(?!' + DIGIT + ')',
    'g');

  function halfWidth(s) {
    return s.replace(/[０-９＋]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); });
  }

  function appendLinkedText(parent, text) {
    var last = 0;
    var match;
    LINK_RE.lastIndex = 0;
    while ((match = LINK_RE.exec(text)) !== null) {
      var start = match.index;
      var raw = match[0];
      if (match[2] && start > 0 && /[0-9０-９+＋\-]/.test(text[start - 1])) continue; // part of a longer number
      if (match[1]) raw = raw.replace(/[.,:;!?)\]]+$/, ''); // sentence punctuation after a URL
      if (start > last) parent.appendChild(document.createTextNode(text.slice(last, start)));
      var link;
      if (match[1]) {
        link = el('a', { href: raw, target: '_blank', rel: 'noopener noreferrer' }, raw);
        link.appendChild(el('span', { className: 'myna-sr' }, '（新しいタブで開きます）'));
      } else {
        link = el('a', { href: 'tel:' + halfWidth(raw).replace(/[^0-9+]/g, '') }, raw);
      }
      parent.appendChild(link);
      last = start + raw.length;
      LINK_RE.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---- the UI ----
  var ui = {};
  var lastSent = null;
  var replyTimer = null;

  function chatIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z');
    svg.appendChild(path);
    return svg;
  }

  function build() {
    injectCss();
    var root = el('div', { className: 'myna-chat', id: 'myna-chat', lang: 'ja', 'data-transport': 'connecting' });

    var launcher = el('button', { type: 'button', className: 'myna-launcher', 'aria-expanded': 'false', 'aria-controls': 'myna-chat-panel' });
    launcher.appendChild(chatIcon());
    launcher.appendChild(el('span', null, 'マイナ保険証の質問'));

    var panel = el('section', { className: 'myna-panel', id: 'myna-chat-panel', 'aria-labelledby': 'myna-chat-title', hidden: true });

    var header = el('div', { className: 'myna-header' });
    var top = el('div', { className: 'myna-top' });
    var titles = el('div', { className: 'myna-titles' });
    titles.appendChild(el('h2', { className: 'myna-title', id: 'myna-chat-title' }, 'マイナ保険証のご質問'));
    titles.appendChild(el('p', { className: 'myna-sub' }, (config.insurerName ? config.insurerName + '・' : '') + '自動でお答えします'));
    var closeBtn = el('button', { type: 'button', className: 'myna-close' }, '閉じる');
    top.appendChild(titles);
    top.appendChild(closeBtn);
    header.appendChild(top);
    var tools = el('div', { className: 'myna-tools' });
    var sizeBtn = el('button', { type: 'button', className: 'myna-size', 'aria-pressed': 'false' }, '文字を大きく');
    var clearBtn = el('button', { type: 'button', className: 'myna-clear' }, '会話を消す');
    tools.appendChild(sizeBtn);
    tools.appendChild(clearBtn);
    header.appendChild(tools);

    var log = el('div', { className: 'myna-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': '会話', tabindex: '0' });

    var typing = el('div', { className: 'myna-typing', role: 'status', hidden: true });
    var dots = el('span', { className: 'myna-dots', 'aria-hidden': 'true' });
    dots.appendChild(el('span'));
    dots.appendChild(el('span'));
    dots.appendChild(el('span'));
    typing.appendChild(dots);
    typing.appendChild(el('span', null, '回答を準備しています…'));

    var status = el('p', { className: 'myna-status', role: 'status' });

    var form = el('form', { className: 'myna-form', novalidate: true });
    form.appendChild(el('label', { className: 'myna-label', for: 'myna-chat-input' }, 'ご質問を入力してください'));
    var row = el('div', { className: 'myna-row' });
    var input = el('textarea', { className: 'myna-input', id: 'myna-chat-input', rows: '2', maxlength: '500', autocomplete: 'off', 'aria-describedby': 'myna-chat-hint myna-chat-keyhint' });
    var send = el('button', { type: 'submit', className: 'myna-send' }, '送信');
    row.appendChild(input);
    row.appendChild(send);
    form.appendChild(row);
    form.appendChild(el('p', { className: 'myna-hint', id: 'myna-chat-hint' }, '個人番号や暗証番号は送らないでください'));
    form.appendChild(el('p', { className: 'myna-keyhint', id: 'myna-chat-keyhint' }, 'Enterキーで送信、Shift+Enterで改行します'));

    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(typing);
    panel.appendChild(status);
    panel.appendChild(form);
    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(root);

    ui = { root: root, launcher: launcher, panel: panel, log: log, typing: typing, status: status, form: form, input: input, send: send, sizeBtn: sizeBtn, clearBtn: clearBtn, closeBtn: closeBtn };

    launcher.addEventListener('click', function () { setOpen(true, true); });
    closeBtn.addEventListener('click', function () { setOpen(false, true); });
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !event.isComposing && event.keyCode !== 229) { setOpen(false, true); }
    });
    sizeBtn.addEventListener('click', function () { setLarge(!state.large); });
    clearBtn.addEventListener('click', clearConversation);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submitInput();
    });
    bindImeSafeEnter(input);

    setLarge(!!state.large);
    renderAll();
    setOpen(!!state.open, false);
  }

  // Enter sends, but never the Enter that confirms a kana-kanji conversion.
  function bindImeSafeEnter(input) {
    var composing = false;
    var justEnded = false;
    var endTimer = null;
    input.addEventListener('compositionstart', function () { composing = true; });
    input.addEventListener('compositionend', function () {
      composing = false;
      // Safari fires the confirming Enter's keydown after compositionend.
      justEnded = true;
      clearTimeout(endTimer);
      endTimer = setTimeout(function () { justEnded = false; }, 100);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter') return;
      if (event.isComposing || event.keyCode === 229 || composing) return;
      if (justEnded) { justEnded = false; return; }
      if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return; // newline
      event.preventDefault();
      submitInput();
    });
  }

  function setOpen(open, moveFocus) {
    state.open = open;
    ui.panel.hidden = !open;
    ui.launcher.hidden = open;
    ui.launcher.setAttribute('aria-expanded', String(open));
    saveState();
    if (open) {
      scrollToEnd();
      if (moveFocus) ui.input.focus();
    } else if (moveFocus) {
      ui.launcher.focus();
    }
  }

  function setLarge(large) {
    state.large = large;
    ui.root.classList.toggle('myna-large', large);
    ui.sizeBtn.setAttribute('aria-pressed', String(large));
    ui.sizeBtn.textContent = large ? '文字を元に戻す' : '文字を大きく';
    saveState();
    scrollToEnd();
  }

  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function renderMessage(message) {
    if (message.who === 'user') {
      var mine = el('div', { className: 'myna-msg myna-msg-user' });
      mine.appendChild(el('span', { className: 'myna-sr' }, 'あなた: '));
      mine.appendChild(document.createTextNode(message.text));
      ui.log.appendChild(mine);
      return;
    }
    if (message.text) {
      var bubble = el('div', { className: 'myna-msg myna-msg-bot' });
      bubble.appendChild(el('span', { className: 'myna-sr' }, '案内: '));
      appendLinkedText(bubble, message.text);
      ui.log.appendChild(bubble);
    }
    if (message.buttons && message.buttons.length) {
      var group = el('div', { className: 'myna-replies', role: 'group', 'aria-label': '選んでください' });
      message.buttons.forEach(function (button) {
        var b;
        if (/^tel:[0-9０-９+＋()\-‐－ ]+$/i.test(button.payload)) {
          // A "call" button (payload tel:…) dials; it is not a message to the bot.
          b = el('a', { className: 'myna-reply', href: 'tel:' + halfWidth(button.payload.slice(4)).replace(/[^0-9+]/g, '') }, button.title);
        } else if (/^https?:\/\//i.test(button.payload)) {
          b = el('a', { className: 'myna-reply', href: button.payload, target: '_blank', rel: 'noopener noreferrer' }, button.title);
          b.appendChild(el('span', { className: 'myna-sr' }, '（新しいタブで開きます）'));
        } else {
          b = el('button', { type: 'button', className: 'myna-reply' }, button.title);
          b.addEventListener('click', function () { sendMessage(button.payload, button.title); });
        }
        group.appendChild(b);
      });
      ui.log.appendChild(group);
    }
  }

  function renderAll() {
    while (ui.log.firstChild) ui.log.removeChild(ui.log.firstChild);
    if (!state.messages.length && config.greeting) {
      state.messages.push({ who: 'bot', text: config.greeting });
      saveState();
    }
    state.messages.forEach(renderMessage);
    scrollToEnd();
  }

  function addMessage(message) {
    state.messages.push(message);
    saveState();
    renderMessage(message);
    scrollToEnd();
  }

  function showError(text, retryText) {
    var box = el('div', { className: 'myna-msg myna-msg-error', role: 'alert' });
    box.appendChild(document.createTextNode(text));
    if (retryText) {
      box.appendChild(el('br'));
      var retry = el('button', { type: 'button', className: 'myna-retry' }, 'もう一度送る');
      retry.addEventListener('click', function () {
        box.parentNode.removeChild(box);
        deliver(retryText);
      });
      box.appendChild(retry);
    }
    ui.log.appendChild(box);
    scrollToEnd();
  }

  function setTyping(on) {
    ui.typing.hidden = !on;
    clearTimeout(replyTimer);
    if (on) {
      replyTimer = setTimeout(function () {
        ui.typing.hidden = true;
        showError('応答がありませんでした。もう一度お試しください。', lastSent);
      }, REPLY_TIMEOUT_MS);
    }
  }

  // Normalises one reply of the socketio channel (quick_replies) or the REST
  // channel (buttons) to {text, buttons}.
  function normalise(reply) {
    var message = { who: 'bot', text: '' };
    if (!reply || typeof reply !== 'object') return message;
    if (typeof reply.text === 'string') message.text = reply.text;
    var raw = reply.buttons || reply.quick_replies || [];
    if (Array.isArray(raw)) {
      message.buttons = raw.filter(function (b) { return b && b.title != null && b.payload != null; })
        .map(function (b) { return { title: String(b.title), payload: String(b.payload) }; });
    }
    var image = reply.image || (reply.attachment && reply.attachment.payload && reply.attachment.payload.src);
    if (typeof image === 'string' && /^https?:\/\//i.test(image)) {
      message.text += (message.text ? '\n' : '') + image; // shown as a link, never loaded
    }
    return message;
  }

  function receive(reply) {
    setTyping(false);
    var message = normalise(reply);
    // The socketio channel sends a text split at blank lines; do the same for REST.
    var parts = message.text ? message.text.split(/\n\n+/) : [''];
    parts.forEach(function (part, i) {
      var piece = { who: 'bot', text: part };
      if (i === parts.length - 1 && message.buttons && message.buttons.length) piece.buttons = message.buttons;
      if (piece.text || piece.buttons) addMessage(piece);
    });
  }

  // ---- transport: socket.io first, REST when the socket is not ready ----
  var socket = null;
  var socketReady = false;

  function setTransport(name) {
    ui.root.setAttribute('data-transport', name);
  }

  function loadSocketIo(done) {
    // Always our vendored 4.x client (a host page's own io may be another major
    // version); the host's global io, if any, is put back afterwards.
    var previous = window.io;
    var tag = document.createElement('script');
    tag.src = config.serverUrl + '/webhooks/widget/vendor/socket.io.min.js';
    tag.async = true;
    tag.onload = function () {
      var ours = window.io;
      if (previous !== undefined) window.io = previous;
      done(typeof ours === 'function' && ours !== previous ? ours : null);
    };
    tag.onerror = function () { done(null); };
    (document.head || document.documentElement).appendChild(tag);
  }

  function connectSocket(io) {
    if (!io) { setTransport('rest'); return; }
    socket = io(config.serverUrl, {
      path: SOCKET_PATH,
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      timeout: 8000
    });
    socket.on('connect', function () {
      socket.emit('session_request', { session_id: state.sessionId });
    });
    socket.on('session_confirm', function () {
      socketReady = true;
      setTransport('socket');
      ui.status.textContent = '';
    });
    socket.on('bot_uttered', receive);
    socket.on('disconnect', function () {
      socketReady = false;
      setTransport('rest');
    });
    socket.on('connect_error', function () {
      socketReady = false;
      setTransport('rest');
    });
    // A dropped network may leave a socket that looks connected; reconnect at once.
    window.addEventListener('offline', function () { socketReady = false; setTransport('rest'); });
    window.addEventListener('online', function () {
      if (socket.connected) socket.io.engine.close();
      else socket.connect();
    });
  }

  function sendRest(text) {
    return fetch(config.serverUrl + '/webhooks/rest/webhook', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sender: state.sessionId, message: text })
    }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    }).then(function (replies) {
      setTyping(false);
      (Array.isArray(replies) ? replies : []).forEach(receive);
    });
  }

  function deliver(text) {
    lastSent = text;
    setTyping(true);
    if (socket && socketReady && socket.connected) {
      socket.emit('user_uttered', { message: text, session_id: state.sessionId });
      return;
    }
    sendRest(text).catch(function () {
      setTyping(false);
      showError('送信できませんでした。インターネットの接続を確かめて、もう一度お試しください。', text);
    });
  }

  function sendMessage(text, shown) {
    text = String(text || '').trim();
    if (!text) return;
    addMessage({ who: 'user', text: shown != null ? String(shown) : text });
    deliver(text);
  }

  function submitInput() {
    var text = ui.input.value;
    if (!text.trim()) { ui.input.focus(); return; }
    ui.input.value = '';
    sendMessage(text);
    ui.input.focus();
  }

  function clearConversation() {
    if (!window.confirm('この画面の会話を消しますか？')) return;
    state.sessionId = newSessionId();
    state.messages = [];
    saveState();
    setTyping(false);
    renderAll();
    if (socket && socket.connected) {
      socketReady = false; // until the server confirms the new session
      setTransport('rest');
      socket.emit('session_request', { session_id: state.sessionId });
    }
    ui.input.focus();
  }

  function start() {
    build();
    loadSocketIo(connectSocket);
  }

  window.MynaChat = {
    version: VERSION,
    open: function () { setOpen(true, true); },
    close: function () { setOpen(false, true); },
    send: function (text) { sendMessage(text); },
    get transport() { return ui.root ? ui.root.getAttribute('data-transport') : 'connecting'; }
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
