// Charts drawn from JSON the server puts beside each canvas (json_script), so no inline script is needed.
(function () {
  "use strict";
  if (!window.Chart) { return; }
  document.querySelectorAll("canvas[data-chart-source]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart-source"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    if (data.required) {
      // A person's gap profile: standard vs actual level per competency.
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { label: data.series.required, data: data.required, backgroundColor: "rgba(108,117,125,.45)" },
            { label: data.series.actual, data: data.actual, backgroundColor: "rgba(11,83,148,.85)" }
          ]
        },
        options: { indexAxis: "y", responsive: true, maintainAspectRatio: false,
                   scales: { x: { min: 0, max: 5, ticks: { stepSize: 1 } } } }
      });
    }
    if (data.line) {
      // One value per month (e.g. the share of ASN who have reached 20 JP so far).
      new window.Chart(canvas, {
        type: "line",
        data: { labels: data.labels, datasets: [{ label: data.series, data: data.line, borderColor: "rgba(11,83,148,.9)", backgroundColor: "rgba(11,83,148,.15)", fill: true, tension: 0.2 }] },
        options: { responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } } }
      });
    }
    if (data.values) {
      // A series of values per label (e.g. IKM per unit and period).
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: data.labels, datasets: (function () {
          var sets = [{ label: data.series, data: data.values, backgroundColor: "rgba(11,83,148,.8)", order: 2 }];
          // A running total over the bars (a person's JP so far) and a flat target line, when given.
          if (data.line_values) {
            sets.push({ type: "line", label: data.line_series, data: data.line_values, borderColor: "rgba(25,135,84,.9)", backgroundColor: "rgba(25,135,84,.9)", tension: 0.2, order: 1 });
          }
          if (data.target !== undefined) {
            sets.push({ type: "line", label: data.target_series, data: data.labels.map(function () { return data.target; }), borderColor: "rgba(220,53,69,.9)", borderDash: [6, 4], pointRadius: 0, order: 0 });
          }
          return sets;
        })() },
        options: (function () {
          // Long unit names read better along the side: data.horizontal puts the bars sideways.
          var top = data.max;
          if (top === undefined && data.target !== undefined) {
            top = Math.max.apply(null, [data.target].concat(data.line_values || [], data.values));
          }
          var range = { min: data.min === undefined ? 0 : data.min, max: top === undefined ? 100 : top };
          // Counts of people have no halves: whole_numbers keeps the ticks on integers.
          if (data.whole_numbers) { range.ticks = { precision: 0 }; }
          return { responsive: true, maintainAspectRatio: false, indexAxis: data.horizontal ? "y" : "x",
                   scales: data.horizontal ? { x: range } : { y: range } };
        })()
      });
    }
  });
})();
