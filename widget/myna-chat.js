/*!
 * マイナ保険証 質問チャット (Myna chat widget) — vanilla JS (ES2018 for Unicode property
 * escapes, iOS 11.3+; no look-behind: older iPhones), no build step.
 *
 * Embed on any page:
 *   <script>window.MynaChatConfig = {insurerName: "○○健康保険組合"};</script>
 *   <script src="https://RASA-HOST/webhooks/widget/myna-chat.js" defer></script>
 *
 * Config (all optional):
 *   serverUrl       Rasa server; default: where this script was loaded from
 *   insurerName     shown above the conversation
 *   primaryColor    "#rrggbb" or "#rgb"; the text on it is chosen black or white for contrast
 *   greeting        first message shown to a new visitor
 *   storage         "session" (default: kept across reloads in this tab only, safer on a
 *                   shared computer) or "local" (kept across tabs and browser restarts)
 *   open            true to show the chat open on first visit
 *   launcherOffset  {right, bottom}: distance of the launcher (and of the panel on wide
 *                   screens) from the window's corner, in px (numbers) or CSS lengths
 *                   ("5rem"), to stay clear of the page's own fixed buttons; default 16
 *
 * Talks to Rasa's socketio channel (session_persistence: true); when socket.io cannot
 * connect, messages go to the REST channel with the same sender id, so the
 * conversation continues. The phone numbers and whether they are open now, the link
 * titles and the length limit come from the server (/webhooks/widget/config), and each
 * answer comes with its call links (`segments`): the page reads no phone numbers.
 * Everything lives in a Shadow DOM, so the page's CSS does not reach it; message
 * text is always put in the page with textContent.
 */
