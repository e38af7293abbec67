/* Charts that fit their column: every chart of the book is drawn by ccDraw, which sets the chart's width from
   its container before vega-embed draws it, and draws it again when the column's width changes (a phone turned,
   a window resized). Text keeps its size (the theme's 11-15 px): the chart is re-laid out, never scaled down.
   - single and layered views get the container's width (less room for the y axis and padding);
   - side-by-side views (hconcat) are stacked (vconcat) when they do not fit;
   - facets wrap to as many columns as fit;
   - legends get as many columns as fit, titles and subtitles wrap at word boundaries;
   - in the dark theme the chart is drawn on the page's own background with light text and greys (DARK), and drawn
     again when the reader switches theme. */
(function () {
  "use strict";
  var MIN_WIDTH = 140, CHAR_PX = 0.56;

  function clone(x) { return JSON.parse(JSON.stringify(x)); }

  // The light theme's greys (charts/theme.py and the chart builders) and what each becomes on a dark page: text
  // and lines stay readable (WCAG AA for text on #14181e), the white background goes.
  var DARK = {
    "#111111": "#eef0f2", "#333333": "#d5dade", "#444444": "#c9cfd5", "#555555": "#b7bec6",
    "#888888": "#9aa3ac", "#999999": "#8f98a1", "#e6e6e6": "#343a41", "white": "transparent", "#ffffff": "transparent"
  };
  function isDark() { return document.documentElement.dataset.theme === "dark"; }
  function colourKey(key) { return /color$|Color$|^fill$|^stroke$|^background$/.test(key || ""); }
  function darkened(node, parentKey) {
    if (Array.isArray(node)) { return node.map(function (n) { return darkened(n, parentKey); }); }
    if (!node || typeof node !== "object") { return node; }
    var out = {};
    var mark = node.mark && (node.mark.type || node.mark);
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (key === "datasets" || key === "data") { out[key] = value; return; }  // the data, never recoloured
      // Text coloured by the data (labels in the points' colours) is written light on a dark page: the palette's
      // colours are for marks, and as text they fall under 4.5:1 there. The points keep their colours.
      if (key === "encoding" && mark === "text" && value && value.color && value.color.field) {
        out[key] = Object.assign({}, darkened(value, key), { color: { value: "#d5dade" } });
        return;
      }
      var colour = colourKey(key) || (key === "value" && colourKey(parentKey));
      if (typeof value === "string" && colour && DARK[value.toLowerCase()]) {
        out[key] = DARK[value.toLowerCase()];
      } else {
        out[key] = darkened(value, key);
      }
    });
    return out;
  }

  function wrap(text, size, room) {
    if (typeof text !== "string") { return text; }
    var perLine = Math.max(12, Math.floor(room / (size * CHAR_PX))), lines = [], line = "";
    text.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > perLine) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.length > 1 ? lines : text;
  }

  function wrapTitle(spec, room, config) {
    var t = spec.title, tc = (config && config.title) || {};
    if (!t) { return; }
    if (typeof t === "string" || Array.isArray(t)) { t = { text: t }; }
    if (typeof t.text === "string") { t.text = wrap(t.text, tc.fontSize || 15, room); }
    if (Array.isArray(t.subtitle)) { t.subtitle = [].concat.apply([], t.subtitle.map(function (s) { var w = wrap(s, tc.subtitleFontSize || 12, room); return Array.isArray(w) ? w : [w]; })); }
    else if (typeof t.subtitle === "string") { t.subtitle = wrap(t.subtitle, tc.subtitleFontSize || 12, room); }
    spec.title = t;
  }

  function naturalWidth(spec, config) {
    if (typeof spec.width === "number") { return spec.width; }
    if (spec.hconcat) { return spec.hconcat.reduce(function (a, s) { return a + naturalWidth(s, config) + 20; }, 0); }
    if (spec.vconcat) { return Math.max.apply(null, spec.vconcat.map(function (s) { return naturalWidth(s, config); })); }
    if (spec.layer) { return Math.max.apply(null, spec.layer.map(function (s) { return naturalWidth(s, config); }).concat([0])); }
    var view = (config && config.view) || {};
    return view.continuousWidth || 300;
  }

  // Fit one view (or composition) into `room` pixels of plot width.
  function fit(spec, room, config) {
    room = Math.max(MIN_WIDTH, room);
    wrapTitle(spec, room + 40, config);
    if (spec.hconcat) {
      var total = naturalWidth(spec, config);
      if (total > room + 60) { spec.vconcat = spec.hconcat; delete spec.hconcat; }
      else { return; }
    }
    if (spec.vconcat) { spec.vconcat.forEach(function (s) { fit(s, room, config); }); return; }
    if (spec.facet && spec.spec) {
      var cell = naturalWidth(spec.spec, config), cols = Math.max(1, Math.floor((room + 40) / (cell + 40)));
      if (spec.columns === undefined || spec.columns > cols) { spec.columns = cols; }
      if (cell > room) { spec.spec.width = room; }
      return;
    }
    if (spec.layer) {
      if (spec.width === undefined || spec.width === "container" || spec.width > room) { spec.width = room; }
      spec.layer.forEach(function (s) { if (typeof s.width === "number" && s.width > room) { s.width = room; } });
      return;
    }
    if (spec.width === undefined || spec.width === "container" || (typeof spec.width === "number" && spec.width > room)) {
      spec.width = room;
    }
  }

  // Every text at least MIN_FONT px, and no text mark longer than the room it has.
  var MIN_FONT = 11;
  function legible(node, room, columns, inLegend) {
    if (Array.isArray(node)) { node.forEach(function (n) { legible(n, room, columns, inLegend); }); return; }
    if (!node || typeof node !== "object") { return; }
    // An encoding's title (an axis or legend title) that is longer than the room wraps onto several lines. The
    // plot may get little more than half the room (axis labels take the rest, see "fit-x" below), and an axis
    // title longer than its axis would be cut.
    if (typeof node.field === "string" && typeof node.title === "string") { node.title = wrap(node.title, 12, Math.floor(room * 0.55)); }
    // A text mark (a direct label) gets a length limit so it cannot push the chart past its column.
    if (node.type === "text" && node.limit === undefined) { node.limit = Math.floor(room * 0.4); }
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (key === "legend" && value && typeof value === "object" && typeof value.columns === "number" && value.columns > columns) {
        value.columns = columns;  // a legend set to several columns by its chart gets as many as fit
      }
      if (/fontSize$/i.test(key) && typeof value === "number" && value < MIN_FONT) { node[key] = MIN_FONT; }
      else if (key === "limit" && typeof value === "number" && value > room * 0.6) { node[key] = Math.floor(room * 0.6); }
      else if (key === "labelLimit" && typeof value === "number") {
        // Legend labels may use the width of the chart; axis labels (beside the plot) about a third of it.
        var cap = inLegend ? room - 60 : Math.max(90, Math.floor(room * 0.36));
        if (value > cap) { node[key] = cap; }
      }
      else if (key !== "datasets" && key !== "data" && typeof value === "object") { legible(value, room, columns, inLegend || key === "legend"); }
    });
  }

  function fitted(spec, available) {
    var s = clone(spec), config = s.config || {};
    var legend = config.legend || {};
    var labelLimit = Math.max(120, Math.min(legend.labelLimit || 260, available - 60));
    var columns = Math.max(1, Math.min(legend.columns || 3, Math.floor(available / (labelLimit * 0.7 + 30))));
    // Long category labels (horizontal bars) are shortened with an ellipsis to about a third of the width on a
    // narrow screen; the chart's tooltip keeps the full text.
    var axisLimit = available < 560 ? Math.max(90, Math.floor(available * 0.36)) : 260;
    s.config = Object.assign({}, config, {
      legend: Object.assign({}, legend, { labelLimit: labelLimit, columns: columns }),
      axis: Object.assign({}, config.axis || {}, { labelLimit: axisLimit })
    });
    s.autosize = { type: "pad" };
    if (isDark()) {
      s = darkened(s);
      s.config.background = null;
      s.config.legend = Object.assign({}, s.config.legend, {
        labelColor: "#d5dade", titleColor: "#eef0f2", symbolFillColor: "#c9cfd5", symbolStrokeColor: "#c9cfd5"
      });  // symbols of a shape legend (not coloured by the data) are drawn light, not black
      s.config.header = Object.assign({}, s.config.header || {}, { labelColor: "#d5dade", titleColor: "#eef0f2" });
      s.config.title = Object.assign({}, s.config.title || {}, { color: "#eef0f2", subtitleColor: "#c9cfd5" });
      s.config.axis = Object.assign({}, s.config.axis, { labelColor: "#d5dade", titleColor: "#d5dade" });
      s.config.text = Object.assign({}, s.config.text || {}, { color: "#d5dade" });
    }
    if (available < 560) { legible(s, available, columns); }
    fit(s, available - 70, s.config);
    var enc = s.encoding || {};
    if (!s.hconcat && !s.vconcat && !s.concat && !s.facet && !s.repeat && !enc.row && !enc.column && !enc.facet) {
      // A single or layered view (not faceted, where Vega-Lite cannot fit): Vega fits its axes, legends and plot
      // into the column in one pass ("fit-x"), where a guessed plot width could overflow (long axis labels) and
      // cost a second and third draw. Compositions keep the guess and the second pass in ccDraw below.
      s.width = available;
      s.autosize = { type: "fit-x", contains: "padding" };
      (s.layer || []).forEach(function (layer) { if (typeof layer.width === "number") { delete layer.width; } });
    }
    return s;
  }

  // The page's charts are drawn one after another, each in a task of its own, so the first chart is on screen
  // before the later ones are laid out (instead of all of them appearing at once when the last is done).
  var queue = Promise.resolve();
  function nextTask() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }

  window.ccDraw = function (id, spec, opt, after) {
    var el = document.getElementById(id);
    if (!el) { return Promise.resolve(); }
    var drawnAt = -1, drawnDark = null, draws = 0;
    function render() {
      // vega-embed keeps 38 px at the right for its action menu (.vega-embed.has-actions).
      var menu = opt && opt.actions ? 40 : 0;
      var column = Math.floor(el.parentElement ? el.parentElement.clientWidth : el.clientWidth);
      var available = (column || 600) - menu;
      if (Math.abs(available - drawnAt) < 24 && drawnDark === isDark()) { return Promise.resolve(); }
      drawnAt = available;
      drawnDark = isDark();
      // data-cc-drawn-width: the column width the chart was last drawn for, set when its latest draw has finished
      // (absent while a draw is under way), so a test can wait for a redraw rather than for a fixed time.
      var draw = ++draws;
      el.removeAttribute("data-cc-drawn-width");
      return window.vegaEmbed("#" + id, fitted(spec, available), opt).then(function (result) {
        // A chart still wider than its column (long axis labels) is drawn once more with the overflow taken off.
        var svg = el.querySelector("svg"), natural = svg ? parseFloat(svg.getAttribute("width")) || 0 : 0;
        var style = getComputedStyle(el);
        var inner = el.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
        var over = natural - Math.min(available, inner || available);
        if (over > 2) {
          return window.vegaEmbed("#" + id, fitted(spec, available - over - 4), opt).then(function (second) {
            var again = el.querySelector("svg") ? parseFloat(el.querySelector("svg").getAttribute("width")) - Math.min(available, inner || available) : 0;
            return again > 2 ? window.vegaEmbed("#" + id, fitted(spec, available - over - again - 8), opt) : second;
          });
        }
        return result;
      }).then(function (result) {
        if (draw === draws) { el.setAttribute("data-cc-drawn-width", String(column)); }
        if (after) { after(); }
        return result;
      });
    }
    var timer = null;
    if (window.ResizeObserver && el.parentElement) {
      new ResizeObserver(function () { clearTimeout(timer); timer = setTimeout(render, 150); }).observe(el.parentElement);
    }
    if (window.MutationObserver) {  // the reader switched between light and dark: draw again in the new colours
      // (the theme also sets the attribute at start-up, often to the value the chart was drawn in: no redraw then)
      new MutationObserver(function () { if (drawnDark !== null && drawnDark !== isDark()) { render(); } })
        .observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    }
    var drawn = queue.then(nextTask).then(render);
    queue = drawn.catch(function () {});  // a chart that fails (reported by its caller) does not stop the next
    return drawn;
  };
})();
