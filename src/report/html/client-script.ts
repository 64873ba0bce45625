/**
 * The report's own in-page script, as plain ES2017 source. It draws each function's chart
 * with uPlot from the JSON in the `<script type="application/json">` element named by the
 * chart's `data-chart` attribute, wires the series checkboxes and sorts the overview table.
 * Strings from the analysis reach the page only through textContent and canvas fillText.
 *
 * NOTE: this source is neither typechecked nor linted; test/browser runs it in Chromium and
 * fails on any console message or page error.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';

  var COLORS = {
    p50: '#00795c',
    p95: '#0060a0',
    p99: '#7b3294',
    cost: '#c2410c',
    floor: '#b91c1c',
    current: '#475569',
    recommended: '#15803d',
    axis: '#1f2937',
    grid: '#e5e7eb',
  };
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var charts = [];

  function powersOfTwoBetween(low, high) {
    var splits = [];
    for (var value = Math.pow(2, Math.ceil(Math.log2(low))); value <= high; value *= 2) splits.push(value);
    return splits;
  }

  function usdTicks(u, splits, axisIndex, space, increment) {
    var decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(increment))));
    return splits.map(function (value) { return '$' + value.toFixed(decimals); });
  }

  function lineSeries(label, scale, color, width, dash) {
    return { label: label, scale: scale, stroke: color, width: width, dash: dash, points: { show: false } };
  }

  function drawFloorZone(u, data) {
    if (data.memoryFloorMb === null) return;
    var box = u.bbox;
    var x = Math.min(Math.max(u.valToPos(data.memoryFloorMb, 'x', true), box.left), box.left + box.width);
    var ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = 'rgba(185, 28, 28, 0.07)';
    ctx.fillRect(box.left, box.top, x - box.left, box.height);
    ctx.restore();
  }

  function drawArrowHead(ctx, x, y, pointsUp, size) {
    var direction = pointsUp ? 1 : -1;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x - size, y + direction * size * 1.6);
    ctx.lineTo(x + size, y + direction * size * 1.6);
    ctx.closePath();
    ctx.fill();
  }

  function drawWhiskers(u, data) {
    if (!u.series[9].show) return;
    var ratio = uPlot.pxRatio;
    var box = u.bbox;
    var top = box.top + 1;
    var bottom = box.top + box.height - 1;
    var cap = 5 * ratio;
    var ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = COLORS.p95;
    ctx.fillStyle = COLORS.p95;
    ctx.lineWidth = 1.5 * ratio;
    for (var i = 0; i < data.memoryMb.length; i++) {
      if (data.observedP95[i] === null || !data.hasInterval[i]) continue;
      var x = Math.round(u.valToPos(data.memoryMb[i], 'x', true));
      var lower = data.p95IntervalLower[i];
      var upper = data.p95IntervalUpper[i];
      var yLower = lower === null ? bottom : u.valToPos(lower, 'ms', true);
      var yUpper = upper === null ? top : u.valToPos(upper, 'ms', true);
      ctx.beginPath();
      ctx.moveTo(x, yLower);
      ctx.lineTo(x, yUpper);
      if (lower !== null) { ctx.moveTo(x - cap, yLower); ctx.lineTo(x + cap, yLower); }
      if (upper !== null) { ctx.moveTo(x - cap, yUpper); ctx.lineTo(x + cap, yUpper); }
      ctx.stroke();
      if (lower === null) drawArrowHead(ctx, x, bottom, false, 3.5 * ratio);
      if (upper === null) drawArrowHead(ctx, x, top, true, 3.5 * ratio);
    }
    ctx.restore();
  }

  function markerLines(data) {
    var marks = [];
    var floor = data.memoryFloorMb;
    if (data.recommendedMb !== null) {
      var same = data.recommendedMb === data.currentMb;
      marks.push({ mb: data.recommendedMb, color: COLORS.recommended, dash: [], width: 2.5,
        label: (same ? 'recommended = current ' : 'recommended ') + data.recommendedMb + ' MB' });
    }
    if (data.recommendedMb !== data.currentMb) {
      marks.push({ mb: data.currentMb, color: COLORS.current, dash: [7, 4], width: 2, label: 'current ' + data.currentMb + ' MB' });
    }
    if (floor !== null) {
      marks.push({ mb: floor, color: COLORS.floor, dash: [3, 3], width: 2, label: 'memory floor ' + Math.round(floor * 10) / 10 + ' MB' });
    }
    return marks;
  }

  function drawMarkers(u, data) {
    var ratio = uPlot.pxRatio;
    var box = u.bbox;
    var ctx = u.ctx;
    var lineHeight = 17 * ratio;
    ctx.save();
    ctx.font = 600 + ' ' + 12 * ratio + 'px ' + FONT;
    ctx.textBaseline = 'middle';
    markerLines(data).forEach(function (mark, row) {
      var x = Math.round(u.valToPos(mark.mb, 'x', true));
      if (x < box.left || x > box.left + box.width) return;
      ctx.strokeStyle = mark.color;
      ctx.lineWidth = mark.width * ratio;
      ctx.setLineDash(mark.dash.map(function (length) { return length * ratio; }));
      ctx.beginPath();
      ctx.moveTo(x, box.top);
      ctx.lineTo(x, box.top + box.height);
      ctx.stroke();
      ctx.setLineDash([]);

      var width = ctx.measureText(mark.label).width;
      var pad = 4 * ratio;
      var y = box.top + lineHeight * (row + 0.5) + pad;
      var textX = x + pad * 2;
      if (textX + width + pad > box.left + box.width) textX = x - pad * 2 - width;
      ctx.fillStyle = 'rgba(255, 255, 255, 0.92)';
      ctx.fillRect(textX - pad, y - lineHeight / 2, width + pad * 2, lineHeight);
      ctx.fillStyle = mark.color;
      ctx.fillText(mark.label, textX, y);
    });
    ctx.restore();
  }

  function createChart(container) {
    var data = JSON.parse(document.getElementById(container.getAttribute('data-chart')).textContent);
    var readout = document.getElementById(container.id.replace(/-chart$/, '-readout'));
    var initialReadout = readout.textContent;
    var splits = powersOfTwoBetween(data.memoryRangeMb[0], data.memoryRangeMb[1]);
    var axis = { stroke: COLORS.axis, grid: { stroke: COLORS.grid, width: 1 }, ticks: { stroke: COLORS.grid, width: 1 }, font: 12 + 'px ' + FONT, labelFont: 600 + ' ' + 12 + 'px ' + FONT };

    var options = {
      width: Math.max(320, container.clientWidth),
      height: 420,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, distr: 3, log: 2, range: function () { return data.memoryRangeMb.slice(); } },
        ms: { range: function () { return data.durationRangeMs.slice(); } },
        usd: { range: function () { return data.costRangeUsd.slice(); } },
      },
      axes: [
        Object.assign({}, axis, { label: 'Memory (MB, log scale)', splits: function () { return splits; },
          values: function (u, values) { return values.map(function (value) { return String(value); }); } }),
        Object.assign({}, axis, { scale: 'ms', label: 'Duration (ms)', size: 64 }),
        Object.assign({}, axis, { scale: 'usd', side: 1, label: 'USD per 1M invocations', size: 72, grid: { show: false }, values: usdTicks }),
      ],
      series: [
        {},
        lineSeries('P50 low', 'ms', COLORS.p50, 1.5, [6, 4]),
        lineSeries('P50 high', 'ms', COLORS.p50, 1.5, [6, 4]),
        lineSeries('P95 low', 'ms', COLORS.p95, 2.5, []),
        lineSeries('P95 high', 'ms', COLORS.p95, 2.5, []),
        lineSeries('P99 low', 'ms', COLORS.p99, 1.5, [2, 3]),
        lineSeries('P99 high', 'ms', COLORS.p99, 1.5, [2, 3]),
        lineSeries('Cost low', 'usd', COLORS.cost, 2, []),
        lineSeries('Cost high', 'usd', COLORS.cost, 2, [8, 3]),
        { label: 'P95 observed', scale: 'ms', stroke: COLORS.p95, paths: function () { return null; },
          points: { show: true, size: 10, width: 2, stroke: COLORS.p95, fill: '#ffffff' } },
      ],
      // Only P95 gets a filled band: a second filled band on the cost axis would blend with it into grey.
      bands: [{ series: [4, 3], fill: 'rgba(0, 96, 160, 0.2)' }],
      hooks: {
        drawClear: [function (u) { drawFloorZone(u, data); }],
        draw: [function (u) { drawWhiskers(u, data); drawMarkers(u, data); }],
        setCursor: [function (u) {
          var index = u.cursor.idx;
          readout.textContent = index === null || index === undefined ? initialReadout : data.readouts[index];
        }],
      },
    };

    var plot = new uPlot(options, [
      data.memoryMb, data.p50Low, data.p50High, data.p95Low, data.p95High,
      data.p99Low, data.p99High, data.costLow, data.costHigh, data.observedP95,
    ], container);

    var figure = container.closest('figure');
    figure.querySelectorAll('input[data-series]').forEach(function (input) {
      input.addEventListener('change', function () {
        input.getAttribute('data-series').split(',').forEach(function (index) {
          plot.setSeries(Number(index), { show: input.checked });
        });
      });
    });
    charts.push({ id: container.id, plot: plot, data: data });
  }

  function sortKey(row, column) {
    var cell = row.cells[column];
    return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll('thead th');
    table.querySelectorAll('thead button').forEach(function (button) {
      button.addEventListener('click', function () {
        var header = button.closest('th');
        var column = Array.prototype.indexOf.call(header.parentNode.children, header);
        var current = header.getAttribute('aria-sort');
        var ascending = current === 'none' ? button.getAttribute('data-first-direction') !== 'descending' : current === 'descending';
        headers.forEach(function (other) { if (other.hasAttribute('aria-sort')) other.setAttribute('aria-sort', 'none'); });
        header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var numeric = button.getAttribute('data-sort-type') === 'number';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a, column);
          var y = sortKey(b, column);
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  document.querySelectorAll('div.chart[data-chart]').forEach(createChart);
  document.querySelectorAll('table.sortable').forEach(makeSortable);

  window.addEventListener('resize', function () {
    charts.forEach(function (chart) {
      var container = document.getElementById(chart.id);
      chart.plot.setSize({ width: Math.max(320, container.clientWidth), height: 420 });
    });
  });

  // Read by the browser test to compare the plotted values with the JSON report.
  window.lambdaMemoryAdvisorCharts = charts;
})();
`;
