// Dates and times drawn live exactly as the server's templates draw them (peersupport/times.py):
// the page's language patterns (Django format characters, from #time-formats) in the site's time
// zone, so "8.37" in Finnish and "08:37" in English whether a message came with the page or over
// the socket. Day separators ("Today", "Yesterday", a date) are kept right in the lists given to
// separate(), also when a live message crosses midnight or the page stays open past it.
(function () {
  "use strict";
  var source = document.getElementById("time-formats");
  if (!source) return;
  var config = JSON.parse(source.textContent);
  var parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: config.timeZone, hourCycle: "h23",
    year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric"
  });
  var lists = [], todayShown = null;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function toDate(iso) {  // Django's "c" and isoformat() may carry microseconds
    return new Date(String(iso).replace(/(\.\d{3})\d+/, "$1"));
  }

  function fields(date) {  // {Y, n, j, H, i} of a moment in the site's time zone
    var out = {};
    parts.formatToParts(date).forEach(function (p) { out[p.type] = Number(p.value); });
    return { Y: out.year, n: out.month, j: out.day, H: out.hour % 24, i: out.minute };
  }

  var CHARACTERS = {
    d: function (f) { return pad(f.j); }, j: function (f) { return String(f.j); },
    m: function (f) { return pad(f.n); }, n: function (f) { return String(f.n); },
    Y: function (f) { return String(f.Y); }, M: function (f) { return config.months[f.n - 1]; },
    N: function (f) { return config.monthsAp[f.n - 1]; },
    H: function (f) { return pad(f.H); }, G: function (f) { return String(f.H); },
    i: function (f) { return pad(f.i); }
  };

  function apply(pattern, f) {  // the format characters peersupport/times.py allows, and \-escapes
    var out = "";
    for (var k = 0; k < pattern.length; k++) {
      var c = pattern.charAt(k);
      if (c === "\\") { k += 1; out += pattern.charAt(k); } else out += CHARACTERS[c] ? CHARACTERS[c](f) : c;
    }
    return out;
  }

  /** A moment (ISO text) as "time" or "date" in the page's language. */
  function format(iso, kind) { return apply(config.formats[kind], fields(toDate(iso))); }

  function keyOf(f) { return f.Y + "-" + pad(f.n) + "-" + pad(f.j); }

  function dayKey(iso) { return keyOf(fields(toDate(iso))); }

  function label(key) {
    var today = fields(new Date());
    var yesterday = new Date(Date.UTC(today.Y, today.n - 1, today.j - 1));
    if (key === keyOf(today)) return config.today;
    if (key === yesterday.toISOString().slice(0, 10)) return config.yesterday;
    var ymd = key.split("-").map(Number);
    return apply(config.formats.date, { Y: ymd[0], n: ymd[1], j: ymd[2], H: 0, i: 0 });
  }

  function separator(list, key) {  // the shape of groups/_day_separator.html
    var heading = document.createElement("h2");
    heading.className = "day-label h6 mb-0";
    var el = heading;
    if (list.tagName === "OL" || list.tagName === "UL") {
      el = document.createElement("li");
      el.appendChild(heading);
    } else heading.classList.add("day-separator");
    el.classList.add("day-separator");
    el.dataset.day = key;
    return el;
  }

  function messageDay(el) {
    if (!el.dataset.day) {
      var time = el.querySelector("time[datetime]");
      if (time) el.dataset.day = dayKey(time.getAttribute("datetime"));
    }
    return el.dataset.day;
  }

  /** One separator before the first message of each day in `list` (children with data-id), before any
   * "new since your last visit" marker that leads that message; stale ones go, labels follow the clock. */
  function separate(list) {
    if (lists.indexOf(list) < 0) lists.push(list);
    var kept = {}, previous = null;
    Array.prototype.forEach.call(list.querySelectorAll(":scope > [data-id]"), function (message) {
      var key = messageDay(message);
      if (!key || key === previous) return;
      previous = key;
      var at = message;
      while (at.previousElementSibling && at.previousElementSibling.classList.contains("unread-marker")) {
        at = at.previousElementSibling;
      }
      var el = list.querySelector(':scope > .day-separator[data-day="' + key + '"]') || separator(list, key);
      if (at.previousElementSibling !== el) list.insertBefore(el, at);
      kept[key] = el;
    });
    Array.prototype.forEach.call(list.querySelectorAll(":scope > .day-separator"), function (el) {
      if (kept[el.dataset.day] !== el) { el.remove(); return; }
      var text = label(el.dataset.day), heading = el.classList.contains("day-label") ? el : el.querySelector(".day-label");
      if (heading.textContent !== text) heading.textContent = text;
    });
    todayShown = keyOf(fields(new Date()));
  }

  window.setInterval(function () {  // past midnight "Today" becomes "Yesterday"
    if (todayShown && todayShown !== keyOf(fields(new Date()))) lists.forEach(separate);
  }, 60000);

  window.PeerTimes = { format: format, dayKey: dayKey, label: label, separate: separate };
})();
