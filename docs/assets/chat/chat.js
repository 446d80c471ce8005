/*
 * Chat widget: a panel on every page that talks to the bot's REST channel
 * (POST {sender, message} -> [{recipient_id, text?, buttons?, custom?}]).
 *
 * - Mounted once on <body>, outside Material's swapped container, so it keeps
 *   its state across instant navigation (document$).
 * - Everything the bot or the user sends is inserted as text (textContent,
 *   createTextNode); only absolute http(s) URLs become links.
 * - The bot's URL comes from <meta name="bvmt-chat-url"> (mkdocs.yml
 *   extra.chat.url, see overrides/main.html).
 * No dependencies; plain ES2017. (The usual Rasa widget, rasa-webchat, is unmaintained and brings React; this
 * needs a few hundred lines and no build step.)
 */
(function () {
  "use strict";

  if (window.bvmtChat) return; // initialise once, even if the script is loaded again
  window.bvmtChat = true;

  var SCRIPT = document.currentScript;
  var DEFAULT_URL = "http://127.0.0.1:5005/webhooks/rest/webhook";
  var SENDER_KEY = "bvmt-chat-sender";
  var TIMEOUT_MS = 60000;
  var URL_PATTERN = /https?:\/\/[^\s<>"'«»]+/g;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]»]+$/;
  // Lines of an answer's text that the widget shows from the custom payload instead.
  var STRUCTURED_LINE = /^(Căn cứ|Xem chi tiết):/;

  var T = {
    launcher: "Hỏi trợ lý",
    title: "Trợ lý hỏi đáp bảo vệ môi trường",
    close: "Đóng khung trò chuyện",
    reset: "Cuộc trò chuyện mới",
    log: "Nội dung trò chuyện",
    input: "Câu hỏi",
    placeholder: "Nhập câu hỏi, ví dụ: ai phải đăng ký môi trường?",
    send: "Gửi",
    typing: "Trợ lý đang trả lời…",
    you: "Bạn",
    bot: "Trợ lý",
    welcome:
      "Xin chào! Tôi trả lời câu hỏi về nghĩa vụ bảo vệ môi trường của doanh nghiệp ngành Công Thương, " +
      "kèm căn cứ pháp lý và đường dẫn đến trang chi tiết. Ví dụ: «Ai phải đăng ký môi trường?».",
    disclaimer: "Thông tin mang tính hướng dẫn, không thay thế văn bản pháp luật và quyết định của cơ quan có thẩm quyền.",
    unreachable: "Xin lỗi, hiện không kết nối được với trợ lý. Bạn vẫn có thể tìm câu trả lời trong mục ",
    unreachableLink: "Hỏi đáp",
    unreachableEnd: " hoặc thử lại sau ít phút.",
    empty: "Trợ lý chưa có câu trả lời cho tin nhắn này. Bạn hãy hỏi lại ngắn gọn hơn.",
    basis: "Căn cứ pháp lý:",
    details: "Xem chi tiết",
    feedbackGroup: "Câu trả lời này có hữu ích không?",
    feedbackUp: "Câu trả lời hữu ích",
    feedbackDown: "Câu trả lời chưa hữu ích",
  };

  // Icons as inline SVG (Material Design Icons, Apache-2.0, as bundled with Material for MkDocs), so the
  // widget needs no emoji font and no request.
  var ICONS = {
    chat: "M12 3C6.5 3 2 6.58 2 11a7.22 7.22 0 0 0 2.75 5.5c0 .6-.42 2.17-2.75 4.5 2.37-.11 4.64-1 6.47-2.5 1.14.33 2.34.5 3.53.5 5.5 0 10-3.58 10-8s-4.5-8-10-8m0 14c-4.42 0-8-2.69-8-6s3.58-6 8-6 8 2.69 8 6-3.58 6-8 6m5-5v-2h-2v2zm-4 0v-2h-2v2zm-4 0v-2H7v2z",
    refresh: "M17.65 6.35A7.96 7.96 0 0 0 12 4a8 8 0 0 0-8 8 8 8 0 0 0 8 8c3.73 0 6.84-2.55 7.73-6h-2.08A5.99 5.99 0 0 1 12 18a6 6 0 0 1-6-6 6 6 0 0 1 6-6c1.66 0 3.14.69 4.22 1.78L13 11h7V4z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
    up: "M5 9v12H1V9zm4 12a2 2 0 0 1-2-2V9c0-.55.22-1.05.59-1.41L14.17 1l1.06 1.06c.27.27.44.64.44 1.05l-.03.32L14.69 8H21a2 2 0 0 1 2 2v2c0 .26-.05.5-.14.73l-3.02 7.05C19.54 20.5 18.83 21 18 21zm0-2h9.03L21 12v-2h-8.79l1.13-5.32L9 9.03z",
    down: "M19 15V3h4v12zM15 3a2 2 0 0 1 2 2v10c0 .55-.22 1.05-.59 1.41L9.83 23l-1.06-1.06c-.27-.27-.44-.64-.44-1.06l.03-.31.95-4.57H3a2 2 0 0 1-2-2v-2c0-.26.05-.5.14-.73l3.02-7.05C4.46 3.5 5.17 3 6 3zm0 2H5.97L3 12v2h8.78l-1.13 5.32L15 14.97z",
  };

  // ---- small helpers -------------------------------------------------------

  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "bvmt-chat__svg");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs.text;
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** The URL if it is an absolute http(s) URL, else null. */
  function httpUrl(value) {
    if (typeof value !== "string") return null;
    try {
      var url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  /** Text as nodes: plain text nodes, and anchors for http(s) URLs. */
  function linkify(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    String(text).replace(URL_PATTERN, function (match, offset) {
      var tail = (match.match(TRAILING_PUNCTUATION) || [""])[0];
      var raw = match.slice(0, match.length - tail.length);
      var href = httpUrl(raw);
      fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      if (href) fragment.appendChild(el("a", { href: href, text: raw }));
      else fragment.appendChild(document.createTextNode(raw));
      last = offset + raw.length;
      return match;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function randomId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  var memory = {};
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return memory[key] || null; }
  }
  function save(key, value) {
    memory[key] = value;
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: keep it in memory */ }
  }

  function readConfig() {
    var meta = document.querySelector('meta[name="bvmt-chat-url"]');
    var base = (SCRIPT && SCRIPT.src) || window.location.href;
    return {
      url: (meta && meta.content) || DEFAULT_URL,
      // assets/chat/chat.js -> the site root, wherever the site is served
      qaUrl: new URL("../../hoi-dap/", base).href,
    };
  }

  // ---- the widget ----------------------------------------------------------

  function Chat(config) {
    this.config = config;
    this.sender = load(SENDER_KEY) || this.newSender();
    this.queue = Promise.resolve();
    this.generation = 0;
    this.build();
  }

  Chat.prototype.newSender = function () {
    var id = randomId();
    save(SENDER_KEY, id);
    return id;
  };

  Chat.prototype.build = function () {
    var self = this;
    this.launcher = el("button", {
      type: "button", class: "bvmt-chat__launcher", "aria-expanded": "false", "aria-controls": "bvmt-chat-panel",
    }, [icon("chat"), T.launcher]);

    this.closeButton = el("button", { type: "button", class: "bvmt-chat__icon", "aria-label": T.close, title: T.close },
      [icon("close")]);
    this.resetButton = el("button", { type: "button", class: "bvmt-chat__icon", "aria-label": T.reset, title: T.reset },
      [icon("refresh")]);
    this.log = el("div", {
      class: "bvmt-chat__log", role: "log", "aria-live": "polite", "aria-label": T.log, tabindex: "0",
    });
    this.typing = el("div", { class: "bvmt-chat__typing", role: "status" });
    this.input = el("input", {
      id: "bvmt-chat-input", class: "bvmt-chat__input", type: "text", name: "message", autocomplete: "off",
      maxlength: "2000", placeholder: T.placeholder,
    });
    this.form = el("form", { class: "bvmt-chat__form" }, [
      el("label", { for: "bvmt-chat-input", class: "bvmt-chat__sr", text: T.input }),
      this.input,
      el("button", { type: "submit", class: "bvmt-chat__send", text: T.send }),
    ]);
    this.panel = el("section", {
      id: "bvmt-chat-panel", class: "bvmt-chat__panel", role: "dialog", "aria-modal": "false",
      "aria-labelledby": "bvmt-chat-title",
    }, [
      el("header", { class: "bvmt-chat__header" }, [
        el("h2", { id: "bvmt-chat-title", class: "bvmt-chat__title", text: T.title }),
        this.resetButton,
        this.closeButton,
      ]),
      this.log,
      this.typing,
      this.form,
    ]);
    this.panel.hidden = true;
    this.root = el("div", { class: "bvmt-chat" }, [this.panel, this.launcher]);

    this.launcher.addEventListener("click", function () { self.isOpen() ? self.close() : self.open(); });
    this.closeButton.addEventListener("click", function () { self.close(); });
    this.resetButton.addEventListener("click", function () { self.reset(); });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = self.input.value.trim();
      if (!text) return;
      self.input.value = "";
      self.send(text, text);
    });
    this.root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && self.isOpen()) {
        event.preventDefault();
        event.stopPropagation();
        self.close();
      }
    });
    this.welcome();
  };

  /** Early in the tab order (right after Material's skip link), outside the content that instant navigation swaps. */
  Chat.prototype.mount = function () {
    if (this.root.isConnected) return;
    var skip = document.querySelector('[data-md-component="skip"]');
    if (skip && skip.parentNode === document.body) skip.after(this.root);
    else document.body.insertBefore(this.root, document.body.firstChild);
  };

  Chat.prototype.isOpen = function () { return !this.panel.hidden; };

  Chat.prototype.open = function () {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.root.classList.add("bvmt-chat--open");
    this.input.focus();
    this.scroll();
  };

  Chat.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.root.classList.remove("bvmt-chat--open");
    this.launcher.focus();
  };

  Chat.prototype.reset = function () {
    this.generation += 1;
    this.sender = this.newSender();
    this.queue = Promise.resolve();
    this.setTyping(false);
    this.log.textContent = "";
    this.welcome();
    this.input.focus();
  };

  Chat.prototype.welcome = function () {
    var bubble = this.bubble("bot", T.welcome);
    bubble.appendChild(el("p", { class: "bvmt-chat__note", text: T.disclaimer }));
  };

  Chat.prototype.scroll = function () { this.log.scrollTop = this.log.scrollHeight; };

  /** A message bubble; its text is always inserted as text. */
  Chat.prototype.bubble = function (who, text, options) {
    var item = el("div", { class: "bvmt-chat__msg bvmt-chat__msg--" + who });
    item.appendChild(el("span", { class: "bvmt-chat__sr", text: (who === "user" ? T.you : T.bot) + ": " }));
    var body = el("div", { class: "bvmt-chat__text" });
    if (options && options.plain) body.textContent = text;
    else body.appendChild(linkify(text));
    item.appendChild(body);
    this.log.appendChild(item);
    this.scroll();
    return item;
  };

  Chat.prototype.setTyping = function (on) {
    this.typing.textContent = on ? T.typing : "";
    this.typing.classList.toggle("bvmt-chat__typing--on", on);
  };

  /** Show `shown` as the user's message (unless null) and send `message` to the bot. */
  Chat.prototype.send = function (message, shown) {
    var self = this;
    var generation = this.generation;
    if (shown !== null && shown !== undefined) this.bubble("user", String(shown), { plain: true });
    this.queue = this.queue.then(function () {
      if (generation !== self.generation) return null;
      return self.post(message, generation);
    });
    return this.queue;
  };

  Chat.prototype.post = function (message, generation) {
    var self = this;
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    this.setTyping(true);
    return fetch(this.config.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: this.sender, message: message }),
      signal: controller ? controller.signal : undefined,
      credentials: "omit",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (replies) {
        if (generation !== self.generation) return;
        if (!Array.isArray(replies)) throw new Error("unexpected reply");
        self.renderReplies(replies);
      })
      .catch(function () {
        if (generation === self.generation) self.renderUnreachable();
      })
      .then(function () {
        if (timer) clearTimeout(timer);
        if (generation === self.generation) self.setTyping(false);
      });
  };

  Chat.prototype.renderReplies = function (replies) {
    var self = this;
    var before = this.log.lastElementChild;
    var messages = replies.filter(function (m) { return m && typeof m === "object"; });
    var hasAnswer = messages.some(function (m) { return isCustom(m, "answer"); });
    var shown = 0;
    messages.forEach(function (message) {
      var bubble = null;
      if (typeof message.text === "string" && message.text.trim()) {
        var text = hasAnswer ? withoutStructuredLines(message.text) : message.text;
        bubble = self.bubble("bot", text);
        shown += 1;
      }
      if (Array.isArray(message.buttons) && message.buttons.length) {
        self.renderButtons(message.buttons, bubble);
        shown += 1;
      }
      if (isCustom(message, "answer")) {
        self.renderAnswer(message.custom);
        shown += 1;
      }
    });
    if (!shown) this.bubble("bot", T.empty);
    // Long answers are read from their start: show the question (or the first new message) at the top.
    var userAsked = before && before.classList.contains("bvmt-chat__msg--user");
    this.reveal(userAsked ? before : (before ? before.nextElementSibling : this.log.firstElementChild));
  };

  Chat.prototype.reveal = function (node) {
    if (node) this.log.scrollTop = Math.max(0, node.offsetTop - this.log.offsetTop - 8);
  };

  function isCustom(message, type) {
    return message.custom && typeof message.custom === "object" && message.custom.type === type;
  }

  function withoutStructuredLines(text) {
    return text.split("\n").filter(function (line) { return !STRUCTURED_LINE.test(line.trim()); }).join("\n");
  }

  Chat.prototype.renderButtons = function (buttons, bubble) {
    var self = this;
    var group = el("div", { class: "bvmt-chat__buttons" });
    buttons.forEach(function (button) {
      if (!button || typeof button.payload !== "string") return;
      var title = typeof button.title === "string" && button.title ? button.title : button.payload;
      var node = el("button", { type: "button", class: "bvmt-chat__choice", text: title });
      node.addEventListener("click", function () { self.send(button.payload, title); });
      group.appendChild(node);
    });
    (bubble || this.bubble("bot", "")).appendChild(group);
    this.scroll();
  };

  Chat.prototype.renderAnswer = function (answer) {
    var self = this;
    var card = el("div", { class: "bvmt-chat__msg bvmt-chat__msg--bot bvmt-chat__answer" });
    var sources = Array.isArray(answer.sources) ? answer.sources : [];
    if (sources.length) {
      var list = el("ul", { class: "bvmt-chat__sources" });
      sources.forEach(function (source) {
        if (!source || typeof source !== "object") return;
        var label = String(source.label || source.doc || "");
        var href = httpUrl(source.url);
        var item = el("li");
        if (source.where) item.appendChild(document.createTextNode(String(source.where) + " "));
        item.appendChild(href ? el("a", { href: href, text: label }) : document.createTextNode(label));
        if (source.status) item.appendChild(document.createTextNode(" (" + String(source.status) + ")"));
        list.appendChild(item);
      });
      card.appendChild(el("p", { class: "bvmt-chat__label", text: T.basis }));
      card.appendChild(list);
    }
    var details = httpUrl(answer.url);
    if (details) {
      var link = el("a", { href: details, class: "bvmt-chat__details" }, [T.details]);
      if (answer.title) link.appendChild(el("span", { class: "bvmt-chat__sr", text: ": " + String(answer.title) }));
      card.appendChild(el("p", {}, [link]));
    }
    if (typeof answer.id === "string" && answer.id) {
      card.setAttribute("data-entry", answer.id);
      card.appendChild(this.feedback(answer.id));
    }
    this.log.appendChild(card);
    this.scroll();
  };

  /** 👍 / 👎 for one answer: sends /feedback{"feedback_value": …, "entry_id": …} once. */
  Chat.prototype.feedback = function (entryId) {
    var self = this;
    var group = el("div", { class: "bvmt-chat__feedback", role: "group", "aria-label": T.feedbackGroup });
    var sent = false;
    [["up", T.feedbackUp], ["down", T.feedbackDown]].forEach(function (spec) {
      var button = el("button", {
        type: "button", class: "bvmt-chat__vote", "aria-label": spec[1], title: spec[1], "aria-pressed": "false",
        "data-value": spec[0],
      }, [icon(spec[0])]);
      button.addEventListener("click", function () {
        if (sent) return;
        sent = true;
        button.setAttribute("aria-pressed", "true");
        group.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
        var payload = "/feedback" + JSON.stringify({ feedback_value: spec[0], entry_id: entryId });
        self.send(payload, null);
      });
      group.appendChild(button);
    });
    return group;
  };

  Chat.prototype.renderUnreachable = function () {
    var item = el("div", { class: "bvmt-chat__msg bvmt-chat__msg--bot bvmt-chat__msg--error" });
    item.appendChild(el("span", { class: "bvmt-chat__sr", text: T.bot + ": " }));
    item.appendChild(el("div", { class: "bvmt-chat__text" }, [
      T.unreachable,
      el("a", { href: this.config.qaUrl, text: T.unreachableLink }),
      T.unreachableEnd,
    ]));
    this.log.appendChild(item);
    this.scroll();
  };

  // ---- start ---------------------------------------------------------------

  function start() {
    var chat = new Chat(readConfig());
    window.bvmtChat = chat;
    chat.mount();
    // Material's instant navigation swaps the page content, not <body>; re-mount if a swap ever dropped us.
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { chat.mount(); });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
