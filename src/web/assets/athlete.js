// The athlete page's charts, drawn with ECharts from the API (the same access rules as every request):
// fitness, fatigue and form above daily load, and running minutes per week by intensity zone.
(() => {
  const root = document.querySelector('[data-athlete-id]');
  if (!root || !window.echarts) return;
  const athleteId = root.getAttribute('data-athlete-id');
  const formAlert = Number(root.getAttribute('data-form-alert') ?? -30);
  const charts = [];
  const colors = {
    ctl: '#1d4ed8',
    atl: '#db2777',
    tsb: '#0d9488',
    load: '#cbd5e1',
    easy: '#16a34a',
    grey: '#a8a29e',
    high: '#dc2626',
  };

  const getJson = (url) =>
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } }).then((response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return response.json();
    });

  const create = (element) => {
    const chart = window.echarts.init(element, null, { renderer: 'svg' });
    charts.push(chart);
    return chart;
  };

  const showProblem = (element, text) => {
    element.textContent = text;
    element.classList.add('muted');
  };

  const narrow = () => window.innerWidth < 560;
  const shortDate = (date) =>
    new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });

  function drawFatigue(element, days) {
    if (!days.length) return showProblem(element, 'No analysed training yet.');
    const dates = days.map((day) => day.date);
    const line = (name, key, color, extra) => ({
      name,
      type: 'line',
      data: days.map((day) => day[key]),
      showSymbol: false,
      lineStyle: { width: 2, color },
      itemStyle: { color },
      ...extra,
    });
    create(element).setOption({
      animation: false,
      tooltip: {
        trigger: 'axis',
        renderMode: 'richText',
        valueFormatter: (value) => (value === null ? '–' : value),
      },
      legend: { top: 0, data: ['Fitness (CTL)', 'Fatigue (ATL)', 'Form (TSB)', 'Load'] },
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      grid: [
        { left: 40, right: 12, top: narrow() ? 60 : 36, height: narrow() ? '46%' : '52%' },
        { left: 40, right: 12, bottom: 26, height: '18%' },
      ],
      xAxis: [
        {
          type: 'category',
          data: dates,
          gridIndex: 0,
          axisLabel: { show: false },
          axisTick: { show: false },
        },
        {
          type: 'category',
          data: dates,
          gridIndex: 1,
          axisLabel: { formatter: shortDate, hideOverlap: true },
        },
      ],
      yAxis: [
        // Always down to the alert level of form, so the dashed line is there to compare with.
        {
          type: 'value',
          gridIndex: 0,
          splitNumber: 4,
          min: (extent) => Math.floor(Math.min(extent.min, formAlert) / 20) * 20,
          // The floor is rarely on a tick: its label would sit on top of the one above.
          axisLabel: { showMinLabel: false },
        },
        { type: 'value', gridIndex: 1, splitNumber: 2 },
      ],
      series: [
        line('Fitness (CTL)', 'ctl', colors.ctl),
        line('Fatigue (ATL)', 'atl', colors.atl),
        line('Form (TSB)', 'tsb', colors.tsb, {
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { type: 'dashed', color: colors.high },
            label: { formatter: `form alert ${formAlert}`, position: 'insideStartTop', color: colors.high },
            data: [{ yAxis: formAlert }],
          },
        }),
        {
          name: 'Load',
          type: 'bar',
          xAxisIndex: 1,
          yAxisIndex: 1,
          data: days.map((day) => day.load),
          itemStyle: { color: colors.load },
          barCategoryGap: '20%',
        },
      ],
    });
    element.setAttribute('data-points', String(days.length));
  }

  function drawIntensity(element, weeks) {
    if (!weeks.length) return showProblem(element, 'No analysed weeks yet.');
    const minutes = (key) => weeks.map((week) => Math.round(week.zoneSeconds[key] / 60));
    const bar = (name, key, color) => ({
      name,
      type: 'bar',
      stack: 'zones',
      data: minutes(key),
      itemStyle: { color },
      barMaxWidth: 28,
    });
    create(element).setOption({
      animation: false,
      tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: (value) => `${value} min` },
      legend: { top: 0, data: ['Easy (Z1)', 'Grey (Z2)', 'High (Z3)'] },
      grid: { left: 44, right: 12, top: 40, bottom: 28 },
      xAxis: {
        type: 'category',
        data: weeks.map((week) => week.weekStart),
        axisLabel: { formatter: shortDate, hideOverlap: true, interval: narrow() ? 'auto' : 0 },
      },
      yAxis: { type: 'value' },
      series: [
        bar('Easy (Z1)', 'easy', colors.easy),
        bar('Grey (Z2)', 'grey', colors.grey),
        bar('High (Z3)', 'high', colors.high),
      ],
    });
    element.setAttribute('data-points', String(weeks.length));
  }

  const fatigueElement = document.getElementById('fatigue-chart');
  const intensityElement = document.getElementById('intensity-chart');
  if (fatigueElement) {
    getJson(`/api/athletes/${athleteId}/fatigue`)
      .then((body) => drawFatigue(fatigueElement, body.days))
      .catch(() =>
        showProblem(fatigueElement, 'The chart could not be loaded. Reload the page to try again.'),
      );
  }
  if (intensityElement) {
    getJson(`/api/athletes/${athleteId}/weeks?limit=${narrow() ? 12 : 26}`)
      .then((body) => drawIntensity(intensityElement, body.weeks))
      .catch(() =>
        showProblem(intensityElement, 'The chart could not be loaded. Reload the page to try again.'),
      );
  }
  window.addEventListener('resize', () => {
    for (const chart of charts) chart.resize();
  });
})();
