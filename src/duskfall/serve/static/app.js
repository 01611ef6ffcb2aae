// duskfall planner: reads the form into a scenario (the keys of a scenario file), asks
// the server's API for the plan, its figure and the month's season, and shows them.
// Plain JavaScript, no library, nothing loaded from elsewhere.
"use strict";

const DEBOUNCE_MS = 350; // after the last keystroke, so a plan is asked for once per edit
const TILE_ZOOM = 9; // map tiles at about 300 m a pixel at the equator: a drop zone's area
const TILE_PX = 256;

const state = {
  base: null, // the seed scenario, which the form's values override
  latest: 0, // number of the latest plan request; older answers are dropped
  timer: null,
  plan: null, // the last plan shown: {mapping, units, text, data}
  month: null, // the season strip's month, "YYYY-MM"
  seasonKey: null, // what the strip was drawn for
  seasonLatest: 0,
};

const $ = (id) => document.getElementById(id);

function setStatus(text) {
  $("status").textContent = text;
}

async function getJSON(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

function post(path, body, query) {
  const search = new URLSearchParams(query || {}).toString();
  return fetch(search ? `${path}?${search}` : path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

// --- The scenario from the form -----------------------------------------------------

function parts(key) {
  return key.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function getPath(mapping, key) {
  let node = mapping;
  for (const part of parts(key)) {
    if (node === undefined || node === null) return undefined;
    node = node[part];
  }
  return node;
}

function setPath(mapping, key, value) {
  const path = parts(key);
  let node = mapping;
  for (const part of path.slice(0, -1)) {
    if (node[part] === undefined) node[part] = {};
    node = node[part];
  }
  node[path[path.length - 1]] = value;
}

function valueOf(input) {
  const text = input.value.trim();
  if (input.hasAttribute("data-number")) {
    const number = Number(text);
    // What is not a number is sent as typed: the server names the field and says why.
    return text !== "" && Number.isFinite(number) ? number : text;
  }
  return text;
}

function scenario() {
  const mapping = structuredClone(state.base);
  for (const input of document.querySelectorAll("[data-key]")) {
    setPath(mapping, input.dataset.key, valueOf(input));
  }
  // Another aircraft flies its own jump-run speed, as on the command line.
  if (mapping.aircraft.type !== state.base.aircraft.type) delete mapping.aircraft.jump_run_speed;
  if (mapping.site.lat !== state.base.site.lat || mapping.site.lon !== state.base.site.lon) {
    mapping.site.name = "custom site";
  }
  return mapping;
}

function units() {
  return $("units").value;
}

// --- Times and durations --------------------------------------------------------------

function clock(isoUtc, zone) {
  if (!isoUtc) return "—";
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  return format.format(new Date(isoUtc));
}

function utcClock(isoUtc) {
  return isoUtc ? `${isoUtc.slice(11, 19)}Z` : "—";
}

function localClock(isoLocal) {
  return isoLocal ? `${isoLocal.slice(11, 19)} (UTC${isoLocal.slice(19) || ""})` : "—";
}

function minutesOfDay(isoUtc, zone) {
  const fields = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(isoUtc));
  const part = (type) => Number(fields.find((f) => f.type === type).value);
  return part("hour") * 60 + part("minute");
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const total = Math.round(seconds);
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  return minutes ? `${minutes} min ${String(rest).padStart(2, "0")} s` : `${rest} s`;
}

// The length between a window's edges as the clocks show them (the answer's times are
// to the second), so that the length and the two times beside it agree.
function shownLength(window) {
  if (!window.start_utc || !window.end_utc) return "open";
  return duration((Date.parse(window.end_utc) - Date.parse(window.start_utc)) / 1000);
}

// --- Errors -----------------------------------------------------------------------------

function clearErrors() {
  for (const element of document.querySelectorAll(".error")) {
    if (element.id !== "error-season") element.textContent = "";
  }
  for (const input of document.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
  }
}

function showError(body, fallback) {
  const message = (body && body.message) || fallback;
  const field = body && body.field;
  const input = field ? document.querySelector(`[data-key="${CSS.escape(field)}"]`) : null;
  const place = field ? document.getElementById(`error-${field}`) : null;
  if (input && place) {
    place.textContent = message;
    input.setAttribute("aria-invalid", "true");
  } else {
    $("error-general").textContent = message;
  }
}

async function errorBody(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

// --- The answer -------------------------------------------------------------------------

function blank() {
  const verdict = $("verdict");
  verdict.textContent = "—";
  verdict.className = "verdict";
  for (const id of ["exit-local", "exit-utc", "window", "slack", "takeoff", "sunsets"]) {
    $(id).textContent = "—";
  }
  $("freefall").textContent = "—";
  $("suggestions").replaceChildren();
  $("sun-text").textContent = "—";
}

function showPlan(plan) {
  const zone = plan.local_timezone;
  const verdict = $("verdict");
  verdict.textContent = plan.go ? "GO" : "NO-GO";
  verdict.className = `verdict ${plan.go ? "go" : "no-go"}`;
  $("exit-local").textContent = plan.exit_time_local
    ? `${localClock(plan.exit_time_local)}, ${zone}`
    : "no exit: the action does not fit";
  $("exit-utc").textContent = utcClock(plan.exit_time_utc);
  const window = plan.exit_window;
  $("window").textContent = window
    ? `${clock(window.start_utc, zone)} – ${clock(window.end_utc, zone)} local ` +
      `(${shownLength(window)})`
    : "none: the action does not fit";
  $("slack").textContent = plan.fits
    ? `${duration(plan.slack_before_s)} before, ${duration(plan.slack_after_s)} after`
    : `short by ${duration(plan.shortfall_s)}`;
  $("takeoff").textContent = plan.takeoff_time_utc
    ? `${clock(plan.takeoff_time_utc, zone)} local (${utcClock(plan.takeoff_time_utc)})`
    : "—";
  $("sunsets").textContent =
    `${clock(plan.sunset_ground_utc, zone)} / ${clock(plan.sunset_exit_altitude_utc, zone)}`;
  $("freefall").textContent = `${duration(plan.freefall_duration_s)}`;
  $("suggestions").replaceChildren(
    ...(plan.suggestions || []).map((suggestion) => {
      const item = document.createElement("li");
      item.textContent = suggestion.text;
      return item;
    }),
  );
  showSun(plan.sun);
}

function showSun(sun) {
  const exit = sun && sun.exit;
  if (!exit) {
    $("sun-text").textContent = "no exit, so no Sun at exit";
    return;
  }
  const radians = (degrees) => (degrees * Math.PI) / 180;
  const run = radians(sun.jump_run_track_deg_true);
  const line = $("run-line");
  line.setAttribute("x2", (44 * Math.sin(run)).toFixed(1));
  line.setAttribute("y2", (-44 * Math.cos(run)).toFixed(1));
  const azimuth = radians(exit.azimuth_deg_true);
  const dot = $("sun-dot");
  dot.setAttribute("cx", (44 * Math.sin(azimuth)).toFixed(1));
  dot.setAttribute("cy", (-44 * Math.cos(azimuth)).toFixed(1));
  const side = exit.relative_to_jump_run_deg < 0 ? "left of" : "right of";
  $("sun-text").textContent =
    `Sun at exit: azimuth ${exit.azimuth_deg_true.toFixed(1)}° true, ` +
    `${exit.elevation_above_horizon_deg.toFixed(1)}° above the jumper's visible horizon; ` +
    `${Math.abs(exit.relative_to_jump_run_deg).toFixed(1)}° ${side} the jump run ` +
    `(${sun.jump_run_track_deg_true.toFixed(0)}° true): ${exit.side}, ` +
    `${exit.clock} o'clock. The line is the jump run, the dot the Sun.`;
}

async function showFigure(mapping, unitSystem, number) {
  const response = await post("/api/plan/figure", mapping, { units: unitSystem });
  if (number !== state.latest || !response.ok) return;
  const blob = await response.blob();
  if (number !== state.latest) return;
  const image = $("figure");
  const previous = image.src;
  image.src = URL.createObjectURL(blob);
  if (previous.startsWith("blob:")) URL.revokeObjectURL(previous);
}

async function plan() {
  const number = ++state.latest;
  const mapping = scenario();
  const unitSystem = units();
  moveMarker(mapping.site.lat, mapping.site.lon);
  setStatus("planning…");
  $("answer").classList.add("stale");
  let response;
  let text;
  try {
    response = await post("/api/plan", mapping, { units: unitSystem });
    text = await response.text();
  } catch (error) {
    if (number === state.latest) setStatus(`the server does not answer (${error.message})`);
    return;
  }
  if (number !== state.latest) return;
  clearErrors();
  if (!response.ok) {
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    showError(body, `the server answered ${response.status}`);
    blank();
    state.plan = null;
    setStatus("not planned: see the message in red");
    $("answer").classList.remove("stale");
    return;
  }
  const data = JSON.parse(text);
  state.plan = { mapping, units: unitSystem, text, data };
  showPlan(data);
  setStatus("planned");
  $("answer").classList.remove("stale");
  showFigure(mapping, unitSystem, number);
  showSeason(mapping);
}

function schedule(delay) {
  clearTimeout(state.timer);
  state.timer = setTimeout(plan, delay === undefined ? DEBOUNCE_MS : delay);
}

// --- The season strip: each day's exit window, for a month ----------------------------

function monthOf(date) {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(0, 7) : null;
}

function monthRange(month) {
  const [year, number] = month.split("-").map(Number);
  const last = new Date(Date.UTC(year, number, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, "0")}`];
}

function shiftMonth(month, step) {
  const [year, number] = month.split("-").map(Number);
  const date = new Date(Date.UTC(year, number - 1 + step, 1));
  return date.toISOString().slice(0, 7);
}

async function showSeason(mapping) {
  if (!state.month) state.month = monthOf(mapping.attempt.date);
  if (!state.month) return;
  const [first, last] = monthRange(state.month);
  const request = structuredClone(mapping);
  delete request.attempt.date; // every day of the month, whatever the chosen one
  request.season = { from: first, to: last };
  const key = JSON.stringify(request);
  if (key === state.seasonKey) {
    markChosen();
    return;
  }
  request.attempt.date = first;
  const number = ++state.seasonLatest;
  $("season-note").textContent = "scanning the month…";
  let response;
  try {
    response = await post("/api/season", request, { units: units(), best: "0" });
  } catch (error) {
    $("season-note").textContent = `the server does not answer (${error.message})`;
    return;
  }
  if (number !== state.seasonLatest) return;
  const body = response.ok ? await response.json() : await errorBody(response);
  if (number !== state.seasonLatest) return;
  $("error-season").textContent = response.ok ? "" : (body && body.message) || "no season";
  if (!response.ok) return;
  state.seasonKey = key;
  drawSeason(body);
}

function drawSeason(season) {
  const zone = season.local_timezone;
  const spans = season.days.map((day) => {
    const window = day.exit_window;
    if (!day.fits || !window || !window.start_utc || !window.end_utc) return null;
    const start = minutesOfDay(window.start_utc, zone);
    let end = minutesOfDay(window.end_utc, zone);
    if (end < start) end += 1440;
    return [start, end];
  });
  const known = spans.filter(Boolean);
  const low = known.length ? Math.min(...known.map((s) => s[0])) - 5 : 0;
  const high = known.length ? Math.max(...known.map((s) => s[1])) + 5 : 1;
  const strip = $("season");
  strip.replaceChildren(
    ...season.days.map((day, index) => dayButton(day, spans[index], low, high, zone)),
  );
  $("month-name").textContent = new Date(`${state.month}-01T12:00:00Z`).toLocaleDateString(
    "en-GB",
    { month: "long", year: "numeric", timeZone: "UTC" },
  );
  const fit = season.days.filter((day) => day.fits).length;
  $("season-note").textContent =
    `${fit} of ${season.days.length} days fit. Bars: the exit window in local time ` +
    `(${clockText(low)} at the top to ${clockText(high)}); click a day to plan it.`;
  markChosen();
}

function clockText(minutes) {
  const wrapped = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(wrapped / 60)).padStart(2, "0")}:${String(wrapped % 60).padStart(2, "0")}`;
}

function dayButton(day, span, low, high, zone) {
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.date = day.date;
  const label = document.createElement("span");
  label.className = "day";
  label.textContent = String(Number(day.date.slice(8)));
  if (span) {
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.top = `${(100 * (span[0] - low)) / (high - low)}%`;
    bar.style.height = `${Math.max(2, (100 * (span[1] - span[0])) / (high - low))}%`;
    button.append(bar);
    button.title =
      `${day.date}: exit window ${clock(day.exit_window.start_utc, zone)}–` +
      `${clock(day.exit_window.end_utc, zone)} local, ${duration(day.slack_s)} of slack`;
  } else {
    button.classList.add("no-fit");
    button.title = `${day.date}: ${day.why_not || "does not fit"}`;
  }
  button.setAttribute("aria-label", button.title);
  button.append(label);
  button.addEventListener("click", () => {
    $("date").value = day.date;
    schedule(0);
  });
  return button;
}

function markChosen() {
  const date = $("date").value;
  for (const button of $("season").querySelectorAll("button")) {
    button.classList.toggle("chosen", button.dataset.date === date);
  }
}

// --- The map ----------------------------------------------------------------------------

function drawGraticule() {
  const group = $("graticule");
  const namespace = "http://www.w3.org/2000/svg";
  for (let lon = -150; lon < 180; lon += 30) group.append(line(namespace, lon, -90, lon, 90));
  for (let lat = -60; lat < 90; lat += 30) group.append(line(namespace, -180, -lat, 180, -lat));
}

function line(namespace, x1, y1, x2, y2) {
  const element = document.createElementNS(namespace, "line");
  for (const [name, value] of Object.entries({ x1, y1, x2, y2 })) {
    element.setAttribute(name, value);
  }
  return element;
}

function drawCoast(coast) {
  const path = coast.lines
    .map((points) => `M${points.map(([lon, lat]) => `${lon},${-lat}`).join("L")}`)
    .join("");
  $("coast").setAttribute("d", path);
  if (!coast.lines.length) {
    $("map-note").textContent =
      "Click the map to place the site (a graticule every 30°: this server has no " +
      'coastline data; pip install "duskfall[scale]" adds it).';
  }
}

function wrapLongitude(lon) {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

function moveMarker(lat, lon) {
  if (typeof lat !== "number" || typeof lon !== "number") return;
  const marker = $("site-marker");
  marker.setAttribute("cx", wrapLongitude(lon).toFixed(2));
  marker.setAttribute("cy", (-Math.max(-90, Math.min(90, lat))).toFixed(2));
  if (document.body.dataset.tiles) drawTiles(lat, lon);
}

function placeSite(lat, lon) {
  $("lat").value = String(Math.round(Math.max(-90, Math.min(90, lat)) * 100) / 100);
  $("lon").value = String(Math.round(wrapLongitude(lon) * 100) / 100);
  schedule(0);
}

function clickMap(event) {
  const map = $("map");
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(
    map.getScreenCTM().inverse(),
  );
  placeSite(-point.y, point.x);
}

// Web-Mercator tiles (when the server was given a tile URL): the site at the centre.
function tilePixel(lat, lon) {
  const n = 2 ** TILE_ZOOM;
  const sine = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  const x = ((wrapLongitude(lon) + 180) / 360) * n * TILE_PX;
  const y = (0.5 - Math.log((1 + sine) / (1 - sine)) / (4 * Math.PI)) * n * TILE_PX;
  return [x, y];
}

function drawTiles(lat, lon) {
  const box = $("tiles");
  const template = document.body.dataset.tiles;
  const [x, y] = tilePixel(lat, lon);
  const width = box.clientWidth || TILE_PX;
  const height = box.clientHeight || TILE_PX;
  const n = 2 ** TILE_ZOOM;
  const images = [];
  const [tx, ty] = [Math.floor(x / TILE_PX), Math.floor(y / TILE_PX)];
  for (let i = tx - 2; i <= tx + 2; i += 1) {
    for (let j = ty - 1; j <= ty + 1; j += 1) {
      if (j < 0 || j >= n) continue;
      const image = document.createElement("img");
      image.alt = "";
      image.src = template
        .replace("{z}", TILE_ZOOM)
        .replace("{x}", ((i % n) + n) % n)
        .replace("{y}", j);
      image.style.left = `${i * TILE_PX - x + width / 2}px`;
      image.style.top = `${j * TILE_PX - y + height / 2}px`;
      images.push(image);
    }
  }
  const pin = document.createElement("span");
  pin.className = "pin";
  pin.style.left = `${width / 2}px`;
  pin.style.top = `${height / 2}px`;
  box.replaceChildren(...images, pin);
  box.dataset.center = JSON.stringify([x, y]);
}

function clickTiles(event) {
  const box = $("tiles");
  const [x, y] = JSON.parse(box.dataset.center || "[0,0]");
  const rect = box.getBoundingClientRect();
  const px = x + event.clientX - rect.left - rect.width / 2;
  const py = y + event.clientY - rect.top - rect.height / 2;
  const n = 2 ** TILE_ZOOM * TILE_PX;
  const lon = (px / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * py) / n))) * 180) / Math.PI;
  placeSite(lat, lon);
}

// --- Downloads --------------------------------------------------------------------------

const DOWNLOADS = {
  report: "plan.html",
  json: "plan.json",
  kml: "plan.kml",
  kmz: "plan.kmz",
  gpx: "plan.gpx",
  geojson: "plan.geojson",
};

async function download(kind) {
  const shown = state.plan;
  if (!shown) {
    setStatus("nothing to download: the inputs are not planned");
    return;
  }
  let blob;
  if (kind === "json") {
    blob = new Blob([shown.text], { type: "application/json" });
  } else {
    setStatus(`making the ${kind}…`);
    const response = await post(`/api/plan/${kind}`, shown.mapping, { units: shown.units });
    if (!response.ok) {
      showError(await errorBody(response), `the ${kind} failed (${response.status})`);
      return;
    }
    blob = await response.blob();
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = DOWNLOADS[kind];
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  setStatus(`downloaded ${DOWNLOADS[kind]}`);
}

// --- Start ------------------------------------------------------------------------------

function fill(select, values, current) {
  const options = values.includes(current) ? values : [...values, current];
  select.replaceChildren(
    ...options.map((value) => {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      return option;
    }),
  );
  select.value = current;
}

function fillForm(base, choices) {
  fill($("at"), choices.at, base.attempt.at || "dusk");
  fill($("posture"), choices.postures, base.jumpers[0].posture);
  fill($("light"), choices.light_bands, base.attempt.light);
  fill($("aircraft"), choices.aircraft, base.aircraft.type);
  fill($("units"), choices.units, "aviation");
  for (const input of document.querySelectorAll("input[data-key]")) {
    const value = getPath(base, input.dataset.key);
    input.value = value === undefined ? "" : String(value);
  }
}

function listen() {
  for (const input of document.querySelectorAll("input[data-key]")) {
    input.addEventListener("input", () => schedule());
  }
  for (const select of document.querySelectorAll("select")) {
    select.addEventListener("change", () => schedule(0));
  }
  $("date").addEventListener("change", () => {
    state.month = monthOf($("date").value) || state.month;
  });
  $("previous-month").addEventListener("click", () => stepMonth(-1));
  $("next-month").addEventListener("click", () => stepMonth(1));
  $("map").addEventListener("click", clickMap);
  $("tiles").addEventListener("click", clickTiles);
  for (const link of document.querySelectorAll("[data-download]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      download(link.dataset.download);
    });
  }
}

function stepMonth(step) {
  if (!state.month) return;
  state.month = shiftMonth(state.month, step);
  if (state.plan) showSeason(state.plan.mapping);
}

async function start() {
  let choices;
  let coast;
  try {
    [state.base, choices, coast] = await Promise.all([
      getJSON("/api/example"),
      getJSON("/api/choices"),
      getJSON("/api/coastlines"),
    ]);
  } catch (error) {
    setStatus(`the server does not answer (${error.message})`);
    return;
  }
  fillForm(state.base, choices);
  drawGraticule();
  drawCoast(coast);
  if (document.body.dataset.tiles) $("tiles").hidden = false;
  listen();
  plan();
}

start();
