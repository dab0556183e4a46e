// Charts of the service dashboard (服务工作台). Data comes from data-chart-data attributes (no inline scripts: CSP);
// clicking a bar opens the drill-down link of that unit (the same links are in the table below each chart).
(function () {
  'use strict';
  if (typeof window.echarts === 'undefined') {
    return;
  }

  var charts = [];
  document.querySelectorAll('.gr-kpi-chart[data-chart]').forEach(function (element) {
    var data;
    try {
      data = JSON.parse(element.getAttribute('data-chart-data') || '{}');
    } catch (e) {
      return;
    }

    var kind = element.getAttribute('data-chart');
    var labels = data.labels || [];
    var series = (data.series || []).map(function (s) {
      return {
        name: s.name,
        type: kind === 'line' ? 'line' : 'bar',
        data: s.values,
        connectNulls: true,
        emphasis: { focus: 'series' }
      };
    });
    var chart = window.echarts.init(element);
    chart.setOption({
      tooltip: {
        trigger: 'axis',
        valueFormatter: function (v) { return v === null || v === undefined ? '—' : v + (data.unit || ''); }
      },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 64 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: kind === 'line'
        ? { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }
        : { type: 'value', minInterval: 1 },
      series: series
    });
    if (kind === 'bar' && data.links) {
      element.style.cursor = 'pointer';
      chart.on('click', function (params) {
        var url = data.links[params.dataIndex];
        if (url) {
          window.location.href = url;
        }
      });
    }

    charts.push(chart);
  });

  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
