// medic's dashboard script: the theme toggle, live updates over SSE, and the target page's charts.
// Loaded as a file (the CSP allows no inline script). Live updates replace parts of the page in
// place and never append, so a page left open for a day does not grow.
(function () {
  'use strict';

  // ---- theme -------------------------------------------------------------------------------
  var THEME_KEY = 'medic-theme';

  function systemDark() {
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  }

  function applyTheme(theme) {
    var root = document.documentElement;
    if (theme) {
      root.setAttribute('data-theme', theme);
    } else {
      root.removeAttribute('data-theme');
    }
    var dark = theme ? theme === 'dark' : systemDark();
    var button = document.getElementById('theme-toggle');
    if (button) {
      button.setAttribute('aria-pressed', dark ? 'true' : 'false');
    }
  }

  function storedTheme() {
    try {
      return window.localStorage.getItem(THEME_KEY);
    } catch (e) {
      return null;
    }
  }

  applyTheme(storedTheme());

  function setUpThemeToggle() {
    var button = document.getElementById('theme-toggle');
    if (!button) {
      return;
    }
    applyTheme(storedTheme());
    button.addEventListener('click', function () {
      var dark = button.getAttribute('aria-pressed') !== 'true';
      var theme = dark ? 'dark' : 'light';
      try {
        window.localStorage.setItem(THEME_KEY, theme);
      } catch (e) { /* private mode: the choice lasts for this page */ }
      applyTheme(theme);
      document.dispatchEvent(new CustomEvent('medic:theme'));
    });
  }

  // ---- live updates -----------------------------------------------------------------------
  // Events come in bursts (a dependency going down takes its dependents with it): changes are
  // gathered for a moment and each part is fetched once.
  var pendingRows = new Set();
  var pendingParts = new Set();
  var flushTimer = null;
  var FLUSH_MS = 200;

  function swap(path, element) {
    if (element && window.htmx) {
      // Each part is its own source: htmx keeps one request queued per source element, so parts
      // sharing one would drop all but the last.
      window.htmx.ajax('GET', path, { source: element, target: element, swap: 'outerHTML' });
    }
  }

  // Rows changed in a burst come in one request (a page of 1,000 targets may see hundreds of
  // changes a second); rows not on the page yet (further down a long grid) are not asked for.
  var ROWS_AT_ONCE = 200;

  function refreshRows(names) {
    var query = names.filter(function (name) { return document.getElementById('row-' + name); })
      .map(function (name) { return 'name=' + encodeURIComponent(name); });
    for (var i = 0; i < query.length; i += ROWS_AT_ONCE) {
      fetch('/ui/rows?' + query.slice(i, i + ROWS_AT_ONCE).join('&'), { credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : ''; })
        .then(function (html) {
          var parsed = document.createElement('template');
          parsed.innerHTML = html;
          parsed.content.querySelectorAll('tr[id^="row-"]').forEach(function (row) {
            var old = document.getElementById(row.id);
            if (old) {
              // A sparkline already drawn stays: a 24-hour trend does not change with one status,
              // and fetching it again for every change would cost a history read each time.
              var drawn = old.querySelector('.spark:not([hx-get])');
              var placeholder = row.querySelector('.spark[hx-get]');
              if (drawn && placeholder) {
                placeholder.replaceWith(drawn);
              }
              old.replaceWith(row);
              if (window.htmx) {
                window.htmx.process(row);
              }
            }
          });
        })
        .catch(function () { /* the next change refreshes the row again */ });
    }
  }

  function flush() {
    flushTimer = null;
    refreshRows(Array.from(pendingRows));
    pendingRows.clear();
    pendingParts.forEach(function (id) {
      var element = document.getElementById(id);
      if (!element) {
        return;
      }
      if (id === 'health-score') {
        swap('/ui/score', element);
      } else if (id === 'topology') {
        swap('/ui/topology', element);
      } else {
        swap('/ui/' + id, element);
      }
    });
    pendingParts.clear();
  }

  function later() {
    if (flushTimer === null) {
      flushTimer = window.setTimeout(flush, FLUSH_MS);
    }
  }

  function parse(event) {
    try {
      return JSON.parse(event.data);
    } catch (e) {
      return null;
    }
  }

  function liveState(text) {
    var element = document.getElementById('live-state');
    if (element) {
      element.textContent = 'Live updates: ' + text;
    }
  }

  function setUpLive() {
    if (!window.EventSource) {
      liveState('not supported by this browser; reload to refresh');
      return;
    }
    var source = new EventSource('/api/events');
    source.addEventListener('open', function () { liveState('connected'); });
    source.addEventListener('error', function () {
      liveState(source.readyState === EventSource.CLOSED ? 'closed; reload to refresh' : 'reconnecting');
    });
    source.addEventListener('status_change', function (event) {
      var data = parse(event);
      if (!data || !data.target) {
        return;
      }
      pendingRows.add(String(data.target));
      pendingParts.add('health-score');
      pendingParts.add('topology');
      later();
    });
    function incidentsChanged(event) {
      // The target's row shows its open incident: an alert names the target as its service.
      var data = parse(event);
      var target = data && ((data.alert && data.alert.service) || data.target);
      if (target) {
        pendingRows.add(String(target));
      }
      pendingParts.add('incidents');
      pendingParts.add('heal-log');
      pendingParts.add('escalations');
      pendingParts.add('approvals');
      pendingParts.add('health-score');
      later();
    }
    source.addEventListener('alert', incidentsChanged);
    source.addEventListener('heal', incidentsChanged);
  }

  // ---- charts (target page) ------------------------------------------------------------------
  var RANGES = {
    '1h': { seconds: 3600, step: '1m' },
    '24h': { seconds: 86400, step: '15m' },
    '7d': { seconds: 604800, step: '1h' },
    '30d': { seconds: 2592000, step: '6h' }
  };
  var plots = [];

  function color(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
  }

  function getJson(path) {
    return fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(path + ' answered ' + response.status);
        }
        return response.json();
      });
  }

  function markersHook(events) {
    return function (u) {
      var ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = color('--marker');
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      events.forEach(function (e) {
        var x = u.valToPos(Date.parse(e.at) / 1000, 'x', true);
        if (x >= u.bbox.left && x <= u.bbox.left + u.bbox.width) {
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
      });
      ctx.restore();
    };
  }

  function chartNote(box, text) {
    var note = box.querySelector('.chart-note');
    if (note) {
      note.textContent = text;
    }
  }

  function drawCharts(box, range) {
    var target = box.getAttribute('data-target');
    var r = RANGES[range] || RANGES['24h'];
    var from = new Date(Date.now() - r.seconds * 1000).toISOString();
    var latencyEl = box.querySelector('.chart-latency');
    var statusEl = box.querySelector('.chart-status');
    plots.forEach(function (p) { p.destroy(); });
    plots = [];
    chartNote(box, 'Loading ' + range + '...');
    var q = 'target=' + encodeURIComponent(target) + '&from=' + encodeURIComponent(from);
    Promise.all([
      getJson('/api/metrics/history?' + q + '&step=' + r.step),
      getJson('/ui/targets/' + encodeURIComponent(target) + '/events?from=' + encodeURIComponent(from))
    ]).then(function (answers) {
      var buckets = Array.isArray(answers[0]) ? answers[0] : (answers[0].buckets || []);
      var events = answers[1] || [];
      var xs = [], p50 = [], p95 = [], p99 = [], ok = [];
      buckets.forEach(function (b) {
        xs.push(Date.parse(b.start) / 1000);
        p50.push(b.p50 == null ? null : b.p50);
        p95.push(b.p95 == null ? null : b.p95);
        p99.push(b.p99 == null ? null : b.p99);
        ok.push(b.count ? 100 * (b.count - b.failures) / b.count : null);
      });
      var width = Math.max(320, box.clientWidth - 8);
      var hooks = { draw: [markersHook(events)] };
      var axes = [{ stroke: color('--text'), grid: { stroke: color('--border') } },
        { stroke: color('--text'), grid: { stroke: color('--border') } }];
      plots.push(new window.uPlot({
        title: 'Latency (ms)', width: width, height: 220, hooks: hooks, axes: axes,
        series: [{}, { label: 'p50', stroke: color('--p50'), width: 2 },
          { label: 'p95', stroke: color('--p95'), width: 2 }, { label: 'p99', stroke: color('--p99'), width: 2 }]
      }, [xs, p50, p95, p99], latencyEl));
      plots.push(new window.uPlot({
        title: 'Healthy runs (%)', width: width, height: 160, hooks: hooks, axes: axes,
        scales: { y: { range: [0, 100] } },
        series: [{}, { label: 'healthy %', stroke: color('--up'), width: 2 }]
      }, [xs, ok], statusEl));
      chartNote(box, buckets.length + ' points over ' + range + '; ' + events.length
        + ' incident and action markers (dashed lines), listed in the tables below.');
    }).catch(function (e) {
      chartNote(box, 'No chart: ' + e.message);
    });
  }

  function setUpCharts() {
    var box = document.getElementById('charts');
    if (!box || !window.uPlot) {
      return;
    }
    var buttons = box.querySelectorAll('button[data-range]');
    function choose(range) {
      buttons.forEach(function (b) {
        b.setAttribute('aria-pressed', b.getAttribute('data-range') === range ? 'true' : 'false');
      });
      box.setAttribute('data-range', range);
      drawCharts(box, range);
    }
    buttons.forEach(function (b) {
      b.addEventListener('click', function () { choose(b.getAttribute('data-range')); });
    });
    document.addEventListener('medic:theme', function () { drawCharts(box, box.getAttribute('data-range')); });
    choose(box.getAttribute('data-range') || '24h');
  }

  document.addEventListener('DOMContentLoaded', function () {
    setUpThemeToggle();
    setUpCharts();
    setUpLive();
  });
})();
