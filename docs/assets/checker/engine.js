/* The obligations checker's engine for the site: the same semantics as the Python engine
 * (scripts/bvmt/obligations.py), run on the rules compiled at build time
 * (assets/checker/nghia-vu.json, from docs/_data/nghia-vu.yml). A test runs both engines on
 * every worked case. Pure functions, no DOM: usable in the browser (window.BvmtChecker) and in Node. */
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.BvmtChecker = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var UNKNOWN = "kb";
  var MAX_NUMBER = 1e12;
  var OPERATORS = ["eq", "in", "known", "gt", "ge", "lt", "le"];
  var NUMBER_TEXT = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

  function has(obj, key) { return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key); }

  function questions(rules) { return rules.questions || []; }
  function question(rules, qid) { return questions(rules).filter(function (q) { return q.id === qid; })[0] || null; }
  function outcome(rules, oid) { return (rules.outcomes || []).filter(function (o) { return o.id === oid; })[0] || null; }
  function optionValues(q) { return (q.options || []).map(function (o) { return String(o.value); }); }

  function parseNumber(value) {
    var number;
    if (typeof value === "boolean") return null;
    if (typeof value === "number") number = value;
    else if (typeof value === "string" && value.trim()) {
      var text = value.trim();
      if (!NUMBER_TEXT.test(text)) return null;
      number = Number(text);
    } else return null;
    if (!isFinite(number) || number < 0 || number > MAX_NUMBER) return null;
    return number;
  }

  function cleanAnswer(q, value) {
    if (value === UNKNOWN) return UNKNOWN;
    if (q.type === "number") return parseNumber(value);
    if (q.type === "choice" && typeof value === "string" && optionValues(q).indexOf(value) >= 0) return value;
    return null;
  }

  function cleanAnswers(rules, raw) {
    var result = {};
    questions(rules).forEach(function (q) {
      if (has(raw, q.id)) {
        var value = cleanAnswer(q, raw[q.id]);
        if (value !== null) result[q.id] = value;
      }
    });
    return result;
  }

  /* three-valued logic: true, false, null (unknown) */
  function all(values) {
    var result = true;
    for (var i = 0; i < values.length; i++) {
      if (values[i] === false) return false;
      if (values[i] === null) result = null;
    }
    return result;
  }
  function any(values) {
    var result = false;
    for (var i = 0; i < values.length; i++) {
      if (values[i] === true) return true;
      if (values[i] === null) result = null;
    }
    return result;
  }
  function not(value) { return value === null ? null : !value; }

  function compare(op, value, target) {
    if (value === null || value === undefined) return null;
    switch (op) {
      case "eq": return value === target;
      case "in": return (target || []).indexOf(value) >= 0;
      case "gt": return value > target;
      case "ge": return value >= target;
      case "lt": return value < target;
      case "le": return value <= target;
    }
    throw new Error("unknown operator " + op);
  }

  function evaluateCondition(cond, rules, values, depth) {
    depth = depth || 0;
    if (depth > 50) throw new Error("conditions nest too deep (a cycle of «ref»?)");
    if (cond === true || cond === false) return cond;
    if (has(cond, "all")) return all(cond.all.map(function (c) { return evaluateCondition(c, rules, values, depth + 1); }));
    if (has(cond, "any")) return any(cond.any.map(function (c) { return evaluateCondition(c, rules, values, depth + 1); }));
    if (has(cond, "not")) return not(evaluateCondition(cond.not, rules, values, depth + 1));
    if (has(cond, "ref")) return evaluateCondition(rules.conditions[cond.ref], rules, values, depth + 1);
    var value = has(values, cond.q) ? values[cond.q] : null;
    if (has(cond, "known")) return (value !== null) === Boolean(cond.known);
    var op = OPERATORS.filter(function (o) { return has(cond, o); })[0];
    return compare(op, value, cond[op]);
  }

  function referencedQuestions(cond, rules, depth, found) {
    depth = depth || 0;
    found = found || {};
    if (depth > 50 || cond === true || cond === false || cond === null || typeof cond !== "object") return found;
    if (has(cond, "all") || has(cond, "any")) {
      (has(cond, "all") ? cond.all : cond.any).forEach(function (c) { referencedQuestions(c, rules, depth + 1, found); });
    } else if (has(cond, "not")) referencedQuestions(cond.not, rules, depth + 1, found);
    else if (has(cond, "ref")) referencedQuestions((rules.conditions || {})[cond.ref], rules, depth + 1, found);
    else if (has(cond, "q")) found[cond.q] = true;
    return found;
  }

  function walk(rules, answers) {
    var clean = cleanAnswers(rules, answers), values = {}, active = [];
    questions(rules).forEach(function (q) {
      values[q.id] = null;
      if (has(q, "ask_if") && evaluateCondition(q.ask_if, rules, values) === false) return;
      active.push(q.id);
      var value = has(clean, q.id) ? clean[q.id] : null;
      values[q.id] = value === UNKNOWN ? null : value;
    });
    return { values: values, active: active, clean: clean };
  }

  function effectiveValues(rules, answers) { return walk(rules, answers).values; }
  function activeQuestions(rules, answers) { return walk(rules, answers).active; }

  function nextQuestion(rules, answers) {
    var w = walk(rules, answers);
    return w.active.filter(function (qid) { return !has(w.clean, qid); })[0] || null;
  }

  function evaluate(rules, answers) {
    var w = walk(rules, answers), result = [];
    (rules.outcomes || []).forEach(function (o) {
      var truth = evaluateCondition(o.when, rules, w.values);
      if (truth === false) return;
      var item = { id: o.id, status: truth ? "yes" : "maybe" };
      if (truth === null) {
        var refs = referencedQuestions(o.when, rules);
        item.missing = w.active.filter(function (qid) { return refs[qid] && w.values[qid] === null; });
      }
      item.notes = [];
      (o.unconfirmed || []).forEach(function (n, i) {
        if (!has(n, "when") || evaluateCondition(n.when, rules, w.values) !== false) item.notes.push(i);
      });
      result.push(item);
    });
    return { complete: nextQuestion(rules, answers) === null, outcomes: result };
  }

  /* answers in a URL */
  function formatNumber(number) {
    var text = number.toFixed(3).replace(/0+$/, "").replace(/\.$/, "");
    return text || "0";
  }

  function encodeAnswers(rules, answers) {
    var clean = cleanAnswers(rules, answers);
    return activeQuestions(rules, clean).filter(function (qid) { return has(clean, qid); }).map(function (qid) {
      var value = clean[qid];
      return qid + "=" + encodeURIComponent(typeof value === "number" ? formatNumber(value) : String(value));
    }).join("&");
  }

  function decodeAnswers(rules, query) {
    var params = new URLSearchParams(String(query || "").replace(/^\?/, "")), raw = {};
    questions(rules).forEach(function (q) { if (params.has(q.id)) raw[q.id] = params.get(q.id); });
    return cleanAnswers(rules, raw);
  }

  /* calendar */
  function deadlines(rules, result) {
    var found = [];
    result.outcomes.forEach(function (item) {
      if (item.status !== "yes") return;
      ((outcome(rules, item.id) || {}).calendar || []).forEach(function (entry) {
        var copy = { outcome: item.id };
        Object.keys(entry).forEach(function (k) { copy[k] = entry[k]; });
        found.push(copy);
      });
    });
    return found;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function deadlineText(entry) {
    var day = pad(entry.day) + "/" + pad(entry.month);
    if (entry.every === "quarter") {
      return (entry.before ? "trước ngày " : "đến ngày ") + entry.day + " của tháng đầu mỗi quý";
    }
    var text = (entry.before ? "trước ngày " : "đến ngày ") + day;
    if (entry.every === "2years") return text + ", 2 năm một lần (từ năm " + entry.from_year + ")";
    return text + " hằng năm" + (entry.from_year ? " (từ năm " + entry.from_year + ")" : "");
  }

  return {
    UNKNOWN: UNKNOWN,
    question: question,
    outcome: outcome,
    parseNumber: parseNumber,
    cleanAnswers: cleanAnswers,
    evaluateCondition: evaluateCondition,
    effectiveValues: effectiveValues,
    activeQuestions: activeQuestions,
    nextQuestion: nextQuestion,
    evaluate: evaluate,
    formatNumber: formatNumber,
    encodeAnswers: encodeAnswers,
    decodeAnswers: decodeAnswers,
    deadlines: deadlines,
    deadlineText: deadlineText
  };
});
