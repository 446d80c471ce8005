/* "Doanh nghiệp của tôi phải làm gì?": the interactive checker on docs/kiem-tra-nghia-vu.md.
 * One question at a time; the answers live in the URL's query string (bookmark, share, reopen);
 * the result lists the obligations with their legal basis and links, prints as a checklist and
 * exports the recurring deadlines as an .ics calendar built in the browser. The decisions are made
 * by engine.js (window.BvmtChecker) on the rules compiled at build time; this file only renders. */
(function () {
  "use strict";

  var CERTAINTY = {
    C: "Đã xác nhận",
    S: "Nguồn thứ cấp — cần đối chiếu văn bản gốc"
  };
  var KIND_GROUPS = [
    { status: "yes", kinds: ["obligation"], title: "Việc phải làm" },
    { status: "yes", kinds: ["exemption", "info"], title: "Được miễn, loại trừ và việc nên làm" },
    { status: "maybe", kinds: ["obligation", "exemption", "info"], title: "Có thể áp dụng — cần thêm thông tin" }
  ];

  function esc(text) {
    return String(text === undefined || text === null ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function formatViNumber(value) {
    try { return new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 3 }).format(value); }
    catch (e) { return String(value).replace(".", ","); }
  }

  /* What a person types in the number box: "12", "2,5", "1.000", "1 000" */
  function readNumber(text) {
    var t = String(text || "").trim().replace(/\s+/g, "");
    if (/^\d{1,3}(\.\d{3})+$/.test(t)) t = t.replace(/\./g, "");
    t = t.replace(",", ".");
    return window.BvmtChecker.parseNumber(t);
  }

  function Checker(mount, rules) {
    this.mount = mount;
    this.rules = rules;
    this.E = window.BvmtChecker;
    this.root = new URL(mount.getAttribute("data-root") || "../", window.location.href);
    this.answers = this.E.decodeAnswers(rules, window.location.search);
    this.editing = null;
    this.live = document.createElement("div");
    this.live.className = "bvmt-checker__live";
    this.live.setAttribute("aria-live", "polite");
    this.view = document.createElement("div");
    mount.innerHTML = "";
    mount.appendChild(this.live);
    mount.appendChild(this.view);
    this.render(false);
  }

  Checker.prototype.announce = function (text) {
    this.live.textContent = "";
    var live = this.live;
    window.setTimeout(function () { live.textContent = text; }, 50);
  };

  Checker.prototype.shareUrl = function () {
    var query = this.E.encodeAnswers(this.rules, this.answers);
    var url = new URL(window.location.href);
    url.search = query ? "?" + query : "";
    url.hash = "";
    return url.toString();
  };

  Checker.prototype.saveUrl = function () {
    window.history.replaceState(window.history.state, "", this.shareUrl());
  };

  Checker.prototype.link = function (relative) {
    return relative ? new URL(relative, this.root).toString() : "";
  };

  Checker.prototype.render = function (focus) {
    var qid = this.editing || this.E.nextQuestion(this.rules, this.answers);
    if (qid) this.renderQuestion(qid);
    else this.renderResult();
    this.mount.setAttribute("data-view", qid ? "question" : "result");
    this.mount.setAttribute("data-question", qid || "");
    if (focus) {
      var heading = this.view.querySelector("h2");
      if (heading) heading.focus();
    }
  };

  Checker.prototype.answer = function (qid, value) {
    this.answers[qid] = value;
    this.answers = this.E.cleanAnswers(this.rules, this.answers);
    this.editing = null;
    this.saveUrl();
    this.render(true);
  };

  Checker.prototype.answerText = function (q, value) {
    if (value === undefined) return "Chưa trả lời";
    if (value === this.E.UNKNOWN) return "Không biết";
    if (q.type === "number") return formatViNumber(value) + " " + q.unit;
    var option = (q.options || []).filter(function (o) { return o.value === value; })[0];
    return option ? option.label : String(value);
  };

  Checker.prototype.renderQuestion = function (qid) {
    var self = this, E = this.E, q = E.question(this.rules, qid);
    var active = E.activeQuestions(this.rules, this.answers);
    var index = active.indexOf(qid) + 1;
    var previous = index > 1 ? active[index - 2] : null;
    var current = this.answers[qid];
    var html = '<section class="bvmt-checker__question" aria-labelledby="bvmt-checker-q">' +
      '<p class="bvmt-checker__progress">Câu ' + index + "/" + active.length + "</p>" +
      '<h2 id="bvmt-checker-q" tabindex="-1">' + esc(q.text) + "</h2>";
    if (q.type === "choice") {
      html += '<div class="bvmt-checker__options" role="group" aria-labelledby="bvmt-checker-q">';
      (q.options || []).forEach(function (o) {
        html += '<button type="button" class="md-button bvmt-checker__option' +
          (current === o.value ? " bvmt-checker__option--chosen" : "") + '" data-value="' + esc(o.value) + '"' +
          (current === o.value ? ' aria-pressed="true"' : "") + ">" + esc(o.label) + "</button>";
      });
      html += "</div>";
    } else {
      var prefill = typeof current === "number" ? String(current).replace(".", ",") : "";
      html += '<form class="bvmt-checker__number" novalidate>' +
        '<label for="bvmt-checker-input">Con số (' + esc(q.unit) + ")</label>" +
        '<div class="bvmt-checker__field"><input id="bvmt-checker-input" name="value" type="text" inputmode="decimal" ' +
        'autocomplete="off" value="' + esc(prefill) + '" aria-describedby="bvmt-checker-error"> <span>' + esc(q.unit) + "</span> " +
        '<button type="submit" class="md-button md-button--primary">Tiếp tục</button></div>' +
        '<p id="bvmt-checker-error" class="bvmt-checker__error" role="alert"></p></form>';
    }
    html += '<p><button type="button" class="md-button bvmt-checker__unknown" data-value="' + E.UNKNOWN + '">Không biết</button></p>' +
      '<details class="bvmt-checker__help"><summary>Chưa biết? Cách tìm câu trả lời</summary><p>' + esc(q.help) + "</p></details>" +
      '<p class="bvmt-checker__nav">' +
      (previous ? '<button type="button" class="md-button bvmt-checker__back">← Quay lại</button> ' : "") +
      (Object.keys(this.answers).length ? '<button type="button" class="md-button bvmt-checker__restart">Làm lại từ đầu</button>' : "") +
      "</p></section>";
    this.view.innerHTML = html;

    Array.prototype.forEach.call(this.view.querySelectorAll("[data-value]"), function (button) {
      button.addEventListener("click", function () { self.answer(qid, button.getAttribute("data-value")); });
    });
    var form = this.view.querySelector("form");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var number = readNumber(form.elements.value.value);
        if (number === null) {
          form.querySelector(".bvmt-checker__error").textContent =
            "Hãy nhập một con số không âm (ví dụ 12 hoặc 2,5), hoặc chọn «Không biết».";
          form.elements.value.setAttribute("aria-invalid", "true");
          form.elements.value.focus();
          return;
        }
        self.answer(qid, number);
      });
    }
    var back = this.view.querySelector(".bvmt-checker__back");
    if (back) back.addEventListener("click", function () { self.editing = previous; self.render(true); });
    this.bindRestart();
  };

  Checker.prototype.bindRestart = function () {
    var self = this, restart = this.view.querySelector(".bvmt-checker__restart");
    if (restart) restart.addEventListener("click", function () {
      self.answers = {};
      self.editing = null;
      self.saveUrl();
      self.render(true);
    });
  };

  Checker.prototype.outcomeHtml = function (item) {
    var self = this, E = this.E, o = E.outcome(this.rules, item.id);
    var html = '<li class="bvmt-checker__item" data-outcome="' + esc(o.id) + '" data-status="' + item.status + '">' +
      '<label class="bvmt-checker__check"><input type="checkbox"> <span class="bvmt-checker__title">' + esc(o.title) + "</span></label> " +
      '<span class="bvmt-checker__badge bvmt-checker__badge--' + esc(o.certainty) + '">' + esc(CERTAINTY[o.certainty]) + "</span>" +
      "<p>" + esc(o.text) + "</p>";
    if (item.status === "yes") {
      (o.calendar || []).forEach(function (entry) {
        html += '<p class="bvmt-checker__deadline"><strong>Thời hạn:</strong> ' + esc(E.deadlineText(entry)) + " — " +
          esc(entry.title) + (entry.certainty === "S" ? " (nguồn thứ cấp, cần đối chiếu văn bản gốc)" : "") + ".</p>";
      });
    }
    if (item.status === "maybe" && item.missing && item.missing.length) {
      html += '<div class="bvmt-checker__missing"><p><strong>Cần biết thêm:</strong></p><ul>';
      item.missing.forEach(function (qid) {
        var q = E.question(self.rules, qid);
        html += "<li>" + esc(q.text) + " <em>" + esc(q.help) + '</em> <button type="button" class="md-button bvmt-checker__edit" ' +
          'data-edit="' + esc(qid) + '">Trả lời câu này</button></li>';
      });
      html += "</ul></div>";
    }
    if (o.verify) {
      html += '<p class="bvmt-checker__verify"><strong>' + (o.certainty === "S" ? "Cần đối chiếu văn bản gốc:" : "Lưu ý:") +
        "</strong> " + esc(o.verify) + "</p>";
    }
    item.notes.forEach(function (i) {
      var note = o.unconfirmed[i];
      html += '<p class="bvmt-checker__unconfirmed"><strong>Chưa được xác nhận:</strong> ' + esc(note.text) +
        " Hãy hỏi: " + esc(note.ask) + ".</p>";
    });
    html += '<p><strong>Cơ quan quyết định, tiếp nhận hoặc nơi hỏi:</strong> ' + esc(o.authority) + "</p>" +
      '<p class="bvmt-checker__basis"><strong>Căn cứ pháp lý:</strong> ' + o.basis.map(function (b) {
        var label = esc(b.where) + ", " + esc(b.label);
        return b.url ? '<a href="' + esc(self.link(b.url)) + '" title="' + esc(b.title) + '">' + label + "</a>" : label;
      }).join("; ") + ".</p>" +
      '<p><a class="bvmt-checker__topic" href="' + esc(this.link(o.topic_url)) + '">Đọc hướng dẫn: ' + esc(o.topic_title) + "</a></p></li>";
    return html;
  };

  Checker.prototype.renderResult = function () {
    var self = this, E = this.E, rules = this.rules;
    var result = E.evaluate(rules, this.answers);
    var deadlines = E.deadlines(rules, result);
    var url = this.shareUrl();
    var html = '<section class="bvmt-checker__result" aria-labelledby="bvmt-checker-result">' +
      '<h2 id="bvmt-checker-result" tabindex="-1">Kết quả: nghĩa vụ bảo vệ môi trường của doanh nghiệp</h2>' +
      '<div class="admonition warning bvmt-checker__disclaimer" role="note"><p class="admonition-title">Chỉ mang tính hướng dẫn</p><p>' +
      esc(rules.disclaimer) + "</p></div>" +
      '<div class="bvmt-checker__actions">' +
      '<button type="button" class="md-button md-button--primary bvmt-checker__print">In danh sách việc cần làm</button> ' +
      '<button type="button" class="md-button bvmt-checker__ics"' + (deadlines.length ? "" : " disabled") +
      ">Tải lịch thời hạn (.ics)</button> " +
      '<button type="button" class="md-button bvmt-checker__copy">Sao chép đường dẫn</button> ' +
      '<button type="button" class="md-button bvmt-checker__restart">Làm lại từ đầu</button>' +
      '<p><label for="bvmt-checker-url">Đường dẫn đến kết quả này (lưu hoặc gửi cho người khác):</label> ' +
      '<input id="bvmt-checker-url" class="bvmt-checker__url" type="text" readonly value="' + esc(url) + '"></p>' +
      (deadlines.length ? "" : "<p>Không có thời hạn lặp lại nào áp dụng chắc chắn để đưa vào lịch.</p>") + "</div>" +
      '<p class="bvmt-checker__print-url">Xem lại kết quả này tại: ' + esc(url) + "</p>";
    KIND_GROUPS.forEach(function (group) {
      var items = result.outcomes.filter(function (item) {
        return item.status === group.status && group.kinds.indexOf(E.outcome(rules, item.id).kind) >= 0;
      });
      if (!items.length) return;
      html += '<h3 class="bvmt-checker__group" data-status="' + group.status + '">' + esc(group.title) + " (" + items.length + ")</h3>" +
        '<ul class="bvmt-checker__list">' + items.map(function (item) { return self.outcomeHtml(item); }).join("") + "</ul>";
    });
    if (!result.outcomes.length) html += "<p>Không có nghĩa vụ nào trong phạm vi công cụ này áp dụng với câu trả lời của bạn.</p>";
    html += '<h3>Câu trả lời của bạn</h3><table class="bvmt-checker__answers"><thead><tr><th scope="col">Câu hỏi</th>' +
      '<th scope="col">Trả lời</th><th scope="col"><span class="bvmt-checker__sr">Sửa</span></th></tr></thead><tbody>';
    E.activeQuestions(rules, this.answers).forEach(function (qid) {
      var q = E.question(rules, qid);
      html += "<tr><td>" + esc(q.text) + "</td><td>" + esc(self.answerText(q, self.answers[qid])) + "</td>" +
        '<td><button type="button" class="md-button bvmt-checker__edit" data-edit="' + esc(qid) + '" aria-label="Sửa câu trả lời: ' +
        esc(q.text) + '">Sửa</button></td></tr>';
    });
    html += "</tbody></table>" +
      '<p class="bvmt-checker__reviewed">Quy tắc của công cụ được rà soát pháp lý ngày ' + esc(formatDate(rules.reviewed)) + ".</p></section>";
    this.view.innerHTML = html;

    this.view.querySelector(".bvmt-checker__print").addEventListener("click", function () { window.print(); });
    this.view.querySelector(".bvmt-checker__ics").addEventListener("click", function () {
      download("nghia-vu-moi-truong.ics", buildIcs(rules, deadlines, new Date(), url), "text/calendar;charset=utf-8");
      self.announce("Đã tạo tệp lịch các thời hạn.");
    });
    this.view.querySelector(".bvmt-checker__copy").addEventListener("click", function () {
      var input = self.view.querySelector(".bvmt-checker__url");
      var done = function () { self.announce("Đã sao chép đường dẫn."); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, function () { input.select(); });
      } else { input.select(); }
    });
    Array.prototype.forEach.call(this.view.querySelectorAll("[data-edit]"), function (button) {
      button.addEventListener("click", function () { self.editing = button.getAttribute("data-edit"); self.render(true); });
    });
    this.bindRestart();
  };

  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
    return m ? m[3] + "/" + m[2] + "/" + m[1] : String(iso || "");
  }

  function download(name, text, type) {
    var blob = new Blob([text], { type: type });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    window.setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  /* --- iCalendar (RFC 5545) ------------------------------------------------------------- */

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function icsDate(d) { return d.getFullYear() + two(d.getMonth() + 1) + two(d.getDate()); }
  function icsStamp(d) {
    return d.getUTCFullYear() + two(d.getUTCMonth() + 1) + two(d.getUTCDate()) + "T" +
      two(d.getUTCHours()) + two(d.getUTCMinutes()) + two(d.getUTCSeconds()) + "Z";
  }
  function icsEscape(text) {
    return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }
  function fold(line) {  /* lines of at most 75 octets, continuation lines start with a space */
    var out = [], current = "", size = 0, encoder = new TextEncoder();
    Array.from(line).forEach(function (ch) {
      var n = encoder.encode(ch).length;
      if (size + n > (out.length ? 74 : 75)) { out.push(current); current = ""; size = 0; }
      current += ch;
      size += n;
    });
    out.push(current);
    return out.join("\r\n ");
  }

  /* The day of the event: the last day to act ("trước ngày 15/01" -> 14/01), next occurrence from today. */
  function nextDate(entry, today) {
    var start = new Date(today.getFullYear(), today.getMonth(), today.getDate());
    function eventDay(year, month) {
      return new Date(year, month - 1, entry.day - (entry.before ? 1 : 0));
    }
    var candidates = [];
    for (var year = start.getFullYear() - 1; year <= start.getFullYear() + 3; year++) {
      if (entry.every === "quarter") {
        for (var k = 0; k < 4; k++) candidates.push(eventDay(year, ((entry.month - 1 + 3 * k) % 12) + 1));
      } else if (entry.every === "2years") {
        if (year >= entry.from_year && (year - entry.from_year) % 2 === 0) candidates.push(eventDay(year, entry.month));
      } else if (!entry.from_year || year >= entry.from_year) {
        candidates.push(eventDay(year, entry.month));
      }
    }
    candidates.sort(function (a, b) { return a - b; });
    return candidates.filter(function (d) { return d >= start; })[0];
  }

  function buildIcs(rules, deadlines, now, pageUrl) {
    var E = window.BvmtChecker;
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bvmt-congthuong//kiem-tra-nghia-vu//VI", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH", "X-WR-CALNAME:Thời hạn bảo vệ môi trường"];
    deadlines.forEach(function (entry) {
      var o = E.outcome(rules, entry.outcome);
      var day = nextDate(entry, now);
      var end = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
      var rrule = entry.every === "quarter" ? "FREQ=MONTHLY;INTERVAL=3" :
        entry.every === "2years" ? "FREQ=YEARLY;INTERVAL=2" : "FREQ=YEARLY";
      var description = "Hạn: " + E.deadlineText(entry) + ". " + o.title + ". " +
        (entry.certainty === "S" ? "Thời hạn này mới có từ nguồn thứ cấp, cần đối chiếu văn bản gốc. " : "") +
        "Căn cứ: " + o.basis.map(function (b) { return b.where + ", " + b.label; }).join("; ") + ". " +
        "Kết quả kiểm tra chỉ mang tính hướng dẫn, không phải quyết định pháp lý. " + pageUrl;
      lines.push("BEGIN:VEVENT", "UID:" + entry.id + "-" + entry.outcome + "@bvmt-congthuong", "DTSTAMP:" + icsStamp(now),
        "DTSTART;VALUE=DATE:" + icsDate(day), "DTEND;VALUE=DATE:" + icsDate(end), "RRULE:" + rrule,
        "SUMMARY:" + icsEscape(entry.title), "DESCRIPTION:" + icsEscape(description), "URL:" + pageUrl,
        "TRANSP:TRANSPARENT", "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P7D",
        "DESCRIPTION:" + icsEscape("Còn 7 ngày: " + entry.title), "END:VALARM", "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  function init() {
    var mount = document.getElementById("bvmt-checker");
    if (!mount || mount.getAttribute("data-ready") || !window.BvmtChecker) return;
    mount.setAttribute("data-ready", "loading");
    fetch(mount.getAttribute("data-rules"))
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (rules) {
        mount.checker = new Checker(mount, rules);
        mount.setAttribute("data-ready", "true");
      })
      .catch(function () {
        mount.setAttribute("data-ready", "error");
        mount.innerHTML = '<p class="bvmt-checker__error" role="alert">Không tải được bộ câu hỏi. Hãy tải lại trang; ' +
          "nếu vẫn lỗi, xem các bài hướng dẫn theo chủ đề.</p>";
      });
  }

  window.BvmtCheckerApp = { buildIcs: buildIcs, nextDate: nextDate, readNumber: readNumber };
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
