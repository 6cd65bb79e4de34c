// The monitoring dashboard: ECharts from the JSON in #dashboard-data. Every point carries the
// address of the people behind it; clicking it opens that list. No inline script (CSP: 'self').
(function () {
  "use strict";

  // The inflow form: the first two digits of an ID number name the home province.
  const idInput = document.getElementById("id_id_number");
  const origin = document.getElementById("id_origin");
  if (idInput && origin) {
    idInput.addEventListener("input", () => {
      const code = idInput.value.trim().slice(0, 2);
      const option = origin.querySelector(`option[value="${code}0000000000"]`);
      if (code.length === 2 && option && !origin.dataset.touched) origin.value = option.value;
    });
    origin.addEventListener("change", () => (origin.dataset.touched = "1"));
  }

  const source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const charts = [];
  const RED = "#b3261e";
  const GREY = "#9aa0a6";
  const COLOURS = { out_of_province: "#b3261e", in_province: "#e8710a", local: "#188038", organised: "#1967d2" };
  const NAMES = { out_of_province: "省外", in_province: "省内县外", local: "县内（就近）", organised: "有组织劳务输出" };

  function chart(id, option) {
    const el = document.getElementById(id);
    if (!el) return null;
    const instance = window.echarts.init(el, null, { renderer: "canvas" });
    instance.setOption(Object.assign({ animation: false, textStyle: { fontFamily: "sans-serif" } }, option));
    instance.on("click", (params) => {
      const url = params.data && params.data.url;
      if (url) window.location.assign(url);
    });
    el.dataset.ready = "1";
    charts.push(instance);
    return instance;
  }

  function number(point) {
    return point.value === null ? null : Number(point.value);
  }

  function line(name, points, colour, dashed) {
    return {
      name: name,
      type: "line",
      smooth: true,
      symbolSize: 7,
      data: points.map((p) => ({ value: number(p), url: p.url })),
      itemStyle: { color: colour },
      lineStyle: { color: colour, type: dashed ? "dashed" : "solid" },
    };
  }

  const months = data.trend.months;
  const axis = { type: "category", data: months, axisLabel: { rotate: 45 } };
  const grid = { left: 56, right: 16, top: 36, bottom: 64 };

  chart("chart-trend", {
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: ["本期", "上年同期"] },
    grid: grid,
    xAxis: axis,
    yAxis: { type: "value", name: "人" },
    series: [
      line("本期", data.trend.employed, RED, false),
      line("上年同期", data.trend.employed_last_year, GREY, true),
    ],
  });

  chart("chart-income", {
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: ["本期", "上年同期"] },
    grid: grid,
    xAxis: axis,
    yAxis: { type: "value", name: "元" },
    series: [
      line("本期", data.trend.avg_income, RED, false),
      line("上年同期", data.trend.avg_income_last_year, GREY, true),
    ],
  });

  chart("chart-breakdown", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0, data: Object.values(NAMES) },
    grid: grid,
    xAxis: axis,
    yAxis: { type: "value", name: "人" },
    series: ["out_of_province", "in_province", "local"]
      .map((key) => ({
        name: NAMES[key],
        type: "bar",
        stack: "area",
        data: data.trend.breakdown[key].map((p) => ({ value: number(p), url: p.url })),
        itemStyle: { color: COLOURS[key] },
      }))
      .concat([line(NAMES.organised, data.trend.breakdown.organised, COLOURS.organised, false)]),
  });

  if (data.ranking.length) {
    const rows = data.ranking.slice(0, 20).reverse();
    chart("chart-ranking", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 110, right: 40, top: 10, bottom: 24 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: rows.map((r) => r.name) },
      series: [
        {
          type: "bar",
          data: rows.map((r) => ({ value: r.employed, url: r.url })),
          itemStyle: { color: RED },
          label: { show: true, position: "right" },
        },
      ],
    });
  }

  if (data.gauges.length) {
    const width = 100 / data.gauges.length;
    chart("chart-gauges", {
      series: data.gauges.map((g, i) => ({
        type: "gauge",
        center: [`${width * i + width / 2}%`, "58%"],
        radius: `${Math.min(46, width * 0.9)}%`,
        min: 0,
        max: 120,
        progress: { show: true, itemStyle: { color: g.behind ? RED : "#188038" } },
        axisLabel: { show: false },
        splitLine: { length: 6 },
        axisTick: { show: false },
        pointer: { width: 3 },
        title: { offsetCenter: [0, "75%"], fontSize: 12 },
        detail: { valueAnimation: false, formatter: "{value}%", fontSize: 14, offsetCenter: [0, "40%"] },
        data: [{ value: Number(g.percent), name: g.label, url: g.url }],
      })),
    });
  }

  // Areas are keyed by today's county code: the package's old codes (撤县设区 …) are mapped through
  // data.map.aliases, and old areas that make one county today are joined into one shape.
  function multi(geometry) {
    const polygon = geometry.type === "Polygon";
    return {
      coordinates: polygon ? [geometry.coordinates] : geometry.coordinates,
      encodeOffsets: geometry.encodeOffsets && (polygon ? [geometry.encodeOffsets] : geometry.encodeOffsets),
    };
  }

  function join(features) {
    if (features.length === 1) return features[0].geometry;
    const parts = features.map((f) => multi(f.geometry));
    const joined = { type: "MultiPolygon", coordinates: parts.flatMap((p) => p.coordinates) };
    if (parts.every((p) => p.encodeOffsets)) joined.encodeOffsets = parts.flatMap((p) => p.encodeOffsets);
    return joined;
  }

  if (data.map && data.map.files.length) {
    Promise.all(data.map.files.map((file) => fetch(file).then((r) => r.json())))
      .then((parts) => {
        const areas = Object.fromEntries(data.map.areas.map((a) => [a.code, a]));
        const aliases = data.map.aliases || {};
        const byCode = new Map();
        parts.forEach((part) => {
          (part.features || []).forEach((f) => {
            const code = aliases[String(f.id)] || String(f.id);
            if (!byCode.has(code)) byCode.set(code, []);
            byCode.get(code).push(f);
          });
        });
        const features = Array.from(byCode, ([code, found]) => ({
          type: "Feature",
          id: code,
          properties: Object.assign({}, found[0].properties, { name: code }),
          geometry: join(found),
        }));
        const geo = { type: "FeatureCollection", features: features, UTF8Encoding: parts.some((p) => p.UTF8Encoding) };
        window.echarts.registerMap(data.map.name, geo);
        const title = (code) => (areas[code] ? areas[code].name : code);
        chart("chart-map", {
          tooltip: {
            trigger: "item",
            formatter: (p) => `${title(p.name)}：${p.value === undefined || isNaN(p.value) ? "—" : p.value}人`,
          },
          visualMap: {
            min: 0,
            max: Math.max(1, ...data.map.areas.map((a) => a.value)),
            left: "left",
            bottom: 0,
            text: ["高", "低"],
            calculable: false,
            inRange: { color: ["#fde8e8", RED] },
          },
          series: [
            {
              type: "map",
              map: data.map.name,
              roam: false,
              label: { show: data.map.files.length === 1, fontSize: 10, formatter: (p) => title(p.name) },
              data: data.map.areas.map((a) => ({ name: a.code, value: a.value, url: a.url })),
            },
          ],
        });
      })
      .catch(() => {
        const el = document.getElementById("chart-map");
        if (el) el.textContent = "地图数据加载失败";
      });
  }

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
