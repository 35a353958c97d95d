/* The charts page: Vega-Lite specs compiled and drawn as SVG by the bundled vega and vega-lite
   (no network). Data comes inline from the server. */
var vbCharts = (function () {
  function draw(el, spec) {
    if (!spec.data.values.length) { el.textContent = "Chưa có dữ liệu."; return; }
    var compiled = vegaLite.compile(spec).spec;
    new vega.View(vega.parse(compiled), {renderer: "svg", container: el, hover: true}).runAsync()
      .then(function () { el.setAttribute("data-rendered", "1"); });
  }
  function targets(el, rows, ratio, unit) {
    draw(el, {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: {values: rows},
      transform: [{calculate: "datum.kind == 'target' ? 'chỉ tiêu' : 'kết quả'", as: "loại"}],
      facet: {column: {field: "loại", type: "nominal", title: null, header: {labelFontSize: 14}}},
      spec: {
        width: {step: 46}, height: {step: 18},
        layer: [
          {mark: "rect", encoding: {
            color: {field: "value", type: "quantitative", title: ratio ? "trung bình (%)" : "tổng " + unit,
                    scale: {scheme: "greens"}},
            tooltip: [{field: "province", title: "tỉnh"}, {field: "year", title: "năm"}, {field: "loại"},
                      {field: "value", title: ratio ? "trung bình (%)" : "tổng", format: ",.4~f"},
                      {field: "n", title: "số chỉ tiêu"}]}},
          {mark: {type: "text", fontSize: 9}, encoding: {
            text: {field: "value", type: "quantitative", format: ratio ? ".1f" : ",.3~s"},
            color: {value: "#222"}}}
        ],
        encoding: {
          x: {field: "year", type: "ordinal", title: "năm"},
          y: {field: "province", type: "nominal", title: "tỉnh", sort: "ascending"}
        }
      },
      resolve: {scale: {color: "independent"}},
      config: {font: "DejaVu Sans, Arial, sans-serif", axis: {labelFontSize: 11, titleFontSize: 12}}
    });
  }
  function issuers(el, rows) {
    draw(el, {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: {values: rows},
      width: {step: 40}, height: {step: 18},
      layer: [
        {mark: "rect", encoding: {color: {field: "n", type: "quantitative", title: "số văn bản", scale: {scheme: "blues"}},
          tooltip: [{field: "issuer", title: "cơ quan ban hành"}, {field: "year", title: "năm"}, {field: "n", title: "số văn bản"}]}},
        {mark: {type: "text", fontSize: 9}, encoding: {text: {field: "n", type: "quantitative"}, color: {value: "#222"}}}
      ],
      encoding: {x: {field: "year", type: "ordinal", title: "năm"},
                 y: {field: "issuer", type: "nominal", title: "cơ quan ban hành", axis: {labelLimit: 360}}},
      config: {font: "DejaVu Sans, Arial, sans-serif", axis: {labelFontSize: 11, titleFontSize: 12}}
    });
  }
  return {targets: targets, issuers: issuers};
})();
