// The roster's sparklines: six weeks of form (TSB) and fitness (CTL) per athlete, from /api/roster (the
// same list the page was rendered from, read again through the access rules).
(() => {
  const places = document.querySelectorAll('[data-spark]');
  if (!places.length || !window.echarts) return;
  const charts = [];
  const formAlert = Number(
    document.querySelector('[data-form-alert]')?.getAttribute('data-form-alert') ?? -30,
  );

  function drawSpark(element, trend) {
    if (!trend.length) {
      element.textContent = 'No recent data.';
      element.classList.add('muted', 'small');
      return;
    }
    const chart = window.echarts.init(element, null, { renderer: 'svg' });
    charts.push(chart);
    const values = trend.flatMap((day) => [day.tsb, day.ctl]);
    chart.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      tooltip: {
        trigger: 'axis',
        renderMode: 'richText',
        confine: true,
        valueFormatter: (value) => (value === null ? '–' : value.toFixed(1)),
      },
      xAxis: { type: 'category', data: trend.map((day) => day.date), show: false, boundaryGap: false },
      yAxis: {
        type: 'value',
        show: false,
        min: Math.min(formAlert - 5, ...values),
        max: Math.max(10, ...values),
      },
      series: [
        {
          name: 'Fitness (CTL)',
          type: 'line',
          data: trend.map((day) => day.ctl),
          showSymbol: false,
          lineStyle: { width: 1.5, color: '#1d4ed8' },
          itemStyle: { color: '#1d4ed8' },
        },
        {
          name: 'Form (TSB)',
          type: 'line',
          data: trend.map((day) => day.tsb),
          showSymbol: false,
          lineStyle: { width: 2, color: '#0d9488' },
          itemStyle: { color: '#0d9488' },
          areaStyle: { color: 'rgba(13, 148, 136, 0.08)' },
          markLine: {
            symbol: 'none',
            silent: true,
            label: { show: false },
            lineStyle: { type: 'dashed', color: '#dc2626', width: 1 },
            data: [{ yAxis: formAlert }],
          },
        },
      ],
    });
    element.setAttribute('data-points', String(trend.length));
  }

  fetch('/api/roster', { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then((response) => {
      if (!response.ok) throw new Error(`roster: ${response.status}`);
      return response.json();
    })
    .then((body) => {
      const trends = new Map(body.athletes.map((athlete) => [athlete.athleteId, athlete.trend]));
      for (const element of places) drawSpark(element, trends.get(element.getAttribute('data-spark')) ?? []);
    })
    .catch(() => {
      for (const element of places) element.textContent = '';
    });
  window.addEventListener('resize', () => {
    for (const chart of charts) chart.resize();
  });
})();
