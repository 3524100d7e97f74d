// The hedgewatch dashboard: plain JavaScript over the API of this server (no build step, nothing
// loaded from elsewhere). Polls the JSON endpoints, draws history with uPlot, and follows the
// alert stream over Server-Sent Events.
(function () {
  'use strict';

  var POLL_MS = 5000;
  var HISTORY_MS = 15000;
  var TIMELINE_MAX = 200;
  // oracle.drift's levels in bps, from /api/v1/rules (the config's, else the catalogue's); until
  // that answers, the design's defaults.
  var driftLevels = { warnBps: 50, criticalBps: 150 };
  var COLOURS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037', '#ad1457'];

  var NO_CHARTS = 'The chart library did not load (/dashboard/vendor/uplot/uPlot.iife.min.js): numbers only.';

  var charts = {};
  var lastHistoryAt = 0;
  var known = { feeds: [], markets: [] };

  // ---- small helpers ----

  function $(id) { return document.getElementById(id); }

  /** An element with attributes and children; text is always set as text, never parsed. */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') { node.textContent = attrs[k]; }
        else if (k === 'cls') { node.className = attrs[k]; }
        else { node.setAttribute(k, attrs[k]); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) { continue; }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function badge(status) {
    var s = status || 'UNKNOWN';
    return el('span', { cls: 'badge ' + s, text: s });
  }

  /** A decimal string of the API as a number for charts; null stays null (a gap). */
  function num(v) {
    if (v === null || v === undefined || v === '') { return null; }
    var n = Number(v);
    return isFinite(n) ? n : null;
  }

  function fmt(v, digits) {
    var n = num(v);
    if (n === null) { return '–'; }
    return n.toLocaleString(undefined, { maximumFractionDigits: digits === undefined ? 2 : digits });
  }

  function pct(v, digits) { var n = num(v); return n === null ? '–' : fmt(n, digits) + ' %'; }

  function seconds(iso) { return Date.parse(iso) / 1000; }

  function time(iso) {
    if (!iso) { return '–'; }
    var d = new Date(iso);
    return isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
  }

  function showProblem(text) {
    var p = $('problem');
    p.hidden = !text;
    p.textContent = text || '';
  }

  /**
   * GET a JSON document. Resolves to {status, body}; a 503 before the first cycle is an answer, not
   * a failure. Rejects only when the server cannot be reached or answers something else than JSON.
   */
  function getJson(path) {
    return fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (r) {
        return r.json().then(function (body) { return { status: r.status, body: body }; });
      });
  }

  // ---- charts ----

  function chartWidth(container) {
    return Math.max(280, container.clientWidth - 4);
  }

  /** Creates or refreshes the uPlot chart kept under key; series labels fix its shape. */
  function plot(key, container, series, data, options) {
    if (typeof uPlot === 'undefined') { return; }
    if (!data[0].length) {
      if (charts[key]) { charts[key].chart.destroy(); delete charts[key]; }
      clear(container);
      container.appendChild(el('p', { cls: 'empty', text: 'No history yet.' }));
      return;
    }
    if (data[0].length === 1) {
      // uPlot stretches a one-point time axis over years: pad it with empty slots five minutes
      // either side, so a fresh run (or a quiet chain) shows its one point at a readable scale.
      var x = data[0][0];
      data = data.map(function (column, i) {
        return i === 0 ? [x - 300, x, x + 300] : [null, column[0], null];
      });
    }
    var shape = series.map(function (s) { return s.label; }).join('|');
    var existing = charts[key];
    if (existing && existing.shape === shape && existing.container === container) {
      existing.chart.setData(data);
      return;
    }
    if (existing) { existing.chart.destroy(); }
    clear(container);
    var opts = {
      width: chartWidth(container),
      height: (options && options.height) || 180,
      series: [{}].concat(series),
      axes: [{}, { size: 70, label: options && options.yLabel }],
      scales: { x: { time: true } },
      legend: { live: true },
      cursor: { drag: { x: true, y: false } }
    };
    var chart = new uPlot(opts, data, container);
    charts[key] = { chart: chart, shape: shape, container: container };
  }

  function line(label, colour, extra) {
    // uPlot's own rule for markers: shown only where points are sparse (a lone point stays visible)
    var s = { label: label, stroke: colour, width: 1.5, spanGaps: false };
    if (extra) { Object.keys(extra).forEach(function (k) { s[k] = extra[k]; }); }
    return s;
  }

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) {
      var c = charts[k];
      c.chart.setSize({ width: chartWidth(c.container), height: c.chart.height });
    });
  });

  // ---- header ----

  function renderStatus(res) {
    var b = res.body;
    var overall = $('overall');
    overall.className = 'badge ' + (b.status || 'UNKNOWN');
    overall.textContent = b.status || 'UNKNOWN';
    var open = b.openAlerts || {};
    var parts = [];
    parts.push(b.at ? 'last cycle ' + time(b.at) : 'waiting for the first cycle');
    parts.push(b.ready ? 'ready' : 'not ready');
    parts.push('open alerts: ' + (open.CRITICAL || 0) + ' critical, ' + (open.WARNING || 0)
      + ' warning, ' + (open.UNKNOWN || 0) + ' unknown');
    $('summary').textContent = parts.join(' · ');
  }

  // ---- feeds ----

  function feedCard(feed) {
    var id = 'feed-' + feed.id;
    var card = document.getElementById(id);
    if (!card) {
      card = el('div', { cls: 'card', id: id },
        el('h3', null, el('span', { cls: 'name', text: feed.id + ' ' }), el('span', { cls: 'status' })),
        el('div', { cls: 'facts' }),
        el('div', { cls: 'chart price' }),
        el('div', { cls: 'chart drift' }));
      $('feeds').appendChild(card);
    }
    return card;
  }

  function renderFeeds(res) {
    var box = $('feeds');
    if (res.status !== 200) { return; }
    var feeds = res.body.feeds || [];
    known.feeds = feeds.map(function (f) { return f.id; });
    var placeholder = box.querySelector('.empty');
    if (feeds.length && placeholder) { box.removeChild(placeholder); }
    if (!feeds.length && !placeholder) {
      clear(box);
      box.appendChild(el('p', { cls: 'empty', text: 'No feed is configured.' }));
    }
    feeds.forEach(function (f) {
      var card = feedCard(f);
      var status = card.querySelector('.status');
      clear(status);
      status.appendChild(badge(f.status));
      var facts = card.querySelector('.facts');
      clear(facts);
      var ref = f.reference && f.reference.price;
      facts.appendChild(el('span', null, 'oracle ', el('b', { text: fmt(f.price, 6) })));
      facts.appendChild(el('span', null, 'reference ', el('b', { text: fmt(ref, 6) })));
      facts.appendChild(el('span', null, 'drift ',
        el('b', { text: f.driftBps === null || f.driftBps === undefined ? '–' : fmt(f.driftBps) + ' bps' })));
      if (f.ageSeconds !== null && f.ageSeconds !== undefined) {
        facts.appendChild(el('span', null, 'age ', el('b', { text: fmt(f.ageSeconds, 0) + ' s' })));
      }
      if (f.error) { facts.appendChild(el('span', { cls: 'muted', text: f.error })); }
    });
  }

  function renderFeedHistory(id, res) {
    var card = document.getElementById('feed-' + id);
    if (!card || res.status !== 200) { return; }
    var points = res.body.points || [];
    var xs = [], price = [], ref = [], drift = [], warnHi = [], warnLo = [], critHi = [], critLo = [];
    points.forEach(function (p) {
      xs.push(seconds(p.at));
      price.push(num(p.price));
      ref.push(num(p.referencePrice));
      drift.push(num(p.driftBps));
      warnHi.push(driftLevels.warnBps); warnLo.push(-driftLevels.warnBps);
      critHi.push(driftLevels.criticalBps); critLo.push(-driftLevels.criticalBps);
    });
    plot('feed-price-' + id, card.querySelector('.chart.price'),
      [line('oracle', COLOURS[0]), line('reference', COLOURS[4], { dash: [4, 3] })],
      [xs, price, ref], { yLabel: 'price' });
    var dashed = { dash: [6, 4], width: 1 };
    var driftChart = card.querySelector('.chart.drift');
    driftChart.setAttribute('data-warn-bps', driftLevels.warnBps);
    driftChart.setAttribute('data-critical-bps', driftLevels.criticalBps);
    plot('feed-drift-' + id, driftChart,
      [line('drift bps', COLOURS[5]),
        line('warn ' + fmt(driftLevels.warnBps) + ' bps', '#ef6c00', dashed), line('-warn', '#ef6c00', dashed),
        line('critical ' + fmt(driftLevels.criticalBps) + ' bps', '#c62828', dashed),
        line('-critical', '#c62828', dashed)],
      [xs, drift, warnHi, warnLo, critHi, critLo], { yLabel: 'bps', height: 150 });
  }

  // ---- markets ----

  function marketCard(market) {
    var id = 'market-' + market.id;
    var card = document.getElementById(id);
    if (!card) {
      card = el('div', { cls: 'card', id: id },
        el('h3', null, el('span', { text: market.id + ' ' }), el('span', { cls: 'status' })),
        el('div', { cls: 'facts' }),
        el('div', { cls: 'chart oi' }));
      $('markets').appendChild(card);
    }
    return card;
  }

  function oiUse(m) {
    var oi = num(m.openInterest);
    var caps = [num(m.maxOpenInterestLong), num(m.maxOpenInterestShort)].filter(function (c) { return c; });
    if (oi === null || !caps.length) { return null; }
    return 100 * oi / caps.reduce(function (a, b) { return a + b; }, 0);
  }

  function meter(percent) {
    if (percent === null) { return el('span', { cls: 'muted', text: 'no cap' }); }
    var level = percent >= 95 ? 'CRITICAL' : percent >= 80 ? 'WARNING' : '';
    var bar = el('span', { cls: level });
    bar.style.width = Math.min(100, Math.max(0, percent)) + '%';
    return el('span', null, el('span', { cls: 'meter' }, bar), fmt(percent, 1) + ' %');
  }

  function renderMarkets(res) {
    if (res.status !== 200) { return; }
    var markets = res.body.markets || [];
    known.markets = markets.map(function (m) { return m.id; });
    var box = $('markets');
    var placeholder = box.querySelector('.empty');
    if (markets.length && placeholder) { box.removeChild(placeholder); }
    if (!markets.length && !placeholder) {
      clear(box);
      box.appendChild(el('p', { cls: 'empty', text: 'No market is configured.' }));
    }
    var table = $('funding-table');
    clear(table);
    if (markets.length) {
      table.appendChild(el('tr', null, el('th', { text: 'market' }), el('th', { text: 'venue' }),
        el('th', { text: 'funding / h' }), el('th', { text: 'APR' }),
        el('th', { text: 'CEX funding / h' }), el('th', { text: 'open interest vs caps' }),
        el('th', { text: 'status' })));
    }
    markets.forEach(function (m) {
      var cex = m.cexFunding || {};
      var cexText = Object.keys(cex).map(function (v) {
        return v + ' ' + pct(num(cex[v].fundingRateHourly) * 100, 4);
      }).join(', ') || '–';
      table.appendChild(el('tr', null,
        el('td', { text: m.id }), el('td', { text: m.venue }),
        el('td', { cls: 'num', text: m.fundingRateHourly === null ? '–' : pct(num(m.fundingRateHourly) * 100, 4) }),
        el('td', { cls: 'num', text: m.fundingApr === null ? '–' : pct(num(m.fundingApr) * 100, 1) }),
        el('td', { text: cexText }),
        el('td', null, meter(oiUse(m))),
        el('td', null, badge(m.status))));
      var card = marketCard(m);
      var status = card.querySelector('.status');
      clear(status);
      status.appendChild(badge(m.status));
      var facts = card.querySelector('.facts');
      clear(facts);
      facts.appendChild(el('span', null, 'mark ', el('b', { text: fmt(m.markPrice, 4) })));
      facts.appendChild(el('span', null, 'OI ', el('b', { text: fmt(m.openInterest, 2) })));
      facts.appendChild(el('span', null, 'caps ',
        el('b', { text: fmt(m.maxOpenInterestLong, 2) + ' long / ' + fmt(m.maxOpenInterestShort, 2) + ' short' })));
      if (m.error) { facts.appendChild(el('span', { cls: 'muted', text: m.error })); }
    });
  }

  /** Every market's funding on one time axis, per hour in %: gaps where a market has no point. */
  function renderFunding(histories) {
    var times = {};
    histories.forEach(function (h) { h.points.forEach(function (p) { times[seconds(p.at)] = true; }); });
    var xs = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
    var index = {};
    xs.forEach(function (x, i) { index[x] = i; });
    var data = [xs];
    var series = [];
    histories.forEach(function (h, i) {
      var ys = xs.map(function () { return null; });
      h.points.forEach(function (p) {
        var rate = num(p.fundingRateHourly);
        ys[index[seconds(p.at)]] = rate === null ? null : rate * 100;
      });
      data.push(ys);
      series.push(line(h.market, COLOURS[i % COLOURS.length], { spanGaps: true }));
    });
    if (!series.length) { return; }
    plot('funding', $('funding-chart'), series, data, { yLabel: '% per hour', height: 220 });
  }

  function renderMarketHistory(id, res) {
    var card = document.getElementById('market-' + id);
    if (!card || res.status !== 200) { return; }
    var xs = [], oi = [], capLong = [], capShort = [];
    (res.body.points || []).forEach(function (p) {
      xs.push(seconds(p.at));
      oi.push(num(p.openInterest));
      capLong.push(num(p.maxOpenInterestLong));
      capShort.push(num(p.maxOpenInterestShort));
    });
    var dashed = { dash: [6, 4], width: 1 };
    plot('market-oi-' + id, card.querySelector('.chart.oi'),
      [line('open interest', COLOURS[0]), line('cap long', COLOURS[2], dashed),
        line('cap short', COLOURS[1], dashed)],
      [xs, oi, capLong, capShort], { yLabel: 'size', height: 160 });
  }

  // ---- positions ----

  function renderPositions(res) {
    if (res.status !== 200) { return; }
    var positions = res.body.positions || [];
    var table = $('positions');
    clear(table);
    $('positions-empty').hidden = positions.length > 0;
    if (!positions.length) { return; }
    table.appendChild(el('tr', null,
      el('th', { text: 'position' }), el('th', { text: 'market' }), el('th', { text: 'side' }),
      el('th', { text: 'size' }), el('th', { text: 'liquidation distance' }),
      el('th', { text: 'leverage' }), el('th', { text: 'hedge ratio' }),
      el('th', { text: 'carry' }), el('th', { text: 'buffer coverage' }), el('th', { text: 'status' })));
    positions.forEach(function (p) {
      var distance = num(p.liquidationDistancePct);
      var carry = p.carryProjected === null || p.carryProjected === undefined ? '–'
        : fmt(p.carryProjected, 2) + ' over ' + fmt(p.carryHorizonDays, 1) + ' d';
      var coverage = num(p.bufferCoverage);
      var row = el('tr', null,
        el('td', { text: p.id }), el('td', { text: p.market }), el('td', { text: p.side || '–' }),
        el('td', { cls: 'num', text: fmt(p.size, 4) }),
        el('td', { cls: 'num', text: distance === null ? '–' : fmt(distance) + ' %' }),
        el('td', { cls: 'num', text: p.leverage === null || p.leverage === undefined ? '–' : fmt(p.leverage) + '×' }),
        el('td', { cls: 'num', text: fmt(p.hedgeRatio, 3) }),
        el('td', { text: carry }),
        el('td', { cls: 'num', text: bufferText(coverage, p) }),
        el('td', null, badge(p.status)));
      if (p.error) { row.title = p.error; }
      table.appendChild(row);
    });
  }

  // ---- alerts ----

  function alertLine(tag, a, when, type) {
    var li = el(tag, null,
      el('span', { cls: 'when', text: time(when) }),
      badge(a.severity),
      type ? el('span', { cls: 'type', text: type }) : ' ',
      el('b', { text: a.subject + ' ' }),
      el('span', { text: a.message || a.rule }));
    if (a.acknowledgement) { li.appendChild(el('span', { cls: 'muted', text: ' (acknowledged by ' + a.acknowledgement.by + ')' })); }
    return li;
  }

  // No coverage ratio means the position needs no margin to survive the adverse move: say so,
  // with what the buffer holds, rather than a bare dash.
  function bufferText(coverage, p) {
    if (coverage !== null) { return fmt(coverage) + '× of ' + fmt(p.bufferNeeded, 2); }
    var value = num(p.bufferValue);
    if (num(p.bufferNeeded) === 0) {
      return 'not needed' + (value === null ? '' : ' (' + fmt(value, 0) + ' held)');
    }
    return '–';
  }

  function renderOpenAlerts(res) {
    if (res.status !== 200) { return; }
    var list = $('open-alerts');
    clear(list);
    var alerts = res.body.alerts || [];
    $('open-alerts-empty').hidden = alerts.length > 0;
    var rank = { CRITICAL: 0, WARNING: 1, UNKNOWN: 2 };
    alerts.slice().sort(function (a, b) { return (rank[a.severity] || 3) - (rank[b.severity] || 3); })
      .forEach(function (a) { list.appendChild(alertLine('li', a, a.since)); });
  }

  function onEvent(message) {
    var doc;
    try { doc = JSON.parse(message.data); } catch (e) { return; }
    if (!doc || !doc.alert) { return; }
    var list = $('timeline');
    var li = alertLine('li', doc.alert, doc.at, doc.type || message.type);
    li.className = 'fresh';
    li.setAttribute('data-event', String(message.lastEventId || ''));
    list.insertBefore(li, list.firstChild);
    while (list.children.length > TIMELINE_MAX) { list.removeChild(list.lastChild); }
    $('timeline-empty').hidden = true;
    // The open list changes with every event: refresh it now rather than at the next poll.
    getJson('/api/v1/alerts?state=open').then(renderOpenAlerts, function () {});
  }

  function follow() {
    if (typeof EventSource === 'undefined') {
      $('stream-state').textContent = 'this browser has no EventSource: no live timeline';
      return;
    }
    var source = new EventSource('/api/v1/stream');
    ['alert.opened', 'alert.updated', 'alert.reminder', 'alert.acknowledged', 'alert.resolved']
      .forEach(function (type) { source.addEventListener(type, onEvent); });
    source.onopen = function () { $('stream-state').textContent = '● live'; };
    // EventSource reconnects by itself, resending the last event id so that nothing is missed.
    source.onerror = function () { $('stream-state').textContent = '○ stream reconnecting…'; };
  }

  // ---- polling ----

  function refreshHistory() {
    var now = Date.now();
    if (now - lastHistoryAt < HISTORY_MS) { return Promise.resolve(); }
    lastHistoryAt = now;
    var feedReads = known.feeds.map(function (id) {
      return getJson('/api/v1/history/feeds/' + encodeURIComponent(id))
        .then(function (res) { renderFeedHistory(id, res); });
    });
    var marketReads = known.markets.map(function (id) {
      return getJson('/api/v1/history/markets/' + encodeURIComponent(id))
        .then(function (res) {
          renderMarketHistory(id, res);
          return { market: id, points: res.status === 200 ? res.body.points || [] : [] };
        });
    });
    return Promise.all(feedReads.concat([Promise.all(marketReads).then(renderFunding)]));
  }

  function poll() {
    Promise.all([
      getJson('/api/v1/status').then(renderStatus),
      getJson('/api/v1/feeds').then(renderFeeds),
      getJson('/api/v1/markets').then(renderMarkets),
      getJson('/api/v1/positions').then(renderPositions),
      getJson('/api/v1/alerts?state=open').then(renderOpenAlerts)
    ]).then(refreshHistory).then(function () {
      showProblem(typeof uPlot === 'undefined' ? NO_CHARTS : null);
    }, function (e) {
      showProblem('Cannot read the API (' + (e && e.message ? e.message : e) + '); retrying every '
        + POLL_MS / 1000 + ' s.');
    }).then(function () { window.setTimeout(poll, POLL_MS); });
  }

  /** oracle.drift's configured levels, once: the rules do not change while the monitor runs. */
  function readDriftLevels() {
    return getJson('/api/v1/rules').then(function (res) {
      if (res.status !== 200) { return; }
      (res.body.rules || []).forEach(function (rule) {
        if (rule.id !== 'oracle.drift') { return; }
        var warn = num(rule.settings.warn), critical = num(rule.settings.critical);
        if (warn !== null) { driftLevels.warnBps = warn * 10000; }
        if (critical !== null) { driftLevels.criticalBps = critical * 10000; }
      });
    }, function () {});
  }

  if (typeof uPlot === 'undefined') { showProblem(NO_CHARTS); }
  follow();
  readDriftLevels().then(poll);
}());