(function () {
  'use strict';

  if (window.MynaChat) return; // embedded twice: keep the first

  var VERSION = '1';
  var STORE_KEY = 'mynaChat.v' + VERSION;
  var MAX_STORED = 200; // messages kept for re-rendering after a reload
  var STORE_TTL_MS = 60 * 60 * 1000; // same as the domain's session_expiration_time
  var REPLY_TIMEOUT_MS = 30000;
  var FETCH_TIMEOUT_MS = 15000;
  var SOCKET_PATH = '/socket.io';
  var PHONE_LAYOUT = '(max-width: 480px)';

  // Every word the widget itself shows, in one table (the answers, the phone lines and
  // the link titles come from the server): another language replaces this object.
  var TEXT = {
    title: 'マイナ保険証の質問',
    greeting: 'こんにちは。マイナ保険証についてのご質問に、自動でお答えします。\n' +
      '下のボタンを押すか、知りたいことを入力して「送信」を押してください。',
    intro: '自動でお答えします',
    introAfterInsurer: '・',
    startChoices: {
      '/lost_card': 'なくした',
      '/pin_forgotten': '暗証番号',
      '/card_validity': '有効期限',
      '/shikaku_kakuninsho': '資格確認書',
      '/how_to_use': '使い方'
    },
    menu: 'メニュー',
    close: '閉じる',
    larger: '文字を大きく',
    smaller: '文字を元に戻す',
    clear: '会話を消す',
    clearConfirm: 'この画面の会話を消しますか？',
    log: '会話',
    newAnswer: '新しい回答 ↓',
    typing: '回答を準備しています…',
    you: 'あなた: ',
    bot: '案内: ',
    choose: '選んでください',
    newTab: '（新しいタブで開きます）',
    inputLabel: 'ご質問を入力',
    send: '送信',
    hint: '個人番号や暗証番号は送らないでください',
    keyHint: 'Enterキーで送信、Shift+Enterで改行します',
    count: function (length, limit) { return length + ' / ' + limit + '文字'; },
    over: function (extra) { return '（' + extra + '文字多すぎます）'; },
    personalNumberWarning: 'マイナンバー（個人番号）や暗証番号のような数字が入っています。これらは送らないでください。',
    rewrite: '書き直す',
    sendAnyway: 'このまま送る（数字は画面に残しません）',
    redacted: { my_number: '［マイナンバー削除］', pin: '［暗証番号削除］' },
    retry: 'もう一度送る',
    errors: {
      unreachable: 'サーバーにつながりませんでした。インターネットの接続を確かめて、「もう一度送る」を押してください。',
      forbidden: 'このホームページからは、チャットを使えない設定になっています。お手数ですが、「電話で相談」の番号にお電話ください。',
      too_long: 'メッセージが長すぎて送れませんでした。短くして、もう一度送ってください。',
      no_reply: '応答がありませんでした。もう一度お試しください。',
      server: 'サーバーで問題が起きました。しばらくしてから「もう一度送る」を押してください。'
    },
    phone: '電話で相談',
    phoneChecking: '確認しています…',
    phoneMenu: function (menu) { return '（' + menu + '）'; },
    phoneCall: function (number) { return number + ' に電話'; },
    phoneHours: function (hours) { return '受付時間: ' + hours; }
  };

  // The common needs, offered as the first message's buttons (intents of domain.yml).
  var START_CHOICES = ['/lost_card', '/pin_forgotten', '/card_validity', '/shikaku_kakuninsho', '/how_to_use']
    .map(function (payload) { return { title: TEXT.startChoices[payload], payload: payload }; });

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

  function cssLength(value, fallback) {
    if (typeof value === 'number' && isFinite(value) && value >= 0) return value + 'px';
    if (typeof value === 'string' && /^\d+(\.\d+)?(px|rem|em|vh|vw)$/.test(value.trim())) return value.trim();
    return fallback;
  }

  var offset = userConfig.launcherOffset || {};
  var config = {
    serverUrl: String(userConfig.serverUrl || defaultServerUrl()).replace(/\/+$/, ''),
    insurerName: userConfig.insurerName ? String(userConfig.insurerName) : '',
    primaryColor: validColor(userConfig.primaryColor, '#005a9c'),
    greeting: userConfig.greeting ? String(userConfig.greeting) : TEXT.greeting,
    storage: userConfig.storage === 'local' ? 'local' : 'session',
    open: userConfig.open === true,
    right: cssLength(offset.right, '16px'),
    bottom: cssLength(offset.bottom, '16px')
  };

  // What the server tells (GET /webhooks/widget/config); see channels/widget.py.
  var server = { linkTitles: [], maxCharacters: null };

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

  // ---- personal numbers: the rules of myna/privacy/personal_numbers.py, ported ----
  // (tests/widget/personal_numbers.json is the table both are tested on; the rules
  // that need the conversation, a message that is only a PIN and a number split over
  // two messages, are the server's only.) No look-behind (Safari before 16.4 cannot
  // parse it): where Python's pattern has one, `findAll` tests the character before.
  var KANJI_DIGITS = { '〇': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9 };
  // The characters other than Nd with a digit value: [first, last, value of first].
  var OTHER_DIGITS = [[0xB2, 0xB3, 2], [0xB9, 0xB9, 1], [0x1369, 0x1371, 1], [0x19DA, 0x19DA, 1], [0x2070, 0x2070, 0],
    [0x2074, 0x2079, 4], [0x2080, 0x2089, 0], [0x2460, 0x2468, 1], [0x2474, 0x247C, 1], [0x2488, 0x2490, 1],
    [0x24EA, 0x24EA, 0], [0x24F5, 0x24FD, 1], [0x24FF, 0x24FF, 0], [0x2776, 0x277E, 1], [0x2780, 0x2788, 1],
    [0x278A, 0x2792, 1], [0x10A40, 0x10A43, 1], [0x10E60, 0x10E68, 1], [0x11052, 0x1105A, 1], [0x1F100, 0x1F100, 0],
    [0x1F101, 0x1F10A, 0]];
  function codePoint(cp) { return '\\u{' + cp.toString(16) + '}'; }
  var PN_DIGIT = '[\\p{Nd}' + OTHER_DIGITS.map(function (r) { return codePoint(r[0]) + '-' + codePoint(r[1]); }).join('') +
    Object.keys(KANJI_DIGITS).join('') + ']';
  var IS_ND = /^\p{Nd}$/u;
  // Between digit groups: blanks, the dashes of myna/phone.py (DASHES), dots, slashes,
  // underscores, commas and brackets.
  var PN_DASH = '\\-\\u2010-\\u2015\\u2212\\uff0d\\u30fc\\uff70';
  var PN_SEPARATOR = '[\\s\\x1c-\\x1f\\x85\\u200b-\\u200d\\u2060\\ufeff\\u00ad' + PN_DASH +
    '~〜～.．·・･/／_＿,，、()（）\\[\\]［］{}｛｝「」『』【】〔〕<>＜＞〈〉《》]';
  var DIGIT_RUN = new RegExp(PN_DIGIT + '(?:' + PN_SEPARATOR + '{0,4}' + PN_DIGIT + ')*', 'gu');
  var DIGIT_GROUP = new RegExp(PN_DIGIT + '+', 'gu');
  var LIST_BREAK = new RegExp('[,，、;；\\n]|' + PN_SEPARATOR + '{2,}', 'gu');
  var MY_NUMBER_WORDS = /マイナンバー|マイナ番号|まいなんばー|個人番号|こじんばんごう|[Mm]y ?[Nn]umber|ＭＹナンバー|の番号|番号(?=[はが]|って)/gu;
  var PIN_WORDS = /暗証番号|暗唱番号|暗しょう番号|あんしょう番号|あんしょうばんごう|暗証|パスワード|ぱすわーど|password|Password|PASSWORD|ＰＩＮ|PIN|[Pp]in(?![a-z])|ピン(?![ァ-ヶー])/gu;
  var MY_NUMBER_HINTS = ['マイナ', 'まいな', '番号', 'こじん', 'umber', 'ＭＹ'];
  var PIN_HINTS = ['暗', 'あんしょう', 'パスワード', 'ぱすわーど', 'pin', 'Pin', 'PIN', 'ＰＩＮ', 'ピン', 'assword', 'PASSWORD'];
  var SENTENCE_END = '。．！？!?\n';
  var AFTER_LABEL = 40, BEFORE_LABEL = 8; // characters
  var PIN_NUMBER = new RegExp(PN_DIGIT + '(?:(?:[ \\u3000]|[' + PN_DASH + '])?' + PN_DIGIT + '){3}(?!' + PN_DIGIT + ')', 'gu');
  var PASSWORD = /(?=[A-Za-zＡ-Ｚａ-ｚ]*[0-9０-９])[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]{6,16}(?![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])/gu;
  var IS_DIGIT = new RegExp('^' + PN_DIGIT + '$', 'u');
  var IS_ALNUM = /^[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]$/u;
  var IS_KATAKANA = /^[ァ-ヶー]$/u;
  // What makes 番号 part of another number's name (受付番号, 電話番号, ID番号).
  var IS_NAME_CHAR = /^[\u3400-\u9fff\uf900-\ufaff々〆ァ-ヶーｦ-ﾟA-Za-zＡ-Ｚａ-ｚ]$/u;
  var CARD_GROUPING = '4,4,4'; // the card prints its number in three groups of four
  var PLUS = '+＋';

  function charAt(text, i) { return String.fromCodePoint(text.codePointAt(i)); }
  function charBefore(text, i) {
    var low = text.charCodeAt(i - 1);
    return i > 1 && low >= 0xDC00 && low <= 0xDFFF ? text.slice(i - 2, i) : text.slice(i - 1, i);
  }

  // Python's pattern.finditer(text, pos, endpos): the text ends at endpos for the
  // pattern; `refused(before, match)` is its look-behind.
  function findAll(pattern, text, pos, endpos, refused) {
    var cut = text.slice(0, endpos), found = [], m;
    pattern.lastIndex = pos;
    while ((m = pattern.exec(cut)) !== null) {
      if (refused && m.index > 0 && refused(charBefore(text, m.index), m[0])) {
        pattern.lastIndex = m.index + charAt(text, m.index).length;
        continue;
      }
      found.push({ start: m.index, end: m.index + m[0].length });
    }
    return found;
  }
  function afterDigit(before) { return IS_DIGIT.test(before); }
  function afterAlnum(before) { return IS_ALNUM.test(before); }
  function labelInAName(before, label) {
    return (label === 'ピン' && IS_KATAKANA.test(before)) || (label === '番号' && IS_NAME_CHAR.test(before));
  }

  function digitValue(ch) {
    if (KANJI_DIGITS.hasOwnProperty(ch)) return KANJI_DIGITS[ch];
    var cp = ch.codePointAt(0);
    for (var i = 0; i < OTHER_DIGITS.length; i++) {
      if (cp >= OTHER_DIGITS[i][0] && cp <= OTHER_DIGITS[i][1]) return OTHER_DIGITS[i][2] + cp - OTHER_DIGITS[i][0];
    }
    if (!IS_ND.test(ch)) return null;
    // Unicode assigns Nd digits in runs of ten from 0 to 9: count from the run's start.
    var zero = cp;
    while (zero > 0 && IS_ND.test(String.fromCodePoint(zero - 1))) zero--;
    return (cp - zero) % 10;
  }

  function digitsOf(text) {
    var out = '';
    Array.from(text).forEach(function (ch) { var v = digitValue(ch); if (v !== null) out += v; });
    return out;
  }

  function isValidMyNumber(digits) {
    if (!/^[0-9]{12}$/.test(digits)) return false;
    var total = 0;
    for (var n = 1; n <= 11; n++) { // the n-th digit from the right of the 11-digit body
      total += Number(digits[11 - n]) * (n <= 6 ? n + 1 : n - 5);
    }
    var remainder = total % 11;
    return (remainder <= 1 ? 0 : 11 - remainder) === Number(digits[11]);
  }

  // Where a label's number may be: after it to the end of its sentence (bounded), and
  // a few characters before it.
  function labelledSpans(text, words, hints) {
    var spans = [];
    if (!hints.some(function (hint) { return text.indexOf(hint) >= 0; })) return spans;
    findAll(words, text, 0, text.length, labelInAName).forEach(function (label) {
      var end = label.end, start = label.start, n;
      for (n = 0; end < text.length && n < AFTER_LABEL && SENTENCE_END.indexOf(text[end]) < 0; n++) end += charAt(text, end).length;
      for (n = 0; start > 0 && n < BEFORE_LABEL && SENTENCE_END.indexOf(text[start - 1]) < 0; n++) start -= charBefore(text, start).length;
      spans.push({ start: start, end: label.start }, { start: label.end, end: end });
    });
    return spans;
  }

  function overlaps(spans, start, end) {
    return spans.some(function (s) { return start < s.end && s.start < end; });
  }

  // The My Numbers of one digit run: the whole run, or else each part between list breaks.
  function numbersInRun(text, run, labelled) {
    if (run.end - run.start < 12) return [];
    var pieces = [[run.start, run.end]];
    var cuts = findAll(LIST_BREAK, text, run.start, run.end);
    if (cuts.length) {
      var bounds = [run.start];
      cuts.forEach(function (c) { bounds.push(c.start, c.end); });
      bounds.push(run.end);
      for (var i = 0; i < bounds.length; i += 2) pieces.push([bounds[i], bounds[i + 1]]);
    }
    var found = [];
    for (var p = 0; p < pieces.length; p++) {
      var groups = findAll(DIGIT_GROUP, text, pieces[p][0], pieces[p][1]);
      if (!groups.length) continue;
      var start = groups[0].start, end = groups[groups.length - 1].end;
      var digits = digitsOf(text.slice(start, end));
      var grouping = groups.map(function (g) { return digitsOf(text.slice(g.start, g.end)).length; }).join();
      if (isValidMyNumber(digits) || (digits.length === 12 && !(start > 0 && PLUS.indexOf(text[start - 1]) >= 0) &&
          (overlaps(labelled, start, end) || grouping === CARD_GROUPING))) {
        found.push({ kind: 'my_number', start: start, end: end });
        if (start === run.start && end === run.end) break; // the whole run is one number
      }
    }
    return found;
  }

  function findPersonalNumbers(text) {
    var labelled = labelledSpans(text, MY_NUMBER_WORDS, MY_NUMBER_HINTS);
    var findings = [];
    findAll(DIGIT_RUN, text, 0, text.length).forEach(function (run) {
      findings = findings.concat(numbersInRun(text, run, labelled));
    });
    labelledSpans(text, PIN_WORDS, PIN_HINTS).forEach(function (span) {
      [[PIN_NUMBER, afterDigit], [PASSWORD, afterAlnum]].forEach(function (rule) {
        findAll(rule[0], text, span.start, span.end, rule[1]).forEach(function (m) {
          if (!overlaps(findings, m.start, m.end)) findings.push({ kind: 'pin', start: m.start, end: m.end });
        });
      });
    });
    return findings.sort(function (a, b) { return a.start - b.start; });
  }

  function redact(text) {
    var out = '', cursor = 0;
    findPersonalNumbers(text).forEach(function (f) {
      out += text.slice(cursor, f.start) + TEXT.redacted[f.kind];
      cursor = f.end;
    });
    return out + text.slice(cursor);
  }

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
  if (Array.isArray(state.linkTitles)) server.linkTitles = state.linkTitles;

  function saveState() {
    if (!area) return;
    state.savedAt = Date.now();
    if (state.messages.length > MAX_STORED) state.messages = state.messages.slice(-MAX_STORED);
    try { area.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* quota: ignore */ }
  }

  // ---- CSS (inside the shadow root: the page's rules cannot reach it) ----
  var CSS = [
    ':host{all:initial;}', /* nothing inherited from the page either */
    '.myna-chat{--myna-primary:' + config.primaryColor + ';--myna-on-primary:' + onPrimary + ';--myna-accent-text:' + accentText + ';',
    '  --myna-right:' + config.right + ';--myna-bottom:' + config.bottom + ';',
    '  --myna-fs:max(18px,1rem);font-size:var(--myna-fs);line-height:1.6;color:#1a1a1a;',
    '  font-family:system-ui,-apple-system,"Hiragino Kaku Gothic ProN","Hiragino Sans",Meiryo,"Noto Sans JP","Noto Sans CJK JP",sans-serif;',
    '  letter-spacing:normal;text-align:left;}',
    '.myna-chat.myna-large{--myna-fs:max(23px,1.3rem);}',
    '.myna-chat.myna-large .myna-header{font-size:.8em;}', /* the conversation grows, the header keeps its room */
    '*,*::before,*::after{box-sizing:border-box;}',
    '[hidden]{display:none!important;}',
    'button,textarea{font:inherit;font-size:1em;line-height:1.4;letter-spacing:normal;text-transform:none;}',
    'button{cursor:pointer;min-height:44px;min-width:44px;margin:0;border-radius:8px;}',
    'button:disabled{cursor:default;}',
    ':focus{outline:none;}',
    ':focus-visible{outline:3px solid #111;outline-offset:2px;box-shadow:0 0 0 5px #fff;}',
    '.myna-header :focus-visible,.myna-launcher:focus-visible{outline-color:var(--myna-on-primary);box-shadow:0 0 0 5px var(--myna-primary);}',
    '.myna-sr{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0;}',
    '.myna-launcher{position:fixed;right:var(--myna-right);bottom:var(--myna-bottom);z-index:2147483000;display:inline-flex;align-items:center;gap:.4em;',
    '  padding:.5em 1em;border:2px solid var(--myna-on-primary);background:var(--myna-primary);color:var(--myna-on-primary);',
    '  border-radius:999px;font-weight:bold;box-shadow:0 2px 8px rgba(0,0,0,.35);max-width:calc(100vw - 32px);}',
    'svg{width:1.2em;height:1.2em;flex:none;fill:currentColor;}',
    '.myna-panel{position:fixed;right:var(--myna-right);bottom:var(--myna-bottom);z-index:2147483001;display:flex;flex-direction:column;',
    '  width:min(420px,calc(100vw - 32px));height:min(680px,calc(100vh - var(--myna-bottom) - 16px));background:#fff;color:#1a1a1a;',
    '  border:1px solid #6b6b6b;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.3);overflow:hidden;}',
    '.myna-header{flex:none;position:relative;display:flex;align-items:center;gap:.4em;background:var(--myna-primary);color:var(--myna-on-primary);padding:.25em .5em;}',
    '.myna-title{flex:1 1 auto;min-width:0;margin:0;font-size:1em;font-weight:bold;line-height:1.3;color:inherit;}',
    '.myna-header button{flex:none;background:transparent;color:var(--myna-on-primary);border:2px solid var(--myna-on-primary);padding:.1em .5em;font-size:.85em;}',
    '.myna-header button[aria-expanded="true"]{background:var(--myna-on-primary);color:var(--myna-primary);}',
    '.myna-menu{position:absolute;z-index:2;top:100%;right:.5em;display:flex;flex-direction:column;gap:.4em;padding:.5em;background:#fff;',
    '  border:2px solid #595959;border-radius:8px;box-shadow:0 4px 12px rgba(0,0,0,.3);}',
    '.myna-menu button{background:#fff;color:#1a1a1a;border:2px solid #595959;padding:.2em .8em;text-align:left;font-size:.9em;}',
    '.myna-menu button[aria-pressed="true"]{background:#1a1a1a;color:#fff;}',
    '.myna-middle{position:relative;flex:1 1 auto;min-height:0;display:flex;flex-direction:column;}',
    '.myna-log{flex:1 1 auto;min-height:0;overflow-y:auto;overflow-x:hidden;padding:.6em .75em;background:#fff;display:flex;flex-direction:column;gap:.6em;position:relative;}',
    '.myna-intro{margin:0;font-size:.85em;color:#3d3d3d;}',
    '.myna-msg{position:relative;max-width:95%;padding:.5em .8em;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:normal;}',
    '.myna-msg-bot{align-self:flex-start;background:#eef1f4;color:#1a1a1a;border:1px solid #c9d0d6;border-bottom-left-radius:2px;}',
    '.myna-msg-user{align-self:flex-end;background:var(--myna-primary);color:var(--myna-on-primary);border-bottom-right-radius:2px;}',
    '.myna-msg-error{align-self:stretch;max-width:100%;background:#fff4f2;color:#7a1a0a;border:2px solid #b3261e;}',
    '.myna-msg a{color:#00468c;text-decoration:underline;text-underline-offset:.15em;}',
    '.myna-msg a:hover{color:#002d5c;}',
    /* a phone number is one large call button and never breaks across lines */
    '.myna-msg a.myna-call{display:inline-flex;align-items:center;gap:.2em;min-height:44px;padding:.1em .5em;margin:.1em 0;white-space:nowrap;',
    '  font-weight:bold;text-decoration:none;color:#fff;background:#00468c;border-radius:999px;vertical-align:middle;}',
    '.myna-msg a.myna-call svg{width:1em;height:1em;}',
    '.myna-msg a.myna-call:hover{color:#fff;background:#002d5c;}',
    '.myna-replies{display:flex;flex-wrap:wrap;gap:.5em;margin:0;padding:0;border:0;align-self:flex-start;max-width:100%;}',
    '.myna-reply{display:inline-flex;align-items:center;gap:.3em;min-height:44px;text-decoration:none;font-size:1em;line-height:1.4;background:#fff;color:var(--myna-accent-text);border:2px solid var(--myna-accent-text);border-radius:999px;padding:.3em 1em;text-align:left;max-width:100%;overflow-wrap:anywhere;}',
    '.myna-reply:not(:disabled):hover{background:var(--myna-primary);color:var(--myna-on-primary);border-color:var(--myna-primary);}',
    '.myna-reply:disabled{background:#f0f0f0;color:#595959;border-color:#8a8a8a;border-style:dashed;}',
    '.myna-reply.myna-chosen{background:#595959;color:#fff;border-color:#595959;border-style:solid;}',
    'a.myna-reply{font-weight:bold;overflow-wrap:normal;}',
    '.myna-nowrap{white-space:nowrap;}',
    '.myna-retry{background:#fff;color:#7a1a0a;border:2px solid #b3261e;margin-top:.4em;padding:.2em .8em;}',
    '.myna-pill{position:absolute;left:50%;bottom:.5em;transform:translateX(-50%);z-index:1;background:#1a1a1a;color:#fff;border:2px solid #fff;',
    '  border-radius:999px;padding:.2em 1em;font-weight:bold;box-shadow:0 2px 8px rgba(0,0,0,.4);white-space:nowrap;}',
    '.myna-typing{flex:none;display:flex;align-items:center;gap:.5em;padding:.2em .75em;color:#3d3d3d;font-size:.9em;}',
    '.myna-dots{display:inline-flex;gap:.25em;}',
    '.myna-dots span{width:.5em;height:.5em;border-radius:50%;background:#555;animation:myna-blink 1.2s infinite ease-in-out;}',
    '.myna-dots span:nth-child(2){animation-delay:.2s;}.myna-dots span:nth-child(3){animation-delay:.4s;}',
    '@keyframes myna-blink{0%,80%,100%{opacity:.25;}40%{opacity:1;}}',
    '@media (prefers-reduced-motion:reduce){.myna-dots span{animation:none;}}',
    '.myna-phone-bar{flex:none;display:flex;padding:.3em .75em 0;background:#f7f8f9;border-top:1px solid #c9d0d6;}',
    '.myna-phone-btn{display:inline-flex;align-items:center;gap:.3em;background:#fff;color:#1a1a1a;border:2px solid #1a1a1a;border-radius:999px;padding:.1em .9em;font-weight:bold;font-size:.9em;}',
    '.myna-phone-btn[aria-expanded="true"]{background:#1a1a1a;color:#fff;}',
    '.myna-phone{flex:none;max-height:55%;overflow-y:auto;padding:.5em .75em;background:#f7f8f9;}',
    '.myna-phone h3{margin:.3em 0 .1em;font-size:.9em;font-weight:bold;color:#1a1a1a;}',
    '.myna-phone p{margin:.1em 0;font-size:.85em;color:#1a1a1a;}',
    '.myna-phone .myna-state{font-weight:bold;font-size:.95em;}',
    '.myna-phone .myna-state-open,.myna-phone .myna-state-always{color:#0b5e1f;}',
    '.myna-phone .myna-state-closed{color:#7a1a0a;}',
    '.myna-dial{display:flex;align-items:center;justify-content:center;gap:.4em;min-height:52px;margin:.3em 0;padding:.3em .8em;border-radius:12px;',
    '  background:#00468c;color:#fff;font-weight:bold;font-size:1.15em;text-decoration:none;white-space:nowrap;}',
    '.myna-dial-other{background:#fff;color:#00468c;border:2px solid #00468c;font-size:1em;min-height:44px;}',
    '.myna-status{flex:none;margin:0;padding:0 .75em;color:#7a1a0a;font-size:.9em;}',
    '.myna-status:empty{display:none;}',
    '.myna-form{flex:none;margin:0;padding:.3em .75em .5em;background:#f7f8f9;}',
    '.myna-labels{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.5em;margin-bottom:.15em;}',
    '.myna-label{font-weight:bold;font-size:.85em;color:#1a1a1a;}',
    '.myna-count{font-size:.8em;color:#3d3d3d;white-space:nowrap;}',
    '.myna-count.myna-over{color:#7a1a0a;font-weight:bold;}',
    '.myna-row{display:flex;gap:.5em;align-items:stretch;}',
    '.myna-input{flex:1 1 auto;min-width:0;min-height:44px;max-height:6em;resize:none;padding:.35em .5em;border:2px solid #595959;border-radius:8px;background:#fff;color:#1a1a1a;}',
    '.myna-send{flex:none;background:var(--myna-primary);color:var(--myna-on-primary);border:2px solid var(--myna-primary);padding:.2em .9em;font-weight:bold;}',
    '.myna-send:disabled{opacity:.6;}',
    '.myna-hint{margin:.25em 0 0;font-size:.8em;font-weight:bold;color:#7a1a0a;}',
    '.myna-keyhint{margin:.1em 0 0;font-size:.75em;color:#3d3d3d;}',
    '.myna-warning{margin:.3em 0 0;padding:.4em .6em;background:#fff4f2;color:#7a1a0a;border:2px solid #b3261e;border-radius:8px;font-size:.9em;}',
    '.myna-warning p{margin:0 0 .3em;}',
    '.myna-warning div{display:flex;flex-wrap:wrap;gap:.5em;}',
    '.myna-warning button{background:#fff;color:#7a1a0a;border:2px solid #b3261e;padding:.1em .8em;}',
    '.myna-warning button.myna-fix{background:#b3261e;color:#fff;}',
    '@media ' + PHONE_LAYOUT + '{.myna-panel{right:0;bottom:0;width:100%;height:100%;max-height:100%;border-radius:0;border:0;}.myna-keyhint{display:none;}}',
    '@media (max-height:480px){.myna-keyhint{display:none;}}',
    '@media (forced-colors:active){.myna-msg,.myna-reply,.myna-launcher,.myna-send,.myna-pill,.myna-dial{border:2px solid CanvasText;}}'
  ].join('\n');

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

  function icon(d) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
    return svg;
  }
  var CHAT_ICON = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z';
  var PHONE_ICON = 'M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z';

  // ---- links in bot text: http(s) URLs here; the phone numbers come from the server ----
  var URL_RE = /https?:\/\/[^\s<>"'（）「」『』、。，！？]+/g;
  var TEL_URI = /^tel:\+?[0-9]+$/; // what a server's call link looks like (never javascript:)

  // The title of a link (channels/link_titles.py: same table, same rule), or null.
  function linkTitle(url) {
    var parsed;
    try { parsed = new URL(url); } catch (e) { return null; }
    var host = parsed.hostname.toLowerCase();
    for (var i = 0; i < server.linkTitles.length; i++) {
      var site = server.linkTitles[i];
      if (host === site.host || host.slice(-(site.host.length + 1)) === '.' + site.host) {
        return /\.pdf$/i.test(parsed.pathname) ? site.pdf : site.title;
      }
    }
    return null;
  }

  // Call links of a text, as the server sent them (`segments`, channels/chat_payload.py):
  // [{text}, {text, tel}, ...], or null when there are none or they are not well formed.
  function callSegments(segments) {
    if (!Array.isArray(segments)) return null;
    var ok = segments.every(function (s) {
      return s && typeof s.text === 'string' && (s.tel == null || (typeof s.tel === 'string' && TEL_URI.test(s.tel)));
    });
    return ok ? segments.map(function (s) { return s.tel ? { text: s.text, tel: s.tel } : { text: s.text }; }) : null;
  }

  // The title of a call button: it may wrap, its phone numbers may not.
  function unbrokenNumbers(title, segments) {
    var span = el('span');
    (segments || [{ text: title }]).forEach(function (s) {
      span.appendChild(s.tel ? el('span', { className: 'myna-nowrap' }, s.text) : document.createTextNode(s.text));
    });
    return span;
  }

  function callLink(number, tel) {
    var link = el('a', { className: 'myna-call', href: tel });
    link.appendChild(icon(PHONE_ICON));
    link.appendChild(el('span', null, number));
    return link;
  }

  function appendLinkedText(parent, text) {
    var last = 0, match;
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(text)) !== null) {
      var raw = match[0].replace(/[.,:;!?)\]]+$/, ''); // sentence punctuation after a URL
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = el('a', { href: raw, target: '_blank', rel: 'noopener noreferrer' }, linkTitle(raw) || raw);
      link.appendChild(el('span', { className: 'myna-sr' }, TEXT.newTab));
      parent.appendChild(link);
      last = match.index + raw.length;
      URL_RE.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // A bot text: its phone numbers as call buttons, its URLs as links with a title.
  function appendBotText(parent, message) {
    (message.segments || [{ text: message.text }]).forEach(function (s) {
      if (s.tel) parent.appendChild(callLink(s.text, s.tel));
      else appendLinkedText(parent, s.text);
    });
  }

  // ---- the UI ----
  var ui = {};
  var replyTimer = null;
  var awaitingReply = false; // the first reply to the user's message is still to come
  var unseen = null; // the first reply the user has not seen yet (the pill points to it)
  var pageInert = []; // elements of the page made inert while the modal panel is open
  var phoneLayout = window.matchMedia(PHONE_LAYOUT);
  var touchDevice = window.matchMedia('(pointer: coarse)');

  function build() {
    var host = el('div', { id: 'myna-chat', 'data-transport': 'connecting' });
    var shadow = host.attachShadow({ mode: 'open' });
    var style = el('style', null, CSS);
    var root = el('div', { className: 'myna-chat', lang: 'ja' });

    var launcher = el('button', { type: 'button', className: 'myna-launcher', 'aria-expanded': 'false', 'aria-controls': 'myna-chat-panel' });
    launcher.appendChild(icon(CHAT_ICON));
    launcher.appendChild(el('span', null, TEXT.title));

    var panel = el('section', { className: 'myna-panel', id: 'myna-chat-panel', role: 'dialog', 'aria-labelledby': 'myna-chat-title', hidden: true });

    var header = el('div', { className: 'myna-header' });
    var title = el('h2', { className: 'myna-title', id: 'myna-chat-title', tabindex: '-1' }, TEXT.title);
    var menuBtn = el('button', { type: 'button', className: 'myna-menu-btn', 'aria-expanded': 'false', 'aria-controls': 'myna-chat-menu' }, TEXT.menu);
    var closeBtn = el('button', { type: 'button', className: 'myna-close' }, TEXT.close);
    var menu = el('div', { className: 'myna-menu', id: 'myna-chat-menu', hidden: true });
    var sizeBtn = el('button', { type: 'button', className: 'myna-size', 'aria-pressed': 'false' }, TEXT.larger);
    var clearBtn = el('button', { type: 'button', className: 'myna-clear' }, TEXT.clear);
    menu.appendChild(sizeBtn);
    menu.appendChild(clearBtn);
    header.appendChild(title);
    header.appendChild(menuBtn);
    header.appendChild(closeBtn);
    header.appendChild(menu);

    var middle = el('div', { className: 'myna-middle' });
    var log = el('div', { className: 'myna-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': TEXT.log, tabindex: '0' });
    var pill = el('button', { type: 'button', className: 'myna-pill', hidden: true }, TEXT.newAnswer);
    middle.appendChild(log);
    middle.appendChild(pill);

    var typing = el('div', { className: 'myna-typing', role: 'status', hidden: true });
    var dots = el('span', { className: 'myna-dots', 'aria-hidden': 'true' });
    dots.appendChild(el('span'));
    dots.appendChild(el('span'));
    dots.appendChild(el('span'));
    typing.appendChild(dots);
    typing.appendChild(el('span', null, TEXT.typing));

    var status = el('p', { className: 'myna-status', role: 'status' });

    var phoneBar = el('div', { className: 'myna-phone-bar' });
    var phoneBtn = el('button', { type: 'button', className: 'myna-phone-btn', 'aria-expanded': 'false', 'aria-controls': 'myna-chat-phone' });
    phoneBtn.appendChild(icon(PHONE_ICON));
    phoneBtn.appendChild(el('span', null, TEXT.phone));
    phoneBar.appendChild(phoneBtn);
    var phone = el('div', { className: 'myna-phone', id: 'myna-chat-phone', role: 'region', 'aria-label': TEXT.phone, hidden: true });

    var form = el('form', { className: 'myna-form', novalidate: true });
    var labels = el('div', { className: 'myna-labels' });
    labels.appendChild(el('label', { className: 'myna-label', for: 'myna-chat-input' }, TEXT.inputLabel));
    var count = el('span', { className: 'myna-count', id: 'myna-chat-count', 'aria-live': 'polite' });
    labels.appendChild(count);
    form.appendChild(labels);
    var row = el('div', { className: 'myna-row' });
    var input = el('textarea', { className: 'myna-input', id: 'myna-chat-input', rows: '1', autocomplete: 'off', 'aria-describedby': 'myna-chat-hint myna-chat-count myna-chat-keyhint' });
    var send = el('button', { type: 'submit', className: 'myna-send' }, TEXT.send);
    row.appendChild(input);
    row.appendChild(send);
    form.appendChild(row);
    var warning = el('div', { className: 'myna-warning', role: 'alert', hidden: true });
    form.appendChild(warning);
    form.appendChild(el('p', { className: 'myna-hint', id: 'myna-chat-hint' }, TEXT.hint));
    form.appendChild(el('p', { className: 'myna-keyhint', id: 'myna-chat-keyhint' }, TEXT.keyHint));

    panel.appendChild(header);
    panel.appendChild(middle);
    panel.appendChild(typing);
    panel.appendChild(status);
    panel.appendChild(phoneBar);
    panel.appendChild(phone);
    panel.appendChild(form);
    root.appendChild(launcher);
    root.appendChild(panel);
    shadow.appendChild(style);
    shadow.appendChild(root);
    document.body.appendChild(host);

    ui = { host: host, shadow: shadow, root: root, launcher: launcher, panel: panel, title: title, log: log, pill: pill, typing: typing, status: status,
      form: form, input: input, send: send, count: count, warning: warning, menuBtn: menuBtn, menu: menu, sizeBtn: sizeBtn,
      clearBtn: clearBtn, closeBtn: closeBtn, phoneBtn: phoneBtn, phone: phone };

    launcher.addEventListener('click', function () { setOpen(true, true); });
    closeBtn.addEventListener('click', function () { setOpen(false, true); });
    menuBtn.addEventListener('click', function () { setMenu(ui.menu.hidden); });
    panel.addEventListener('keydown', onPanelKey);
    panel.addEventListener('click', function (event) {
      if (!ui.menu.hidden && !ui.menu.contains(event.target) && event.target !== ui.menuBtn) setMenu(false);
    });
    sizeBtn.addEventListener('click', function () { setLarge(!state.large); });
    clearBtn.addEventListener('click', function () { setMenu(false); clearConversation(); });
    phoneBtn.addEventListener('click', function () { setPhone(ui.phone.hidden); });
    pill.addEventListener('click', function () { if (unseen) revealFromTop(unseen); hidePill(); });
    log.addEventListener('scroll', function () { if (unseen && isInView(unseen)) hidePill(); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submitInput();
    });
    input.addEventListener('input', function () { updateCount(); hideWarning(); });
    bindImeSafeEnter(input);
    if (phoneLayout.addEventListener) phoneLayout.addEventListener('change', updateModal);
    else phoneLayout.addListener(updateModal); // Safari before 14

    setLarge(!!state.large);
    renderAll();
    updateCount();
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

  function onPanelKey(event) {
    if (event.key === 'Escape' && !event.isComposing && event.keyCode !== 229) {
      if (!ui.menu.hidden) { setMenu(false); ui.menuBtn.focus(); } else setOpen(false, true);
      return;
    }
    if (event.key === 'Tab' && ui.panel.getAttribute('aria-modal') === 'true') keepFocusInside(event);
  }

  // The modal panel keeps the focus: Tab from the last control goes to the first.
  function keepFocusInside(event) {
    var focusable = Array.prototype.filter.call(
      ui.panel.querySelectorAll('button, a[href], textarea, [tabindex="0"]'),
      function (n) { return !n.disabled && n.getClientRects().length; });
    if (!focusable.length) return;
    var first = focusable[0], last = focusable[focusable.length - 1];
    var active = ui.shadow.activeElement;
    if (event.shiftKey && (active === first || !ui.panel.contains(active))) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && (active === last || !ui.panel.contains(active))) { event.preventDefault(); first.focus(); }
  }

  // On a phone the open panel covers the page: a modal dialog, the page behind inert.
  function updateModal() {
    var modal = state.open && phoneLayout.matches;
    ui.panel.setAttribute('aria-modal', String(modal));
    pageInert.forEach(function (n) { n.inert = false; });
    pageInert = [];
    if (!modal) return;
    Array.prototype.forEach.call(document.body.children, function (n) {
      if (n !== ui.host && !n.inert && n.tagName !== 'SCRIPT') { n.inert = true; pageInert.push(n); }
    });
  }

  function setOpen(open, moveFocus) {
    state.open = open;
    ui.panel.hidden = !open;
    ui.launcher.hidden = open;
    ui.launcher.setAttribute('aria-expanded', String(open));
    saveState();
    updateModal();
    if (open) {
      revealLastAnswer();
      // On a touch screen the keyboard would cover the conversation: focus the title.
      if (moveFocus) (touchDevice.matches ? ui.title : ui.input).focus();
    } else {
      setMenu(false);
      if (moveFocus) ui.launcher.focus();
    }
  }

  function setMenu(open) {
    ui.menu.hidden = !open;
    ui.menuBtn.setAttribute('aria-expanded', String(open));
    if (open) ui.sizeBtn.focus();
  }

  function setLarge(large) {
    state.large = large;
    ui.root.classList.toggle('myna-large', large);
    ui.sizeBtn.setAttribute('aria-pressed', String(large));
    ui.sizeBtn.textContent = large ? TEXT.smaller : TEXT.larger;
    saveState();
  }

  // ---- scrolling: a new answer is shown from its start ----
  function isInView(node) {
    var box = node.getBoundingClientRect(), view = ui.log.getBoundingClientRect();
    return box.top >= view.top - 1 && box.top < view.bottom - 8;
  }

  function revealFromTop(node) {
    ui.log.scrollTop = Math.max(0, node.offsetTop - 8);
  }

  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function showPill(node) {
    if (!unseen) unseen = node;
    ui.pill.hidden = false;
  }

  function hidePill() {
    unseen = null;
    ui.pill.hidden = true;
  }

  // After a reload or on opening: the start of the last answer (the greeting from
  // the top), or the end when the last message is the user's.
  function revealLastAnswer() {
    var nodes = ui.log.children, lastUser = -1;
    for (var i = 0; i < nodes.length; i++) if (nodes[i].classList.contains('myna-msg-user')) lastUser = i;
    if (lastUser < 0) ui.log.scrollTop = 0;
    else if (lastUser + 1 < nodes.length) revealFromTop(nodes[lastUser + 1]);
    else scrollToEnd();
  }

  // A reply arrived (first node added for it): scroll to its start if the user was
  // following the conversation; if they had scrolled up to re-read, offer the pill.
  function placeNewReply(first) {
    var users = ui.log.querySelectorAll('.myna-msg-user');
    var mine = users[users.length - 1];
    var box = mine && mine.getBoundingClientRect(), view = ui.log.getBoundingClientRect();
    var following = !mine || (box.bottom > view.top && box.top < view.bottom); // still in sight
    if (awaitingReply && following) {
      awaitingReply = false;
      revealFromTop(first);
    } else {
      awaitingReply = false;
      if (!isInView(first)) showPill(first);
    }
  }

  // ---- rendering ----
  function renderMessage(message) {
    var first = null;
    function add(node) { ui.log.appendChild(node); if (!first) first = node; }
    if (message.who === 'user') {
      var mine = el('div', { className: 'myna-msg myna-msg-user' });
      mine.appendChild(el('span', { className: 'myna-sr' }, TEXT.you));
      mine.appendChild(document.createTextNode(message.text));
      add(mine);
      return first;
    }
    if (message.who === 'error') {
      add(errorBox(message));
      return first;
    }
    if (message.text) {
      var bubble = el('div', { className: 'myna-msg myna-msg-bot' });
      bubble.appendChild(el('span', { className: 'myna-sr' }, TEXT.bot));
      appendBotText(bubble, message);
      add(bubble);
    }
    if (message.buttons && message.buttons.length) add(buttonGroup(message));
    return first;
  }

  // Quick replies (and the feedback buttons): one use per group, double taps ignored.
  function buttonGroup(message) {
    var group = el('div', { className: 'myna-replies', role: 'group', 'aria-label': TEXT.choose });
    var choices = [];
    message.buttons.forEach(function (button, index) {
      var b;
      if (button.tel) {
        // A "call" button (payload tel:…, its number read by the server) dials; it is
        // not a message to the bot.
        b = el('a', { className: 'myna-reply', href: button.tel });
        b.appendChild(icon(PHONE_ICON));
        b.appendChild(unbrokenNumbers(button.title, button.segments));
      } else if (/^https?:\/\//i.test(button.payload)) {
        b = el('a', { className: 'myna-reply', href: button.payload, target: '_blank', rel: 'noopener noreferrer' }, button.title);
        b.appendChild(el('span', { className: 'myna-sr' }, TEXT.newTab));
      } else {
        b = el('button', { type: 'button', className: 'myna-reply', 'data-payload': button.payload }, button.title);
        b.disabled = message.used != null;
        if (message.used === index) b.classList.add('myna-chosen');
        b.addEventListener('click', function () {
          if (message.used != null) return;
          message.used = index;
          saveState();
          choices.forEach(function (c) { c.disabled = true; });
          b.classList.add('myna-chosen');
          sendMessage(button.payload, button.title);
        });
        choices.push(b);
      }
      group.appendChild(b);
    });
    return group;
  }

  function renderAll() {
    while (ui.log.firstChild) ui.log.removeChild(ui.log.firstChild);
    hidePill();
    ui.log.appendChild(el('p', { className: 'myna-intro' }, (config.insurerName ? config.insurerName + TEXT.introAfterInsurer : '') + TEXT.intro));
    if (!state.messages.length && config.greeting) {
      state.messages.push({ who: 'bot', text: config.greeting, buttons: START_CHOICES.slice() });
      saveState();
    }
    state.messages.forEach(renderMessage);
    revealLastAnswer();
  }

  function addMessage(message) {
    state.messages.push(message);
    saveState();
    return renderMessage(message);
  }

  // ---- errors: say what happened, kept across a reload, with a retry that works ----
  function errorBox(message) {
    var box = el('div', { className: 'myna-msg myna-msg-error', role: 'alert', 'data-error': message.kind });
    box.appendChild(document.createTextNode(TEXT.errors[message.kind] || TEXT.errors.server));
    if (message.retry && message.kind !== 'too_long') {
      box.appendChild(el('br'));
      var retry = el('button', { type: 'button', className: 'myna-retry' }, TEXT.retry);
      retry.addEventListener('click', function () {
        var at = state.messages.indexOf(message);
        if (at >= 0) state.messages.splice(at, 1);
        saveState();
        box.parentNode.removeChild(box);
        deliver(message.retry);
      });
      box.appendChild(retry);
    }
    return box;
  }

  function showError(kind, retryText) {
    setTyping(false);
    awaitingReply = false;
    addMessage({ who: 'error', kind: kind, retry: retryText ? redact(retryText) : null });
    scrollToEnd(); // short, and about the message just sent
  }

  function setTyping(on, text) {
    ui.typing.hidden = !on;
    clearTimeout(replyTimer);
    if (on) {
      replyTimer = setTimeout(function () { showError('no_reply', text); }, REPLY_TIMEOUT_MS);
    }
  }

  // Normalises one reply of the socketio channel (quick_replies) or the REST
  // channel (buttons) to {text, buttons}.
  function normalise(reply) {
    var message = { who: 'bot', text: '' };
    if (!reply || typeof reply !== 'object') return message;
    if (typeof reply.text === 'string') message.text = reply.text;
    var segments = callSegments(reply.segments);
    if (segments && segments.map(function (s) { return s.text; }).join('') === message.text) message.segments = segments;
    var raw = reply.buttons || reply.quick_replies || [];
    if (Array.isArray(raw)) {
      message.buttons = raw.filter(function (b) { return b && b.title != null && b.payload != null; })
        .map(function (b) {
          var button = { title: String(b.title), payload: String(b.payload) };
          if (typeof b.tel === 'string' && TEL_URI.test(b.tel)) button.tel = b.tel;
          var titled = callSegments(b.segments);
          if (titled) button.segments = titled;
          return button;
        });
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
    var parts = splitAtBlankLines(message);
    parts.forEach(function (piece, i) {
      if (i === parts.length - 1 && message.buttons && message.buttons.length) piece.buttons = message.buttons;
      if (piece.text || piece.buttons) placeNewReply(addMessage(piece));
    });
  }

  // The socketio channel sends a text split at blank lines; do the same for REST,
  // each part with its own call links.
  function splitAtBlankLines(message) {
    var parts = [[]];
    (message.segments || [{ text: message.text }]).forEach(function (s) {
      if (s.tel) { parts[parts.length - 1].push(s); return; }
      s.text.split(/\n\n+/).forEach(function (piece, i) {
        if (i) parts.push([]);
        if (piece) parts[parts.length - 1].push({ text: piece });
      });
    });
    return parts.map(function (segments) {
      var piece = { who: 'bot', text: segments.map(function (s) { return s.text; }).join('') };
      if (segments.some(function (s) { return s.tel; })) piece.segments = segments;
      return piece;
    });
  }

  // ---- talking to the server ----
  var socket = null;
  var socketReady = false;

  function setTransport(name) {
    ui.host.setAttribute('data-transport', name);
  }

  function fetchWithTimeout(url, options) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, FETCH_TIMEOUT_MS);
    return fetch(url, Object.assign({ signal: controller.signal }, options || {}))
      .finally(function () { clearTimeout(timer); });
  }

  // A request that failed without an answer: the server is unreachable, or it did
  // not allow this page's origin (CORS), which an opaque request can tell apart.
  function failureKind() {
    return fetchWithTimeout(config.serverUrl + '/webhooks/widget/', { mode: 'no-cors' })
      .then(function () { return 'forbidden'; }, function () { return 'unreachable'; });
  }

  function loadServerConfig() {
    return fetchWithTimeout(config.serverUrl + '/webhooks/widget/config').then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    }).then(function (data) {
      var titles = Array.isArray(data.link_titles) ? data.link_titles : [];
      if (JSON.stringify(titles) !== JSON.stringify(server.linkTitles)) {
        server.linkTitles = state.linkTitles = titles; // kept: a reload shows titles at once
        saveState();
        var at = ui.log.scrollTop;
        renderAll();
        ui.log.scrollTop = at;
      }
      server.maxCharacters = typeof data.max_characters === 'number' ? data.max_characters : null;
      updateCount();
      return data;
    });
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
    return fetchWithTimeout(config.serverUrl + '/webhooks/rest/webhook', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sender: state.sessionId, message: text })
    }).then(function (response) {
      if (response.status === 413) return showError('too_long');
      if (response.status === 403) return showError('forbidden', text);
      if (!response.ok) return showError('server', text);
      return response.json().then(function (replies) {
        setTyping(false);
        (Array.isArray(replies) ? replies : []).forEach(receive);
      });
    }, function () {
      return failureKind().then(function (kind) { showError(kind, text); });
    });
  }

  function deliver(text) {
    awaitingReply = true;
    setTyping(true, text);
    if (socket && socketReady && socket.connected) {
      socket.emit('user_uttered', { message: text, session_id: state.sessionId });
      return;
    }
    sendRest(text);
  }

  // `shown`: what the bubble says (a button's title); personal numbers never shown.
  function sendMessage(text, shown) {
    text = String(text || '').trim();
    if (!text) return;
    addMessage({ who: 'user', text: redact(shown != null ? String(shown) : text) });
    scrollToEnd();
    hidePill();
    deliver(text);
  }

  // ---- the input: counter, length limit, personal-number check ----
  function updateCount() {
    var length = ui.input.value.length, limit = server.maxCharacters;
    ui.count.textContent = limit ? TEXT.count(length, limit) : '';
    var over = !!limit && length > limit;
    ui.count.classList.toggle('myna-over', over);
    if (over) ui.count.textContent += TEXT.over(length - limit);
    ui.send.disabled = over;
  }

  function hideWarning() {
    ui.warning.hidden = true;
    while (ui.warning.firstChild) ui.warning.removeChild(ui.warning.firstChild);
  }

  function askBeforeSending(text) {
    hideWarning();
    ui.warning.appendChild(el('p', null, TEXT.personalNumberWarning));
    var buttons = el('div');
    var fix = el('button', { type: 'button', className: 'myna-fix' }, TEXT.rewrite);
    var anyway = el('button', { type: 'button', className: 'myna-anyway' }, TEXT.sendAnyway);
    fix.addEventListener('click', function () { hideWarning(); ui.input.focus(); });
    anyway.addEventListener('click', function () {
      hideWarning();
      ui.input.value = '';
      updateCount();
      sendMessage(text);
    });
    buttons.appendChild(fix);
    buttons.appendChild(anyway);
    ui.warning.appendChild(buttons);
    ui.warning.hidden = false;
    fix.focus();
  }

  function submitInput() {
    var text = ui.input.value;
    if (!text.trim()) { if (!touchDevice.matches) ui.input.focus(); return; }
    if (server.maxCharacters && text.length > server.maxCharacters) { updateCount(); return; }
    if (findPersonalNumbers(text).length) { askBeforeSending(text); return; }
    hideWarning();
    ui.input.value = '';
    updateCount();
    sendMessage(text);
    if (!touchDevice.matches) ui.input.focus();
  }

  // ---- 「電話で相談」: the numbers and whether they are open now, from the server ----
  function renderPhone(lines) {
    while (ui.phone.firstChild) ui.phone.removeChild(ui.phone.firstChild);
    lines.forEach(function (line) {
      ui.phone.appendChild(el('h3', null, line.purpose));
      ui.phone.appendChild(el('p', null, line.name + (line.menu ? TEXT.phoneMenu(line.menu) : '')));
      ui.phone.appendChild(el('p', { className: 'myna-state myna-state-' + line.state }, line.state_text));
      (line.numbers || []).forEach(function (number, i) {
        var dial = el('a', { className: 'myna-dial' + (i ? ' myna-dial-other' : ''), href: number.tel });
        dial.appendChild(icon(PHONE_ICON));
        dial.appendChild(el('span', null, TEXT.phoneCall(number.number)));
        if (i) ui.phone.appendChild(el('p', null, number.label));
        ui.phone.appendChild(dial);
      });
      if (line.hours && line.state !== 'always') ui.phone.appendChild(el('p', null, TEXT.phoneHours(line.hours)));
    });
  }

  function setPhone(open) {
    ui.phone.hidden = !open;
    ui.phoneBtn.setAttribute('aria-expanded', String(open));
    if (!open) return;
    while (ui.phone.firstChild) ui.phone.removeChild(ui.phone.firstChild);
    ui.phone.appendChild(el('p', null, TEXT.phoneChecking));
    loadServerConfig().then(function (data) { renderPhone(data.phone || []); }, function () {
      failureKind().then(function (kind) {
        while (ui.phone.firstChild) ui.phone.removeChild(ui.phone.firstChild);
        ui.phone.appendChild(el('p', null, TEXT.errors[kind]));
      });
    });
  }

  function clearConversation() {
    if (!window.confirm(TEXT.clearConfirm)) return;
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
    if (!touchDevice.matches) ui.input.focus();
  }

  function start() {
    build();
    loadServerConfig().catch(function () { /* links keep their URL; the phone sheet retries */ });
    loadSocketIo(connectSocket);
  }

  window.MynaChat = {
    version: VERSION,
    open: function () { setOpen(true, true); },
    close: function () { setOpen(false, true); },
    send: function (text) { sendMessage(text); },
    // The page's own check, the same rules as the server's (myna/privacy/personal_numbers.py).
    findPersonalNumbers: findPersonalNumbers,
    redact: redact,
    get transport() { return ui.host ? ui.host.getAttribute('data-transport') : 'connecting'; }
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
