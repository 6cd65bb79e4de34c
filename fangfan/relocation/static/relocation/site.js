// The site page's 12-month employment-rate chart (ECharts). Data come from json_script; no inline script.
document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("site-trend-chart");
  const source = document.getElementById("site-trend-data");
  if (!holder || !source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const chart = window.echarts.init(holder);
  chart.setOption({
    animation: false,
    grid: { left: 40, right: 40, top: 56, bottom: 30 },
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: ["就业率（%）", "务工人数", "在住劳动力"] },
    xAxis: { type: "category", data: data.months },
    yAxis: [
      { type: "value", min: 0, max: 100, name: "%" },
      { type: "value", name: "人", minInterval: 1 },
    ],
    series: [
      { name: "就业率（%）", type: "line", data: data.rates, connectNulls: false },
      { name: "务工人数", type: "bar", yAxisIndex: 1, data: data.employed },
      { name: "在住劳动力", type: "bar", yAxisIndex: 1, data: data.residents },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
});
